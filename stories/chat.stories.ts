import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/widgets/chat/define.js';
import type { LuukkuChat } from '../src/widgets/chat/chat.js';
import { FakeEventSource, installChatScenario, type ChatScenario } from '../test/fixtures/fake-api/chat.js';

/** A story's own answers on top of its scenario (undefined: the scenario answers); `parameters.override` makes one per render. */
type Override = (url: URL, init?: RequestInit) => Response | 'hang' | undefined;
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
/** The customer-service form the satisfaction question is read from (the real one has more questions). */
const satisfactionForm = (url: URL) =>
  url.pathname.endsWith('/v1/feedback/form')
    ? json({
        organisation: { id: 'demo-kaupunki', name: { fi: 'Esimerkkikaupunki', sv: 'Exempelstaden' } },
        service: { id: 'customer-service', type: 'customer-service', name: { fi: 'Asiakaspalvelu', sv: 'Kundtjänst' } },
        questionnaire: {
          id: 'rescue-national',
          version: 1,
          questions: [
            {
              id: 'overall',
              kind: 'scale',
              required: true,
              scaleMin: 1,
              scaleMax: 5,
              label: {
                fi: 'Kuinka tyytyväinen olit palveluun?',
                sv: 'Hur nöjd var du med tjänsten?',
                en: 'How satisfied were you with the service?',
              },
            },
          ],
        },
      })
    : undefined;

interface Args {
  lang: string;
  plainLanguage: boolean;
  inline: boolean;
}

async function whenState(canvas: HTMLElement, state: string): Promise<LuukkuChat> {
  const el = canvas.querySelector('luukku-chat');
  if (!el) throw new Error('No <luukku-chat> in the story');
  for (let i = 0; i < 200 && el.state !== state; i++) await new Promise((r) => setTimeout(r, 25));
  await el.updateComplete;
  return el;
}
const click = async (el: LuukkuChat, selector: string) => {
  el.shadowRoot?.querySelector<HTMLElement>(selector)?.click();
  await el.updateComplete;
};
const typeInto = async (el: LuukkuChat, selector: string, text: string) => {
  const input = el.shadowRoot?.querySelector<HTMLInputElement>(selector);
  if (!input) return;
  input.value = text;
  input.dispatchEvent(new InputEvent('input'));
  await new Promise((r) => setTimeout(r, 400));
};

const meta: Meta<Args> = {
  title: 'Widgets/Chat advisor',
  component: 'luukku-chat',
  args: { lang: 'fi', plainLanguage: false, inline: true },
  argTypes: { lang: { control: 'inline-radio', options: ['fi', 'sv', 'se', 'en'] } },
  parameters: { api: 'ready' satisfies ChatScenario },
  loaders: [
    ({ parameters }) => {
      const p = parameters as { api: ChatScenario; override?: () => Override };
      installChatScenario(p.api);
      const override = p.override?.();
      if (override) {
        // The scenario's restore (at the next story) puts the original fetch back.
        const scenario = window.fetch.bind(window);
        window.fetch = (input, init) => {
          const r = override(new URL(input instanceof Request ? input.url : input.toString(), location.href), init);
          if (r === 'hang') return new Promise<Response>(() => {});
          return r ? Promise.resolve(r) : scenario(input, init);
        };
      }
      return {};
    },
  ],
  render: (args) =>
    html`<luukku-chat organisation="demo-kaupunki" lang=${args.lang} ?plain-language=${args.plainLanguage} ?inline=${args.inline} api="/"></luukku-chat>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Closed: only the launcher button (its own code is under 1 KB gzip; nothing is fetched). */
export const Closed: Story = { args: { inline: false } };
/** Open, ready: the knowledge-base search. */
export const Ready: Story = {};
/** The desks are loading. */
export const Loading: Story = { parameters: { api: 'loading' } };
/** The desks could not be loaded: a retry button. */
export const LoadError: Story = { parameters: { api: 'load-error' } };
/** Suggestions while typing, with the review status. */
export const Suggestions: Story = {
  play: async ({ canvasElement }) => typeInto(await whenState(canvasElement, 'ready'), '#chat-q', 'mielenosoitus'),
};
/** No ready answer matches. */
export const NoMatch: Story = {
  play: async ({ canvasElement }) => typeInto(await whenState(canvasElement, 'ready'), '#chat-q', 'saunailta'),
};
/** The consent screen before anything is stored. */
export const Consent: Story = { play: async ({ canvasElement }) => click(await whenState(canvasElement, 'ready'), '[part~="ask"]') };
/** Out of hours, nobody on duty: leave a message. */
export const LeaveMessage: Story = {
  parameters: { api: 'closed-desks' },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    await click(el, '[part~="ask"]');
    await click(el, '[part~="consent"] button');
  },
};
/** In the queue: position and expected wait. */
export const Queue: Story = { parameters: { api: 'queue' } };
/** Connected: the conversation in a role=log (HTML in a message shows as text). */
export const Connected: Story = { parameters: { api: 'connected' } };
/** Searching: the answers are on their way (the list is busy). */
export const Searching: Story = {
  parameters: { override: () => (url: URL) => (url.pathname.endsWith('/kb/search') ? 'hang' : undefined) },
  play: async ({ canvasElement }) => typeInto(await whenState(canvasElement, 'ready'), '#chat-q', 'melu'),
};
/** Ask an official: the topics with opening hours, officials on duty in the person's language, the queue. */
export const Ask: Story = {
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ready');
    await click(el, '[part~="ask"]');
    await click(el, '[part~="consent"] button');
  },
};
/** Connected, the official is typing (said politely once; shown for four seconds after each typing event). */
export const Typing: Story = {
  parameters: { api: 'connected' },
  play: async ({ canvasElement }) => {
    await whenState(canvasElement, 'connected');
    await new Promise((r) => setTimeout(r, 100));
    FakeEventSource.last?.emit('typing', { author: 'official' });
  },
};
/** A message that could not be sent: kept with "Send again" (the retry here succeeds, with the same client id). */
export const MessageFailed: Story = {
  parameters: {
    api: 'connected',
    override: () => {
      let tries = 0;
      return (url: URL) =>
        url.pathname.endsWith('/messages') && tries++ === 0
          ? json({ type: 'about:blank', title: 'database_unavailable', status: 503, code: 'database_unavailable' }, 503)
          : undefined;
    },
  },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'connected');
    await typeInto(el, '#chat-text', 'Entä jos konsertti jatkuu yli kymmenen?');
    await click(el, '[part~="send"]');
  },
};
/** The stream is cut (offline): a notice; messages wait and nothing is lost. */
export const Offline: Story = {
  parameters: { api: 'connected' },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'connected');
    await new Promise((r) => setTimeout(r, 100));
    FakeEventSource.last?.dispatchEvent(new Event('error'));
    await el.updateComplete;
  },
};
/** Ended: transcript (text and HTML) and the satisfaction question, read from the customer-service feedback form. */
export const Ended: Story = { parameters: { api: 'ended', override: () => satisfactionForm } };
/** Ended and rated: the answer joined the comparable customer feedback. */
export const Rated: Story = {
  parameters: { api: 'ended', override: () => satisfactionForm },
  play: async ({ canvasElement }) => {
    const el = await whenState(canvasElement, 'ended');
    for (let i = 0; i < 80 && !el.shadowRoot?.querySelector('[part~="satisfaction"]'); i++) await new Promise((r) => setTimeout(r, 25));
    await click(el, '[part~="satisfaction"] label:nth-of-type(4) input');
    await click(el, '[part~="rate"]');
  },
};
