/**
 * <luukku-project-timeline>: every state the issue lists (empty, one application, many,
 * overdue, information requested, cancelled, the official's view) with axe; the APG grid's
 * keyboard; the table view; creating a project from the explorer's result; bad input keeps
 * what was typed (412, 409 with the allowed states); 320 px.
 */
import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/widgets/project-timeline/define.js';
import type { LuukkuProjectTimeline } from '../../src/widgets/project-timeline/project-timeline.js';
import { LuukkuPermitResultEvent } from '../../src/widgets/permit-explorer/events.js';
import { explorerResult, mockProjectApi, problem, project, TOKEN, type ProjectScenario } from '../fixtures/fake-api/projects.js';
import { expectAccessible } from './helpers/axe.js';
import { PX_PER_DAY } from '../../src/widgets/project-timeline/model.js';
import { $, active, mounted, mountTimeline, text } from './helpers/timeline.js';

let api: ReturnType<typeof mockProjectApi>;

async function mount(
  scenario: ProjectScenario,
  attrs: Record<string, string> = { project: TOKEN },
  props: Record<string, unknown> = {},
): Promise<LuukkuProjectTimeline> {
  api = mockProjectApi(scenario);
  return mountTimeline(attrs, props);
}
const $$ = (el: LuukkuProjectTimeline, s: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(s)];
const press = async (el: LuukkuProjectTimeline, key: string) => {
  const [mod, k] = key.includes('+') ? key.split('+') : [undefined, key];
  if (mod) await sendKeys({ down: mod });
  await sendKeys({ press: k });
  if (mod) await sendKeys({ up: mod });
  await el.updateComplete;
};

afterEach(() => {
  api.restore();
  mounted.splice(0).forEach((e) => e.remove());
});

