/**
 * <luukku-venue-map> in Chromium, axe in every state the issue lists: loading, list only (the
 * map's code never downloaded), map, filters with no results, card, calendar, hold sent,
 * queued, promoted, error. Plus sorting, filters in the URL, the calendar grid by keyboard,
 * localised validation that keeps what was typed, overlay conflicts on the card.
 */
import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible } from './helpers/axe.js';
import '../../src/widgets/venue-map/define.js';
import type { LuukkuVenueMap } from '../../src/widgets/venue-map/venue-map.js';
import { API, manyVenues, mockVenueApi, problem, venuesFor } from '../fixtures/fake-api/venues.js';

const startUrl = location.pathname;
const mounted: HTMLElement[] = [];
let api: ReturnType<typeof mockVenueApi>;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- typed query helper, like querySelector<T>
const $ = <T extends Element = HTMLElement>(el: LuukkuVenueMap, s: string): T | null => el.shadowRoot!.querySelector<T>(s);
const $$ = <T extends Element = HTMLElement>(el: LuukkuVenueMap, s: string): T[] => [...el.shadowRoot!.querySelectorAll<T>(s)];
const text = (el: LuukkuVenueMap, s: string): string => $(el, s)?.textContent.replace(/\s+/g, ' ').trim() ?? '';
const rows = (el: LuukkuVenueMap): string[] => $$(el, 'tbody .venue-link').map((b) => b.textContent.trim());

/** Mounts the widget far below the viewport's fold unless `inView` (so the map stays unloaded). */
async function mount(attrs: Record<string, string> = {}, { inView = false, wait = 'ready' } = {}): Promise<LuukkuVenueMap> {
  const host = document.createElement('div');
  if (!inView) host.style.cssText = 'height: 400px; overflow: auto;';
  const el = document.createElement('luukku-venue-map');
  el.setAttribute('organisation', 'demo-kaupunki');
  el.setAttribute('api', API);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  host.append(el);
  document.body.append(host);
  mounted.push(host);
  // Mounting waits as long as the state does: a test of 10,000 venues on a busy machine can take
  // over the default second before the first render (speed is the bench's job, not this wait's).
  await waitUntil(() => $(el, '[part~="heading"]')?.textContent.trim(), 'texts did not load', { timeout: 5000 });
  if (wait !== 'none') await waitUntil(() => el.state === wait, `state never became ${wait}`, { timeout: 5000 });
  await el.updateComplete;
  return el;
}

