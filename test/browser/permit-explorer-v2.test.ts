/**
 * Issue 8's dead ends, one test each (the numbers follow the issue), the 320 px reflow in every
 * language with the WCAG 1.4.12 text-spacing override, ticking items off, and the result event
 * staying backward compatible.
 */
import './helpers/lit-warnings.js';
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { expectAccessible } from './helpers/axe.js';
import {
  $,
  $$,
  answer,
  focused,
  mixedAnswers,
  mount,
  next,
  packFor,
  text,
  typeDate,
  urlWith,
  useMockPermitApi,
} from './helpers/permit-api.js';
import { LANGUAGES, FALLBACKS } from '../../src/core/i18n/languages.js';
import { pickText, pickedLanguage } from '../../src/core/i18n/localised-text.js';
import type { LuukkuPermitExplorer } from '../../src/widgets/permit-explorer/permit-explorer.js';
import type { LuukkuPermitResultEvent } from '../../src/widgets/permit-explorer/events.js';

/** Answers that leave the laser question skipped: its follow-up is "information missing". */
const skippedLaser = { eventType: 'public-event', startDate: '2026-06-12', venue: 'public-area', step: 'result' };

describe('<luukku-permit-explorer> v2: the dead ends of issue 8', () => {
  const mock = useMockPermitApi();

  it('1. a "check these first" link to a follow-up opens its skipped parent, accepts the answer, offers Back and returns to the result', async () => {
    history.replaceState(null, '', urlWith(skippedLaser));
    const el = await mount();
    const link = $$<HTMLAnchorElement>(el, '.warnings a').find(
      (a) => a.getAttribute('href')!.includes('pe.step=laser&') || a.getAttribute('href')!.endsWith('pe.step=laser'),
    );
    expect(link, 'the link leads to the parent question "laser"').to.not.equal(undefined);
    expect($$<HTMLAnchorElement>(el, '.warnings a').some((a) => a.getAttribute('href')!.includes('pe.step=laserAudience'))).to.equal(false);
    link!.click();
    await el.updateComplete;
    expect(el.step).to.equal('laser');
    expect(text(el, '[part~="progress"]')).to.contain('Täydennät vastausta');
    expect(text(el, '.back')).to.contain('Takaisin tulokseen');
    await expectAccessible(el, 'changing from the result');
    await answer(el, true);
    expect(el.step, 'the follow-up the answer revealed').to.equal('laserAudience');
    expect($(el, '[part~="error"]')).to.equal(null);
    await answer(el, false);
    expect(el.step).to.equal('result');
    expect(el.answers).to.include({ laser: true, laserAudience: false });
    // Back from a changed question returns to the result as well.
    $$<HTMLAnchorElement>(el, '.warnings a')[0]!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '.back')!.click();
    await waitUntil(() => el.step === 'result');
  });

  it('2. with answers missing the heading says what is known and what is still open, never "0 permits"', async () => {
    history.replaceState(null, '', urlWith({ eventType: 'public-event', step: 'result' }));
    const el = await mount();
    const heading = text(el, '[part~="step-heading"]');
    expect(heading).to.match(/Tähän mennessä tiedossa olevat luvat ja ilmoitukset \(tiedossa: \d+, vielä avoinna: \d+\)/);
    expect(heading).to.not.match(/\(0 lupaa/);
    expect(text(el, '.answer-open')).to.contain('Vastaa seuraavaan avoimeen kysymykseen');
    await expectAccessible(el, 'partial result');
    // Everything answered: the plain count again.
    history.replaceState(null, '', urlWith(mixedAnswers));
    el.remove();
    const full = await mount();
    expect(text(full, '[part~="step-heading"]')).to.match(/Tarvitsemasi luvat ja ilmoitukset \(\d+ lupaa tai ilmoitusta\)/);
  });

  it('3. progress is stable and honest: "of at most N" never grows, with a time estimate; the intro gives the count', async () => {
    const el = await mount();
    expect(text(el, '[part~="intro"]')).to.match(/Kysymyksiä on enintään \d+ \(noin \d+ min\)/);
    const totals: number[] = [];
    const read = (): number => Number(/enintään (\d+)/.exec(text(el, '[part~="progress"]'))![1]);
    totals.push(read());
    for (const v of ['public-event', '2026-06-12', '18:00', '2026-06-12', '23:00', 'indoors', 200]) {
      await answer(el, v);
      totals.push(read());
      expect(text(el, '[part~="progress"]')).to.match(/noin \d+ min jäljellä/);
    }
    for (let i = 1; i < totals.length; i++) expect(totals[i]!, `total at step ${i}`).to.be.at.most(totals[i - 1]!);
    expect(totals[totals.length - 1]!).to.be.lessThan(totals[0]!); // indoors removed the outdoor-sound questions
  });

  it('4. dates: day/month/year in the page language; a past date, an end before the start and an end time before the start time are refused, nothing typed lost', async () => {
    const el = await mount();
    await answer(el, 'public-event');
    expect($$(el, '.date-parts label').map((l) => l.textContent.trim())).to.deep.equal(['Päivä', 'Kuukausi', 'Vuosi']);
    // Past (today is 2 March 2026).
    await typeDate(el, '2026-01-15');
    await next(el);
    expect(el.step).to.equal('startDate');
    expect(text(el, '[part~="error"]')).to.contain('Päivämäärä on jo mennyt');
    expect([
      $<HTMLInputElement>(el, '#answer-day')!.value,
      $<HTMLInputElement>(el, '#answer-month')!.value,
      $<HTMLInputElement>(el, '#answer-year')!.value,
    ]).to.deep.equal(['15', '1', '2026']);
    expect(focused(el)?.id).to.equal('answer-day');
    await expectAccessible(el, 'date error');
    // Half a date, then an impossible one.
    const year = $<HTMLInputElement>(el, '#answer-year')!;
    year.value = '';
    year.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await next(el);
    expect(text(el, '[part~="error"]')).to.contain('puuttuu vuosi');
    await typeDate(el, '2026-02-30'.replace('02-30', '02-28'));
    $<HTMLInputElement>(el, '#answer-day')!.value = '30';
    $<HTMLInputElement>(el, '#answer-day')!.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await next(el);
    expect(text(el, '[part~="error"]')).to.contain('ei ole olemassa');
    await answer(el, '2026-06-12');
    await answer(el, '18:00');
    // End before the start.
    await answer(el, '2026-06-11');
    expect(el.step).to.equal('endDate');
    expect(text(el, '[part~="error"]')).to.contain('Päättymispäivä ei voi olla ennen alkamispäivää');
    await answer(el, '2026-06-12');
    // End time before the start time on the same day.
    await answer(el, '17.30');
    expect(el.step).to.equal('endTime');
    expect(text(el, '[part~="error"]')).to.contain('Päättymisaika ei voi olla ennen alkamisaikaa');
    expect($<HTMLInputElement>(el, '#answer')!.value).to.equal('17.30');
    expect(el.answers).to.not.have.property('endTime');
    await answer(el, '23.30');
    expect(el.answers.endTime).to.equal('23:30');
  });

  it('4. the date messages and labels are localised (Swedish)', async () => {
    const el = await mount({ lang: 'sv' });
    await answer(el, 'public-event');
    expect(text(el, '.date-parts')).to.match(/Dag.*Månad.*År/);
    await typeDate(el, '2025-12-24');
    await next(el);
    expect(text(el, '[part~="error"]')).to.contain('Datumet har redan varit');
  });

  it('5. the result states the event (date, time, place, size) at the top; the .ics holds the event and marks passed deadlines', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount();
    const facts = text(el, '.event');
    expect(facts).to.contain('20. maaliskuuta 2026');
    expect(facts).to.match(/klo 18\.00 – 23\.00/);
    expect(facts).to.contain('Kadulla, torilla');
    expect(facts).to.contain('5 000 henkilöä');
    expect(text(el, '.valid-from')).to.contain('Tiedot ovat voimassa');
    const ics = await el.calendar(new Date(Date.UTC(2026, 2, 2, 8)));
    expect(ics).to.contain('UID:event-20260320@');
    expect(ics).to.match(/DTSTART:20260320T160000Z\r\nDTEND:20260320T210000Z/); // 18:00–23:00 Helsinki (UTC+2)
    const late = el.result!.obligations.find((o) => o.daysLeft !== null && o.daysLeft < 0)!;
    const block = ics.split('BEGIN:VEVENT').find((b) => b.includes(`UID:${late.ruleId}-`))!;
    expect(block).to.contain('SUMMARY:MÄÄRÄAIKA MENNYT');
    expect(block).to.not.contain('BEGIN:VALARM');
  });

  it('6. numbers follow the locale, plain language stays in the URL, and "Change" says an answer is being changed', async () => {
    mock.api.set('times', (url: URL) => {
      const pack = packFor(url.searchParams.get('organisation')!, url.searchParams.get('mode')!);
      return new Response(
        JSON.stringify({
          organisation: 'demo-kaupunki',
          mode: 'events',
          packId: pack.id,
          minCases: 10,
          items: pack.rules.map((r) => ({
            ruleId: r.id,
            authorityId: r.authority,
            cases: 40,
            medianDays: 12.5,
            p80Days: 20.5,
            typicalDays: 14,
            source: 'history',
            minDays: 3,
            maxDays: 61,
            method: 'median-p80',
          })),
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    });
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount();
    expect(text(el, '.items')).to.contain('Mediaani 12,5 päivää, 80 % valmistuu 20,5 päivässä');
    expect(text(el, '.items')).to.contain('Menetelmä: mediaani ja 80. persentiili päätetyistä tapauksista; vaihteluväli 3–61 päivää');
    $<HTMLButtonElement>(el, '[part~="plain-toggle"]')!.click();
    await waitUntil(() => new URLSearchParams(location.search).get('pe.plain') === '1', 'plain language is not in the URL');
    el.goTo('summary');
    await el.updateComplete;
    $$<HTMLAnchorElement>(el, '.change')[2]!.click();
    await el.updateComplete;
    expect(text(el, '[part~="progress"]')).to.contain('Muutat vastausta');
    expect(text(el, '[part~="progress"]')).to.not.match(/Kysymys \d/);
    // A fresh element from the URL opens in plain language.
    const copy = location.search;
    el.remove();
    history.replaceState(null, '', copy.replace(/pe\.step=[^&]*/, 'pe.step=result'));
    const again = await mount();
    expect(text(again, '[part~="badge"]')).to.contain('Tämä on esimerkki');
  });

  it('7. print: the traffic lights are black and the print button has an SVG icon', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount();
    expect($(el, '.actions button.primary svg.btn-icon')).to.not.equal(null);
    expect(text(el, '.actions button.primary')).to.not.match(/[⎙▦]/);
    await emulateMedia({ media: 'print' });
    try {
      for (const light of ['green', 'amber', 'red']) {
        const l = $(el, `.light.${light}`);
        if (l) expect(getComputedStyle(l).color, `${light} light in print`).to.equal('rgb(0, 0, 0)');
      }
    } finally {
      await emulateMedia({ media: 'screen' });
    }
  });

  it('8. forced colours: the icons keep their mark in the system colours, and a warning says its severity in words', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount();
    const sheets = el.shadowRoot!.adoptedStyleSheets.flatMap((s) => [...s.cssRules]);
    const forced = sheets
      .filter((r) => r instanceof CSSMediaRule && r.conditionText.includes('forced-colors'))
      .map((r) => r.cssText)
      .join('\n');
    expect(forced).to.match(/\.light-icon \.glyph \{[^}]*stroke: canvas/i);
    expect(forced).to.match(/\.light-icon \{[^}]*fill: canvastext/i);
    expect($$(el, '.light-icon .glyph').length).to.be.greaterThan(0);
    const severities = $$(el, '.warning .severity').map((s) => s.textContent.trim());
    expect(severities.length).to.equal($$(el, '.warning').length);
    expect(severities.every((s) => s.length > 2)).to.equal(true);
  });

  it('9. a rule without an e-service says so instead of linking a front page', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount();
    const food = $(el, '#title-food-sales-notification')!.closest('li')!;
    expect(food.textContent).to.contain('Ei sähköistä asiointia');
    expect(food.querySelector('a[href="https://www.ruokavirasto.fi/"]')).to.equal(null);
  });

  it('10. Swedish plain language (lättläst), and Swedish falls back to Finnish where a text is missing', async () => {
    const el = await mount({ lang: 'sv', 'plain-language': '' });
    expect(text(el, '[part~="progress"]')).to.match(/^Fråga 1\. Det är högst \d+ frågor\./);
    expect(text(el, '.nav .secondary')).to.equal('Jag vet inte än');
    expect(FALLBACKS.sv).to.deep.equal(['fi']);
    const label = { fi: 'Suomeksi', 'fi-plain': 'Selkosuomeksi', sv: '', se: 'Sámegillii', en: 'In English' };
    expect(pickText(label, 'sv', false)).to.equal('Suomeksi');
    expect(pickText(label, 'sv', true)).to.equal('Selkosuomeksi');
    expect(pickedLanguage(label, 'sv')).to.equal('fi');
    // In the widget: a pack text without Swedish is shown in Finnish, marked lang="fi".
    mock.api.set('pack', () => {
      const pack = packFor('demo-kaupunki', 'events');
      const first = pack.questions[0]!;
      first.label = { ...first.label, sv: '' };
      delete first.label['sv-plain'];
      return new Response(JSON.stringify({ organisation: { id: 'demo-kaupunki', name: { fi: 'x' } }, mode: 'events', pack }), {
        headers: { 'content-type': 'application/json' },
      });
    });
    el.remove();
    const fallback = await mount({ lang: 'sv' });
    const heading = $(fallback, '[part~="step-heading"]')!;
    expect(heading.getAttribute('lang')).to.equal('fi');
    expect(heading.textContent).to.contain('Millaisen tilaisuuden');
  });

  it('tick off: done items are kept in the URL and sent in the result event, which keeps every v1 field', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount();
    const box = $<HTMLInputElement>(el, '#title-rescue-plan')!.closest('li')!.querySelector<HTMLInputElement>('.done-toggle input')!;
    box.click();
    await el.updateComplete;
    expect(new URLSearchParams(location.search).get('pe.done')).to.equal('rescue-plan');
    await expectAccessible(el, 'result with a ticked item');
    el.goTo('summary');
    await el.updateComplete;
    setTimeout(() => $$<HTMLButtonElement>(el, '.nav button')[0]!.click());
    const event: LuukkuPermitResultEvent = await oneEvent(document, 'luukku-permit-result');
    const d = event.detail;
    for (const key of ['organisation', 'mode', 'packId', 'packVersion', 'answers', 'today', 'result']) expect(d).to.have.property(key);
    expect(Object.keys(d.result).sort()).to.deep.equal(['obligations', 'recommendations', 'warnings']);
    expect(d.result.obligations[0]).to.have.keys([
      'ruleId',
      'kind',
      'authorityId',
      'latestSubmission',
      'latestSubmissionTime',
      'daysLeft',
      'light',
      'processingDays',
      'obstacles',
      'missing',
      'verified',
      'forecast',
    ]);
    expect(d.done).to.deep.equal(['rescue-plan']);
    expect(d.validFrom).to.equal('2026-01-01');
    expect(d.event).to.deep.equal({
      startDate: '2026-03-20',
      startTime: '18:00',
      endDate: '2026-03-20',
      endTime: '23:00',
      venue: 'public-area',
      attendance: 5000,
    });
    expect(d.undecided).to.be.an('array');
  });
});