describe('<luukku-project-timeline> states', () => {
  it('one application: a grid row with state, deadline and forecast "based on N cases"; accessible', async () => {
    const el = await mount('one');
    expect($$(el, '[role="grid"] [role="row"]').length).to.equal(2);
    const time = text($(el, '[role="row"][aria-rowindex="2"] .c-time'));
    expect(time).to.contain('perustuu 48 tapaukseen');
    expect($(el, '.today')).to.not.equal(null);
    expect($(el, '.today-line')).to.not.equal(null, 'one today line over the rows');
    await expectAccessible(el, 'one');
  });

  it('many: every application, grouping by authority, month zoom, the table view; accessible', async () => {
    const el = await mount('many');
    expect($$(el, '[role="grid"] [role="rowheader"]').length).to.equal(12);
    const group = $$(el, '.toolbar button').find((b) => text(b).includes('Ryhmittele'))!;
    group.click();
    await el.updateComplete;
    expect($$(el, '.row.group').length).to.equal(5);
    // The marks are days × the zoom's pixels per day (the CSS's numbers are model.ts's PX_PER_DAY).
    const range = () => $(el, '[role="row"][aria-rowindex="3"] .bar.range')!;
    const days = () => Number(range().parentElement!.style.getPropertyValue('--b'));
    expect(days()).to.be.greaterThan(0);
    expect(getComputedStyle(range()).left).to.equal(`${days() * PX_PER_DAY.week}px`);
    const month = $$(el, '.toolbar button').find((b) => text(b) === 'Kuukaudet')!;
    month.click();
    await el.updateComplete;
    expect(month.getAttribute('aria-pressed')).to.equal('true');
    expect(getComputedStyle(range()).left).to.equal(`${days() * PX_PER_DAY.month}px`);
    await expectAccessible(el, 'many grid');
    $$(el, '.toolbar button')
      .find((b) => text(b) === 'Taulukko')!
      .click();
    await el.updateComplete;
    expect($(el, 'table caption')).to.not.equal(null);
    expect($$(el, 'tbody tr:not(.group)').length).to.equal(12);
    await expectAccessible(el, 'many table');
  });

  it('overdue: warnings name each application and say what to do', async () => {
    const el = await mount('overdue');
    const warnings = text($(el, '.warnings'));
    expect(warnings).to.contain('viimeinen hakupäivä');
    expect(warnings).to.contain('Ota heti yhteyttä');
    expect(warnings).to.contain('80 % tapauksista');
    expect($$(el, '.row.warn').length).to.equal(2);
    await expectAccessible(el, 'overdue');
  });

  it('information requested: the organiser answers; the answer is sent with If-Match', async () => {
    const el = await mount('information-requested');
    $(el, '[role="rowheader"]')!.focus();
    await press(el, 'Enter');
    expect(active(el)?.id).to.equal('details-heading');
    expect(text($(el, '.requests'))).to.contain('Lisää pelastustiet karttaan.');
    const box = $<HTMLTextAreaElement>(el, '.requests textarea')!;
    box.value = 'Kartta liitteenä.';
    box.dispatchEvent(new Event('input'));
    await expectAccessible(el, 'information requested');
    $<HTMLButtonElement>(el, '.requests button[type="submit"]')!.click();
    await waitUntil(() => api.calls.some((c) => c.path.endsWith('/answers')));
    const call = api.calls.find((c) => c.path.endsWith('/answers'))!;
    expect(call.headers['if-match']).to.equal('"a2-1"');
    expect(call.body).to.deep.equal({ requestId: 5, answer: 'Kartta liitteenä.' });
  });

  it('cancelled: the notice to send to each authority; accessible', async () => {
    const el = await mount('cancelled');
    const notices = text($(el, '.notices'));
    expect(notices).to.contain('Poliisi: Peruutamme asian');
    expect(notices).to.contain('(POL-77)');
    expect(notices).to.contain('ilmoitusta ei tarvita');
    expect($(el, '.danger-text')).to.equal(null);
    await expectAccessible(el, 'cancelled');
  });

  it('empty with create: creates a project from the explorer result heard on the document', async () => {
    const el = await mount('many', { create: '', organisation: 'demo-kaupunki' });
    expect(el.state).to.equal('empty');
    await expectAccessible(el, 'empty');
    document.dispatchEvent(new LuukkuPermitResultEvent(explorerResult(['rescue-plan'])));
    await el.updateComplete;
    const created = new Promise<string>((r) => el.addEventListener('luukku-project-created', (e) => r(e.detail.token)));
    $$(el, 'button')
      .find((b) => text(b) === 'Luo hanke tästä tuloksesta')!
      .click();
    expect(await created).to.equal(TOKEN);
    const body = api.calls.find((c) => c.path === '/v1/projects')!.body as { permitResult: { organisation: string } };
    expect(body.permitResult.organisation).to.equal('demo-kaupunki');
    await el.updateComplete;
    expect(el.project).to.equal(TOKEN);
    expect($<HTMLInputElement>(el, '#private-link')!.value).to.contain(TOKEN);
    await expectAccessible(el, 'created');
  });

  it("official's view: asks for the staff key, lists the authority's applications, confirms receipt; accessible", async () => {
    const el = await mount('official', { view: 'official', organisation: 'demo-pelastuslaitos' });
    await expectAccessible(el, 'official key');
    const key = $<HTMLInputElement>(el, '#f-staffKey')!;
    key.value = 'secret-key';
    key.dispatchEvent(new Event('input'));
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'form button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[role="grid"]'), 'no grid');
    expect(api.calls.find((c) => c.path.startsWith('/v1/authority-projects'))!.headers.authorization).to.equal('Bearer secret-key');
    expect($$(el, '[role="rowheader"]').length).to.be.greaterThan(0);
    $(el, '[role="rowheader"]')!.focus();
    await press(el, 'Enter');
    expect(text($(el, '.details'))).to.contain('Pyydä lisätietoja');
    await expectAccessible(el, 'official details');
  });
});

