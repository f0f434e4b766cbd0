/**
 * The officials' view of <luukku-venue-map staff> in Chromium, keyboard only (focus moves by Tab
 * or lands on a field; text is typed and buttons pressed with keys), axe (WCAG 2.2 AA +
 * target-size) in every state: sign-in, loading, empty, holds + queue, confirm, reject (the queue
 * moves on), block dates, edit facts, validation errors (nothing typed lost), conflict / stale
 * (the list is reloaded), error and offline.
 */
import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { expectAccessible } from './helpers/axe.js';
import '../../src/widgets/venue-map/define.js';
import type { LuukkuVenueMap } from '../../src/widgets/venue-map/venue-map.js';
import { API, mockVenueApi } from '../fixtures/fake-api/venues.js';
import { mockVenueStaffApi, STAFF_KEY } from '../fixtures/fake-api/venue-staff.js';

const mounted: HTMLElement[] = [];
let venues: ReturnType<typeof mockVenueApi>;
let staff: ReturnType<typeof mockVenueStaffApi>;

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- typed query helper, like querySelector<T>
const $ = <T extends Element = HTMLElement>(el: LuukkuVenueMap, s: string): T | null => el.shadowRoot!.querySelector<T>(s);
const $$ = <T extends Element = HTMLElement>(el: LuukkuVenueMap, s: string): T[] => [...el.shadowRoot!.querySelectorAll<T>(s)];
const text = (el: LuukkuVenueMap, s: string): string => $(el, s)?.textContent.replace(/\s+/g, ' ').trim() ?? '';
const staffSection = (el: LuukkuVenueMap): HTMLElement => $(el, '[part~="staff"]')!;
const message = (el: LuukkuVenueMap): string => text(el, '[part~="staff-message"]');
const rows = (el: LuukkuVenueMap): string[][] =>
  $$(el, '.staff-table tbody tr').map((tr) =>
    [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent.replace(/\s+/g, ' ').trim()),
  );
const active = (el: LuukkuVenueMap): Element | null => el.shadowRoot!.activeElement;

