import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/widgets/project-timeline/define.js';
import { installFormsScenario, type FormsOptions } from '../test/fixtures/fake-api/project-forms.js';
import { TODAY, TOKEN, type ProjectScenario } from '../test/fixtures/fake-api/projects.js';

/**
 * The timeline's forms and staff sections (issue 11): the read-only calendar feed, the organiser's
 * edit forms (project, application, milestones), the webhook deliveries. Each story's `play` opens the section it shows.
 */
interface Args {
  lang: string;
  plainLanguage: boolean;
}
interface Params {
  api: ProjectScenario;
  forms?: FormsOptions;
  mode?: 'project' | 'official';
}

const meta: Meta<Args> = {
  title: 'Widgets/Project timeline/Forms and staff',
  component: 'luukku-project-timeline',
  args: { lang: 'fi', plainLanguage: false },
  argTypes: { lang: { control: 'inline-radio', options: ['fi', 'sv', 'se', 'en'] } },
  parameters: { api: 'one' } satisfies Params,
  loaders: [
    ({ parameters }) => {
      const p = parameters as unknown as Params;
      installFormsScenario(p.api, p.forms ?? {});
      return {};
    },
  ],
  render: (args, { parameters }) =>
    (parameters as unknown as Params).mode === 'official'
      ? html`<luukku-project-timeline view="official" organisation="demo-pelastuslaitos" .staffKey=${'demo-key'} lang=${args.lang}
          today=${TODAY} api="/" ?plain-language=${args.plainLanguage}></luukku-project-timeline>`
      : html`<luukku-project-timeline project=${TOKEN} lang=${args.lang} today=${TODAY} api="/"
          ?plain-language=${args.plainLanguage}></luukku-project-timeline>`,
};
export default meta;
type Story = StoryObj<Args>;

const root = (canvas: HTMLElement): ShadowRoot | null => canvas.querySelector('luukku-project-timeline')?.shadowRoot ?? null;
const clickWhenThere = async (canvas: HTMLElement, selector: string): Promise<void> => {
  for (let i = 0; i < 50; i++) {
    const el = root(canvas)?.querySelector<HTMLElement>(selector);
    if (el) {
      el.click();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** The feed section before the organiser asks for the address (nothing is read yet). */
export const FeedClosed: Story = {};

/** The read-only subscription address with copy, open in a calendar app, renew and revoke. */
export const FeedAddress: Story = { play: ({ canvasElement }) => clickWhenThere(canvasElement, '#feed-show') };

/** No address made yet (or revoked): "Make a subscription address". */
export const FeedNone: Story = {
  parameters: { forms: { feed: null } },
  play: ({ canvasElement }) => clickWhenThere(canvasElement, '#feed-show'),
};

/** Renewing is confirmed first: the old address stops working. */
export const FeedRenewConfirm: Story = {
  play: async ({ canvasElement }) => {
    await clickWhenThere(canvasElement, '#feed-show');
    await clickWhenThere(canvasElement, '#feed-renew');
  },
};

/** The server could not handle the feed: a localised alert with retry. */
export const FeedError: Story = {
  parameters: { forms: { feedFails: 503 } },
  play: ({ canvasElement }) => clickWhenThere(canvasElement, '#feed-show'),
};

const typeWhenThere = async (canvas: HTMLElement, selector: string, value: string): Promise<void> => {
  for (let i = 0; i < 50; i++) {
    const el = root(canvas)?.querySelector<HTMLInputElement>(selector);
    if (el) {
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** The organiser's project edit form (edit.ts, loaded on the first press): name, days, and the milestones with Remove. */
export const EditOpen: Story = { play: ({ canvasElement }) => clickWhenThere(canvasElement, '#edit-project') };

/** The name cleared and sent: the server's 400 as a localised error summary, focus on the name, the typed text kept. */
export const EditValidationError: Story = {
  play: async ({ canvasElement }) => {
    await clickWhenThere(canvasElement, '#edit-project');
    await typeWhenThere(canvasElement, '#ed-title', '');
    await clickWhenThere(canvasElement, '.edit button[type="submit"]');
  },
};

/** Someone else changed the project meanwhile (412): the message, what is saved now under the changed field, the typed text kept. */
export const EditConflict: Story = {
  parameters: { forms: { conflict: true } },
  play: async ({ canvasElement }) => {
    await clickWhenThere(canvasElement, '#edit-project');
    await typeWhenThere(canvasElement, '#ed-title', 'Kesäkonsertti ja markkinat');
    await clickWhenThere(canvasElement, '.edit button[type="submit"]');
  },
};

/** Removing a milestone is confirmed first (focus on the question). */
export const EditRemoveMilestone: Story = {
  play: async ({ canvasElement }) => {
    await clickWhenThere(canvasElement, '#edit-project');
    await clickWhenThere(canvasElement, '#ms-remove-1');
  },
};
