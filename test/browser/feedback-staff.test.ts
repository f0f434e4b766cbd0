import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { expectAccessible } from './helpers/axe.js';
import { mockApi, ok, problem, receipt } from '../fixtures/fake-api/feedback.js';
import { $, $$, choose, focused, mount, submit, text, type, unmountAll, waitForState } from './helpers/feedback.js';
import { pending } from '../../src/core/outbox.js';
import type { LuukkuFeedback } from '../../src/widgets/feedback/feedback-form.js';
import type { LuukkuFeedbackBeforeSubmitEvent, LuukkuFeedbackSubmittedEvent } from '../../src/widgets/feedback/events.js';

/** Mounts the staff mode; `staffKey` is set as a property before the element connects. */
async function mountStaff(extra: Record<string, string> = {}, { event = true, staffKey = '' } = {}): Promise<LuukkuFeedback> {
  const el = await mount({ respondent: 'staff', ...extra }, { event });
  if (staffKey) el.staffKey = staffKey;
  await waitForState(el, 'ready');
  await waitUntil(() => text(el, '[part~="heading"]') === 'Palvelutapahtuman itsearviointi', 'staff texts did not load');
  return el;
}

describe('<luukku-feedback respondent="staff">', () => {
  let api: ReturnType<typeof mockApi>;
  afterEach(async () => {
    api.restore();
    await unmountAll();
    document.documentElement.lang = 'fi';
  });

  it('speaks to staff and hides the customer-only parts (axe when ready)', async () => {
    api = mockApi();
    const el = await mountStaff();
    expect(text(el, '[part~="intro"]')).to.contain('samoilla kysymyksillä');
    expect(text(el, '[part~="submit"]')).to.equal('Tallenna itsearviointi');
    expect($$(el, 'fieldset')).to.have.length(5); // the five scales only: no segment, no contact
    expect($(el, '.segment, .contact, input[name="website"]')).to.equal(null);
    const key = $<HTMLInputElement>(el, '[data-field="staffKey"]')!;
    expect(key.type).to.equal('password');
    expect(key.autocomplete).to.equal('off');
    expect(text(el, 'label[for="f-staffKey"]')).to.contain('Henkilöstöavain');
    expect($(el, '[data-field="serviceEvent"]')).to.equal(null); // the attribute gives it
    expect(el.hasAttribute('staff-key')).to.equal(false);
    await expectAccessible(el, 'staff ready');
  });

  it('sends the self-assessment with the Bearer key and without customer-only fields', async () => {
    api = mockApi();
    const el = await mountStaff();
    const before: LuukkuFeedbackBeforeSubmitEvent[] = [];
    const submitted: LuukkuFeedbackSubmittedEvent[] = [];
    el.addEventListener('luukku-feedback-before-submit', (e) => before.push(e));
    el.addEventListener('luukku-feedback-submitted', (e) => submitted.push(e));
    type(el, '[data-field="staffKey"]', 'demo-staff-key');
    choose(el, 'overall', 4);
    type(el, 'textarea', 'Kohde oli hyvässä kunnossa.');
    await submit(el);
    await waitForState(el, 'delivered');

    const [post] = api.posts();
    expect(post!.url).to.equal('http://api.test/v1/self-assessments');
    expect(post!.headers.get('authorization')).to.equal('Bearer demo-staff-key');
    expect(post!.headers.get('idempotency-key')).to.match(/^[0-9a-f-]{36}$/);
    expect(post!.body).to.deep.equal({
      organisation: 'demo-pelastuslaitos',
      service: 'fire-inspection',
      serviceEvent: 'TAR-2026-00123',
      questionnaire: { id: 'national-rescue-feedback', version: 1 },
      answers: { overall: 4 },
      freeText: 'Kohde oli hyvässä kunnossa.',
    });
    expect(JSON.stringify(post!.body)).to.not.contain('demo-staff-key');
    expect(before[0]!.respondent).to.equal('staff');
    expect(submitted[0]!.detail.respondent).to.equal('staff');
    expect(text(el, '[part~="confirmation"]')).to.contain('Itsearviointi on tallennettu');
    expect(focused(el)).to.equal($(el, '[part~="confirmation"]'));
    await expectAccessible(el, 'staff delivered');
    // The key stays in memory only: nothing in the outbox, the URL or localStorage.
    expect(await pending()).to.have.length(0);
    expect(location.href + JSON.stringify(Object.entries(localStorage))).to.not.contain('demo-staff-key');
  });

  it('uses the staffKey property without showing the key field', async () => {
    api = mockApi();
    const el = await mountStaff({}, { staffKey: 'from-the-intranet' });
    await el.updateComplete;
    expect($(el, '[data-field="staffKey"]')).to.equal(null);
    choose(el, 'overall', 5);
    await submit(el);
    await waitForState(el, 'delivered');
    expect(api.posts()[0]!.headers.get('authorization')).to.equal('Bearer from-the-intranet');
  });

  it('validates the empty key and the missing service event at their fields (axe)', async () => {
    api = mockApi();
    const el = await mountStaff({}, { event: false });
    const event = $<HTMLInputElement>(el, '[data-field="serviceEvent"]')!;
    expect(event.type).to.equal('text');
    type(el, '[data-field="serviceEvent"]', '-not valid');
    await submit(el);
    await waitUntil(() => $(el, '[part~="error-summary"]'));
    expect($$(el, '[part~="error-summary"] a')).to.have.length(3); // key, service event, overall
    expect(text(el, '#f-staffKey-error')).to.contain('Anna henkilöstöavain');
    expect(text(el, '#f-serviceEvent-error')).to.contain('Anna palvelutapahtuman tunnus');
    expect(focused(el)?.id).to.equal('error-summary-title');
    expect($(el, '[part~="error-summary"] a')!.getAttribute('href')).to.equal('#f-staffKey');
    expect(api.posts()).to.have.length(0);
    await expectAccessible(el, 'staff validation');

    type(el, '[data-field="staffKey"]', 'demo-staff-key');
    type(el, '[data-field="serviceEvent"]', 'TAR-2026-00999');
    choose(el, 'overall', 3);
    await submit(el);
    await waitForState(el, 'delivered');
    expect(api.posts()[0]!.body).to.deep.include({ serviceEvent: 'TAR-2026-00999' });
  });

  for (const [status, code, message] of [
    [401, 'unauthorized', 'Henkilöstöavain on väärä'],
    [403, 'forbidden', 'Tämä avain kuuluu toiselle organisaatiolle'],
  ] as const) {
    it(`${status}: the message is at the key field, focused, and the answers are kept`, async () => {
      api = mockApi({ submit: () => problem(status, code) });
      const el = await mountStaff();
      type(el, '[data-field="staffKey"]', 'wrong-key');
      choose(el, 'overall', 2);
      type(el, 'textarea', 'Muistiinpano');
      await submit(el);
      await waitUntil(() => $(el, '#f-staffKey-error'));
      await el.updateComplete;
      expect(text(el, '#f-staffKey-error')).to.contain(message);
      expect(focused(el)?.id).to.equal('error-summary-title');
      expect($(el, '[part~="error-summary"] a')!.getAttribute('href')).to.equal('#f-staffKey');
      expect($<HTMLInputElement>(el, '[data-field="staffKey"]')!.value).to.equal('wrong-key');
      expect($<HTMLInputElement>(el, 'input[name="answers.overall"][value="2"]')!.checked).to.equal(true);
      expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Muistiinpano');
      await expectAccessible(el, `staff ${status}`);
    });
  }

  it('a refused staffKey property is shown in the alert', async () => {
    api = mockApi({ submit: () => problem(403, 'forbidden') });
    const el = await mountStaff({}, { staffKey: 'other-organisation' });
    choose(el, 'overall', 2);
    await submit(el);
    await waitForState(el, 'server-error');
    expect(text(el, '[part~="server-error"]')).to.contain('Tämä avain kuuluu toiselle organisaatiolle');
  });

  it('network failure: no outbox entry, an error with a retry button, every answer kept (axe)', async () => {
    api = mockApi({ submit: () => 'network-error' });
    const el = await mountStaff();
    type(el, '[data-field="staffKey"]', 'demo-staff-key');
    choose(el, 'overall', 4);
    type(el, 'textarea', 'Tallessa');
    await submit(el);
    await waitForState(el, 'server-error');
    expect(text(el, '[part~="server-error"]'))
      .to.contain('Itsearviointia ei voitu tallentaa')
      .and.contain('ei tallenneta tähän laitteeseen');
    expect(focused(el)).to.equal($(el, '[part~="server-error"]'));
    expect(await pending()).to.have.length(0);
    expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Tallessa');
    expect($<HTMLInputElement>(el, '[data-field="staffKey"]')!.value).to.equal('demo-staff-key');
    await expectAccessible(el, 'staff error');

    api.set('submit', () => ok(receipt, 201));
    $<HTMLButtonElement>(el, '[part~="server-error"] button')!.click();
    await waitForState(el, 'delivered');
    const last = api.posts().at(-1)!;
    expect(last.body).to.deep.include({ answers: { overall: 4 }, freeText: 'Tallessa' });
    expect(await pending()).to.have.length(0);
  });

  it('speaks every language', async () => {
    api = mockApi();
    for (const [lang, heading] of [
      ['sv', 'Självvärdering av tjänstehändelsen'],
      ['en', 'Self-assessment of the service event'],
      ['se', 'Bálvalusdáhpáhusa iešárvvoštallan'],
    ]) {
      const el = await mount({ respondent: 'staff', lang: lang! });
      await waitUntil(() => text(el, '[part~="heading"]') === heading, `${lang} heading`);
    }
  });

  it('switching back to customer restores the customer form', async () => {
    api = mockApi();
    const el = await mountStaff();
    el.respondent = 'customer';
    await waitUntil(() => text(el, '[part~="heading"]') === 'Anna palautetta');
    await waitForState(el, 'ready');
    expect($(el, '.segment')).to.not.equal(null);
    expect($(el, '[data-field="staffKey"]')).to.equal(null);
  });
});