async function mount(lang = 'en'): Promise<LuukkuVenueMap> {
  const el = document.createElement('luukku-venue-map');
  el.setAttribute('organisation', 'demo-kaupunki');
  el.setAttribute('api', API);
  el.setAttribute('lang', lang);
  el.setAttribute('no-map', '');
  el.setAttribute('staff', '');
  document.body.append(el);
  mounted.push(el);
  await waitUntil(() => $(el, '#staff-heading'), 'the staff view did not load', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

/** Focuses a field, selects what it holds and types `value` with the keyboard. */
async function type(el: LuukkuVenueMap, selector: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(el, selector)!;
  input.focus();
  input.select();
  if (value) await sendKeys({ type: value });
  else await sendKeys({ press: 'Backspace' });
  await el.updateComplete;
}
async function press(key: string, el: LuukkuVenueMap): Promise<void> {
  await sendKeys({ press: key });
  await el.updateComplete;
}
/** Focuses a button (by its text within `scope`) and presses Enter. */
async function activate(el: LuukkuVenueMap, scope: string, label: RegExp): Promise<void> {
  const button = $$<HTMLButtonElement>(el, `${scope} button`).find((b) => label.test(b.textContent));
  if (!button) throw new Error(`no button ${String(label)} in ${scope}`);
  button.focus();
  await press('Enter', el);
}
/** Picks an option of a <select> with the arrow keys. */
async function choose(el: LuukkuVenueMap, selector: string, optionText: RegExp): Promise<void> {
  const select = $<HTMLSelectElement>(el, selector)!;
  select.focus();
  for (let i = 0; i < select.options.length && !optionText.test(select.selectedOptions[0]?.textContent ?? ''); i++)
    await press('ArrowDown', el);
  expect(select.selectedOptions[0]?.textContent).to.match(optionText);
}

/** Signs in with the key: typed, then Tab to the load button and Enter. */
async function signIn(el: LuukkuVenueMap, key = STAFF_KEY): Promise<void> {
  await type(el, '#f-staffKey', key);
  await press('Tab', el);
  expect(active(el)?.getAttribute('type')).to.equal('submit', 'Tab from the key reaches the load button');
  await press('Enter', el);
  await waitUntil(() => !staffSection(el).querySelector('.staff-status p') && (message(el) || $(el, '.staff-table')), 'no answer', {
    timeout: 8000,
  });
  await el.updateComplete;
}

describe('<luukku-venue-map staff>', () => {
  beforeEach(() => {
    venues = mockVenueApi();
    staff = mockVenueStaffApi();
  });
  afterEach(() => {
    staff.restore();
    venues.restore();
    mounted.splice(0).forEach((el) => el.remove());
  });

  it('sign-in: the key field and the load button, reachable by Tab; a missing key is a field error', async () => {
    const el = await mount();
    expect(text(el, '#staff-heading')).to.equal('Venue reservations (staff)');
    expect($<HTMLInputElement>(el, '#f-staffKey')!.type).to.equal('password');
    expect($<HTMLInputElement>(el, '#f-staffKey')!.autocomplete).to.equal('off');
    await expectAccessible(el, 'sign-in');
    $<HTMLInputElement>(el, '#f-staffKey')!.focus();
    await press('Enter', el);
    expect(text(el, '#f-staffKey-error')).to.contain('Enter the staff key.');
    expect($(el, '#f-staffKey')!.getAttribute('aria-invalid')).to.equal('true');
    expect(staff.calls).to.deep.equal([]);
    await expectAccessible(el, 'sign-in, key missing');
    // A wrong key: the server's answer, in words.
    await signIn(el, 'wrong-key-0123456789');
    expect(message(el)).to.match(/staff key is not valid/i);
    expect($(el, '[part~="staff-message"]')!.getAttribute('role')).to.equal('alert');
    expect($<HTMLInputElement>(el, '#f-staffKey')!.value).to.equal('wrong-key-0123456789', 'what was typed is kept');
    await expectAccessible(el, 'sign-in, wrong key');
  });

  it('loading: a status line while the list comes', async () => {
    let answer!: (r: Response) => void;
    staff.set('staffList', () => new Promise<Response>((r) => (answer = r)));
    const el = await mount();
    await type(el, '#f-staffKey', STAFF_KEY);
    await press('Enter', el);
    await waitUntil(() => text(el, '.staff-status'), 'no loading status');
    expect(text(el, '.staff-status')).to.equal('Loading reservations…');
    expect($(el, '.staff-status')!.getAttribute('role')).to.equal('status');
    await expectAccessible(el, 'loading');
    answer(new Response(JSON.stringify({ organisation: 'demo-kaupunki', items: [] }), { headers: { 'content-type': 'application/json' } }));
    await waitUntil(() => !text(el, '.staff-status'), 'still loading');
  });

  it('empty: no reservations says so', async () => {
    staff.items.splice(0);
    const el = await mount();
    await signIn(el);
    expect(text(el, '[part~="staff"]')).to.contain('No active reservations and no queue.');
    expect($(el, '.staff-table')).to.equal(null);
    await expectAccessible(el, 'empty');
  });

  it('holds + queue: a table with the queue in order and positions; confirming a hold with a note books it', async () => {
    const el = await mount();
    await signIn(el);
    expect(rows(el)).to.deep.equal([
      ['Market Square', '10/06/2027 – 11/06/2027', 'Hold'],
      ['Market Square', '10/06/2027', 'Queued (no. 1)'],
      ['Market Square', '11/06/2027', 'Queued (no. 2)'],
      ['Shore Park', '01/07/2027 – 02/07/2027', 'Booked'],
      ['Culture House Hall', '20/06/2027 – 22/06/2027', 'Closed'],
    ]);
    await expectAccessible(el, 'holds and queue');
    await type(el, '#n-r-hold', 'Tervetuloa!');
    await activate(el, 'tr[data-id="r-hold"]', /^Confirm$/);
    await waitUntil(() => message(el), 'no answer');
    expect(message(el)).to.equal('Reservation confirmed.');
    expect(staff.bodies.at(-1)).to.deep.equal({ decision: 'confirm', note: 'Tervetuloa!' });
    await waitUntil(() => rows(el)[0]?.[2] === 'Booked', 'the list was not reloaded');
    expect($(el, 'tr[data-id="r-hold"] button')).to.equal(null, 'a booking has no decision buttons');
    await expectAccessible(el, 'confirmed');
  });

  it('reject: the hold goes, the first in the queue whose dates are free is now the hold', async () => {
    const el = await mount();
    await signIn(el);
    await type(el, '#n-r-hold', 'Päällekkäin toisen tapahtuman kanssa');
    await activate(el, 'tr[data-id="r-hold"]', /^Reject$/);
    await waitUntil(() => /^Reservation rejected/.test(message(el)), 'no answer');
    expect(staff.bodies.at(-1)).to.deep.equal({ decision: 'reject', note: 'Päällekkäin toisen tapahtuman kanssa' });
    await waitUntil(() => !$(el, 'tr[data-id="r-hold"]'), 'the rejected hold is still listed');
    expect(rows(el).slice(0, 2)).to.deep.equal([
      ['Market Square', '10/06/2027', 'Hold'],
      ['Market Square', '11/06/2027', 'Queued (no. 1)'],
    ]);
    await expectAccessible(el, 'rejected');
  });

  it('block dates: venue, day / month / year fields and a note; the block is listed', async () => {
    const el = await mount();
    await signIn(el);
    await choose(el, '#b-venue', /Sandy Beach/);
    await type(el, '#b-start-day', '3');
    await type(el, '#b-start-month', '8');
    await type(el, '#b-start-year', '2027');
    await type(el, '#b-end-day', '5');
    await type(el, '#b-end-month', '8');
    await type(el, '#b-end-year', '2027');
    await type(el, '#b-note', 'Laiturin korjaus');
    await activate(el, 'form[aria-labelledby="block-heading"]', /^Close the dates$/);
    await waitUntil(() => message(el) === 'Dates closed.', `no answer: ${message(el)}`);
    expect(staff.bodies.at(-1)).to.deep.equal({ startDate: '2027-08-03', endDate: '2027-08-05', note: 'Laiturin korjaus' });
    await waitUntil(() => rows(el).some((r) => r[1] === '03/08/2027 – 05/08/2027' && r[2] === 'Closed'), 'the block is not listed');
    expect($<HTMLInputElement>(el, '#b-start-day')!.value).to.equal('', 'the form is cleared after a success');
    await expectAccessible(el, 'blocked');
  });

  it('edit facts: a venue’s capacity, longest stay and facilities', async () => {
    const el = await mount();
    await signIn(el);
    await choose(el, '#e-venue', /Market Square/);
    expect($<HTMLInputElement>(el, '#e-cap')!.value).to.equal('3000');
    await type(el, '#e-cap', '2500');
    await type(el, '#e-stay', '5');
    const toilets = $$<HTMLInputElement>(el, 'form[aria-labelledby="edit-heading"] input[type="checkbox"]').find((c) =>
      /Toilets/.test(c.parentElement!.textContent),
    )!;
    toilets.focus();
    await press('Space', el);
    await activate(el, 'form[aria-labelledby="edit-heading"]', /^Save the facts$/);
    await waitUntil(() => message(el) === 'Facts saved.', `no answer: ${message(el)}`);
    const body = staff.bodies.at(-1)!;
    expect([body.capacity, body.maxStayDays, body.toilets, body.electricity]).to.deep.equal([2500, 5, true, true]);
    await expectAccessible(el, 'facts saved');
  });

  it('validation: missing venue, impossible and reversed dates, a capacity that is not a whole number — at the fields, nothing lost', async () => {
    const el = await mount();
    await signIn(el);
    await type(el, '#b-start-day', '31');
    await type(el, '#b-start-month', '2');
    await type(el, '#b-start-year', '2027');
    await activate(el, 'form[aria-labelledby="block-heading"]', /^Close the dates$/);
    expect(message(el)).to.match(/Fix the marked fields/);
    expect(text(el, '#b-venue-error')).to.contain('Choose a venue.');
    expect(text(el, '#b-start-error')).to.contain('That date does not exist');
    expect($(el, '#b-start-day')!.getAttribute('aria-invalid')).to.equal('true');
    expect($<HTMLInputElement>(el, '#b-start-day')!.value).to.equal('31', 'what was typed is kept');
    await expectAccessible(el, 'block validation');
    await choose(el, '#b-venue', /Sandy Beach/);
    await type(el, '#b-start-day', '10');
    await type(el, '#b-end-day', '9');
    await type(el, '#b-end-month', '2');
    await type(el, '#b-end-year', '2027');
    await activate(el, 'form[aria-labelledby="block-heading"]', /^Close the dates$/);
    expect(text(el, '#b-end-error')).to.contain('The last day cannot be before the first.');
    expect($(el, '#b-venue-error')).to.equal(null);
    // The server's field problem lands at its field too (a past first day).
    await type(el, '#b-start-year', '2026');
    await type(el, '#b-end-year', '2026');
    await type(el, '#b-end-day', '12');
    await activate(el, 'form[aria-labelledby="block-heading"]', /^Close the dates$/);
    await waitUntil(() => $(el, '#b-start-error'), 'no field error from the server');
    expect(text(el, '#b-start-error')).to.match(/day has passed/);
    await expectAccessible(el, 'block, past (server)');
    expect(staff.calls.filter((c) => c.includes('/blocks'))).to.have.length(1, 'only the valid form was sent');

    await choose(el, '#e-venue', /Market Square/);
    await type(el, '#e-cap', 'paljon');
    await type(el, '#e-stay', '400');
    await activate(el, 'form[aria-labelledby="edit-heading"]', /^Save the facts$/);
    expect(text(el, '#e-cap-error')).to.contain('whole number');
    expect(text(el, '#e-stay-error')).to.contain('1 to 366');
    expect($<HTMLInputElement>(el, '#e-cap')!.value).to.equal('paljon');
    expect(staff.calls.filter((c) => c.includes('/facts'))).to.have.length(0);
    await expectAccessible(el, 'facts validation');
  });

  it('conflict / stale: a hold decided elsewhere answers 409, the message says so and the list is reloaded; a block over a hold is 409', async () => {
    const el = await mount();
    await signIn(el);
    staff.decideElsewhere('r-hold', 'booked');
    await activate(el, 'tr[data-id="r-hold"]', /^Reject$/);
    await waitUntil(() => /refreshed/.test(message(el)), `no stale message: ${message(el)}`);
    expect(message(el)).to.equal('The reservation was already decided. The list has been refreshed.');
    await waitUntil(() => rows(el)[0]?.[2] === 'Booked', 'the list was not reloaded');
    await expectAccessible(el, 'stale');
    // Closing days that have a booking: the server's 409.
    await choose(el, '#b-venue', /Shore Park/);
    await type(el, '#b-start-day', '2');
    await type(el, '#b-start-month', '7');
    await type(el, '#b-start-year', '2027');
    await activate(el, 'form[aria-labelledby="block-heading"]', /^Close the dates$/);
    await waitUntil(() => /active reservation/.test(message(el)), `no conflict message: ${message(el)}`);
    expect($<HTMLInputElement>(el, '#b-start-day')!.value).to.equal('2', 'what was typed is kept');
    await expectAccessible(el, 'conflict');
  });

  it('error: the server fails; the message says so and the key is kept', async () => {
    staff.set(
      'staffList',
      () =>
        new Response('{"type":"about:blank","title":"x","status":503,"code":"database_unavailable"}', {
          status: 503,
          headers: { 'content-type': 'application/problem+json' },
        }),
    );
    const el = await mount();
    await signIn(el);
    expect(message(el)).to.match(/Try later/);
    expect($<HTMLInputElement>(el, '#f-staffKey')!.value).to.equal(STAFF_KEY);
    await expectAccessible(el, 'error');
  });

  it('offline: no connection says so, in Finnish too; the typed note survives', async () => {
    const el = await mount('fi');
    await signIn(el);
    await type(el, '#n-r-hold', 'Muistiinpano');
    staff.set('decide', () => 'network-error');
    const hold = $$<HTMLButtonElement>(el, 'tr[data-id="r-hold"] button').find((b) => b.textContent.trim() === 'Vahvista')!;
    hold.focus();
    await press('Enter', el);
    await waitUntil(() => message(el), 'no answer', { timeout: 8000 });
    expect(message(el)).to.equal('Ei verkkoyhteyttä. Kirjoittamasi tiedot ovat tallessa; yritä uudelleen, kun yhteys toimii.');
    expect($<HTMLInputElement>(el, '#n-r-hold')!.value).to.equal('Muistiinpano');
    await expectAccessible(el, 'offline');
  });
});
