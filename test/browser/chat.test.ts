/**
 * <luukku-chat> in each state the issue lists that this widget has: closed (launcher), the
 * knowledge base (searching, no match, suggestions), consent, ask (topics), queue, connected
 * with typing, a message that failed and was retried, offline, leave-a-message, ended with
 * transcript and satisfaction. Axe in every state.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/widgets/chat/define.js';
import type { LuukkuChat } from '../../src/widgets/chat/chat.js';
import { API, FakeEventSource, conversation, desks, mockChatApi, problem, satisfactionForm } from '../fixtures/fake-api/chat.js';
import { expectAccessible } from './helpers/axe.js';

const $ = (el: Element, s: string): HTMLElement | null => el.shadowRoot!.querySelector<HTMLElement>(s);
const ok = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('<luukku-chat>', () => {
  let api: ReturnType<typeof mockChatApi>;
  const mounted: HTMLElement[] = [];
  beforeEach(() => {
    api = mockChatApi();
    sessionStorage.clear();
  });
  afterEach(() => {
    api.restore();
    mounted.splice(0).forEach((e) => e.remove());
    sessionStorage.clear();
  });
  function mount(attrs: Record<string, string> = { inline: '' }): Promise<LuukkuChat> {
    const el = document.createElement('luukku-chat');
    el.setAttribute('organisation', 'demo-kaupunki');
    el.setAttribute('api', API);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.append(el);
    mounted.push(el);
    return Promise.resolve(el);
  }
  const state = async (el: LuukkuChat, s: string) => {
    await waitUntil(() => el.state === s, `state never became ${s} (is ${el.state})`, { timeout: 4000 });
    await el.updateComplete;
  };
  const type = async (el: LuukkuChat, selector: string, text: string) => {
    const input = $(el, selector) as HTMLInputElement;
    input.value = text;
    input.dispatchEvent(new InputEvent('input'));
    await el.updateComplete;
  };

  it('closed: only the launcher, no request, no storage; opening loads the chat', async () => {
    const el = await mount({});
    await waitUntil(() => $(el, '[part~="launcher"]'));
    expect(el.state).to.equal('closed');
    expect(api.calls).to.deep.equal([]);
    expect($(el, '[part~="launcher"]')!.getAttribute('aria-expanded')).to.equal('false');
    await expectAccessible(el, 'closed');
    $(el, '[part~="launcher"]')!.click();
    await state(el, 'ready');
    expect(sessionStorage.length).to.equal(0);
    expect(document.cookie).to.equal('');
  });

  it('knowledge base: suggestions while typing (aborting stale requests), no match, review status', async () => {
    const el = await mount();
    await state(el, 'ready');
    await type(el, '#chat-q', 'mie');
    await type(el, '#chat-q', 'mielenosoitus');
    await waitUntil(() => $(el, '.suggestions .article'), 'no suggestions');
    expect(api.calls.filter((c) => c.includes('/kb/search')).length).to.equal(1);
    expect($(el, '.badge')!.textContent).to.contain('tarkistama');
    await expectAccessible(el, 'suggestions');
    await type(el, '#chat-q', 'zzzz');
    await waitUntil(() => $(el, '[part~="no-match"]'), 'no no-match');
    await expectAccessible(el, 'no match');
  });

  it('searching: a busy list while the answer is on its way, accessible; a short query asks nothing', async () => {
    api.set('search', () => 'hang');
    const el = await mount();
    await state(el, 'ready');
    await type(el, '#chat-q', 'm');
    expect($(el, '[part~="suggestions"]')!.getAttribute('aria-busy')).to.equal('false');
    await type(el, '#chat-q', 'melu');
    expect($(el, '[part~="suggestions"]')!.getAttribute('aria-busy')).to.equal('true');
    expect($(el, '[part~="suggestions"]')!.textContent).to.contain('Haetaan');
    await waitUntil(() => api.calls.some((c) => c.includes('/kb/search')), 'no search request');
    await expectAccessible(el, 'searching');
    expect(api.calls.filter((c) => c.includes('/kb/search')).length).to.equal(1);
  });

  it('consent before anything is stored; then the topics, then the queue and a conversation', async () => {
    const el = await mount();
    await state(el, 'ready');
    $(el, '[part~="ask"]')!.click();
    await state(el, 'consent');
    expect(sessionStorage.length).to.equal(0);
    await expectAccessible(el, 'consent');
    ($(el, '[part~="consent"] button') as HTMLButtonElement).click();
    await state(el, 'ask');
    // Consecutive days with the same hours read as one range.
    expect($(el, '.topic .meta')!.textContent).to.contain('ma–pe 09:00–15:00');
    await expectAccessible(el, 'ask');
    $(el, '[part~="start"]')!.click();
    await state(el, 'queue');
    expect($(el, '[part~="queue"]')!.textContent).to.contain('sijalla 2');
    expect(sessionStorage.getItem('luukku-chat:demo-kaupunki')).to.contain('token');
    await expectAccessible(el, 'queue');
    // The official joins and types; the message arrives once even if the stream repeats it.
    api.set('conversation', () => ok(conversation('active')));
    FakeEventSource.last!.emit('state', { conversation: 'x' });
    await state(el, 'connected');
    FakeEventSource.last!.emit('typing', { author: 'official' });
    await waitUntil(() => $(el, '[part~="typing"]')!.textContent.includes('kirjoittaa'));
    const m = { seq: 5, conversation: 'x', author: 'official', clientId: 'o1', text: '<b>Hei</b>', sentAt: '2026-03-10T08:02:00Z' };
    FakeEventSource.last!.emit('message', m);
    FakeEventSource.last!.emit('message', m);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('.msg.official').length).to.equal(1);
    expect($(el, '.msg.official p')!.textContent).to.equal('<b>Hei</b>');
    expect($(el, '[part~="log"]')!.getAttribute('role')).to.equal('log');
    await expectAccessible(el, 'connected, typing');
  });

  it('a message that fails is kept and sent again with the same client id; offline is shown', async () => {
    sessionStorage.setItem('luukku-chat-consent', '1');
    sessionStorage.setItem('luukku-chat:demo-kaupunki', JSON.stringify({ id: conversation().id, token: 'x'.repeat(43) }));
    api.set('conversation', () => ok(conversation('active')));
    const el = await mount();
    await state(el, 'connected');
    const ids: string[] = [];
    api.set('message', (_u, init) => {
      ids.push((JSON.parse(init?.body as string) as { clientId: string }).clientId);
      return ids.length === 1
        ? problem(503, 'database_unavailable')
        : ok({ seq: 11, conversation: 'x', author: 'person', clientId: ids[0], text: 'hei', sentAt: '2026-03-10T08:03:00Z' }, 201);
    });
    await type(el, '#chat-text', 'hei');
    $(el, '[part~="send"]')!.click();
    await el.updateComplete;
    expect(($(el, '#chat-text') as HTMLTextAreaElement).value, 'the compose box empties on send').to.equal('');
    await waitUntil(() => $(el, '.msg.person button'), 'no retry button');
    await expectAccessible(el, 'failed');
    ($(el, '.msg.person button') as HTMLButtonElement).click();
    await waitUntil(() => !$(el, '.msg.person button'));
    expect(ids[0]).to.equal(ids[1]);
    expect(el.shadowRoot!.querySelectorAll('.msg.person').length).to.equal(1);
    expect($(el, '.msg.person')!.textContent).to.contain('Perillä');
    await expectAccessible(el, 'retried');
    FakeEventSource.last!.dispatchEvent(new Event('error'));
    await waitUntil(() => $(el, '[part~="offline"]'), 'no offline notice');
    await expectAccessible(el, 'offline');
  });

  it('Sámi: the desks’ days in Northern Sámi where the browser knows them, else Finnish; a desk without Sámi service says so once', async () => {
    sessionStorage.setItem('luukku-chat-consent', '1');
    const el = await mount({ inline: '', lang: 'se' });
    await state(el, 'ready');
    await waitUntil(() => $(el, '[part~="ask"]'), 'the Sámi texts never loaded');
    $(el, '[part~="ask"]')!.click();
    await state(el, 'ask');
    const meta = [...el.shadowRoot!.querySelectorAll('.topic .meta')].map((p) => p.textContent.replace(/\s+/g, ' ')).join(' ');
    // Debian's Chromium has no Sámi day names (Node has): then Finnish, never the browser's English.
    const monday = Intl.DateTimeFormat.supportedLocalesOf(['se']).length
      ? new Intl.DateTimeFormat('se', { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1)))
      : 'ma–pe';
    expect(meta).to.contain(monday);
    expect(meta).to.contain('Ii bálvalus du gillii');
    expect(meta).to.not.contain('Dál ii leat virgeolmmoš');
    await expectAccessible(el, 'ask, Sámi');
  });

  it('out of hours: leave a message with an email (checked), then the confirmation', async () => {
    api.set('desks', () => ok(desks(false, 0)));
    api.set('start', () => ok({ token: 'y'.repeat(43), conversation: conversation('message') }, 201));
    sessionStorage.setItem('luukku-chat-consent', '1');
    const el = await mount();
    await state(el, 'ready');
    $(el, '[part~="ask"]')!.click();
    await state(el, 'ask');
    expect($(el, '[part~="leave-message"]')).to.not.equal(null);
    $(el, '[part~="send-message"]')!.click();
    await el.updateComplete;
    expect($(el, '#chat-email-error')).to.not.equal(null);
    await expectAccessible(el, 'leave a message, invalid');
    await type(el, '#chat-email', 'a@example.fi');
    await type(el, '#chat-text', 'Tarvitaanko meluilmoitus?');
    $(el, '[part~="send-message"]')!.click();
    await state(el, 'message-sent');
    await expectAccessible(el, 'message sent');
  });

  it('ended: transcript links and the satisfaction question read from the feedback form', async () => {
    sessionStorage.setItem('luukku-chat-consent', '1');
    sessionStorage.setItem('luukku-chat:demo-kaupunki', JSON.stringify({ id: conversation().id, token: 'x'.repeat(43) }));
    api.set('conversation', () => ok(conversation('closed')));
    const original = window.fetch.bind(window);
    let rated: Record<string, unknown> | undefined;
    window.fetch = (input, init) => {
      if (init?.method === 'POST' && (input instanceof Request ? input.url : input.toString()).includes('/v1/feedback'))
        rated = JSON.parse(init.body as string) as Record<string, unknown>;
      return (input instanceof Request ? input.url : String(input)).includes('/v1/feedback/form')
        ? Promise.resolve(ok(satisfactionForm))
        : original(input, init);
    };
    const el = await mount();
    await state(el, 'ended');
    await waitUntil(() => $(el, '[part~="satisfaction"]'), 'no satisfaction question');
    expect(el.shadowRoot!.querySelectorAll('[part~="transcript"]').length).to.equal(2);
    expect($(el, '[part~="satisfaction"] legend')!.textContent).to.contain('tyytyväinen');
    await expectAccessible(el, 'ended');
    expect(($(el, '[part~="rate"]') as HTMLButtonElement).disabled).to.equal(true);
    const four = el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="satisfaction"] input[type="radio"]')[3]!;
    four.click();
    await el.updateComplete;
    $(el, '[part~="rate"]')!.click();
    await waitUntil(() => $(el, '[part~="thanks"]'), 'no thanks after rating');
    const post = api.calls.find((c) => c.startsWith('POST /v1/feedback'));
    expect(post, 'the rating goes to the feedback API').to.not.equal(undefined);
    // The contract's submission: organisation and service by id (the form gives them as objects).
    expect(rated).to.deep.include({ organisation: 'demo-kaupunki', service: 'customer-service', answers: { overall: 4 }, locale: 'fi' });
    await expectAccessible(el, 'ended, rated');
    window.fetch = original;
  });
});