describe('<luukku-permit-explorer> v2: 320 px reflow in every language (WCAG 1.4.10, with the 1.4.12 text spacing)', () => {
  useMockPermitApi();
  before(async () => setViewport({ width: 320, height: 800 }));
  after(async () => setViewport({ width: 800, height: 600 }));

  const SPACING =
    '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
  const overflow = (el: LuukkuPermitExplorer): string[] =>
    [...el.shadowRoot!.querySelectorAll<HTMLElement>('*')]
      .filter((n) => n.getBoundingClientRect().right > 320.5 && n.getClientRects().length > 0)
      .map(
        (n) =>
          `${n.tagName.toLowerCase()}.${n.className} (${Math.round(n.getBoundingClientRect().right)} px): ${n.textContent.trim().slice(0, 40)}`,
      );

  for (const lang of LANGUAGES) {
    // Plain variants exist for Finnish and Swedish only (se and en show their standard texts).
    for (const plain of lang === 'fi' || lang === 'sv' ? [false, true] : [false]) {
      it(`${lang}${plain ? ' (plain)' : ''}: the result and a date question fit 320 px with and without the text-spacing override`, async () => {
        document.body.style.margin = '0';
        history.replaceState(null, '', urlWith(mixedAnswers));
        const el = await mount(plain ? { lang, 'plain-language': '' } : { lang });
        el.style.display = 'block';
        el.style.width = '320px';
        for (const spaced of [false, true]) {
          const style = document.createElement('style');
          style.textContent = spaced ? SPACING : '';
          el.shadowRoot!.append(style);
          await el.updateComplete;
          expect(overflow(el), `${lang} result${spaced ? ' with text spacing' : ''}`).to.deep.equal([]);
          expect(document.documentElement.scrollWidth, 'no horizontal scroll').to.be.at.most(320);
          style.remove();
        }
        el.goTo('startDate');
        await el.updateComplete;
        expect(overflow(el), `${lang} date question`).to.deep.equal([]);
      });
    }
  }
});
