import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/widgets/chat-console/define.js';
import type { LuukkuChatConsole } from '../src/widgets/chat-console/chat-console.js';
import { FakeEventSource } from '../test/fixtures/fake-api/chat.js';
import {
  CONV,
  issuedOfficials,
  mockConsoleApi,
  othersDraft,
  queued,
  type ConsoleFakeOptions,
  type ConsoleMessage,
} from '../test/fixtures/fake-api/chat-console.js';

/**
 * The officials' console (issue 10) in each state an official reaches. A story's `play` signs in
 * (with the demo's staff key, as Anna, serving in Finnish and Swedish) and walks to its state.
 * The API is the console's one fake (`test/fixtures/fake-api/chat-console.ts`); the real
 * behaviour is the server's, tested in `test/server/chat*.test.ts`.
 */
interface Args {
  lang: string;
  plainLanguage: boolean;
}
interface Params {
  api?: ConsoleFakeOptions;
  /** Render without the `organisation` attribute (the page is set up wrong). */
  noOrganisation?: boolean;
}

let installed: ReturnType<typeof mockConsoleApi> | undefined;

const meta: Meta<Args> = {
  title: 'Widgets/Chat advisor/Officials’ console',
  component: 'luukku-chat-console',
  args: { lang: 'fi', plainLanguage: false },
  argTypes: { lang: { control: 'inline-radio', options: ['fi', 'sv', 'se', 'en'] } },
  loaders: [
    ({ parameters }) => {
      installed?.restore();
      installed = mockConsoleApi({ ...(parameters as Params).api, passThrough: true });
      return {};
    },
  ],
  render: (args, { parameters }) =>
    (parameters as Params).noOrganisation
      ? html`<luukku-chat-console lang=${args.lang} api="/" ?plain-language=${args.plainLanguage}></luukku-chat-console>`
      : html`<luukku-chat-console organisation="demo-kaupunki" lang=${args.lang} api="/"
          ?plain-language=${args.plainLanguage}></luukku-chat-console>`,
};
export default meta;
type Story = StoryObj<Args>;

const consoleIn = (canvas: HTMLElement): LuukkuChatConsole => {
  const el = canvas.querySelector('luukku-chat-console');
  if (!el) throw new Error('No <luukku-chat-console> in the story');
  return el;
};
const until = async (el: LuukkuChatConsole, ok: () => unknown): Promise<void> => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  await el.updateComplete;
};
const $ = (el: LuukkuChatConsole, selector: string) => el.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
const type = (el: LuukkuChatConsole, selector: string, value: string) => {
  const input = $(el, selector) as HTMLInputElement | HTMLTextAreaElement | null;
  if (!input) return;
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
};
const click = async (el: LuukkuChatConsole, selector: string) => {
  await until(el, () => $(el, selector));
  $(el, selector)?.click();
  await el.updateComplete;
};

/** Signs in as Anna with the staff key and waits for the queue. */
async function signIn(canvas: HTMLElement): Promise<LuukkuChatConsole> {
  const el = consoleIn(canvas);
  await until(el, () => $(el, '#f-key'));
  type(el, '#f-key', 'demo-staff-key-0123456789');
  type(el, '#f-name', 'Anna');
  const sv = $(el, 'input[value="sv"]') as HTMLInputElement | null;
  if (sv && !sv.checked) sv.click();
  await click(el, '[part~="sign-in"]');
  await until(el, () => el.state === 'queue');
  return el;
}
async function claim(canvas: HTMLElement): Promise<LuukkuChatConsole> {
  const el = await signIn(canvas);
  await click(el, '[part~="claim"]');
  await until(el, () => el.state === 'claimed' && $(el, '#f-answer'));
  return el;
}

/** Before signing in: the staff key (kept in memory only) or an official's own key, the name and languages. */
export const SignIn: Story = {};

/** A wrong key: said plainly, the name and languages stay. */
export const SignInFailed: Story = {
  parameters: { api: { fail: ['session'] } },
  play: async ({ canvasElement }) => {
    const el = consoleIn(canvasElement);
    await until(el, () => $(el, '#f-key'));
    type(el, '#f-key', 'wrong-key');
    type(el, '#f-name', 'Anna');
    await click(el, '[part~="sign-in"]');
  },
};

/** The page forgot the `organisation` attribute: the console says so instead of a sign-in that cannot work. */
export const ConfigurationError: Story = { parameters: { noOrganisation: true } };

/** The queue: a Swedish speaker waiting (preview, origin page), another official's draft to review. */
export const Queue: Story = {
  parameters: { api: { drafts: [othersDraft()] } },
  play: async ({ canvasElement }) => {
    await signIn(canvasElement);
  },
};

/** Nobody waiting, no drafts. */
export const EmptyQueue: Story = {
  parameters: { api: { queue: [] } },
  play: async ({ canvasElement }) => {
    await signIn(canvasElement);
  },
};

/** A claimed conversation: the log, knowledge-base suggestions with one-click insert, answer, transfer, close. */
export const Claimed: Story = {
  play: async ({ canvasElement }) => {
    await claim(canvasElement);
  },
};

/** The person is typing (shown for four seconds after each typing event). */
export const PersonTyping: Story = {
  play: async ({ canvasElement }) => {
    const el = await claim(canvasElement);
    FakeEventSource.last?.emit('typing', { conversation: CONV, author: 'person' });
    await el.updateComplete;
  },
};

/** Transfer to another topic or another authority's desk that serves the person's language, with a note. */
export const Transfer: Story = {
  play: async ({ canvasElement }) => {
    const el = await claim(canvasElement);
    await click(el, '[part~="transfer"]');
  },
};

const answered = (email: ConsoleMessage['email']): ConsoleMessage[] => [
  { seq: 1, author: 'person', clientId: 'p', text: 'Behövs bulleranmälan för en konsert på torget?' },
  { seq: 2, author: 'official', clientId: 'o', text: 'Ja, gör en bulleranmälan 30 dygn i förväg.', email },
];
const leftMessage = (email: ConsoleMessage['email']): Story => ({
  parameters: { api: { status: 'message', queue: [{ ...queued(), status: 'message' }], messages: answered(email) } },
  play: async ({ canvasElement }) => {
    await claim(canvasElement);
  },
});

/** A left message answered by email: the mail server refused twice, the outbox tries again. */
export const EmailRetrying = leftMessage({ status: 'pending', attempts: 2, lastError: '451 4.7.1 Try again later' });
/** A left message whose answer could not be delivered after 8 attempts: contact the person another way. */
export const EmailFailed = leftMessage({ status: 'failed', attempts: 8, lastError: '550 5.1.1 No such user' });
/** A left message whose answer was delivered. */
export const EmailSent = leftMessage({ status: 'sent', attempts: 1, sentAt: '2026-03-10T08:20:00Z' });

/** The officials' own keys: issue one (shown once), revoke one after a confirmation. */
export const OwnKeys: Story = {
  parameters: { api: { officials: issuedOfficials() } },
  play: async ({ canvasElement }) => {
    const el = await signIn(canvasElement);
    await click(el, '[part~="keys"]');
  },
};

/** The connection is gone: the last queue stays, with a notice. */
export const Offline: Story = {
  play: async ({ canvasElement }) => {
    const el = await signIn(canvasElement);
    if (installed) installed.offline = true;
    window.dispatchEvent(new Event('offline'));
    await el.updateComplete;
  },
};
