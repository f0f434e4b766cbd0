/**
 * One stream per conversation per browser (issue 10: six HTTP/1.1 connections per origin): two
 * <luukku-chat> of one conversation, on one page or in a same-origin frame, share one
 * EventSource through a Web Lock and a BroadcastChannel; when the holder goes away the other
 * takes over and resumes from its last message seq; no message shows twice; a different
 * conversation never hears another's events.
 */
import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/widgets/chat/define.js';
import type { LuukkuChat } from '../../src/widgets/chat/chat.js';
import { API, conversation, mockChatApi } from '../fixtures/fake-api/chat.js';

/** An EventSource the test drives, counted across this page and its frames. */
class CountedEventSource extends EventTarget {
  static all: CountedEventSource[] = [];
  static open = (): CountedEventSource[] => CountedEventSource.all.filter((s) => s.readyState !== 2);
  readyState = 1;
  constructor(readonly url: string) {
    super();
    CountedEventSource.all.push(this);
    setTimeout(() => this.dispatchEvent(new Event('open')), 0);
  }
  emit(type: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  close(): void {
    this.readyState = 2;
  }
}

const ID_A = conversation().id;
const ID_B = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const ok = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const msg = (seq: number, text: string, author = 'official') => ({
  seq,
  conversation: ID_A,
  author,
  clientId: `c${seq}`,
  text,
  sentAt: '2026-03-10T08:02:00Z',
});
const $$ = (el: Element, s: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(s)];
const texts = (el: Element) => $$(el, '.msg p').map((p) => p.textContent);

describe('<luukku-chat>: one stream per conversation per browser', () => {
  let api: ReturnType<typeof mockChatApi>;
  const cleanup: Element[] = [];
  beforeEach(() => {
    sessionStorage.clear();
    sessionStorage.setItem('luukku-chat-consent', '1');
    sessionStorage.setItem('luukku-chat:demo-kaupunki', JSON.stringify({ id: ID_A, token: 'a'.repeat(43) }));
    sessionStorage.setItem('luukku-chat:demo-stad', JSON.stringify({ id: ID_B, token: 'b'.repeat(43) }));
    api = mockChatApi();
    // The stored conversation answers with its own id; the log on the server starts empty.
    api.set('conversation', (url) => ok({ ...conversation('active'), id: url.pathname.split('/').pop() }));
    window.EventSource = CountedEventSource as unknown as typeof EventSource;
    CountedEventSource.all = [];
  });
  afterEach(() => {
    cleanup.splice(0).forEach((e) => e.remove());
    api.restore();
    sessionStorage.clear();
  });

  function mount(organisation = 'demo-kaupunki'): LuukkuChat {
    const el = document.createElement('luukku-chat');
    el.setAttribute('organisation', organisation);
    el.setAttribute('api', API);
    el.setAttribute('inline', '');
    document.body.append(el);
    cleanup.push(el);
    return el;
  }
  async function connected(el: LuukkuChat): Promise<void> {
    await waitUntil(() => el.state === 'connected', `state is ${el.state}`, { timeout: 4000 });
    await el.updateComplete;
  }
  /** A same-origin frame with its own <luukku-chat>, talking to the same fake API. */
  async function frame(): Promise<{ iframe: HTMLIFrameElement; el: LuukkuChat }> {
    const iframe = document.createElement('iframe');
    iframe.title = 'chat frame';
    iframe.srcdoc = '<!doctype html><html lang="fi"><body></body></html>';
    const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
    document.body.append(iframe);
    cleanup.push(iframe);
    await loaded;
    const win = iframe.contentWindow as Window & typeof globalThis;
    win.fetch = (input, init) => window.fetch(input, init);
    win.EventSource = CountedEventSource as unknown as typeof EventSource;
    const script = win.document.createElement('script');
    script.type = 'module';
    script.textContent = `import '/src/widgets/chat/define.ts';
      const el = document.createElement('luukku-chat');
      el.setAttribute('organisation', 'demo-kaupunki');
      el.setAttribute('api', ${JSON.stringify(API)});
      el.setAttribute('inline', '');
      document.body.append(el);`;
    win.document.body.append(script);
    await waitUntil(() => win.document.querySelector('luukku-chat'), 'no chat in the frame', { timeout: 8000 });
    return { iframe, el: win.document.querySelector('luukku-chat') as LuukkuChat };
  }

  it('two chats of one conversation on a page: one EventSource; the other takes over when the holder leaves', async () => {
    const first = mount();
    await connected(first);
    await waitUntil(() => CountedEventSource.all.length === 1);
    const second = mount();
    await connected(second);
    // Give a second stream every chance to appear.
    await new Promise((r) => setTimeout(r, 200));
    expect(CountedEventSource.open().length).to.equal(1);
    const held = CountedEventSource.all[0]!;
    held.emit('message', msg(5, 'Hei'));
    await waitUntil(() => texts(second).includes('Hei'), 'the follower never got the message');
    expect(texts(first)).to.deep.equal(['Hei']);
    expect(texts(second)).to.deep.equal(['Hei']);

    // The follower sends its own message by POST; the holder's stream brings it to both.
    const text = second.shadowRoot!.querySelector<HTMLTextAreaElement>('#chat-text')!;
    text.value = 'Kiitos';
    text.dispatchEvent(new InputEvent('input'));
    second.shadowRoot!.querySelector<HTMLElement>('[part~="send"]')!.click();
    await waitUntil(() => texts(second).includes('Kiitos'));
    expect(api.calls.filter((c) => c.startsWith('POST') && c.includes('/messages')).length).to.equal(1);
    held.emit('message', { ...msg(10, 'Kiitos', 'person'), clientId: 'stored-by-server' });
    await waitUntil(() => texts(first).includes('Kiitos'), 'the holder never showed the follower’s message');

    // The holder leaves: the follower opens the stream, from the last seq it has.
    first.remove();
    await waitUntil(() => CountedEventSource.all.length === 2, 'nobody took the stream over');
    expect(held.readyState).to.equal(2);
    expect(CountedEventSource.open().length).to.equal(1);
    expect(new URL(CountedEventSource.all[1]!.url).searchParams.get('after')).to.equal('10');
    // The server repeats around the resume point: still once each, in order.
    CountedEventSource.all[1]!.emit('message', msg(5, 'Hei'));
    CountedEventSource.all[1]!.emit('message', msg(11, 'Ole hyvä'));
    await waitUntil(() => texts(second).includes('Ole hyvä'));
    expect(texts(second)).to.deep.equal(['Hei', 'Kiitos', 'Ole hyvä']);
  });

  it('a same-origin frame shares the stream; removing the frame that holds it fails over without loss or duplicates', async () => {
    const { iframe, el: inFrame } = await frame();
    await connected(inFrame);
    await waitUntil(() => CountedEventSource.all.length === 1, 'the frame opened no stream');
    const page = mount();
    await connected(page);
    await new Promise((r) => setTimeout(r, 200));
    expect(CountedEventSource.all.length).to.equal(1);
    CountedEventSource.all[0]!.emit('message', msg(5, 'Hei'));
    CountedEventSource.all[0]!.emit('typing', { author: 'official' });
    await waitUntil(() => texts(page).includes('Hei'), 'the page never got the frame’s message');
    await waitUntil(() => page.shadowRoot!.querySelector('[part~="typing"]')!.textContent.trim() !== '', 'typing not shared');

    // The frame goes away without closing anything itself: its document's lock is released.
    iframe.remove();
    await waitUntil(() => CountedEventSource.all.length === 2, 'the page never took the stream over', { timeout: 5000 });
    expect(new URL(CountedEventSource.all[1]!.url).searchParams.get('after')).to.equal('5');
    CountedEventSource.all[1]!.emit('message', msg(5, 'Hei'));
    CountedEventSource.all[1]!.emit('message', msg(6, 'Vielä yksi asia'));
    await waitUntil(() => texts(page).includes('Vielä yksi asia'));
    expect(texts(page)).to.deep.equal(['Hei', 'Vielä yksi asia']);
  });

  it('different conversations keep their own streams and never see each other’s messages', async () => {
    const a = mount('demo-kaupunki');
    const b = mount('demo-stad');
    await connected(a);
    await connected(b);
    await waitUntil(() => CountedEventSource.all.length === 2, 'each conversation needs its own stream');
    const streamOf = (id: string) => CountedEventSource.all.find((s) => s.url.includes(id))!;
    streamOf(ID_A).emit('message', msg(5, 'Vain A:lle'));
    await waitUntil(() => texts(a).includes('Vain A:lle'));
    await new Promise((r) => setTimeout(r, 100));
    expect(texts(b)).to.deep.equal([]);
  });

  it('the holder’s offline notice reaches the other chats; back online, both refresh', async () => {
    const first = mount();
    const second = mount();
    await connected(first);
    await connected(second);
    await waitUntil(() => CountedEventSource.all.length === 1);
    CountedEventSource.all[0]!.dispatchEvent(new Event('error'));
    await waitUntil(() => first.shadowRoot!.querySelector('[part~="offline"]') && second.shadowRoot!.querySelector('[part~="offline"]'));
    const before = api.calls.length;
    CountedEventSource.all[0]!.dispatchEvent(new Event('open'));
    await waitUntil(() => !second.shadowRoot!.querySelector('[part~="offline"]'), 'the follower stayed offline');
    expect(api.calls.slice(before).filter((c) => c.startsWith('GET') && c.includes(ID_A)).length).to.equal(2);
  });
});
