import './helpers/lit-warnings.js';
import { expect } from '@open-wc/testing';
import { expectAccessible } from './helpers/axe.js';
import { formV2, mockApi, ok, receipt } from '../fixtures/fake-api/feedback.js';
import { loadPersonalDataCheck } from '../../src/widgets/feedback/validation.js';
import { $, $$, choose, mount, submit as press, text, type, unmountAll, waitForState } from './helpers/feedback.js';
import type { LuukkuFeedback } from '../../src/widgets/feedback/feedback-form.js';

/**
 * Presses submit and lets the submission settle: with free text the form first awaits its
 * personal-data detector (a lazy chunk, src/widgets/feedback/validation.ts), then validates.
 */
async function submit(el: LuukkuFeedback): Promise<void> {
  await press(el);
  await loadPersonalDataCheck();
  await new Promise((resolve) => setTimeout(resolve));
  await el.updateComplete;
}

/** The form on question set version 2: "does not apply", staff wording, task feedback, personal data, the receipt reference. */
describe('<luukku-feedback> on question set version 2', () => {
  let api: ReturnType<typeof mockApi>;
  afterEach(async () => {
    api.restore();
    await unmountAll();
  });

  it('offers "does not apply to me" where the item allows it and sends it as notApplicable (axe)', async () => {
    api = mockApi({ form: () => ok(formV2) });
    const el = await mount();
    await waitForState(el, 'ready');
    expect($$(el, '.not-applicable')).to.have.length(formV2.questionnaire.questions.filter((q) => q.notApplicable).length);
    expect($(el, 'input[name="answers.overall"][value="0"]')).to.equal(null);
    await expectAccessible(el, 'v2 ready');
    choose(el, 'overall', 4);
    choose(el, 'accessibility', 0);
    choose(el, 'timeliness', 2);
    await submit(el);
    await waitForState(el, 'delivered');
    const body = api.posts()[0]!.body as { answers: Record<string, number>; notApplicable: string[]; questionnaire: { version: number } };
    expect(body.answers).to.deep.equal({ overall: 4, timeliness: 2 });
    expect(body.notApplicable).to.deep.equal(['accessibility']);
    expect(body.questionnaire.version).to.equal(2);
  });

  it('the confirmation shows a short reference of the receipt', async () => {
    api = mockApi({ form: () => ok(formV2) });
    const el = await mount();
    await waitForState(el, 'ready');
    choose(el, 'overall', 5);
    await submit(el);
    await waitForState(el, 'delivered');
    expect(text(el, '[part~="confirmation"] .reference')).to.contain(
      `${receipt.id.slice(0, 4).toUpperCase()}-${receipt.id.slice(4, 8).toUpperCase()}`,
    );
    await expectAccessible(el, 'delivered with reference');
  });

  it('asks to remove a personal identity code, phone number or email from the free text before sending (axe)', async () => {
    api = mockApi({ form: () => ok(formV2) });
    const el = await mount();
    await waitForState(el, 'ready');
    choose(el, 'overall', 3);
    type(el, 'textarea', 'Soittakaa 040 123 4567');
    await submit(el);
    expect(api.posts()).to.have.length(0);
    expect(text(el, '#f-freeText-error')).to.contain('Poista tekstistä');
    await expectAccessible(el, 'personal data');
    type(el, 'textarea', 'Hetu 131052-308T');
    await submit(el);
    expect(api.posts()).to.have.length(0);
    type(el, 'textarea', 'Kiitos nopeasta avusta, 12.3. klo 14.');
    await submit(el);
    await waitForState(el, 'delivered');
    expect(api.posts()).to.have.length(1);
  });

  it('staff: the staff wording of the same items, and task feedback without personal data', async () => {
    api = mockApi({ form: () => ok(formV2) });
    const el = await mount({ respondent: 'staff' });
    el.staffKey = 'demo-staff-key';
    await waitForState(el, 'ready');
    expect(text(el, 'fieldset legend')).to.contain('Kuinka hyvin palvelu mielestäsi onnistui asiakkaan kannalta');
    expect(text(el, '.task-feedback legend')).to.equal('Tehtäväpalaute');
    await expectAccessible(el, 'staff v2');
    choose(el, 'overall', 4);
    $<HTMLInputElement>(el, '.task-feedback input[type="checkbox"]')!.click();
    type(el, '#f-observations', 'Asukas, puh 0401234567');
    await submit(el);
    expect(api.posts()).to.have.length(0);
    expect(text(el, '#f-observations-error')).to.contain('Poista tekstistä');
    type(el, '#f-observations', 'Osoitenumero puuttui.');
    await submit(el);
    await waitForState(el, 'delivered');
    expect((api.posts()[0]!.body as { taskFeedback: unknown }).taskFeedback).to.deep.equal({
      deviation: true,
      nearMiss: false,
      observations: 'Osoitenumero puuttui.',
    });
  });
});
