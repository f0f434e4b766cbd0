import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/widgets/chat/define.js';
import '../src/widgets/chat-console/define.js';
import type { LuukkuChat } from '../src/widgets/chat/chat.js';
import { installChatScenario, type ChatScenario } from '../test/fixtures/fake-api/chat.js';

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
      installChatScenario((parameters as { api: ChatScenario }).api);
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
/** Ended: transcript and the satisfaction question. */
export const Ended: Story = { parameters: { api: 'ended' } };
/** The officials' console before signing in (staff key in memory only). */
export const ConsoleSignIn: Story = {
  render: (args) => html`<luukku-chat-console organisation="demo-kaupunki" lang=${args.lang} api="/"></luukku-chat-console>`,
};
