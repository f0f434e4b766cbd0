import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/widgets/project-timeline/define.js';
import { LuukkuPermitResultEvent } from '../src/widgets/permit-explorer/events.js';
import { explorerResult, installProjectScenario, TODAY, TOKEN, type ProjectScenario } from '../test/fixtures/fake-api/projects.js';

interface Args {
  lang: string;
  plainLanguage: boolean;
  zoom: string;
}

type Scenario = ProjectScenario | 'loading' | 'load-error';

const meta: Meta<Args> = {
  title: 'Widgets/Project timeline',
  component: 'luukku-project-timeline',
  args: { lang: 'fi', plainLanguage: false, zoom: 'week' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['fi', 'sv', 'se', 'en'] },
    zoom: { control: 'inline-radio', options: ['week', 'month'] },
  },
  parameters: { api: 'many' satisfies Scenario, mode: 'project' },
  loaders: [
    ({ parameters }) => {
      installProjectScenario((parameters as { api: Scenario }).api);
      return {};
    },
  ],
  render: (args, { parameters }) => {
    const mode = (parameters as { mode: 'project' | 'create' | 'official' }).mode;
    if (mode === 'official') {
      return html`<luukku-project-timeline view="official" organisation="demo-pelastuslaitos" .staffKey=${'demo-key'} lang=${args.lang}
        today=${TODAY} api="/" ?plain-language=${args.plainLanguage}></luukku-project-timeline>`;
    }
    if (mode === 'create') {
      return html`<luukku-project-timeline create organisation="demo-kaupunki" lang=${args.lang} today=${TODAY} api="/"
        ?plain-language=${args.plainLanguage}></luukku-project-timeline>`;
    }
    return html`<luukku-project-timeline project=${TOKEN} zoom=${args.zoom} lang=${args.lang} today=${TODAY} api="/"
      ?plain-language=${args.plainLanguage}></luukku-project-timeline>`;
  },
};
export default meta;
type Story = StoryObj<Args>;

/** No project yet: create one by hand, or from the permit explorer's result when there is one on the page. */
export const Empty: Story = { parameters: { mode: 'create' } };

/** The explorer's result was heard on the document: "Create a project from this result". */
export const EmptyWithExplorerResult: Story = {
  parameters: { mode: 'create' },
  play: async ({ canvasElement }) => {
    await new Promise((r) => setTimeout(r, 200));
    canvasElement
      .querySelector('luukku-project-timeline')
      ?.dispatchEvent(new LuukkuPermitResultEvent(explorerResult(['rescue-plan', 'noise-notification'])));
  },
};

/** A project with one application. */
export const OneApplication: Story = { parameters: { api: 'one' } };

/** Twelve applications of five authorities, milestones and the today line. */
export const Many: Story = { parameters: { api: 'many' } };

/** Month zoom. */
export const ManyByMonth: Story = { args: { zoom: 'month' }, parameters: { api: 'many' } };

/** A passed submission day and a forecast after the event: warnings with what to do. */
export const Overdue: Story = { parameters: { api: 'overdue' } };

/** The authority asked for more information, with a due date. */
export const InformationRequested: Story = { parameters: { api: 'information-requested' } };

/** The whole project cancelled: the notice to send each authority. */
export const Cancelled: Story = { parameters: { api: 'cancelled' } };

/** The official's view (the rescue department's applications). */
export const OfficialView: Story = { parameters: { api: 'official', mode: 'official' } };

/** Loading. */
export const Loading: Story = { parameters: { api: 'loading' } };

/** The project could not be loaded: a retry button. */
export const LoadError: Story = { parameters: { api: 'load-error' } };

/** Swedish. */
export const Swedish: Story = { args: { lang: 'sv' }, parameters: { api: 'overdue' } };

/** Plain Finnish. */
export const PlainFinnish: Story = { args: { plainLanguage: true }, parameters: { api: 'overdue' } };
