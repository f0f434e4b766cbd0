import './helpers/lit-warnings.js';
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { expectAccessible } from './helpers/axe.js';
import {
  $,
  $$,
  TODAY,
  answer,
  focused,
  mixedAnswers,
  mount,
  next,
  packFor,
  problem,
  text,
  urlWith,
  useMockPermitApi,
  waitForState,
} from './helpers/permit-api.js';
import type { LuukkuPermitResultEvent } from '../../src/widgets/permit-explorer/events.js';

describe('<luukku-permit-explorer>', () => {
  const mock = useMockPermitApi();

  it('is accessible while loading, and says so', async () => {
    mock.api.set('pack', () => 'hang');
    const el = await mount({}, { wait: 'loading' });
    expect(text(el, '[part~="status"]')).to.contain('Ladataan');
    expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('true');
    await expectAccessible(el, 'loading');
  });

  it('shows a load error with a retry that works', async () => {
    mock.api.set('pack', () => problem(503, 'not_found'));
    const el = await mount({}, { wait: 'load-error' });
    await expectAccessible(el, 'load error');
    expect($(el, '[part~="status"]')!.getAttribute('role')).to.equal('alert');
    mock.api.set(
      'pack',
      (url) =>
        new Response(
          JSON.stringify({
            organisation: { id: 'demo-kaupunki', name: { fi: 'x' } },
            mode: 'events',
            pack: packFor('demo-kaupunki', url.pathname.endsWith('industrial') ? 'industrial' : 'events'),
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
    );
    $<HTMLButtonElement>(el, '[part~="status"] button')!.click();
    await waitForState(el, 'ready');
    expect(el.step).to.equal('eventType');
  });

  it('an unknown mode is a configuration error without a retry button', async () => {
    const el = await mount({ mode: 'fishing' }, { wait: 'load-error' });
    expect(text(el, '[part~="status"]')).to.contain('asetuksissa');
    expect($(el, '[part~="status"] button')).to.equal(null);
  });

  it('loads the organisation pack and the forecasts, shows the first question with progress', async () => {
    const el = await mount();
    expect(mock.api.calls.some((c) => c.startsWith('/v1/permits/packs/events?organisation=demo-kaupunki'))).to.equal(true);
    expect(mock.api.calls.some((c) => c.startsWith('/v1/permits/processing-times?'))).to.equal(true);
    expect(text(el, '[part~="step-heading"]')).to.contain('Millaisen');
    // Issue 8: a stable upper bound and a time estimate (was "1 — about 15 left", then "2 — about 17").
    expect(text(el, '[part~="progress"]')).to.match(/^Kysymys 1 \/ enintään \d+ — noin \d+ min jäljellä$/);
    expect($(el, '.back')).to.equal(null);
    await expectAccessible(el, 'first question (choice)');
  });

  it('every step type is accessible: date, time, number, boolean, multiple choice', async () => {
    const el = await mount();
    await answer(el, 'public-event');
    // Issue 8: day / month / year fields in the page's language (GOV.UK pattern) instead of a native date input.
    expect($$<HTMLInputElement>(el, '.date-parts input').length).to.equal(3);
    expect(text(el, '.date-parts')).to.match(/Päivä.*Kuukausi.*Vuosi/);
    await expectAccessible(el, 'date');
    await answer(el, '2026-06-12');
    expect($<HTMLInputElement>(el, 'input.input-time')).to.not.equal(null);
    await expectAccessible(el, 'time');
    await answer(el, '18:00');
    await answer(el, '2026-06-12');
    await answer(el, '23:00');
    await answer(el, 'public-area');
    expect(el.step, 'the city overlay adds its own question after the venue').to.equal('marketSquare');
    await answer(el, false);
    expect($<HTMLInputElement>(el, 'input[type="number"]')).to.not.equal(null);
    await expectAccessible(el, 'number');
    await answer(el, 5000);
    expect($$(el, 'input[type="radio"]').length).to.equal(2);
    await expectAccessible(el, 'boolean');
    await answer(el, true); // alcohol
    await answer(el, 'fixed-term'); // how it is served (packs 2.0.0)
    await answer(el, false); // food
    await answer(el, true); // music
    await answer(el, true); // amplified sound
    await answer(el, '23:00'); // until
    expect($$(el, 'input[type="checkbox"]').length).to.equal(4);
    await expectAccessible(el, 'multiple choice');
  });

  it('shows a localised validation message next to the field and focuses the field', async () => {
    const el = await mount();
    await next(el);
    const error = $(el, '[part~="error"]')!;
    expect(error.textContent).to.contain('Vastaa kysymykseen');
    const radio = $<HTMLInputElement>(el, '[data-answer]')!;
    expect(radio.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, 'fieldset')!.getAttribute('aria-describedby')).to.contain('q-error');
    expect(focused(el)).to.equal(radio);
    await expectAccessible(el, 'validation error');
    await answer(el, 'public-event');
    await answer(el, '2026-06-12');
    await answer(el, '18:00');
    await answer(el, '2026-06-12');
    await answer(el, '23:00');
    await answer(el, 'indoors');
    // Out of range and not a number.
    const input = $<HTMLInputElement>(el, 'input[type="number"]')!;
    input.value = '-5';
    input.dispatchEvent(new InputEvent('input'));
    await next(el);
    expect(text(el, '[part~="error"]')).to.contain('väliltä');
    expect(el.answers).to.not.have.property('attendance');
  });

  it('"Skip for now" leaves the question unanswered; the result then warns with a link to it', async () => {
    const el = await mount();
    $<HTMLButtonElement>(el, '.nav button.secondary')!.click(); // skip the event type
    await waitUntil(() => el.step === 'startDate');
    el.goTo('result');
    await waitUntil(() => $(el, '.warnings'));
    const link = $$<HTMLAnchorElement>(el, '.warnings a').find(
      (a) => a.textContent.includes('Kuinka monta') || a.href.includes('pe.step='),
    )!;
    expect(link.getAttribute('href')).to.contain('pe.step=');
    link.click();
    await el.updateComplete;
    expect(el.step).to.not.equal('result');
    expect(focused(el)?.getAttribute('part')).to.contain('step-heading');
  });

  it('moves focus to each new question heading and announces the step', async () => {
    const el = await mount();
    await answer(el, 'public-event');
    expect(focused(el)?.id).to.equal('step-heading');
    expect(focused(el)?.getAttribute('tabindex')).to.equal('-1');
    // The focused heading is read with its progress (its description), once: no live-region repeat.
    const progress = el.shadowRoot!.getElementById(focused(el)!.getAttribute('aria-describedby')!)!;
    expect(progress.textContent).to.include('Kysymys 2');
    await new Promise((r) => setTimeout(r, 200));
    expect(el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent).to.equal('');
    $<HTMLButtonElement>(el, '.back')!.click();
    await el.updateComplete;
    expect(el.step).to.equal('eventType');
    expect(focused(el)?.id).to.equal('step-heading');
  });

  it('adapts: indoors hides the outdoor-sound question; changing an earlier answer drops dependent answers', async () => {
    const el = await mount();
    for (const v of ['public-event', '2026-06-12', '18:00', '2026-06-12', '23:00']) await answer(el, v);
    await answer(el, 'public-area');
    await answer(el, false); // market square
    await answer(el, 300);
    await answer(el, true); // alcohol
    await answer(el, 'fixed-term'); // how it is served (packs 2.0.0)
    await answer(el, true); // food
    await answer(el, 'registered'); // who sells (packs 2.0.0)
    await answer(el, true); // music
    expect(el.step).to.equal('amplifiedSound');
    await answer(el, true);
    await answer(el, '23:30');
    expect(el.answers).to.include({ amplifiedSound: true, soundUntil: '23:30' });
    expect(new URLSearchParams(location.search).get('pe.soundUntil')).to.equal('23:30');

    // Change the venue to indoors: the outdoor-sound questions disappear with their answers.
    el.goTo('venue');
    await el.updateComplete;
    $<HTMLInputElement>(el, '[data-answer][value="indoors"]')!.click();
    await el.updateComplete;
    expect(el.result!.visibleQuestions).to.not.include('amplifiedSound');
    expect(el.answers).to.not.have.property('amplifiedSound');
    expect(el.answers).to.not.have.property('soundUntil');
    expect(new URLSearchParams(location.search).has('pe.soundUntil')).to.equal(false);
    // Progress reflects the shorter path.
    expect(text(el, '[part~="progress"]')).to.match(/Kysymys 6/);
  });

  it('the summary lists every visible answer with a Change link, and "Start again" clears them', async () => {
    history.replaceState(null, '', urlWith({ ...mixedAnswers, step: 'summary' }));
    const el = await mount();
    expect(el.step).to.equal('summary');
    await expectAccessible(el, 'summary');
    const rows = $$(el, '.summary-row');
    expect(rows.length).to.equal(el.result!.visibleQuestions.length);
    expect(rows[0]!.textContent).to.contain('Yleisötilaisuus');
    const change = $$<HTMLAnchorElement>(el, '.change').find((a) => a.getAttribute('href')!.includes('pe.step=attendance'))!;
    change.click();
    await el.updateComplete;
    expect(el.step).to.equal('attendance');
    expect(focused(el)?.id).to.equal('step-heading');
    // Next after a change returns to the summary.
    await next(el);
    expect(el.step).to.equal('summary');
    $$<HTMLButtonElement>(el, '.nav button')
      .find((b) => b.textContent.includes('Aloita alusta'))!
      .click();
    await el.updateComplete;
    expect(el.step).to.equal('eventType');
    expect(el.answers).to.deep.equal({});
  });

  it('the result lists obligations with red, amber and green lights (text + icon), authorities, legal bases, deadlines and forecasts', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount();
    expect(el.step).to.equal('result');
    await expectAccessible(el, 'result');
    const items = $$(el, '[part~="obligation"]');
    expect(items.length).to.be.greaterThan(4);
    expect($(el, 'ol.items')).to.not.equal(null);
    const lights = $$(el, '[part~="light"]').map((l) => l.className);
    expect(lights).to.include('light red');
    expect(lights).to.include('light amber');
    expect(lights).to.include('light green');
    for (const light of $$(el, '[part~="light"]')) {
      expect(light.textContent.trim().length, 'a light has text').to.be.greaterThan(2);
      expect(light.querySelector('svg[aria-hidden="true"]')).to.not.equal(null);
    }
    const police = $(el, '#title-police-public-event-notice')!.closest('li')!;
    expect(police.textContent).to.contain('Poliisi');
    expect(police.textContent).to.contain('530/1999');
    expect(police.textContent).to.match(/2026/);
    expect(police.textContent).to.contain('Mediaani 12 päivää, 80 % valmistuu 20 päivässä, perustuu 48 aiempaan tapaukseen');
    const alcohol = $(el, '#title-alcohol-serving-licence')!.closest('li')!;
    expect(alcohol.textContent).to.match(/Tyypillisesti \d+ päivää \(liian vähän aiempia tapauksia\)/);
    // Late items say how late.
    expect(text(el, '.items')).to.contain('myöhässä');
    // Illustrative badge on every unverified rule.
    expect($$(el, '[part~="badge"]').length).to.equal(items.length);
    expect(text(el, '[part~="badge"]')).to.contain('tarkista viranomaiselta');
    // Recommendations are separate and marked as advice.
    expect(text(el, '.recommendations-box')).to.contain('Neuvoja, ei velvoitteita');
    expect($(el, '.items .recommendation')).to.equal(null);
  });

  // Fact changed in packs 2.0.0: 24 hours before (530/1999 7 § as amended by 435/2019), was 6.
  it('hours deadlines show the time as well (public meeting: 24 hours before)', async () => {
    history.replaceState(
      null,
      '',
      urlWith({ eventType: 'public-meeting', startDate: '2026-03-20', startTime: '12:00', venue: 'public-area', step: 'result' }),
    );
    const el = await mount();
    const item = $(el, '#title-police-public-meeting-notice')!.closest('li')!;
    expect(item.textContent).to.match(/19\. maaliskuuta 2026 klo 12\.00/);
  });

  it('emits luukku-permit-result with the structured, forecast-enriched result', async () => {
    history.replaceState(null, '', urlWith({ ...mixedAnswers, step: 'summary' }));
    const el = await mount();
    setTimeout(() => $$<HTMLButtonElement>(el, '.nav button')[0]!.click());
    const event: LuukkuPermitResultEvent = await oneEvent(document, 'luukku-permit-result');
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    const d = event.detail;
    expect(d).to.include({
      organisation: 'demo-kaupunki',
      mode: 'events',
      packId: 'city-demo-kaupunki',
      packVersion: '2.0.0',
      today: TODAY,
    });
    expect(d.answers).to.include({ attendance: 5000, alcohol: true, eventType: 'public-event' });
    expect(d.answers.specialEffects).to.deep.equal(['consumer-fireworks']);
    expect(d.result.obligations.length).to.be.greaterThan(4);
    const police = d.result.obligations.find((o) => o.ruleId === 'police-public-event-notice')!;
    expect(police.forecast).to.include({ source: 'history', cases: 48, medianDays: 12 });
    expect(police.latestSubmission).to.equal('2026-03-15');
    expect(d.result.recommendations.length).to.be.greaterThan(0);
    expect(d.result.warnings.some((w) => w.kind === 'deadline-passed')).to.equal(true);
  });

  it('industrial mode loads its own pack; an obstacle shows as red with its advice', async () => {
    history.replaceState(
      null,
      '',
      urlWith({
        productionStart: '2027-09-01',
        newBuilding: 'yes',
        chemicals: 'yes',
        chemicalScale: 'large',
        explosives: 'yes',
        nearHousing: 'yes',
        pressureEquipment: 'no',
        airEmissions: 'no',
        waterEmissions: 'no',
        eiaProject: 'no',
        nearGroundwater: 'no',
        nearNatura: 'no',
        waterWorks: 'no',
        step: 'result',
      }),
    );
    const el = await mount({ mode: 'industrial' });
    expect(mock.api.calls.some((c) => c.startsWith('/v1/permits/packs/industrial'))).to.equal(true);
    expect(text(el, '[part~="heading"]')).to.contain('teollisuushankkeesi');
    await expectAccessible(el, 'industrial result');
    const tukes = $$(el, '[part~="obligation"]').find((i) => i.textContent.includes('Tukes'))!;
    expect(tukes.querySelector('[part~="light"]')!.className).to.equal('light red');
    expect(tukes.textContent).to.contain('Este');
    expect(text(el, '.warnings')).to.contain('Mitä tehdä');
  });

  it('writes answers to the URL, pushes a history entry per step, and back/forward restore step and answers', async () => {
    const el = await mount();
    await answer(el, 'public-event');
    expect(new URLSearchParams(location.search).get('pe.eventType')).to.equal('public-event');
    expect(new URLSearchParams(location.search).get('pe.step')).to.equal('startDate');
    await answer(el, '2026-06-12');
    expect(el.step).to.equal('startTime');
    history.back();
    await waitUntil(() => el.step === 'startDate', 'back did not return to the date');
    await el.updateComplete;
    expect([
      $<HTMLInputElement>(el, '#answer-day')!.value,
      $<HTMLInputElement>(el, '#answer-month')!.value,
      $<HTMLInputElement>(el, '#answer-year')!.value,
    ]).to.deep.equal(['12', '6', '2026']);
    expect(focused(el)?.id).to.equal('step-heading');
    history.forward();
    await waitUntil(() => el.step === 'startTime', 'forward did not return to the time');
  });

  it('a fresh element with the same URL shows the same result', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const first = await mount();
    const firstText = text(first, '.items');
    unmountAllButUrl(first);
    const second = await mount();
    expect(second.step).to.equal('result');
    expect(text(second, '.items')).to.equal(firstText);
  });

  it('drops answers to questions that are not asked from the URL state it reads', async () => {
    history.replaceState(
      null,
      '',
      urlWith({ venue: 'indoors', music: 'yes', amplifiedSound: 'yes', soundUntil: '23:00', step: 'summary' }),
    );
    const el = await mount();
    expect(el.answers).to.deep.equal({ venue: 'indoors', music: true });
  });

  it('heading-level: the result and its sections follow the host page outline', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount({ 'heading-level': '3' });
    expect(el.step).to.equal('result');
    expect($(el, '[part~="heading"]')!.tagName).to.equal('H3');
    expect($(el, '[part~="step-heading"]')!.tagName).to.equal('H4');
    expect($(el, '[part~="obligation-title"]')!.tagName).to.equal('H5');
    expect($(el, '#warnings-title')!.tagName).to.equal('H5');
    await expectAccessible(el, 'result at heading level 3');
  });

  it('two explorers with different names keep separate URL state', async () => {
    const a = await mount({ name: 'a' });
    const b = await mount({ name: 'b', mode: 'industrial' });
    await answer(a, 'public-meeting');
    await answer(b, '2027-01-01');
    const params = new URLSearchParams(location.search);
    expect(params.get('a.eventType')).to.equal('public-meeting');
    expect(params.get('b.productionStart')).to.equal('2027-01-01');
    expect(params.has('pe.step')).to.equal(false);
    expect(a.step).to.equal('startDate');
  });

  it('downloads the deadlines as an .ics file through an <a download> object URL', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount();
    const ics = await el.calendar(new Date(Date.UTC(2026, 2, 2, 8)));
    const dated = el.result!.obligations.filter((o) => o.latestSubmission).length;
    // Issue 8: the event itself is in the calendar too (dated deadlines + 1).
    expect(ics.match(/BEGIN:VEVENT/g)!.length).to.equal(dated + 1);
    expect(ics).to.contain('UID:police-public-event-notice-20260315@');
    expect(ics).to.contain('UID:event-20260320@');
    let clicked: HTMLAnchorElement | undefined;
    Object.defineProperty(HTMLAnchorElement.prototype, 'click', {
      configurable: true,
      value(this: HTMLAnchorElement) {
        clicked = this; // eslint-disable-line @typescript-eslint/no-this-alias -- recording which anchor was clicked
      },
    });
    try {
      $$<HTMLButtonElement>(el, '.actions button')[1]!.click();
      await waitUntil(() => clicked, 'no download started');
    } finally {
      delete (HTMLAnchorElement.prototype as Partial<HTMLAnchorElement>).click; // back to HTMLElement.prototype.click
    }
    expect(clicked!.download).to.match(/\.ics$/);
    expect(clicked!.href).to.match(/^blob:/);
    const body = await (await fetchBlob(clicked!.href)).text();
    expect(body.startsWith('BEGIN:VCALENDAR\r\n')).to.equal(true);
  });

  it('prints through window.print', async () => {
    history.replaceState(null, '', urlWith(mixedAnswers));
    const el = await mount();
    let printed = 0;
    window.print = () => {
      printed++;
    };
    try {
      $$<HTMLButtonElement>(el, '.actions button')[0]!.click();
    } finally {
      delete (window as Partial<Window>).print; // back to Window.prototype.print
    }
    expect(printed).to.equal(1);
    const css = (el.constructor as typeof HTMLElement & { elementStyles: { cssText: string }[] }).elementStyles
      .map((s) => s.cssText)
      .join('\n');
    expect(css).to.contain('@media print');
  });
});

/** Removes an element but keeps the URL (to open the same URL in a fresh element). */
function unmountAllButUrl(el: HTMLElement): void {
  el.remove();
}

function fetchBlob(url: string): Promise<Response> {
  // window.fetch is stubbed for the API: read the blob with XHR instead.
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.responseType = 'blob';
    xhr.onload = () => resolve(new Response(xhr.response as Blob));
    xhr.send();
  });
}
