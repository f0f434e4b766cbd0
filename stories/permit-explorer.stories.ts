import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/widgets/permit-explorer/define.js';
import type { LuukkuPermitExplorer } from '../src/widgets/permit-explorer/permit-explorer.js';
import { PERMIT_MODES } from '../src/widgets/permit-explorer/model.js';
import { MIXED_EVENT_ANSWERS, installPermitScenario, type PermitApiScenario } from '../test/fixtures/fake-api/permits.js';

interface Args {
  organisation: string;
  mode: string;
  lang: string;
  plainLanguage: boolean;
  today: string;
}

/** Answers that give green, amber and red items on 2 March 2026 (event on 20 March). */
const eventAnswers = MIXED_EVENT_ANSWERS;

/** Explosives near homes: a hard obstacle on the Tukes permit. */
const industrialAnswers = {
  productionStart: '2027-09-01',
  newBuilding: 'yes',
  chemicals: 'yes',
  chemicalScale: 'large',
  explosives: 'yes',
  nearHousing: 'yes',
  pressureEquipment: 'yes',
  airEmissions: 'yes',
  permitScale: 'smaller',
  waterEmissions: 'no',
  eiaProject: 'no',
  nearGroundwater: 'no',
  nearNatura: 'no',
  waterWorks: 'no',
  groundwaterPerDay: '0',
};

/** Puts a story's answers and step into the URL (the explorer's state lives there). */
function setUrl(answers: Record<string, string>, step?: string): void {
  const params = new URLSearchParams(window.location.search);
  for (const key of [...params.keys()]) if (key.startsWith('pe.')) params.delete(key);
  for (const [k, v] of Object.entries(answers)) params.set(`pe.${k}`, v);
  if (step) params.set('pe.step', step);
  history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
}

async function whenReady(canvas: HTMLElement): Promise<LuukkuPermitExplorer> {
  const el = canvas.querySelector('luukku-permit-explorer');
  if (!el) throw new Error('No <luukku-permit-explorer> in the story');
  for (let i = 0; i < 200 && el.state !== 'ready'; i++) await new Promise((r) => setTimeout(r, 25));
  await el.updateComplete;
  return el;
}