describe('<luukku-project-timeline> forecast on one day', () => {
  it('p50 and p80 on the same day: one date, not a range, in fi, plain Finnish, sv, se and en; accessible', async () => {
    api = mockProjectApi('one');
    const p = project('one');
    const app = p.applications[0]!;
    app.forecast = { ...app.forecast, source: 'history', from: '2026-03-20', to: '2026-03-20', cases: 12 };
    api.setProject(p);
    const el = await mountTimeline();
    const cell = () => text($(el, '[role="row"][aria-rowindex="2"] .c-time'));
    const once = (t: string, date: RegExp, what: string) => {
      expect(t.match(new RegExp(date, 'g'))?.length ?? 0).to.equal(1, `${what}: one date in "${t}"`);
      expect(t).to.not.match(/\d\s*[–-]\s*\d/, `${what}: no range in "${t}"`);
    };
    once(cell(), /20\.3\.2026/, 'fi');
    expect(cell()).to.contain('perustuu 12 tapaukseen');
    await expectAccessible(el, 'one-day forecast');
    el.plainLanguage = true;
    await waitUntil(() => cell().includes('aiemman hakemuksen mukaan'), 'no plain Finnish');
    once(cell(), /20\.3\.2026/, 'fi plain');
    el.plainLanguage = false;
    for (const [lang, words, date] of [
      ['sv', 'baserat på 12 ärenden', /20\.3\.2026/],
      ['se', 'vuođđuduvvá 12 áššái', /20\.3\.2026/],
      ['en', 'based on 12 cases', /20\/03\/2026/],
    ] as const) {
      el.setAttribute('lang', lang);
      await waitUntil(() => cell().includes(words), `no ${lang}: ${cell()}`, { timeout: 5000 });
      once(cell(), date, lang);
    }
    // The official's override on one day: one date with its reason.
    el.remove();
    const overridden = project('one');
    overridden.applications[0]!.forecast = {
      ...overridden.applications[0]!.forecast,
      source: 'override',
      from: '2026-03-25',
      to: '2026-03-25',
      reason: 'Katselmus sovittu',
    };
    api.setProject(overridden);
    const again = await mountTimeline();
    const cell2 = text($(again, '[role="row"][aria-rowindex="2"] .c-time'));
    expect(cell2).to.contain('viranomaisen arvio: Katselmus sovittu');
    once(cell2, /25\.3\.2026/, 'override');
  });
});

