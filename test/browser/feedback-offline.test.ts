import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { expectAccessible } from './helpers/axe.js';
import { mockApi, ok, problem, receipt } from '../fixtures/fake-api/feedback.js';
import { $, choose, focused, mount, submit, text, type, unmountAll, waitForState } from './helpers/feedback.js';
import { enqueue, failures, flush, pending, type Sender } from '../../src/core/outbox.js';
import type { LuukkuFeedbackSubmittedEvent } from '../../src/widgets/feedback/events.js';

describe('<luukku-feedback> offline outbox', () => {
  let api: ReturnType<typeof mockApi>;
  afterEach(async () => {
    api.restore();
    await unmountAll();
  });

  it('is accessible when ready', async () => {
    api = mockApi();
    const el = await mount();
    await waitForState(el, 'ready');
    await expectAccessible(el, 'ready');
  });

  it('queues while the network fails, then delivers exactly once when the connection returns', async () => {
    api = mockApi({ submit: () => 'network-error' });
    const el = await mount();
    await waitForState(el, 'ready');
    choose(el, 'overall', 4);
    type(el, 'textarea', 'Hyvä kurssi!');
    await submit(el);
    await waitForState(el, 'queued');
    await expectAccessible(el, 'queued');
    const [entry] = await pending();
    expect(entry).to.not.equal(undefined);
    const failedPosts = api.posts().length;
    expect(api.posts().every((p) => p.headers.get('idempotency-key') === entry!.idempotencyKey)).to.equal(true);

    const submitted: LuukkuFeedbackSubmittedEvent[] = [];
    el.addEventListener('luukku-feedback-submitted', (e) => submitted.push(e));
    api.set('submit', () => ok(receipt, 201));
    window.dispatchEvent(new Event('online'));
    await waitForState(el, 'delivered');
    await expectAccessible(el, 'delivered from outbox');

    const delivered = api.posts().slice(failedPosts);
    expect(delivered).to.have.length(1);
    expect(delivered[0]!.headers.get('idempotency-key')).to.equal(entry!.idempotencyKey);
    expect(delivered[0]!.body).to.deep.include({ freeText: 'Hyvä kurssi!' });
    expect(submitted).to.have.length(1);
    expect(submitted[0]!.detail.fromOutbox).to.equal(true);
    expect(await pending()).to.have.length(0);
    // Focus was on the queued panel, so it moves to the confirmation that replaces it (read there, once).
    await waitUntil(() => focused(el)?.getAttribute('part')?.includes('confirmation'));

    // Another online event finds nothing left to send.
    window.dispatchEvent(new Event('online'));
    await flush();
    expect(api.posts().slice(failedPosts)).to.have.length(1);
  });

  it('keeps the answer in IndexedDB across element re-creation and delivers it later', async () => {
    api = mockApi({ submit: () => problem(503, 'unknown') });
    const first = await mount();
    await waitForState(first, 'ready');
    choose(first, 'overall', 2);
    await submit(first);
    await waitForState(first, 'queued');
    const [entry] = await pending();
    first.remove();

    // A new element (as after a reload) sees the waiting answer and says so.
    const second = await mount();
    await waitForState(second, 'ready');
    await waitUntil(() => $(second, '[part~="notice"]'));
    expect(text(second, '[part~="notice"]')).to.contain('1 aiemmin annettu palaute');
    await expectAccessible(second, 'pending notice');

    const before = api.posts().length;
    api.set('submit', () => ok(receipt, 200));
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => text(second, '[part~="notice"]').includes('nyt lähetetty'));
    await waitUntil(() => second.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent.includes('nyt lähetetty'));
    const after = api.posts().slice(before);
    expect(after).to.have.length(1);
    expect(after[0]!.headers.get('idempotency-key')).to.equal(entry!.idempotencyKey);
    expect(await pending()).to.have.length(0);
  });

  it('a background delivery never replaces a second answer in progress: it shows a polite notice instead', async () => {
    api = mockApi({ submit: () => 'network-error' });
    const el = await mount();
    await waitForState(el, 'ready');
    choose(el, 'overall', 4);
    await submit(el);
    await waitForState(el, 'queued');
    // The person starts a second answer while the first still waits.
    $<HTMLButtonElement>(el, '[part~="queued"] button')!.click();
    await waitForState(el, 'ready');
    await waitUntil(() => text(el, '[part~="notice"]').includes('1 aiemmin annettu palaute'));
    choose(el, 'overall', 2);
    type(el, 'textarea', 'Toinen vastaus kesken');
    await el.updateComplete;
    const textarea = $<HTMLTextAreaElement>(el, 'textarea')!;
    textarea.focus();

    const submitted: LuukkuFeedbackSubmittedEvent[] = [];
    el.addEventListener('luukku-feedback-submitted', (e) => submitted.push(e));
    api.set('submit', () => ok(receipt, 201));
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => text(el, '[part~="notice"]').includes('nyt lähetetty'), 'no delivered notice');
    await waitUntil(() => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent.includes('nyt lähetetty'));
    expect(el.state).to.equal('ready');
    expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Toinen vastaus kesken');
    expect($<HTMLInputElement>(el, 'input[name="answers.overall"][value="2"]')!.checked).to.equal(true);
    expect(focused(el)).to.equal(textarea);
    expect(await pending()).to.have.length(0);
    await expectAccessible(el, 'earlier answer delivered while typing');
  });

  it('a background delivery never moves focus from the host page into the widget', async () => {
    api = mockApi({ submit: () => 'network-error' });
    const el = await mount();
    await waitForState(el, 'ready');
    choose(el, 'overall', 5);
    await submit(el);
    await waitForState(el, 'queued');
    const elsewhere = document.createElement('button');
    elsewhere.textContent = 'Host page';
    document.body.append(elsewhere);
    try {
      elsewhere.focus();
      api.set('submit', () => ok(receipt, 201));
      window.dispatchEvent(new Event('online'));
      await waitForState(el, 'delivered');
      await waitUntil(() => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent.includes('Kiitos'));
      expect(document.activeElement).to.equal(elsewhere);
      expect(focused(el)).to.equal(null);
    } finally {
      elsewhere.remove();
    }
  });

  it('a background delivery keeps focus that was on the queued panel: it moves to the confirmation that replaces it', async () => {
    api = mockApi({ submit: () => 'network-error' });
    const el = await mount();
    await waitForState(el, 'ready');
    choose(el, 'overall', 5);
    await submit(el);
    await waitForState(el, 'queued');
    expect(focused(el)?.getAttribute('part')).to.contain('queued');
    api.set('submit', () => ok(receipt, 201));
    window.dispatchEvent(new Event('online'));
    await waitForState(el, 'delivered');
    await waitUntil(() => focused(el)?.getAttribute('part')?.includes('confirmation'), 'focus fell out of the widget');
  });

  it('drops an entry the server refuses for good and keeps a failure record', async () => {
    api = mockApi();
    await enqueue({ url: 'http://api.test/v1/feedback', body: { a: 1 }, idempotencyKey: 'k-aaaaaaaaaaaaaaaa', topic: 't' });
    const sender: Sender = () => Promise.resolve({ ok: false, status: 422, code: 'questionnaire_stale' });
    expect(await flush(sender)).to.equal(0);
    expect(await pending()).to.have.length(0);
    const [failure] = await failures('t');
    expect(failure).to.include({ status: 422, code: 'questionnaire_stale' });
  });

  it('keeps entries on 5xx and 429, and folds concurrent flushes into one delivery each', async () => {
    api = mockApi();
    await enqueue({ url: 'u', body: {}, idempotencyKey: 'k-bbbbbbbbbbbbbbbb', topic: 't' });
    let calls = 0;
    const busy: Sender = () => ((calls += 1), Promise.resolve({ ok: false, status: 429 }));
    expect(await flush(busy)).to.equal(1);
    const good: Sender = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 20));
      return { ok: true, status: 201, response: receipt };
    };
    calls = 0;
    await Promise.all([flush(good), flush(good), flush(good)]);
    expect(calls).to.equal(1);
    expect(await pending()).to.have.length(0);
  });
});
