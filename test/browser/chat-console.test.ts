/**
 * <luukku-chat-console> in its states: sign-in (and a wrong key; an official's own key),
 * queue, claimed (with knowledge-base suggestions and one-click insert), save as an answer,
 * review and publish, transfer to another topic or another authority (a failed transfer
 * keeps the note), the officials' own keys (issue, show once, revoke), offline; another
 * official's claim wins (409 already_claimed is said plainly). Axe in every state.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/widgets/chat-console/define.js';
import type { LuukkuChatConsole } from '../../src/widgets/chat-console/chat-console.js';
import { API, FakeEventSource } from '../fixtures/fake-api/chat.js';
import {
  CONV,
  OFFICIAL,
  OWN_KEY,
  issuedOfficials,
  mockConsoleApi,
  othersDraft,
  ownDraft,
  queued as queuedMessage,
  type ConsoleFakeOptions,
} from '../fixtures/fake-api/chat-console.js';
import { expectAccessible } from './helpers/axe.js';

const $ = (el: Element, s: string): HTMLElement | null => el.shadowRoot!.querySelector<HTMLElement>(s);
const $$ = (el: Element, s: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(s)];
const set = (el: Element, sel: string, v: string) => {
  const i = $(el, sel) as HTMLInputElement | HTMLTextAreaElement;
  i.value = v;
  i.dispatchEvent(new InputEvent('input'));
};
const choose = (el: Element, sel: string, v: string) => {
  const s = $(el, sel) as HTMLSelectElement;
  s.value = v;
  s.dispatchEvent(new Event('change'));
};

describe('<luukku-chat-console>', () => {
  let api: ReturnType<typeof mockConsoleApi>;
  const use = (o: ConsoleFakeOptions = {}) => (api = mockConsoleApi(o));
  beforeEach(() => use());
  afterEach(() => {
    api.restore();
    document.querySelectorAll('luukku-chat-console').forEach((e) => e.remove());
  });

  async function signedIn(key = 'key-0123456789'): Promise<LuukkuChatConsole> {
    const el = document.createElement('luukku-chat-console');
    el.setAttribute('organisation', 'demo-kaupunki');
    el.setAttribute('api', API);
    document.body.append(el);
    await waitUntil(() => $(el, '#f-key'), 'no sign-in form');
    expect(el.state).to.equal('sign-in');
    await expectAccessible(el, 'sign-in');
    set(el, '#f-key', key);
    if (!key.startsWith('lko_')) {
      set(el, '#f-name', 'Anna');
      ($(el, 'input[value="sv"]') as HTMLInputElement).click();
    }
    $(el, '[part~="sign-in"]')!.click();
    return el;
  }
  async function claimed(): Promise<LuukkuChatConsole> {
    const el = await signedIn();
    await waitUntil(() => el.state === 'queue' && $(el, '[part~="claim"]'), 'no queue');
    $(el, '[part~="claim"]')!.click();
    await waitUntil(() => el.state === 'claimed' && $(el, '[part~="insert"]'), 'not claimed');
    return el;
  }

  it('sign-in with a wrong key says so and keeps the form', async () => {
    use({ fail: ['session'] });
    const el = await signedIn();
    await waitUntil(() => $(el, 'p.error[role="alert"]'), 'no error');
    expect(el.state).to.equal('sign-in');
    expect(($(el, '#f-name') as HTMLInputElement).value).to.equal('Anna');
    await expectAccessible(el, 'sign-in error');
  });

  it('an official’s own key signs in without a name or languages; it has no keys view', async () => {
    const el = await signedIn(OWN_KEY);
    await waitUntil(() => el.state === 'queue', 'not signed in');
    const session = api.calls.find((c) => c.path.endsWith('/console/sessions'))!;
    expect(session.body).to.deep.equal({ organisation: 'demo-kaupunki' });
    expect($(el, '[part~="keys"]')).to.equal(null);
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

  it('claiming marks what the person wrote while waiting as read', async () => {
    await claimed();
    await waitUntil(() => api.calls.some((c) => c.path.endsWith(`/${CONV}/read`)), 'no read');
    expect(api.calls.find((c) => c.path.endsWith('/read'))!.body).to.deep.equal({ official: OFFICIAL, seq: 1 });
  });

  it('another official was first: the claim says so plainly', async () => {
    use({ fail: ['claim'] });
    const el = await signedIn();
    await waitUntil(() => $(el, '[part~="claim"]'));
    $(el, '[part~="claim"]')!.click();
    await waitUntil(() => $(el, '[part~="notice"]'), 'no notice');
    expect($(el, '[part~="notice"]')!.textContent).to.contain('ehti ensin');
    expect(api.calls.some((c) => c.body)).to.equal(true);
  });

  it('transfer to another authority with a note: its topics in the person’s language; a failure keeps the note', async () => {
    use({ fail: ['transfer'] });
    const el = await claimed();
    $(el, '[part~="transfer"]')!.click();
    await waitUntil(() => el.state === 'transfer' && $(el, '#f-authority'), 'no authority choice');
    // This organisation first: its other topics.
    expect($$(el, '#f-topic option').map((o) => o.getAttribute('value'))).to.include('rescue');
    choose(el, '#f-authority', 'demo-stad');
    await el.updateComplete;
    // The person writes Swedish: demo-stad's Finnish-only food desk is not offered.
    expect($$(el, '#f-topic option').map((o) => o.getAttribute('value'))).to.deep.equal(['', 'events', 'rescue']);
    set(el, '#f-note', 'Hamnen hör till räddningsverket.');
    // No topic yet: said, and focus goes to the topic.
    $(el, '[part~="do-transfer"]')!.click();
    await waitUntil(() => $(el, 'p.error[role="alert"]'), 'no validation');
    expect($(el, 'p.error[role="alert"]')!.textContent).to.contain('Valitse aihe');
    expect(el.shadowRoot!.activeElement?.id).to.equal('f-topic');
    choose(el, '#f-topic', 'rescue');
    $(el, '[part~="do-transfer"]')!.click();
    await waitUntil(() => $(el, 'p.error[role="alert"]')?.textContent.includes('ei onnistunut'), 'no failure');
    expect(el.state).to.equal('transfer');
    expect(($(el, '#f-note') as HTMLTextAreaElement).value).to.equal('Hamnen hör till räddningsverket.');
    expect(($(el, '#f-authority') as HTMLSelectElement).value).to.equal('demo-stad');
    expect(($(el, '#f-topic') as HTMLSelectElement).value).to.equal('rescue');
    await expectAccessible(el, 'transfer failed');
    // It works the second time; the body names the authority.
    api.fail.delete('transfer');
    $(el, '[part~="do-transfer"]')!.click();
    await waitUntil(() => el.state === 'queue', 'not back in the queue');
    const sent = api.calls.filter((c) => c.path.endsWith('/transfer')).pop()!;
    expect(sent.body).to.deep.equal({
      official: OFFICIAL,
      topic: 'rescue',
      note: 'Hamnen hör till räddningsverket.',
      organisation: 'demo-stad',
    });
    expect($(el, '[part~="notice"]')!.textContent).to.contain('Pelastus');
    expect($(el, '[part~="queue"]')).to.equal(null);
    await expectAccessible(el, 'transferred');
  });

  it('save as an answer: a draft with the person’s question as its title', async () => {
    const el = await claimed();
    set(el, '#f-answer', 'Ja, 30 dygn i förväg.');
    $(el, '[part~="send"]')!.click();
    await waitUntil(() => $(el, '[part~="save-answer"]'), 'no answer to save');
    expect(($(el, '#f-answer') as HTMLTextAreaElement).value).to.equal('');
    $(el, '[part~="save-answer"]')!.click();
    await waitUntil(() => $(el, '[part~="notice"]')?.textContent.includes('luonnokseksi'), 'not saved');
    const draft = api.calls.find((c) => c.path.endsWith('/kb/articles'))!;
    expect(draft.body).to.include({ title: 'Behövs bulleranmälan?', body: 'Ja, 30 dygn i förväg.', language: 'sv', conversation: CONV });
    await expectAccessible(el, 'saved as an answer');
  });

  it('review and publish another official’s draft; one’s own draft only says who publishes it', async () => {
    use({ drafts: [othersDraft(), ownDraft()] });
    const el = await signedIn();
    await waitUntil(() => $(el, '[part~="publish"]'), 'no drafts');
    expect($$(el, '[part~="publish"]')).to.have.length(1);
    expect($(el, '[part~="drafts"]')!.textContent).to.contain('toinen virkailija julkaisee');
    await expectAccessible(el, 'review');
    $(el, '[part~="publish"]')!.click();
    await waitUntil(() => $(el, '[part~="notice"]')?.textContent.includes('Julkaistu'), 'not published');
    expect(api.calls.find((c) => c.path.endsWith(`/${othersDraft().id}/publish`))!.body).to.deep.equal({
      organisation: 'demo-kaupunki',
      official: OFFICIAL,
    });
    expect($$(el, '[part~="publish"]')).to.have.length(0);
    await expectAccessible(el, 'published');
  });

  it('officials’ keys by keyboard: issue one (shown once), a failure keeps the name, revoke after a confirmation', async () => {
    use({ officials: issuedOfficials(), fail: ['issue'] });
    const el = await signedIn();
    await waitUntil(() => $(el, '[part~="keys"]'), 'no keys button');
    $(el, '[part~="keys"]')!.click();
    await waitUntil(() => el.state === 'keys' && $(el, '[part~="officials"]'), 'no keys view');
    expect($(el, '[part~="officials"]')!.textContent).to.contain('Kaisa Kivi');
    expect($$(el, '[part~="revoke"]')).to.have.length(1); // Olli's key is already revoked
    await expectAccessible(el, 'keys');
    // Empty name: said, focus on the name.
    $(el, '[part~="issue-key"]')!.click();
    await waitUntil(() => $(el, 'p.error[role="alert"]'), 'no validation');
    expect(el.shadowRoot!.activeElement?.id).to.equal('k-name');
    await sendKeys({ type: 'Maija Meri' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, 'p.error[role="alert"]')?.textContent.includes('tallessa'), 'no failure');
    expect(($(el, '#k-name') as HTMLInputElement).value).to.equal('Maija Meri');
    await expectAccessible(el, 'keys error');
    api.fail.delete('issue');
    $(el, '#k-name')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '#k-issued'), 'no key shown');
    expect(($(el, '#k-issued') as HTMLInputElement).value).to.equal(OWN_KEY);
    expect(el.shadowRoot!.activeElement?.id).to.equal('k-issued');
    expect(api.calls.find((c) => c.method === 'POST' && c.path.endsWith('/console/officials'))!.body).to.deep.equal({
      organisation: 'demo-kaupunki',
      name: 'Maija Meri',
      languages: ['fi'],
    });
    expect(($(el, '#k-name') as HTMLInputElement).value).to.equal('');
    await expectAccessible(el, 'key issued');
    // Revoke Maija's key: first a confirmation (focus on it), then the DELETE.
    const revoke = $$(el, '[part~="revoke"]').find((b) => b.textContent.includes('Maija'))!;
    revoke.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('part')?.includes('confirm-revoke'), 'no confirmation');
    await expectAccessible(el, 'revoke confirmation');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~="notice"]')?.textContent.includes('peruttu'), 'not revoked');
    expect(api.calls.some((c) => c.method === 'DELETE' && c.path.endsWith(`/console/officials/${api.officials[0]!.id}`))).to.equal(true);
    expect($(el, '[part~="officials"]')!.textContent).to.contain('peruttu');
    $(el, '[part~="keys-back"]')!.click();
    await waitUntil(() => el.state === 'queue', 'not back');
  });

  it('offline: the last queue stays with a notice; it clears when the connection returns', async () => {
    const el = await signedIn();
    await waitUntil(() => el.state === 'queue' && $(el, '[part~="claim"]'), 'no queue');
    api.offline = true;
    window.dispatchEvent(new Event('offline'));
    await waitUntil(() => $(el, '[part~="offline"]'), 'no offline notice');
    expect($(el, '[part~="claim"]')).to.not.equal(null);
    await expectAccessible(el, 'offline');
    api.offline = false;
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => !$(el, '[part~="offline"]'), 'still offline');
  });

  it('an empty queue says so; a console without its organisation says the page is set up wrong', async () => {
    use({ queue: [] });
    const el = await signedIn();
    await waitUntil(() => el.state === 'queue' && $(el, '[part~="step-heading"]'), 'no queue');
    expect($(el, '[part~="queue"]')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.include('Jonossa ei ole ketään.');
    await expectAccessible(el, 'empty queue');

    const broken = document.createElement('luukku-chat-console');
    broken.setAttribute('api', API);
    document.body.append(broken);
    await waitUntil(() => broken.state === 'load-error' && $(broken, '.panel.danger'), 'no load error');
    expect($(broken, '.panel.danger')!.textContent).to.include('organisaatio puuttuu');
    expect($(broken, '#f-key')).to.equal(null);
    await expectAccessible(broken, 'load error');
  });

  it('a left message: the answer’s email delivery is shown, and follows the state events (retrying, failed)', async () => {
    use({ status: 'message', queue: [{ ...queuedMessage(), status: 'message' }] });
    const el = await signedIn();
    await waitUntil(() => el.state === 'queue' && $(el, '[part~="claim"]'), 'no queue');
    $(el, '[part~="claim"]')!.click();
    await waitUntil(() => el.state === 'claimed' && $(el, '#f-answer'), 'not claimed');
    expect(el.shadowRoot!.textContent).to.include('Vastaus lähtee sähköpostilla.');
    set(el, '#f-answer', 'Ja, gör en bulleranmälan 30 dygn i förväg.');
    $(el, '[part~="send"]')!.click();
    await waitUntil(() => $(el, '[part~="email-state"]'), 'no email state');
    expect($(el, '[part~="email-state"]')!.textContent).to.include('hetken kuluttua');
    await expectAccessible(el, 'email pending');

    const answer = api.messages.at(-1)!;
    answer.email = { status: 'pending', attempts: 2, lastError: '451 4.7.1 Try again later' };
    FakeEventSource.last!.emit('state', { conversation: CONV });
    await waitUntil(() => $(el, '[part~="email-state"]')?.textContent.includes('2 yritystä'), 'no retry state');
    expect($(el, '[part~="email-state"]')!.textContent).to.include('451 4.7.1');
    expect($(el, '[part~="email-state"] [lang="en"]')).to.not.equal(null);

    answer.email = { status: 'failed', attempts: 8, lastError: '550 5.1.1 No such user' };
    FakeEventSource.last!.emit('state', { conversation: CONV });
    await waitUntil(() => $(el, '[part~="email-state"].failed'), 'no failed state');
    expect($(el, '[part~="email-state"]')!.textContent).to.include('Ota asiakkaaseen yhteyttä muuta kautta');
    await expectAccessible(el, 'email failed');

    answer.email = { status: 'sent', attempts: 1, sentAt: '2026-03-10T08:20:00Z' };
    FakeEventSource.last!.emit('state', { conversation: CONV });
    await waitUntil(() => $(el, '[part~="email-state"].sent'), 'no sent state');
    expect($(el, '[part~="email-state"]')!.textContent).to.include('Lähetetty asiakkaalle sähköpostilla');
  });

  it('signing in moves focus to the queue heading; renewing the stream later leaves focus where the official writes', async () => {
    const el = await claimed();
    ($(el, '#f-answer') as HTMLTextAreaElement).focus();
    set(el, '#f-answer', 'Kirjoitan vastausta');
    const sessions = () => api.calls.filter((c) => c.path.endsWith('/console/sessions')).length;
    const before = sessions();
    const source = FakeEventSource.last!;
    source.readyState = FakeEventSource.CLOSED;
    source.dispatchEvent(new Event('error'));
    await waitUntil(() => sessions() > before, 'no renewed session');
    await waitUntil(() => FakeEventSource.last !== source, 'no new stream');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.id).to.equal('f-answer');
    expect(($(el, '#f-answer') as HTMLTextAreaElement).value).to.equal('Kirjoitan vastausta');
  });

  it('focus after signing in is on the queue heading', async () => {
    const el = await signedIn();
    await waitUntil(() => el.state === 'queue' && el.shadowRoot!.activeElement, 'no focus');
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.include('step-heading');
  });
});
