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
import { API, mockVenueApi } from '../fixtures/fake-api/venues.js';

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
  await waitUntil(() => $(el, '[part~="heading"]')?.textContent.trim(), 'texts did not load');
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
  for (const [k, v] of Object.entries(values)) await fill(el, `r-${k}`, v);
}

async function send(el: LuukkuVenueMap): Promise<void> {
  $<HTMLButtonElement>(el, '[part~="form"] button[type="submit"]')!.click();
  // A network failure is retried (safe: the request carries an Idempotency-Key) before it shows.
  await waitUntil(() => $(el, '[part~="outcome"], [part~="error-summary"]'), 'no outcome', { timeout: 8000 });
  await el.updateComplete;
}

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
    expect(location.search).to.contain('vm.sort=capacity').and.contain('vm.desc=1');
    await new Promise((r) => setTimeout(r, 300));
    expect(el.mapLoaded).to.equal(false);
    expect(mapDownloaded(), 'maplibre or the map chunk was fetched').to.equal(false);
    expect(text(el, '.map-placeholder')).to.contain('Kartta latautuu');
    await expectAccessible(el, 'list only');
  });

  it('filters apply to the list, stay in the URL and come back from it; no results offers to clear', async () => {
    const el = await mount();
    await fill(el, 'f-cap', '4000');
    expect(rows(el)).to.have.members(['Rantapuisto', 'Keskuskenttä', 'Harjun laululava']);
    $$<HTMLInputElement>(el, '[part~="filters"] input[type="checkbox"]')[3]!.click(); // step-free
    await el.updateComplete;
    expect(rows(el)).to.have.members(['Rantapuisto', 'Keskuskenttä']);
    expect(location.search).to.contain('vm.cap=4000').and.contain('vm.acc=stepFree');
    // Dates: the market square is taken on 21–22 May.
    await fill(el, 'f-cap', '');
    await fill(el, 'f-from', '2027-05-21');
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
    expect($<HTMLImageElement>(el, '[part~="card"] img')!.alt).to.contain('Kiveyksellä');
    expect(text(el, '[part~="card"]')).to.contain('tapahtumapaikat@esimerkkikaupunki.example');
    expect($(el, 'tr.selected .venue-link')!.getAttribute('aria-current')).to.equal('true');
    expect(location.search).to.contain('vm.venue=kauppatori');
    await fill(el, 'r-startDate', '2027-06-12');
    await fill(el, 'r-endDate', '2027-06-12');
    expect(text(el, '[part~="conflicts"]')).to.contain('Kesämarkkinat').and.contain('Torikadun');
    await expectAccessible(el, 'card');
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
    expect($<HTMLInputElement>(el, '#r-startDate')!.value).to.equal('2027-06-07');
    expect($<HTMLInputElement>(el, '#r-endDate')!.value).to.equal('2027-06-13');
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

  it('in Swedish', async () => {
    const el = await mount({ lang: 'sv' });
    expect(text(el, '[part~="heading"]')).to.equal('Evenemangsplatser och deras bokningsläge');
    expect(rows(el)).to.include('Salutorget');
  });
});