const meta: Meta<Args> = {
  title: 'Widgets/Permit-need explorer',
  component: 'luukku-permit-explorer',
  args: { organisation: 'demo-kaupunki', mode: 'events', lang: 'fi', plainLanguage: false, today: '2026-03-02' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['fi', 'sv', 'se', 'en'] },
    mode: { control: 'inline-radio', options: [...PERMIT_MODES] },
    organisation: { control: 'select', options: ['demo-kaupunki', 'demo-stad'] },
  },
  parameters: { api: 'ready' satisfies PermitApiScenario, answers: {}, step: undefined },
  loaders: [
    ({ parameters }) => {
      const p = parameters as { api: PermitApiScenario; answers: Record<string, string>; step?: string };
      installPermitScenario(p.api);
      setUrl(p.answers, p.step);
      return {};
    },
  ],
  render: (args) => html`
    <luukku-permit-explorer
      organisation=${args.organisation}
      mode=${args.mode}
      lang=${args.lang}
      today=${args.today}
      ?plain-language=${args.plainLanguage}
      api="/"
    ></luukku-permit-explorer>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** The first question, with the introduction. */
export const FirstQuestion: Story = {};

/** The pack is on its way. */
export const Loading: Story = { parameters: { api: 'loading' } };

/** The pack could not be loaded: a retry button. */
export const LoadError: Story = { parameters: { api: 'load-error' } };

/** A step in the middle: the number of people, with the progress ("Question 8 of at most 27 — about 5 min left"). */
export const MiddleStep: Story = {
  parameters: {
    answers: { eventType: 'public-event', startDate: '2026-06-12', venue: 'public-area', marketSquare: 'no' },
    step: 'attendance',
  },
};

/** Next without an answer: the message next to the field, focus on the field. */
export const ValidationError: Story = {
  parameters: { answers: { eventType: 'public-event' }, step: 'attendance' },
  play: async ({ canvasElement }) => {
    const el = await whenReady(canvasElement);
    el.shadowRoot?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await el.updateComplete;
  },
};

/** Every answer with a "Change" link, and "Start again". */
export const Summary: Story = { parameters: { answers: eventAnswers, step: 'summary' } };

/** The result of an event three weeks away: red (too late), amber (deadline close) and green items, warnings, advice. */
export const Result: Story = { parameters: { answers: eventAnswers, step: 'result' } };

/** Industrial project: explosives near homes are a hard obstacle (red, with advice). */
export const IndustrialResultWithObstacle: Story = {
  args: { mode: 'industrial' },
  parameters: { answers: industrialAnswers, step: 'result' },
};

/** Selkosuomi: plain-language Finnish, rule texts included. */
export const PlainFinnish: Story = {
  args: { plainLanguage: true },
  parameters: { answers: eventAnswers, step: 'result', pinLocale: true },
};
/** På svenska (Exempelstad's own pack). */
export const Swedish: Story = {
  args: { lang: 'sv', organisation: 'demo-stad' },
  parameters: { answers: { ...eventAnswers, marketSquare: '' }, step: 'result', pinLocale: true },
};
/** Davvisámegillii (machine-drafted, not yet reviewed by a native speaker). */
export const NorthernSami: Story = { args: { lang: 'se' }, parameters: { answers: eventAnswers, step: 'result', pinLocale: true } };
/** In English. */
export const English: Story = { args: { lang: 'en' }, parameters: { answers: eventAnswers, step: 'result', pinLocale: true } };
/** Swedish, first question. */
export const SwedishQuestion: Story = { args: { lang: 'sv' }, parameters: { pinLocale: true } };

/** The day / month / year fields of a date question (GOV.UK pattern, in the page's language). */
export const DateQuestion: Story = { parameters: { answers: { eventType: 'public-event' }, step: 'startDate' } };

/** A past date is refused with a message; what was typed stays in the fields. */
export const DateInThePast: Story = {
  parameters: { answers: { eventType: 'public-event' }, step: 'startDate' },
  play: async ({ canvasElement }) => {
    const el = await whenReady(canvasElement);
    const root = el.shadowRoot;
    if (!root) return;
    for (const [part, value] of [
      ['day', '15'],
      ['month', '1'],
      ['year', '2026'],
    ] as const) {
      const input = root.querySelector<HTMLInputElement>(`#answer-${part}`);
      if (!input) return;
      input.value = value;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    }
    root.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await el.updateComplete;
  },
};

/** An end time before the start time on the same day is refused. */
export const EndTimeBeforeStart: Story = {
  parameters: {
    answers: { eventType: 'public-event', startDate: '2026-06-12', startTime: '18:00', endDate: '2026-06-12' },
    step: 'endTime',
  },
  play: async ({ canvasElement }) => {
    const el = await whenReady(canvasElement);
    const input = el.shadowRoot?.querySelector<HTMLInputElement>('#answer');
    if (!input) return;
    input.value = '17.30';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    el.shadowRoot?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await el.updateComplete;
  },
};

/** Answers missing: "known so far: N, still open: M", a link to the next open question, and a follow-up whose parent was skipped leading to the parent. */
export const PartialResult: Story = {
  parameters: { answers: { eventType: 'public-event', startDate: '2026-06-12', venue: 'public-area' }, step: 'result' },
};

/** Changing an answer from the result: the progress says so and Back returns to the result. */
export const ChangingFromResult: Story = {
  parameters: { answers: { eventType: 'public-event', startDate: '2026-06-12', venue: 'public-area' }, step: 'result' },
  play: async ({ canvasElement }) => {
    const el = await whenReady(canvasElement);
    el.shadowRoot?.querySelector<HTMLAnchorElement>('.warnings a')?.click();
    await el.updateComplete;
  },
};

/** Items ticked off as done (kept in the URL as pe.done). */
export const ResultWithDoneItems: Story = {
  parameters: { answers: { ...eventAnswers, done: 'rescue-plan,police-public-event-notice' }, step: 'result' },
};

/** Lättläst: plain-language Swedish for the explorer's texts. */
export const PlainSwedish: Story = {
  args: { lang: 'sv', plainLanguage: true, organisation: 'demo-stad' },
  parameters: { answers: { ...eventAnswers, marketSquare: '' }, step: 'result', pinLocale: true },
};
