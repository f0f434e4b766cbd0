/**
 * <luukku-chat-console> in its states: sign-in (and a wrong key), queue, claimed (with
 * knowledge-base suggestions and one-click insert), transfer; another official's claim wins
 * (409 already_claimed is said plainly). Axe in every state.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/widgets/chat-console/define.js';
import type { LuukkuChatConsole } from '../../src/widgets/chat-console/chat-console.js';
import { API, FakeEventSource, article, desks, problem } from '../fixtures/fake-api/chat.js';
import { expectAccessible } from './helpers/axe.js';

const $ = (el: Element, s: string): HTMLElement | null => el.shadowRoot!.querySelector<HTMLElement>(s);
const ok = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const CONV = '5f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const OFFICIAL = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('<luukku-chat-console>', () => {
  const originalFetch = window.fetch.bind(window);
  const originalES = window.EventSource;
  let claim: () => Response;
  let sessionStatus = 201;
  const bodies: unknown[] = [];
  beforeEach(() => {
    claim = () =>
      ok({
        id: CONV,
        topic: 'events',
        language: 'sv',
        status: 'active',
        originPage: 'http://localhost:8080/evenemang.html',
        officialId: OFFICIAL,
        personReadSeq: 0,
        officialReadSeq: 0,
        messages: [{ seq: 1, author: 'person', clientId: 'p', text: 'Behövs bulleranmälan?' }],
      });
    sessionStatus = 201;
    window.EventSource = FakeEventSource as unknown as typeof EventSource;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (init?.body) bodies.push(JSON.parse(init.body as string));
      const p = url.pathname;
      if (p.endsWith('/console/sessions'))
        return Promise.resolve(
          sessionStatus === 201
            ? ok({ official: { id: OFFICIAL, name: 'Anna', languages: ['fi', 'sv'] }, streamToken: 't'.repeat(32) }, 201)
            : problem(401, 'unauthorized'),
        );
      if (p.endsWith('/console/queue'))
        return Promise.resolve(
          ok({
            organisation: 'demo-kaupunki',
            desks: desks(),
            conversations: [
              {
                id: CONV,
                topic: 'events',
                language: 'sv',
                status: 'queued',
                position: 1,
                preview: 'Behövs bulleranmälan?',
                originPage: 'http://localhost:8080/evenemang.html',
              },
            ],
          }),
        );
      if (p.endsWith('/kb/drafts')) return Promise.resolve(ok({ articles: [] }));
      if (p.endsWith('/claim')) return Promise.resolve(claim());
      if (p.endsWith('/kb/search'))
        return Promise.resolve(
          ok({
            query: 'x',
            language: 'sv',
            results: [{ ...article, language: 'sv', title: 'Bulleranmälan', body: 'Görs 30 dygn i förväg.' }],
          }),
        );
      return Promise.resolve(new Response(null, { status: 204 }));
    };
  });
  afterEach(() => {
    window.fetch = originalFetch;
    window.EventSource = originalES;
    document.querySelectorAll('luukku-chat-console').forEach((e) => e.remove());
  });

  async function signedIn(): Promise<LuukkuChatConsole> {
    const el = document.createElement('luukku-chat-console');
    el.setAttribute('organisation', 'demo-kaupunki');
    el.setAttribute('api', API);
    document.body.append(el);
    await waitUntil(() => $(el, '#f-key'), 'no sign-in form');
    expect(el.state).to.equal('sign-in');
    await expectAccessible(el, 'sign-in');
    const set = (sel: string, v: string) => {
      const i = $(el, sel) as HTMLInputElement;
      i.value = v;
      i.dispatchEvent(new InputEvent('input'));
    };
    set('#f-key', 'key-0123456789');
    set('#f-name', 'Anna');
    ($(el, 'input[value="sv"]') as HTMLInputElement).click();
    $(el, '[part~="sign-in"]')!.click();
    return el;
  }

  it('sign-in with a wrong key says so and keeps the form', async () => {
    sessionStatus = 401;
    const el = await signedIn();
    await waitUntil(() => $(el, '[role="alert"]'), 'no error');
    expect(el.state).to.equal('sign-in');
    await expectAccessible(el, 'sign-in error');
  });

  it('queue → claimed with suggestions (insert) → transfer', async () => {
    const el = await signedIn();
    await waitUntil(() => el.state === 'queue' && $(el, '[part~="claim"]'), 'no queue');
    expect($(el, '[part~="queue"]')!.textContent).to.contain('evenemang.html');
    await expectAccessible(el, 'queue');
    $(el, '[part~="claim"]')!.click();
    await waitUntil(() => el.state === 'claimed' && $(el, '[part~="insert"]'), 'not claimed');
    expect($(el, '[part~="log"]')!.getAttribute('role')).to.equal('log');
    await expectAccessible(el, 'claimed');
    $(el, '[part~="insert"]')!.click();
    await el.updateComplete;
    expect(($(el, '#f-answer') as HTMLTextAreaElement).value).to.contain('30 dygn');
    FakeEventSource.last!.emit('typing', { conversation: CONV, author: 'person' });
    await waitUntil(() => $(el, '.typing')!.textContent.includes('kirjoittaa'));
    $(el, '[part~="transfer"]')!.click();
    await waitUntil(() => el.state === 'transfer');
    await expectAccessible(el, 'transfer');
  });

  it('another official was first: the claim says so plainly', async () => {
    claim = () => problem(409, 'already_claimed');
    const el = await signedIn();
    await waitUntil(() => $(el, '[part~="claim"]'));
    $(el, '[part~="claim"]')!.click();
    await waitUntil(() => $(el, '[part~="notice"]'), 'no notice');
    expect($(el, '[part~="notice"]')!.textContent).to.contain('ehti ensin');
    expect(bodies.length).to.be.greaterThan(0);
  });
});
