import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/widgets/feedback/define.js';
import type { LuukkuFeedback } from '../src/widgets/feedback/feedback-form.js';
import { clearOutbox } from '../src/core/outbox.js';
import { installScenario, type ApiScenario } from '../test/fixtures/fake-api/feedback.js';

interface Args {
  organisation: string;
  service: string;
  serviceEvent?: string;
  lang: string;
  plainLanguage: boolean;
  headingLevel?: number;
}

/** The node matching `selector` in the widget's shadow root; a story step fails loudly without it. */
function inside(el: LuukkuFeedback, selector: string): HTMLElement {
  const node = el.shadowRoot?.querySelector<HTMLElement>(selector);
  if (!node) throw new Error(`No ${selector} in <luukku-feedback>`);
  return node;
}

/** Waits until the widget reaches `state`. */
async function whenState(canvas: HTMLElement, state: string): Promise<LuukkuFeedback> {
  const el = canvas.querySelector('luukku-feedback');
  if (!el) throw new Error('No <luukku-feedback> in the story');
  for (let i = 0; i < 200 && el.state !== state; i++) await new Promise((r) => setTimeout(r, 25));
  await el.updateComplete;
  return el;
}

function choose(el: LuukkuFeedback, question: string, value: number): void {
  inside(el, `input[name="answers.${question}"][value="${String(value)}"]`).click();
}

function type(el: LuukkuFeedback, selector: string, text: string): void {
  const input = inside(el, selector);
  if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) throw new Error(`${selector} is not a text field`);
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

async function fill(el: LuukkuFeedback): Promise<void> {
  choose(el, 'overall', 4);
  choose(el, 'got-help', 5);
  choose(el, 'treated-well', 5);
  type(el, 'textarea', 'Tarkastaja kertoi selkeästi, mitä pitää korjata. Kiitos!');
  await el.updateComplete;
}

async function submit(el: LuukkuFeedback): Promise<void> {
  inside(el, '[part~="submit"]').click();
  await el.updateComplete;
}

