import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/widgets/feedback-insights/define.js';
import type { LuukkuFeedbackInsights } from '../src/widgets/feedback-insights/feedback-insights.js';
import { INSIGHTS_KEY, mockInsightsApi, type InsightsScenario } from '../test/fixtures/fake-api/feedback.js';

interface Args {
  organisation: string;
  lang: string;
  service?: string;
  respondents?: string;
  /** The page supplies the staff key (property); off: the view asks for it. */
  withKey: boolean;
}

let installed: ReturnType<typeof mockInsightsApi> | undefined;

/** Waits until the view reaches `state`. */
async function whenState(canvas: HTMLElement, state: string): Promise<LuukkuFeedbackInsights> {
  const el = canvas.querySelector('luukku-feedback-insights');
  if (!el) throw new Error('No <luukku-feedback-insights> in the story');
  for (let i = 0; i < 200 && el.state !== state; i++) await new Promise((r) => setTimeout(r, 25));
  await el.updateComplete;
  return el;
}

const meta: Meta<Args> = {
  title: 'Widgets/Feedback insights',
  component: 'luukku-feedback-insights',
  args: { organisation: 'demo-pelastuslaitos', lang: 'fi', withKey: true },
  argTypes: {
    lang: { control: 'inline-radio', options: ['fi', 'sv', 'se', 'en'] },
    respondents: { control: 'inline-radio', options: ['both', 'customer', 'staff'] },
  },
  parameters: { api: 'ready' satisfies InsightsScenario },
  loaders: [
    ({ parameters }) => {
      installed?.restore();
      installed = mockInsightsApi((parameters as { api: InsightsScenario }).api, { passThrough: true });
      return {};
    },
  ],
  render: (args) => html`
    <luukku-feedback-insights
      organisation=${args.organisation}
      lang=${args.lang}
      service=${ifDefined(args.service)}
      respondents=${ifDefined(args.respondents)}
      api="/"
      .staffKey=${args.withKey ? INSIGHTS_KEY : undefined}
    ></luukku-feedback-insights>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** A year of results: trends, warnings, national comparison, free texts, contact requests. */
export const Data: Story = {};

/** Filtered to one service and the staff self-assessment. */
export const Filters: Story = { args: { service: 'emergency-care', respondents: 'staff' } };

/** The page gives no staff key: the view asks for it (type `demo-staff-key-0123456789`). */
export const KeyEntry: Story = { args: { withKey: false } };

/** The server refused the key: the view asks again, with the reason at the field. */
export const WrongKey: Story = { parameters: { api: 'wrong-key' } };

/** The results are on their way. */
export const Loading: Story = { parameters: { api: 'loading' } };

/** The server did not answer: retry. */
export const LoadError: Story = { parameters: { api: 'load-error' } };

/** No answers for the period. */
export const Empty: Story = { parameters: { api: 'empty' } };

/** Answers exist, but every group is under the minimum: no figures, the reason instead. */
export const TooFewAnswers: Story = { parameters: { api: 'too-few' } };

/** In Swedish. */
export const Swedish: Story = {
  args: { lang: 'sv' },
  play: async ({ canvasElement }) => {
    await whenState(canvasElement, 'ready');
  },
};
