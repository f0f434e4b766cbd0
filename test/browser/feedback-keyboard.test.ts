import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible } from './helpers/axe.js';
import { mockApi } from '../fixtures/fake-api/feedback.js';
import { $, focused, mount, unmountAll, waitForState } from './helpers/feedback.js';

describe('<luukku-feedback> keyboard', () => {
  let api: ReturnType<typeof mockApi>;
  afterEach(async () => {
    api.restore();
    await unmountAll();
  });

  it('tabs through the form, chooses with arrow keys, fails with focus on the first error, then succeeds with focus on the confirmation', async () => {
    api = mockApi();
    const el = await mount();
    await waitForState(el, 'ready');
    await expectAccessible(el, 'keyboard start');

    // The plain-language switch comes first, then the first scale.
    $<HTMLButtonElement>(el, '[part~="plain-toggle"]')!.focus();
    await sendKeys({ press: 'Tab' });
    let active = focused(el) as HTMLInputElement;
    expect(active.name).to.equal('answers.overall');

    // Submitting with Enter from the submit button without an answer: focus goes to the error
    // summary's heading; Tab reaches its link, Enter on it goes to the first error.
    $<HTMLButtonElement>(el, '[part~="submit"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, '[part~="error-summary"]'));
    await waitUntil(() => focused(el)?.id === 'error-summary-title', 'focus is not on the error summary');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)?.getAttribute('href')).to.equal('#f-answers-overall');
    await sendKeys({ press: 'Enter' });
    active = focused(el) as HTMLInputElement;
    expect(active.dataset.field).to.equal('answers.overall');

    // Arrow keys move within the radio group and choose.
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    active = focused(el) as HTMLInputElement;
    expect(active.name).to.equal('answers.overall');
    expect(active.checked).to.equal(true);
    const chosen = Number(active.value);
    expect(chosen).to.be.greaterThan(1);
    await el.updateComplete;
    // The error disappears once answered.
    expect($(el, '[part~="error-summary"]')).to.equal(null);

    // Tab leaves the group (one tab stop per group) for the next question.
    await sendKeys({ press: 'Tab' });
    expect((focused(el) as HTMLInputElement).name).to.equal('answers.got-help');

    // Space on the submit button sends; focus lands on the confirmation.
    $<HTMLButtonElement>(el, '[part~="submit"]')!.focus();
    await sendKeys({ press: 'Space' });
    await waitForState(el, 'delivered');
    expect(focused(el)?.getAttribute('part')).to.contain('confirmation');
    expect(api.posts()[0]!.body).to.deep.include({ answers: { overall: chosen } });
  });

  it('Enter in a text field submits the form', async () => {
    api = mockApi();
    const el = await mount();
    await waitForState(el, 'ready');
    $<HTMLInputElement>(el, 'input[name="answers.overall"][value="5"]')!.click();
    $<HTMLInputElement>(el, 'input[type="checkbox"]')!.click();
    await el.updateComplete;
    const name = $<HTMLInputElement>(el, '[data-field="contact.name"]')!;
    name.focus();
    await sendKeys({ type: 'Maija Meikäläinen' });
    $<HTMLInputElement>(el, '[data-field="contact.email"]')!.focus();
    await sendKeys({ type: 'maija@example.fi' });
    await sendKeys({ press: 'Enter' });
    await waitForState(el, 'delivered');
    expect(api.posts()[0]!.body).to.deep.include({ contact: { name: 'Maija Meikäläinen', email: 'maija@example.fi' } });
  });

  it('the plain-language switch works with the keyboard', async () => {
    api = mockApi();
    const el = await mount();
    await waitForState(el, 'ready');
    $<HTMLButtonElement>(el, '[part~="plain-toggle"]')!.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(el.plainLanguage).to.equal(true);
    expect($(el, '[part~="plain-toggle"]')!.getAttribute('aria-pressed')).to.equal('true');
  });
});