const meta: Meta<Args> = {
  title: 'Widgets/Feedback form',
  component: 'luukku-feedback',
  args: {
    organisation: 'demo-pelastuslaitos',
    service: 'fire-inspection',
    serviceEvent: 'TAR-2026-00123',
    lang: 'fi',
    plainLanguage: false,
  },
  argTypes: {
    lang: { control: 'inline-radio', options: ['fi', 'sv', 'se', 'en'] },
    service: {
      control: 'select',
      options: [
        'rescue-operation',
        'emergency-care',
        'fire-inspection',
        'safety-training',
        'customer-service',
        'duty-fire-inspector',
        'event-safety',
        'other',
      ],
    },
  },
  parameters: { api: 'ready' satisfies ApiScenario },
  loaders: [
    async ({ parameters }) => {
      await clearOutbox();
      installScenario((parameters as { api: ApiScenario }).api);
      return {};
    },
  ],
  render: (args) => html`
    <luukku-feedback
      organisation=${args.organisation}
      service=${args.service}
      service-event=${ifDefined(args.serviceEvent)}
      lang=${args.lang}
      ?plain-language=${args.plainLanguage}
      heading-level=${ifDefined(args.headingLevel)}
      api="/"
    ></luukku-feedback>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** The form as a citizen first sees it, with the inspection reference from the QR code. */
export const Empty: Story = {};

/** No service event reference: the form says which service the feedback is about. */
export const WithoutServiceEvent: Story = { args: { serviceEvent: undefined } };

/** Answers given, not yet sent. */
export const Filled: Story = {
  play: async ({ canvasElement }) => fill(await whenState(canvasElement, 'ready')),
};

/** Submitted without the required overall score: error summary, field message, focus on the first error. */
export const ValidationErrors: Story = {
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    inside(el, '.contact-toggle input').click();
    type(el, '[data-field="contact.email"]', 'not-an-email');
    await submit(el);
  },
};

/** The server refused a field the browser could not check: the message is shown at the field. */
export const ServerValidationError: Story = {
  parameters: { api: 'validation-error' },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    await fill(el);
    inside(el, '.contact-toggle input').click();
    await el.updateComplete;
    type(el, '[data-field="contact.name"]', 'Maija Meikäläinen');
    type(el, '[data-field="contact.email"]', 'maija@example.fi');
    await submit(el);
  },
};

/** The form definition is on its way. */
export const Loading: Story = { parameters: { api: 'loading' } };

/** The form definition could not be loaded: a retry button. */
export const LoadError: Story = { parameters: { api: 'load-error' } };

/** Sending: the button is busy and disabled, the host can style `:state(submitting)`. */
export const Submitting: Story = {
  parameters: { api: 'submitting' },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    await fill(el);
    await submit(el);
  },
};

/** No connection: the answer is kept on the device and sent automatically later. */
export const OfflineQueued: Story = {
  parameters: { api: 'offline' },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    await fill(el);
    await submit(el);
  },
};

/**
 * A second answer begun while the first still waits on the device: the waiting one shows as
 * a notice above the new form; its delivery later never replaces what is being typed.
 */
export const EarlierAnswerWaiting: Story = {
  parameters: { api: 'offline' },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    await fill(el);
    await submit(el);
    await whenState(canvasElement, 'queued');
    inside(el, '[part~="queued"] button').click();
    await whenState(canvasElement, 'ready');
  },
};

/** In a host page whose outline puts the widget under an h2: `heading-level="3"`. */
export const HeadingLevel3: Story = { args: { headingLevel: 3 } };

/** Stored: the confirmation takes focus (read once, not repeated by a live region). */
export const Delivered: Story = {
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    await fill(el);
    await submit(el);
  },
};

/** The server refused the answer for a reason retrying cannot fix; nothing typed is lost. */
export const ServerError: Story = {
  parameters: { api: 'server-error' },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    await fill(el);
    await submit(el);
  },
};

/** Selkosuomi: plain-language Finnish. */
export const PlainFinnish: Story = { args: { plainLanguage: true, lang: 'fi' }, parameters: { pinLocale: true } };
/** På svenska. */
export const Swedish: Story = { args: { lang: 'sv' }, parameters: { pinLocale: true } };
/** Davvisámegillii (machine-drafted, not yet reviewed by a native speaker). */
export const NorthernSami: Story = { args: { lang: 'se' }, parameters: { pinLocale: true } };
/** In English. */
export const English: Story = { args: { lang: 'en' }, parameters: { pinLocale: true } };

/**
 * Staff self-assessment (`respondent="staff"`): the same questions about the service event,
 * sent to POST /v1/self-assessments with the staff key typed into the form (an intranet page
 * may set the `staffKey` property instead; it is never an attribute).
 */
export const StaffSelfAssessment: Story = {
  render: (args) => html`
    <luukku-feedback organisation=${args.organisation} service=${args.service} service-event=${ifDefined(args.serviceEvent)}
      respondent="staff" lang=${args.lang} ?plain-language=${args.plainLanguage} api="/"></luukku-feedback>
  `,
};

/** Staff mode: the server answered 401, so the message sits at the key field, which has focus; the answers stay. */
export const StaffWrongKey: Story = {
  ...StaffSelfAssessment,
  parameters: { api: 'staff-wrong-key' },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    type(el, '[data-field="staffKey"]', 'vanha-avain');
    choose(el, 'overall', 4);
    choose(el, 'got-help', 5);
    await el.updateComplete;
    await submit(el);
  },
};

/** Theming through `--luukku-*` custom properties and `::part`. */
export const Themed: Story = {
  render: (args) => html`
    <style>
      .themed luukku-feedback {
        --luukku-color-primary: #a3001b;
        --luukku-radius: 0;
        --luukku-font-family: Georgia, serif;
      }
      .themed luukku-feedback::part(heading) { text-transform: uppercase; letter-spacing: 0.05em; }
    </style>
    <div class="themed">
      <luukku-feedback organisation=${args.organisation} service=${args.service} lang=${args.lang} ?plain-language=${args.plainLanguage} api="/"></luukku-feedback>
    </div>
  `,
};
