import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible } from './helpers/axe.js';
import { $, $$, focused, mixedAnswers, mount, text, urlWith, useMockPermitApi } from './helpers/permit-api.js';
import { LANGUAGES } from '../../src/core/i18n/languages.js';
import { LuukkuPermitExplorer } from '../../src/widgets/permit-explorer/permit-explorer.js';

describe('<luukku-permit-explorer> keyboard', () => {
  useMockPermitApi();

  /** Tab until the focused element inside the widget matches, up to `max` presses. */
  async function tabTo(el: LuukkuPermitExplorer, match: (e: Element) => boolean, max = 8): Promise<Element> {
    for (let i = 0; i < max; i++) {
      await sendKeys({ press: 'Tab' });
      const active = focused(el);
      if (active && match(active)) return active;
    }
    throw new Error(`Tab never reached the element (at ${focused(el)?.outerHTML.slice(0, 80) ?? 'nothing'})`);
  }

  async function nextWithKeyboard(el: LuukkuPermitExplorer, key: 'Enter' | 'Space' = 'Enter'): Promise<void> {
    const before = el.step;
    await tabTo(el, (e) => e.matches('button[type="submit"]'));
    await sendKeys({ press: key });
    await waitUntil(() => el.step !== before, `${key} on Next did not move on from ${before}`);
    await el.updateComplete;
    expect(focused(el)?.id, `focus on the heading of ${el.step}`).to.equal('step-heading');
  }

  it('goes from the first question to the result with Tab, arrows, Space and Enter only', async function () {
    // Some forty real key presses through CDP: under a loaded machine they outlast mocha's 10 s.
    this.timeout(30_000);
    const el = await mount({ organisation: 'demo-stad' });
    $(el, '[part~="plain-toggle"]')!.focus();

    // Choice: Tab into the radio group, arrows choose.
    await tabTo(el, (e) => e.matches('input[type="radio"]'));
    await sendKeys({ press: 'ArrowDown' });
    expect((focused(el) as HTMLInputElement).value).to.equal('public-meeting');
    await sendKeys({ press: 'ArrowUp' });
    expect(el.answers.eventType).to.equal('public-event');
    await nextWithKeyboard(el);

    // Date: day, month and year fields in the page's language (issue 8; was one native date field).
    expect(el.step).to.equal('startDate');
    await tabTo(el, (e) => e.matches('#answer-day'));
    await sendKeys({ type: '12' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '6' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '2026' });
    expect(el.answers.startDate).to.equal('2026-06-12');
    // Enter in the field submits the step.
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.step === 'startTime');
    await el.updateComplete;
    expect(focused(el)?.id).to.equal('step-heading');

    // Skip the rest of the dates with the "Skip for now" button (Space).
    for (const id of ['startTime', 'endDate', 'endTime']) {
      expect(el.step).to.equal(id);
      await tabTo(el, (e) => e.matches('.nav button.secondary'));
      await sendKeys({ press: 'Space' });
      await waitUntil(() => el.step !== id);
      await el.updateComplete;
    }

    // Venue: indoors (third option) with arrows.
    expect(el.step).to.equal('venue');
    await tabTo(el, (e) => e.matches('input[type="radio"]'));
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(el.answers.venue).to.equal('indoors');
    await nextWithKeyboard(el, 'Space');

    // Number.
    expect(el.step).to.equal('attendance');
    await tabTo(el, (e) => e.matches('input[type="number"]'));
    await sendKeys({ type: '350' });
    await nextWithKeyboard(el);

    // Booleans: Tab to the group, Space checks the first (Yes), ArrowDown moves to No.
    while (el.step !== 'specialEffects') {
      await tabTo(el, (e) => e.matches('input[type="radio"]'));
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'ArrowDown' });
      await nextWithKeyboard(el);
    }
    expect(el.answers).to.include({ alcohol: false, food: false, music: false });
    expect(el.result!.visibleQuestions).to.not.include('amplifiedSound');

    // Checkboxes: Space toggles; then Next through the remaining questions.
    await tabTo(el, (e) => e.matches('input[type="checkbox"]'));
    await sendKeys({ press: 'Space' });
    expect(el.answers.specialEffects).to.deep.equal(['fireworks-display']);
    await nextWithKeyboard(el);
    while ((el.step as string) !== 'summary') {
      await tabTo(el, (e) => e.matches('input[type="radio"]'));
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: 'ArrowDown' });
      await nextWithKeyboard(el);
    }

    // Summary → result with Enter on "Show the result".
    await tabTo(el, (e) => e.matches('.nav button.primary'), 60);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.step === 'result');
    await el.updateComplete;
    expect(focused(el)?.id).to.equal('step-heading');
    expect($$(el, '[part~="obligation"]').length).to.be.greaterThan(1);
    await expectAccessible(el, 'result after keyboard path');
  });
});

describe('<luukku-permit-explorer> in every locale', () => {
  useMockPermitApi();

  const expected: Record<string, RegExp> = { fi: /Kysymys 1/, sv: /Fråga 1/, se: /Gažaldat 1/, en: /Question 1/ };
  for (const lang of LANGUAGES) {
    it(`${lang}: question, summary and result are translated and accessible`, async () => {
      const el = await mount({ lang });
      expect(text(el, '[part~="progress"]')).to.match(expected[lang]!);
      expect($(el, '[part~="step-heading"]')!.textContent.trim().length).to.be.greaterThan(5);
      await expectAccessible(el, `${lang} question`);
      el.remove();
      history.replaceState(null, '', urlWith(mixedAnswers));
      const result = await mount({ lang });
      expect(result.step).to.equal('result');
      await expectAccessible(result, `${lang} result`);
      expect(text(result, '[part~="badge"]').length).to.be.greaterThan(5);
      // Sámi dates and numbers through the Finnish fallback of Intl.
      if (lang === 'se') expect(text(result, '.details')).to.match(/2026/);
    });
  }

  it('plain Finnish: widget texts and rule texts use the plain variants', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const standard = await mount();
    const standardText = text(standard, '.items');
    standard.remove();
    const el = await mount({ 'plain-language': '' });
    await expectAccessible(el, 'plain result');
    expect(text(el, '[part~="badge"]')).to.contain('Tämä on esimerkki');
    expect(text(el, '.items')).to.not.equal(standardText);
    expect(text(el, '.recommendations-box')).to.contain('Ne eivät ole pakollisia');
  });
});