describe('<luukku-project-timeline> grid keyboard (APG grid)', () => {
  it('arrows move between cells, Home/End, Ctrl+Home/End, PageDown; one tab stop; Enter opens, Close returns', async () => {
    const el = await mount('many');
    const cells = $$(el, '[role="grid"] [tabindex="0"]');
    expect(cells.length).to.equal(1, 'roving tabindex: one tab stop');
    cells[0]!.focus();
    expect(active(el)?.dataset.cell).to.equal('1-0');
    await press(el, 'ArrowRight');
    expect(active(el)?.dataset.cell).to.equal('1-1');
    await press(el, 'ArrowDown');
    expect(active(el)?.dataset.cell).to.equal('2-1');
    await press(el, 'End');
    expect(active(el)?.dataset.cell).to.equal('2-2');
    await press(el, 'Home');
    expect(active(el)?.dataset.cell).to.equal('2-0');
    await press(el, 'ArrowUp');
    await press(el, 'ArrowUp');
    expect(active(el)?.dataset.cell).to.equal('0-0');
    await press(el, 'PageDown');
    expect(active(el)?.dataset.cell).to.equal('5-0');
    await press(el, 'Control+End');
    expect(active(el)?.dataset.cell).to.equal('12-2');
    await press(el, 'Control+Home');
    expect(active(el)?.dataset.cell).to.equal('0-0');
    await press(el, 'ArrowDown');
    await press(el, 'Enter');
    expect(active(el)?.id).to.equal('details-heading');
    $$(el, '.details button')
      .find((b) => text(b) === 'Sulje tiedot')!
      .click();
    await el.updateComplete;
    await waitUntil(() => active(el)?.dataset.cell === '1-0', 'focus did not return to the cell');
  });

  it('a stale If-Match: the message, the latest reloaded, the typed text kept', async () => {
    const el = await mount('one');
    $(el, '[role="rowheader"]')!.focus();
    await press(el, 'Enter');
    api.set('change', () => problem(412, 'precondition_failed'));
    const notes = $<HTMLTextAreaElement>(el, '.details textarea')!;
    notes.value = 'Soita ensin';
    notes.dispatchEvent(new Event('input'));
    $$(el, '.details button')
      .find((b) => text(b) === 'Tallenna muistiinpanot')!
      .click();
    await waitUntil(() => $(el, '.action-error'), 'no error');
    expect(text($(el, '.action-error'))).to.contain('Joku muutti tätä samaan aikaan');
    await waitUntil(() => api.calls.filter((c) => c.method === 'GET').length >= 2, 'not reloaded');
    await el.updateComplete;
    expect($<HTMLTextAreaElement>(el, '.details textarea')!.value).to.equal('Soita ensin');
    await expectAccessible(el, '412');
  });

  it('an illegal transition: 409 names the allowed states', async () => {
    const el = await mount('one');
    $(el, '[role="rowheader"]')!.focus();
    await press(el, 'Enter');
    api.set('change', () => problem(409, 'invalid_transition', { allowed: ['submitted', 'cancelled'] }));
    $$(el, '.details form.actions button[type="submit"]')
      .find((b) => text(b) === 'Tallenna')!
      .click();
    await waitUntil(() => $(el, '.action-error'), 'no error');
    expect(text($(el, '.action-error'))).to.contain('Sallitut: Jätetty, Peruttu');
  });

  it('milestone date as day / month / year: a malformed date is named, nothing typed is lost, a good one is sent', async () => {
    const el = await mount('one');
    const type = async (part: string, value: string) => {
      const input = $<HTMLInputElement>(el, `#ms-date-${part}`)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
    };
    expect($(el, 'input[type="date"]'), 'no native date input').to.equal(null);
    await type('day', '30');
    await type('month', '2');
    await type('year', '2026');
    const add = () =>
      $$(el, '.tools form button[type="submit"]')
        .find((b) => text(b) === 'Lisää virstanpylväs')!
        .click();
    const posts = () => api.calls.filter((c) => c.method === 'POST').length;
    add();
    await waitUntil(() => $(el, '.tools .action-error'), 'no error');
    expect(text($(el, '.tools .action-error'))).to.contain('Päivämäärää ei ole olemassa');
    expect(posts()).to.equal(0);
    expect(active(el)?.id).to.equal('ms-date-day');
    expect($(el, '#ms-date-day')!.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, 'fieldset.date-fields')!.getAttribute('aria-describedby')).to.contain('err-ms');
    // A re-render (zoom) keeps what was typed.
    el.requestUpdate();
    await el.updateComplete;
    expect([$<HTMLInputElement>(el, '#ms-date-day')!.value, $<HTMLInputElement>(el, '#ms-date-month')!.value]).to.deep.equal(['30', '2']);
    await expectAccessible(el, 'malformed milestone date');
    await type('year', '');
    add();
    await waitUntil(() => text($(el, '.tools .action-error')).includes('vuosi'), 'missing year not named');
    await type('day', '9');
    await type('month', '3');
    await type('year', '2026');
    add();
    await waitUntil(() => posts() === 1, 'not sent');
    const sent = api.calls.find((c) => c.method === 'POST')!;
    expect(sent.path).to.match(/\/milestones$/);
    expect((sent.body as { date: string }).date).to.equal('2026-03-09');
  });

  it("information request due date before today: the widget's own message, nothing sent", async () => {
    const el = await mount('official', { view: 'official', organisation: 'demo-pelastuslaitos' });
    const key = $<HTMLInputElement>(el, '#f-staffKey')!;
    key.value = 'secret-key';
    key.dispatchEvent(new Event('input'));
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'form button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[role="grid"]'), 'no grid');
    $(el, '[role="rowheader"]')!.focus();
    await press(el, 'Enter');
    const day = $<HTMLInputElement>(el, '.details input[id^="due-"][id$="-day"]')!;
    expect(day, 'the due date as day / month / year').to.not.equal(null);
    const base = day.id.replace(/-day$/, '');
    for (const [part, v] of [
      ['day', '1'],
      ['month', '3'],
      ['year', '2026'],
    ] as const) {
      const input = $<HTMLInputElement>(el, `#${base}-${part}`)!;
      input.value = v;
      input.dispatchEvent(new Event('input'));
    }
    const form = day.closest('form')!;
    form.querySelector<HTMLTextAreaElement>('textarea')!.value = 'Lisää piirros.';
    form.querySelector<HTMLTextAreaElement>('textarea')!.dispatchEvent(new Event('input'));
    const before = api.calls.length;
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => $(el, '.details .action-error'), 'no error');
    expect(text($(el, '.details .action-error'))).to.contain('Päivä on jo mennyt');
    expect(api.calls.length).to.equal(before);
    expect($<HTMLInputElement>(el, `#${base}-day`)!.value).to.equal('1');
    await expectAccessible(el, 'due date before today');
  });

  it("the official's state-change time: day / month / year and hh:mm fields, validated, what was typed kept; sent as Helsinki time; accessible", async () => {
    const el = await mount('official', { view: 'official', organisation: 'demo-pelastuslaitos' });
    const key = $<HTMLInputElement>(el, '#f-staffKey')!;
    key.value = 'secret-key';
    key.dispatchEvent(new Event('input'));
    await el.updateComplete;
    $<HTMLButtonElement>(el, 'form button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[role="grid"]'), 'no grid');
    $(el, '[role="rowheader"]')!.focus();
    await press(el, 'Enter');
    expect($(el, '.details input[type="datetime-local"]'), 'no native datetime-local').to.equal(null);
    const day = $<HTMLInputElement>(el, '.details input[id^="at-"][id$="-day"]')!;
    expect(day, 'the date as day / month / year').to.not.equal(null);
    const base = day.id.replace(/-day$/, '');
    const time = $<HTMLInputElement>(el, '.details input[id^="attime:"]')!;
    expect(time.type).to.equal('text');
    expect(time.labels?.[0]?.textContent).to.contain('Muutoksen kellonaika');
    const type = (input: HTMLInputElement, v: string) => {
      input.value = v;
      input.dispatchEvent(new Event('input'));
    };
    for (const [part, v] of [
      ['day', '2'],
      ['month', '3'],
      ['year', '2026'],
    ] as const)
      type($<HTMLInputElement>(el, `#${base}-${part}`)!, v);
    const form = day.closest('form')!;
    const submit = () => form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const before = api.calls.length;
    // A date without a time.
    submit();
    await waitUntil(() => text($(el, '.details .action-error')).includes('Kirjoita myös kellonaika'), 'no missing-time message');
    expect(api.calls.length).to.equal(before);
    await waitUntil(() => active(el) === time, 'the time field is focused');
    expect(time.getAttribute('aria-invalid')).to.equal('true');
    await expectAccessible(el, 'time missing');
    // Not hh:mm: the message, what was typed kept.
    type(time, '25.70');
    submit();
    await waitUntil(() => text($(el, '.details .action-error')).includes('tunteina ja minuutteina'), 'no invalid-time message');
    expect(api.calls.length).to.equal(before);
    expect(time.value).to.equal('25.70');
    expect($<HTMLInputElement>(el, `#${base}-day`)!.value).to.equal('2');
    // In Swedish and English too.
    el.setAttribute('lang', 'sv');
    await waitUntil(() => text($(el, '.details .action-error')).includes('timmar och minuter'), 'no Swedish', { timeout: 5000 });
    el.setAttribute('lang', 'en');
    await waitUntil(() => text($(el, '.details .action-error')).includes('hours and minutes'), 'no English', { timeout: 5000 });
    el.setAttribute('lang', 'se');
    await waitUntil(() => text($(el, '.details .action-error')).includes('diimmuin ja minuhtain'), 'no Sámi', { timeout: 5000 });
    el.setAttribute('lang', 'fi');
    await waitUntil(() => text($(el, '.details .action-error')).includes('tunteina'), 'back in Finnish', { timeout: 5000 });
    // A good time: sent as the Helsinki wall-clock time (UTC+2 in March).
    const again = $<HTMLInputElement>(el, '.details input[id^="attime:"]')!;
    type(again, '9.05');
    day.closest('form')!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => api.calls.length > before, 'nothing sent');
    const sent = api.calls.at(-1)!;
    expect(sent.path).to.match(/\/transitions$/);
    expect((sent.body as { at: string }).at).to.equal('2026-03-02T07:05:00.000Z');
    await expectAccessible(el, 'time sent');
  });

  it('320 px: the element does not overflow the page; the grid scrolls inside', async () => {
    await setViewport({ width: 320, height: 640 });
    try {
      const el = await mount('many');
      expect(el.getBoundingClientRect().width).to.be.at.most(320);
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
      const scroll = $(el, '.scroll')!;
      expect(scroll.scrollWidth).to.be.greaterThan(scroll.clientWidth);
    } finally {
      await setViewport({ width: 1024, height: 768 });
    }
  });

  it("200 applications: the first view holds the rows from the grid's top to the viewport's bottom, and not many more", async () => {
    const Observer = window.IntersectionObserver;
    // An observer that never reports: the rows in the DOM are the first view's own choice.
    window.IntersectionObserver = class {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
      takeRecords(): [] {
        return [];
      }
    } as unknown as typeof IntersectionObserver;
    try {
      for (const height of [600, 1400]) {
        await setViewport({ width: 1024, height });
        api = mockProjectApi('many');
        api.setProject(project('many', 200));
        const el = await mountTimeline();
        const rows = $$(el, '[role="grid"] [role="rowheader"]').map((h) => h.closest('[role="row"]')!.getBoundingClientRect());
        expect(rows.at(-1)!.bottom, `rows reach the bottom of a ${height} px viewport`).to.be.at.least(innerHeight);
        expect(rows.at(-8)!.top, `the last block starts inside a ${height} px viewport`).to.be.below(innerHeight);
        api.restore();
        el.remove();
      }
    } finally {
      window.IntersectionObserver = Observer;
      await setViewport({ width: 1024, height: 768 });
    }
  });

  it('200 applications: a windowed grid (rows near the viewport, real aria-rowcount / aria-rowindex); keys reach every row; print and the table have all', async () => {
    const el = await mount('many');
    api.setProject(project('many', 200));
    await el.reload();
    await el.updateComplete;
    const rendered = () => $$(el, '[role="grid"] [role="rowheader"]');
    expect($(el, '[role="grid"]')!.getAttribute('aria-rowcount')).to.equal('201');
    expect(rendered().length).to.be.within(8, 64, 'a window of rows, not 200');
    expect(rendered()[0]!.closest('[role="row"]')!.getAttribute('aria-rowindex')).to.equal('2');
    // Rows far from the viewport are empty slots that keep their height: the grid is as tall as 200 rows.
    expect($(el, '[role="grid"]')!.getBoundingClientRect().height).to.be.greaterThan(200 * 40);
    // Arrow keys walk past the rendered rows: each row is rendered before it is focused.
    rendered()[0]!.focus();
    for (let row = 2; row <= 40; row++) {
      await press(el, 'ArrowDown');
      expect(active(el)?.dataset.cell).to.equal(`${row}-0`);
    }
    await press(el, 'Control+End');
    await waitUntil(() => active(el)?.dataset.cell === '200-2', 'Ctrl+End did not reach row 200');
    expect(rendered().at(-1)!.closest('[role="row"]')!.getAttribute('aria-rowindex')).to.equal('201');
    await press(el, 'PageUp');
    expect(active(el)?.dataset.cell).to.equal('195-2');
    expect(rendered().length).to.be.below(80, 'the window moved with the focus');
    // Scrolling renders the rows that come near the viewport.
    $(el, '.slot[data-b="12"]')!.scrollIntoView();
    await waitUntil(() => $(el, '[role="row"][aria-rowindex="100"] [role="rowheader"]'), 'rows in the middle not rendered after scrolling');
    expect($$(el, '[role="grid"] [tabindex="0"]').length).to.equal(1, 'still one tab stop');
    // Printing lays out every row (synchronously, before print() takes its layout), then the window again.
    window.dispatchEvent(new Event('beforeprint'));
    expect(rendered().length).to.equal(200);
    window.dispatchEvent(new Event('afterprint'));
    await el.updateComplete;
    expect(rendered().length).to.be.below(80);
    await expectAccessible(el, 'windowed grid');
    // The table (the accessible view) lists every application.
    $$(el, '.toolbar button')
      .find((b) => text(b) === 'Taulukko')!
      .click();
    await waitUntil(() => $$(el, 'tbody tr').length === 200, 'the table did not list every application', { timeout: 10000 });
  });
});