async function fill(el: LuukkuVenueMap, id: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(el, `#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** Types a `YYYY-MM-DD` day into a date's day / month / year fields (`dateFields`), as a person would: '' empties them. */
async function fillDate(el: LuukkuVenueMap, id: string, iso: string, parts?: { day: string; month: string; year: string }): Promise<void> {
  const [year = '', month = '', day = ''] = iso ? iso.split('-') : [];
  const typed = parts ?? { day: day ? String(Number(day)) : '', month: month ? String(Number(month)) : '', year };
  const inputs = (['day', 'month', 'year'] as const).map((k) => [k, $<HTMLInputElement>(el, `#${id}-${k}`)!] as const);
  for (const [k, input] of inputs) input.value = typed[k];
  for (const [, input] of inputs) {
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await el.updateComplete;
  }
}

const dateValue = (el: LuukkuVenueMap, id: string): string =>
  ['day', 'month', 'year'].map((k) => $<HTMLInputElement>(el, `#${id}-${k}`)!.value).join('.');

async function fillForm(el: LuukkuVenueMap, over: Record<string, string> = {}): Promise<void> {
  const values = {
    startDate: '2027-06-10',
    endDate: '2027-06-11',
    name: 'Maija',
    organisation: 'Yhdistys ry',
    email: 'maija@example.org',
    eventName: 'Konsertti',
    attendance: '300',
    ...over,
  };
  for (const [k, v] of Object.entries(values)) {
    if (k === 'startDate' || k === 'endDate') await fillDate(el, `r-${k}`, v);
    else await fill(el, `r-${k}`, v);
  }
}

async function send(el: LuukkuVenueMap): Promise<void> {
  $<HTMLButtonElement>(el, '[part~="form"] button[type="submit"]')!.click();
  // A network failure is retried (safe: the request carries an Idempotency-Key) before it shows.
  await waitUntil(() => $(el, '[part~="outcome"], [part~="error-summary"]'), 'no outcome', { timeout: 8000 });
  await el.updateComplete;
}

/** Filter and sort changes reach the URL 200 ms after the last one (a selection at once). */
const urlSettled = (): Promise<void> => new Promise((r) => setTimeout(r, 260));

const mapDownloaded = (): boolean => performance.getEntriesByType('resource').some((r) => /maplibre|map-view/.test(r.name));

describe('<luukku-venue-map>', () => {
  beforeEach(() => {
    api = mockVenueApi();
  });
  afterEach(() => {
    api.restore();
    mounted.splice(0).forEach((el) => el.remove());
    history.replaceState(null, '', startUrl);
  });

  it('loading: a status panel, accessible', async () => {
    api.set('list', () => 'hang');
    const el = await mount({}, { wait: 'loading' });
    expect(text(el, '[part~="status"]')).to.contain('Ladataan');
    await expectAccessible(el, 'loading');
  });

  it('list only: a real table, sortable; a user who stays in the list never downloads the map', async () => {
    const el = await mount();
    expect($$(el, 'table.venues thead th[scope="col"]')).to.have.length(7);
    expect(rows(el)[0]).to.equal('Harjun laululava');
    const capacity = $$(el, 'th .sort')[2]!;
    capacity.click();
    await el.updateComplete;
    expect(capacity.closest('th')!.getAttribute('aria-sort')).to.equal('ascending');
    expect(rows(el)[0]).to.equal('Kulttuuritalon sali');
    capacity.click();
    await el.updateComplete;
    expect(capacity.closest('th')!.getAttribute('aria-sort')).to.equal('descending');
    expect(rows(el)[0]).to.equal('Keskuskenttä');
    await urlSettled();
    expect(location.search).to.contain('vm.sort=capacity').and.contain('vm.desc=1');
    await new Promise((r) => setTimeout(r, 300));
    expect(el.mapLoaded).to.equal(false);
    expect(mapDownloaded(), 'maplibre or the map chunk was fetched').to.equal(false);
    expect(text(el, '.map-placeholder')).to.contain('Kartta latautuu');
    await expectAccessible(el, 'list only');
    // Narrow: the table scrolls in a focusable region, with shadows at the edges that have more
    // (covers that scroll with the rows over shadows that stay), so a cut column does not look like the end.
    el.style.width = '320px';
    const wrap = $(el, '.table-wrap')!;
    expect(wrap.scrollWidth).to.be.greaterThan(wrap.clientWidth);
    expect(wrap.tabIndex).to.equal(0);
    const bg = getComputedStyle(wrap);
    expect(bg.backgroundAttachment).to.equal('local, local, scroll, scroll');
    expect(bg.backgroundImage.match(/radial-gradient/g)).to.have.length(2);
    el.style.width = '';
  });

  it('filters apply to the list, stay in the URL and come back from it; no results offers to clear', async () => {
    const el = await mount();
    await fill(el, 'f-cap', '4000');
    expect(rows(el)).to.have.members(['Rantapuisto', 'Keskuskenttä', 'Harjun laululava']);
    $$<HTMLInputElement>(el, '[part~="filters"] input[type="checkbox"]')[3]!.click(); // step-free
    await el.updateComplete;
    expect(rows(el)).to.have.members(['Rantapuisto', 'Keskuskenttä']);
    await urlSettled();
    expect(location.search).to.contain('vm.cap=4000').and.contain('vm.acc=stepFree');
    // Dates: the market square is taken on 21–22 May.
    await fill(el, 'f-cap', '');
    await fillDate(el, 'f-from', '2027-05-21');
    expect(rows(el)).to.not.include('Kauppatori');
    // A URL with filters restores them.
    mounted.splice(0).forEach((m) => m.remove());
    history.replaceState(null, '', `${startUrl}?vm.type=beach&vm.fac=electricity`);
    const again = await mount();
    expect(rows(again)).to.deep.equal([]);
    expect(text(again, '[part~="list"] .panel')).to.contain('Yksikään paikka');
    await expectAccessible(again, 'filters with no results');
    $<HTMLButtonElement>(again, '[part~="list"] .panel button')!.click();
    await again.updateComplete;
    expect(rows(again).length).to.equal(8);
  });

  it('card: facts, photos with alt text, terms, contact, and conflicts from overlays on the chosen dates', async () => {
    const el = await mount();
    $$<HTMLButtonElement>(el, '.venue-link')
      .find((b) => b.textContent.includes('Kauppatori'))!
      .click();
    await el.updateComplete;
    expect(el.selected).to.equal('kauppatori');
    expect(el.shadowRoot!.activeElement?.id).to.equal('card-heading');
    expect(text(el, '[part~="card"] .facts')).to.contain('Sähkö').and.contain('Esteetön kulku');
    // The list answer has no terms, photos or contact: the card fetches them for itself.
    await waitUntil(() => $(el, '[part~="card"] img'), 'the card’s details never came');
    expect(api.calls).to.include('GET /v1/venues/kauppatori');
    expect($(el, '[part~="details-status"]')).to.equal(null);
    expect(text(el, '[part~="card"]')).to.contain('tapahtumapaikat@esimerkkikaupunki.example');
    expect($(el, 'tr.selected .venue-link')!.getAttribute('aria-current')).to.equal('true');
    expect(location.search).to.contain('vm.venue=kauppatori');
    await fillDate(el, 'r-startDate', '2027-06-12');
    await fillDate(el, 'r-endDate', '2027-06-12');
    expect(text(el, '[part~="conflicts"]')).to.contain('Kesämarkkinat').and.contain('Torikadun');
    await expectAccessible(el, 'card');
  });

  it('card details: a status while they load; a failed fetch says so with a retry while the facts, calendar and form work; the retry brings them', async () => {
    let release: (() => void) | undefined;
    const held = new Promise<void>((r) => (release = r));
    // Held until the loading state is checked, then 503 on every attempt (the client retries).
    api.set('venue', () => held.then(() => problem(503, 'database_unavailable')));
    const el = await mount();
    el.select('kauppatori');
    await el.updateComplete;
    expect(text(el, '[part~="details-status"]')).to.equal('Ladataan paikan ehtoja, kuvia ja yhteystietoja…');
    expect($(el, '[part~="details-status"]')!.getAttribute('role')).to.equal('status');
    expect(text(el, '[part~="card"] .facts')).to.contain('Sähkö');
    await expectAccessible(el, 'card details loading');
    release!();
    // The shared client retries a 503 before it gives up.
    await waitUntil(() => $(el, '[part~="details-status"] button'), 'no retry offered', { timeout: 8000 });
    expect(text(el, '[part~="details-status"]')).to.contain('Ehtoja, kuvia ja yhteystietoja ei saatu ladattua');
    expect($(el, '[part~="card"] img')).to.equal(null);
    // The rest of the card does not depend on the details.
    expect($(el, '[part~="card"] [role="grid"]')).to.not.equal(null);
    await fillForm(el);
    expect($<HTMLInputElement>(el, '#r-name')!.value).to.equal('Maija');
    await expectAccessible(el, 'card details error');
    api.set('venue', (url) => {
      const v = venuesFor().find((x) => x.id === url.pathname.split('/')[3]);
      return new Response(JSON.stringify(v), { headers: { 'content-type': 'application/json' } });
    });
    $<HTMLButtonElement>(el, '[part~="details-status"] button')!.click();
    await waitUntil(() => $(el, '[part~="card"] img'), 'the retry brought no details');
    expect(el.shadowRoot!.activeElement?.id).to.equal('card-heading');
    expect(text(el, '[part~="card"]')).to.contain('tapahtumapaikat@esimerkkikaupunki.example');
    expect($<HTMLInputElement>(el, '#r-name')!.value, 'what was typed').to.equal('Maija');
  });

  it('card details in Swedish, fetched once per venue', async () => {
    const el = await mount({ lang: 'sv' });
    el.select('kauppatori');
    await waitUntil(() => $(el, '[part~="card"] img'), 'no details');
    expect(text(el, '[part~="card"]')).to.contain('Ägarens villkor');
    el.select('');
    await el.updateComplete;
    el.select('kauppatori');
    await el.updateComplete;
    expect($(el, '[part~="card"] img')).to.not.equal(null);
    expect(api.calls.filter((c) => c === 'GET /v1/venues/kauppatori')).to.have.length(1);
  });

  it('dates in Northern Sámi go through Finnish (Chromium has no Sámi date data), not US month-first; English is day-first', async () => {
    history.replaceState(null, '', `${startUrl}?vm.venue=kauppatori`);
    const el = await mount({ lang: 'se' });
    const ranges = $$(el, '.overlay-list li').map((li) => li.textContent.replace(/\s+/g, ' '));
    expect(ranges.length).to.be.greaterThan(0);
    for (const r of ranges)
      expect(r)
        .to.match(/\d{1,2}\.\d{1,2}\.20\d\d/)
        .and.not.match(/\d\/\d/);
    expect(text(el, '#cal-month')).to.match(/toukokuu 2027/i);
    el.setAttribute('lang', 'en');
    await waitUntil(() => /May 2027/.test(text(el, '#cal-month')), 'no English month');
    for (const li of $$(el, '.overlay-list li')) expect(li.textContent).to.match(/\d{2}\/\d{2}\/20\d\d/);
  });

  it('calendar: an APG grid — arrows, Page Up/Down, Home/End, Enter picks; every day says its status in text', async () => {
    history.replaceState(null, '', `${startUrl}?vm.venue=kauppatori`);
    const el = await mount();
    const cell = (d: string) => $(el, `td[data-date="${d}"]`)!;
    expect(cell('2027-05-14').textContent).to.contain('alustavasti varattu');
    expect(cell('2027-05-21').textContent).to.contain('varattu');
    expect(cell('2027-05-27').textContent).to.contain('suljettu');
    expect(cell('2027-05-04').textContent).to.contain('vapaa');
    expect(cell('2027-05-02').getAttribute('aria-disabled')).to.equal('true');
    cell('2027-05-03').focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-date')).to.equal('2027-05-04');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-date')).to.equal('2027-05-11');
    await sendKeys({ press: 'PageDown' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-date')).to.equal('2027-06-11');
    expect(text(el, '#cal-month')).to.match(/kesäkuu/i);
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-date')).to.equal('2027-06-07');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(dateValue(el, 'r-startDate')).to.equal('7.6.2027');
    expect(dateValue(el, 'r-endDate')).to.equal('13.6.2027');
    expect(cell('2027-06-09').getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'PageUp' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-date')).to.equal('2027-05-13');
    await expectAccessible(el, 'calendar');
  });

  it('validation: localised messages next to the fields and in a summary; nothing typed is lost', async () => {
    history.replaceState(null, '', `${startUrl}?vm.venue=kauppatori`);
    const el = await mount();
    await fillForm(el, { email: 'not-an-email', startDate: '2027-06-12', endDate: '2027-06-10', attendance: '' });
    $<HTMLButtonElement>(el, '[part~="form"] button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="error-summary"]'));
    expect(el.shadowRoot!.activeElement?.id).to.equal('error-summary-title');
    expect(text(el, '[part~="error-summary"]')).to.contain('Sähköposti').and.contain('Viimeinen päivä ei voi olla');
    expect($(el, '#r-email')!.getAttribute('aria-invalid')).to.equal('true');
    expect($<HTMLInputElement>(el, '#r-name')!.value).to.equal('Maija');
    expect($<HTMLInputElement>(el, '#r-email')!.value).to.equal('not-an-email');
    expect(api.calls.some((c) => c.startsWith('POST'))).to.equal(false);
    // The server's verdict on a past day lands at the field too.
    await fillForm(el, { startDate: '2027-05-01', endDate: '2027-05-01' });
    await send(el);
    expect(text(el, '[part~="form"]')).to.contain('Päivä on jo mennyt');
  });

  it('validation: text the server would refuse (a NUL, a lone surrogate, too long) says why at once, in every field at the same time, and keeps it', async () => {
    history.replaceState(null, '', `${startUrl}?vm.venue=kauppatori`);
    const el = await mount({ lang: 'en' });
    const long = 'x'.repeat(201);
    await fillForm(el, { name: 'Maija\u0000 😀', organisation: long, eventName: 'Konsertti \uD800' });
    $<HTMLButtonElement>(el, '[part~="form"] button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="error-summary"]'));
    expect(text(el, '#r-name-error')).to.contain('a character that cannot be saved');
    expect(text(el, '#r-eventName-error')).to.contain('a character that cannot be saved');
    expect(text(el, '#r-organisation-error')).to.contain('at most 200 characters');
    expect($<HTMLInputElement>(el, '#r-organisation')!.value).to.equal(long);
    expect($<HTMLInputElement>(el, '#r-name')!.value).to.equal('Maija\u0000 😀');
    expect(api.calls.some((c) => c.startsWith('POST'))).to.equal(false);
    await expectAccessible(el, 'text the server would refuse');
    // Corrected, it goes.
    await fillForm(el, { name: 'Maija 😀', organisation: 'Yhdistys ry', eventName: 'Konsertti' });
    $<HTMLButtonElement>(el, '[part~="form"] button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="outcome"]'), 'not sent', { timeout: 8000 });
  });

  it('hold sent, then queued for the same days, then promoted when the first lapses', async () => {
    history.replaceState(null, '', `${startUrl}?vm.venue=kauppatori`);
    const el = await mount();
    await fillForm(el);
    await send(el);
    expect(text(el, '[part~="outcome"]')).to.contain('Alustava varaus on tehty');
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.contain('outcome');
    expect(api.bodies.at(-1)).to.include({ name: 'Maija', email: 'maija@example.org', attendance: 300, startDate: '2027-06-10' });
    await expectAccessible(el, 'hold sent');
    $$<HTMLButtonElement>(el, '[part~="outcome"] button').at(-1)!.click(); // another reservation
    await el.updateComplete;
    await fillForm(el, { name: 'Toinen' });
    await send(el);
    expect(text(el, '[part~="outcome"]')).to.contain('Olet jonossa').and.contain('sijalla 1');
    await expectAccessible(el, 'queued');
    api.promoteFirst('kauppatori');
    $$<HTMLButtonElement>(el, '[part~="outcome"] button')[0]!.click(); // check my place
    await waitUntil(() => text(el, '[part~="outcome"]').includes('Vuorosi tuli'));
    await expectAccessible(el, 'promoted');
    $$<HTMLButtonElement>(el, '[part~="outcome"] button')
      .find((b) => b.textContent.includes('Peru varaus'))!
      .click();
    await waitUntil(() => text(el, '[part~="outcome"]').includes('peruttu'));
  });

  it('error: a failed send says so, keeps the form as typed, and can be sent again', async () => {
    history.replaceState(null, '', `${startUrl}?vm.venue=kauppatori`);
    api.set('reserve', () => 'network-error');
    const el = await mount();
    await fillForm(el);
    await send(el);
    expect(text(el, '[part~="outcome"]')).to.contain('Yhteys ei toiminut');
    expect($<HTMLInputElement>(el, '#r-eventName')!.value).to.equal('Konsertti');
    await expectAccessible(el, 'error');
    // One Idempotency-Key per attempt: the client's retries and a resend of the same details share it
    // (a lost answer cannot become a second hold); changed details are a new attempt with a new key.
    expect(api.keys.length).to.equal(3);
    expect(new Set(api.keys).size).to.equal(1);
    expect(api.keys[0]).to.match(/^[A-Za-z0-9_-]{16,64}$/);
    const resend = async (n: number) => {
      $<HTMLButtonElement>(el, '[part~="form"] button[type="submit"]')!.click();
      await waitUntil(() => api.keys.length === n, `${n} reservation requests`, { timeout: 8000 });
      await waitUntil(
        () => text(el, '[part~="outcome"]').includes('Yhteys ei toiminut') && !el.shadowRoot!.querySelector('[aria-disabled="true"]'),
      );
    };
    await resend(6);
    expect(new Set(api.keys).size).to.equal(1);
    await fill(el, 'r-attendance', '301');
    await resend(9);
    expect(new Set(api.keys).size).to.equal(2);
    expect(new Set(api.keys.slice(6)).size).to.equal(1);
    expect($<HTMLInputElement>(el, '#r-attendance')!.value).to.equal('301');
  });

  it('a notice’s cancel link opens the card with that reservation', async () => {
    history.replaceState(null, '', `${startUrl}?vm.venue=kauppatori`);
    const el = await mount();
    await fillForm(el);
    await send(el);
    const token = api.reservations[0]!.token;
    mounted.splice(0).forEach((m) => m.remove());
    history.replaceState(null, '', `${startUrl}?venue-cancel=${token}`);
    const again = await mount();
    await waitUntil(() => again.selected === 'kauppatori');
    await again.updateComplete;
    expect(text(again, '[part~="outcome"]')).to.contain('Alustava varaus on tehty');
  });

  it('filter dates are the shared day / month / year fields: a whole day filters, a wrong one says so in the page’s language and keeps the last good filter', async () => {
    const el = await mount();
    const group = $(el, '[part~="filters"] fieldset.date-fields')!;
    expect(group.querySelector('legend')!.textContent).to.contain('Ensimmäinen päivä');
    expect($$(el, '#f-from-day, #f-from-month, #f-from-year').map((i) => i.getAttribute('inputmode'))).to.deep.equal([
      'numeric',
      'numeric',
      'numeric',
    ]);
    expect($(el, 'input[type="date"]'), 'no native date input is left').to.equal(null);
    await fillDate(el, 'f-from', '2027-05-21');
    expect(rows(el)).to.not.include('Kauppatori');
    await urlSettled();
    expect(location.search).to.contain('vm.from=2027-05-21');
    // 31 February is no day: the filter stays at 21 May, the message shows once focus leaves the fields.
    await fillDate(el, 'f-from', '', { day: '31', month: '2', year: '2028' });
    expect($(el, '#f-from-error')).to.equal(null);
    $<HTMLInputElement>(el, '#f-from-year')!.focus();
    $<HTMLInputElement>(el, '#f-cap')!.focus();
    await el.updateComplete;
    expect(text(el, '#f-from-error')).to.contain('Päivämäärää ei ole');
    expect($(el, '#f-from-day')!.getAttribute('aria-invalid')).to.equal('true');
    expect(group.getAttribute('aria-describedby')).to.contain('f-from-error');
    expect(dateValue(el, 'f-from')).to.equal('31.2.2028');
    expect(location.search).to.contain('vm.from=2027-05-21');
    expect(rows(el)).to.not.include('Kauppatori');
    await expectAccessible(el, 'filter date error');
    // A missing month, and a last day before the first.
    await fillDate(el, 'f-from', '', { day: '3', month: '', year: '2027' });
    $<HTMLInputElement>(el, '#f-from-day')!.focus();
    $<HTMLInputElement>(el, '#f-cap')!.focus();
    await el.updateComplete;
    expect(text(el, '#f-from-error')).to.contain('kuukausi');
    await fillDate(el, 'f-from', '2027-06-10');
    expect($(el, '#f-from-error')).to.equal(null);
    await fillDate(el, 'f-to', '2027-06-01');
    $<HTMLInputElement>(el, '#f-to-day')!.focus();
    $<HTMLInputElement>(el, '#f-cap')!.focus();
    await el.updateComplete;
    expect(text(el, '#f-to-error')).to.contain('Viimeinen päivä ei voi olla ennen ensimmäistä');
    await urlSettled();
    expect(location.search).to.not.contain('vm.to=');
    // Emptying the fields clears the filter; "clear filters" empties them.
    await fillDate(el, 'f-to', '');
    expect($(el, '#f-to-error')).to.equal(null);
    $$<HTMLButtonElement>(el, '[part~="filters"] > button').at(-1)!.click();
    await el.updateComplete;
    expect(dateValue(el, 'f-from')).to.equal('..');
    await urlSettled();
    expect(location.search).to.not.contain('vm.from');
    // A URL's dates fill the fields.
    mounted.splice(0).forEach((m) => m.remove());
    history.replaceState(null, '', `${startUrl}?vm.from=2027-05-21&vm.to=2027-05-22`);
    const again = await mount();
    expect(dateValue(again, 'f-from')).to.equal('21.5.2027');
    expect(dateValue(again, 'f-to')).to.equal('22.5.2027');
    expect(rows(again)).to.not.include('Kauppatori');
  });

  it('reservation dates are day / month / year fields; their problems are localised, in the summary, and link to the day field', async () => {
    history.replaceState(null, '', `${startUrl}?vm.from=2027-06-10&vm.to=2027-06-11`);
    const el = await mount();
    $$<HTMLButtonElement>(el, '.venue-link')
      .find((b) => b.textContent.includes('Kauppatori'))!
      .click();
    await el.updateComplete;
    // The filter's dates are copied into the reservation.
    expect(dateValue(el, 'r-startDate')).to.equal('10.6.2027');
    expect(dateValue(el, 'r-endDate')).to.equal('11.6.2027');
    await fillForm(el);
    await fillDate(el, 'r-startDate', '', { day: '12', month: '', year: '2027' });
    await fillDate(el, 'r-endDate', '', { day: '30', month: '2', year: '2027' });
    $<HTMLButtonElement>(el, '[part~="form"] button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="error-summary"]'));
    expect(text(el, '#r-startDate-error')).to.contain('kuukausi');
    expect(text(el, '#r-endDate-error')).to.contain('Päivämäärää ei ole');
    expect(api.calls.some((c) => c.startsWith('POST'))).to.equal(false);
    expect(dateValue(el, 'r-startDate')).to.equal('12..2027');
    const link = $$<HTMLAnchorElement>(el, '[part~="error-summary"] a')[0]!;
    expect(link.getAttribute('href')).to.equal('#r-startDate-day');
    link.click();
    expect(el.shadowRoot!.activeElement?.id).to.equal('r-startDate-day');
    await expectAccessible(el, 'reservation date errors');
    // A whole day moves the calendar to its month.
    await fillDate(el, 'r-startDate', '2027-08-03');
    expect($(el, 'td[data-date="2027-08-03"]')).to.not.equal(null);
  });

  it('a card opened from the URL gets the filter’s dates in the reservation, as a click does', async () => {
    history.replaceState(null, '', `${startUrl}?vm.from=2027-06-10&vm.to=2027-06-11&vm.venue=kauppatori`);
    const el = await mount();
    expect(text(el, '[part~="card"]')).to.contain('Kauppatori');
    expect(dateValue(el, 'r-startDate')).to.equal('10.6.2027');
    expect(dateValue(el, 'r-endDate')).to.equal('11.6.2027');
    // The calendar opens at the reservation's month with its days picked.
    expect($(el, 'td[data-date="2027-06-10"]')!.getAttribute('aria-selected')).to.equal('true');
    expect($(el, 'td[data-date="2027-06-11"]')!.getAttribute('aria-selected')).to.equal('true');
    // A filter with a first day only: the reservation is that one day.
    mounted.splice(0).forEach((m) => m.remove());
    history.replaceState(null, '', `${startUrl}?vm.from=2027-06-12&vm.venue=kauppatori`);
    const again = await mount();
    expect(dateValue(again, 'r-startDate')).to.equal('12.6.2027');
    expect(dateValue(again, 'r-endDate')).to.equal('12.6.2027');
  });

  it('date messages in Swedish', async () => {
    history.replaceState(null, '', `${startUrl}?vm.venue=kauppatori`);
    const el = await mount({ lang: 'sv' });
    await fillDate(el, 'r-startDate', '', { day: '31', month: '4', year: '2027' });
    $<HTMLButtonElement>(el, '[part~="form"] button[type="submit"]')!.click();
    await waitUntil(() => $(el, '[part~="error-summary"]'));
    expect($<HTMLInputElement>(el, '#r-startDate-day')!.labels![0]!.textContent).to.contain('Dag');
    expect(text(el, '#r-startDate-error')).to.contain('Datumet finns inte');
    // The format's example is a day to come (a fixed one went past), written as it is typed.
    const [d, m, y] = /Till exempel (\d+) (\d+) (\d{4})/.exec(text(el, '#r-startDate-hint'))!.slice(1).map(Number) as [
      number,
      number,
      number,
    ];
    expect(new Date(y, m - 1, d).getTime()).to.be.greaterThan(Date.now());
    await expectAccessible(el, 'date error in Swedish');
  });

  it('10,000 venues: 50 rows a page with aria-rowcount / aria-rowindex, a keyboard pager, filters back to page 1, numeric sort, one URL write per pause', async () => {
    api.setVenues(manyVenues(10_000));
    const el = await mount();
    const table = $(el, 'table.venues')!;
    expect(table.getAttribute('aria-rowcount')).to.equal('10001');
    expect($$(el, 'tbody tr')).to.have.length(50);
    expect($(el, 'thead tr')!.getAttribute('aria-rowindex')).to.equal('1');
    expect(
      $$(el, 'tbody tr')
        .map((r) => r.getAttribute('aria-rowindex'))
        .slice(0, 2),
    ).to.deep.equal(['2', '3']);
    expect(
      $$<HTMLButtonElement>(el, '[part~="list"] button').some((b) => /Näytä lisää/.test(b.textContent)),
      'no "show more"',
    ).to.equal(false);
    const pager = $(el, 'nav.pager')!;
    expect(pager.getAttribute('aria-label')).to.equal('Paikkalistan sivut');
    const [prev, next] = [...pager.querySelectorAll<HTMLButtonElement>('button')] as [HTMLButtonElement, HTMLButtonElement];
    expect(prev.getAttribute('aria-disabled')).to.equal('true');
    expect(text(el, '.pager-status')).to.match(/Rivit 1–50 \/ 10\s000, sivu 1 \/ 200/);
    // By keyboard: Tab to "next", Enter, the next 50 rows; focus stays on the button.
    next.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(next);
    expect($$(el, 'tbody tr')[0]!.getAttribute('aria-rowindex')).to.equal('52');
    expect(text(el, '.pager-status')).to.contain('sivu 2 / 200');
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(text(el, '.pager-status')).to.contain('sivu 3 / 200');
    prev.click();
    await el.updateComplete;
    expect(text(el, '.pager-status')).to.contain('sivu 2 / 200');
    await expectAccessible(el, 'paged list');
    // Numeric sort: capacity ascending, across pages.
    const capacity = $$(el, 'th .sort')[2]!;
    capacity.click();
    await el.updateComplete;
    expect(text(el, '.pager-status')).to.contain('sivu 1 / 200');
    const caps = $$(el, 'tbody tr').map((r) => Number(r.querySelectorAll('td')[1]!.textContent.replace(/\D/g, '')));
    expect(caps).to.deep.equal([...caps].sort((a, b) => a - b));
    // Names with numbers sort as numbers ("… 2" before "… 10").
    $$(el, 'th .sort')[0]!.click();
    await el.updateComplete;
    const names = rows(el);
    expect(names.indexOf('Harjun laululava 6')).to.be.lessThan(names.indexOf('Harjun laululava 14'));
    // A filter goes back to page 1 and counts pages again; the URL is written once typing pauses.
    next.click();
    await el.updateComplete;
    const writes: string[] = [];
    const replace = history.replaceState.bind(history);
    history.replaceState = (data: unknown, unused: string, url?: string | URL | null) => {
      writes.push(String(url));
      replace(data, unused, url);
    };
    try {
      for (const v of ['1', '10', '100', '1000', '8000']) await fill(el, 'f-cap', v);
      expect(text(el, '.pager-status')).to.contain('sivu 1 /');
      expect(writes).to.deep.equal([]);
      await urlSettled();
      expect(writes).to.have.length(1);
      expect(writes[0]).to.contain('vm.cap=8000');
    } finally {
      history.replaceState = replace;
    }
    // Selecting a venue on a later page (as the map does) shows its page.
    const far = manyVenues(10_000)
      .filter((v) => v.facts.capacity >= 8000)
      .at(-1)!;
    el.select(far.id, { focus: false });
    await el.updateComplete;
    expect($(el, 'tr.selected')!.getAttribute('data-venue')).to.equal(far.id);
  });

  it('in Swedish', async () => {
    const el = await mount({ lang: 'sv' });
    expect(text(el, '[part~="heading"]')).to.equal('Evenemangsplatser och deras bokningsläge');
    expect(rows(el)).to.include('Salutorget');
  });
});
