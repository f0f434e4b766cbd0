import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/widgets/venue-map/define.js';
import type { LuukkuVenueMap } from '../src/widgets/venue-map/venue-map.js';
import { installVenueScenario, type VenueApiScenario } from '../test/fixtures/fake-api/venues.js';
import {
  installVenueStaffScenario,
  STAFF_KEY,
  uninstallVenueStaffScenario,
  type VenueStaffScenario,
} from '../test/fixtures/fake-api/venue-staff.js';

interface Args {
  organisation: string;
  lang: string;
  plainLanguage: boolean;
  noMap: boolean;
  staff: boolean;
}

/** Puts a story's filters and selected venue into the URL (the widget keeps them there). */
function setUrl(params: Record<string, string>): void {
  const search = new URLSearchParams(window.location.search);
  for (const key of [...search.keys()]) if (key.startsWith('vm.') || key === 'venue-cancel') search.delete(key);
  for (const [k, v] of Object.entries(params)) search.set(k, v);
  history.replaceState(null, '', `${window.location.pathname}?${search.toString()}`);
}

async function whenReady(canvas: HTMLElement): Promise<LuukkuVenueMap> {
  const el = canvas.querySelector('luukku-venue-map');
  if (!el) throw new Error('No <luukku-venue-map> in the story');
  for (let i = 0; i < 200 && !(el.state === 'ready' && el.shadowRoot?.querySelector('#card-heading')); i++)
    await new Promise((r) => setTimeout(r, 25));
  await el.updateComplete;
  return el;
}

/** Fills the reservation form and sends it. */
async function reserve(el: LuukkuVenueMap, name: string): Promise<void> {
  const values: Record<string, string> = {
    startDate: '2027-06-10',
    endDate: '2027-06-11',
    name,
    email: 'maija@example.org',
    eventName: 'Kesäkonsertti',
    attendance: '300',
  };
  for (const [k, v] of Object.entries(values)) {
    if (k === 'startDate' || k === 'endDate') {
      const [year = '', month = '', day = ''] = v.split('-');
      typeDate(el, `r-${k}`, { day: String(Number(day)), month: String(Number(month)), year });
      continue;
    }
    const input = el.shadowRoot?.querySelector<HTMLInputElement>(`#r-${k}`);
    if (!input) continue;
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="form"] button[type="submit"]')?.click();
  for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="outcome"]'); i++) await new Promise((r) => setTimeout(r, 25));
  // The widget finishes sending (it refreshes the calendar) before the next step of a story.
  await new Promise((r) => setTimeout(r, 400));
  await el.updateComplete;
}

/** Types a day into a date's day / month / year fields (src/ui/date-fields.ts). */
function typeDate(el: LuukkuVenueMap, id: string, parts: { day: string; month: string; year: string }): void {
  const inputs = (['day', 'month', 'year'] as const).map(
    (k) => [k, el.shadowRoot?.querySelector<HTMLInputElement>(`#${id}-${k}`)] as const,
  );
  for (const [k, input] of inputs) if (input) input.value = parts[k];
  for (const [, input] of inputs) input?.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

const meta: Meta<Args> = {
  title: 'Widgets/Venue map',
  component: 'luukku-venue-map',
  args: { organisation: 'demo-kaupunki', lang: 'fi', plainLanguage: false, noMap: true, staff: false },
  argTypes: { lang: { control: 'inline-radio', options: ['fi', 'sv', 'se', 'en'] } },
  parameters: { api: 'ready' satisfies VenueApiScenario, url: {} },
  loaders: [
    ({ parameters }) => {
      const p = parameters as { api: VenueApiScenario; url: Record<string, string>; staffApi?: VenueStaffScenario };
      uninstallVenueStaffScenario();
      installVenueScenario(p.api);
      if (p.staffApi) installVenueStaffScenario(p.staffApi);
      setUrl(p.url);
      return {};
    },
  ],
  render: (args) => html`
    <luukku-venue-map
      organisation=${args.organisation}
      lang=${args.lang}
      ?plain-language=${args.plainLanguage}
      ?no-map=${args.noMap}
      ?staff=${args.staff}
      api="/"
    ></luukku-venue-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** The venues are on their way. */
export const Loading: Story = { parameters: { api: 'loading' } };
/** The venues could not be loaded: a retry button. */
export const LoadError: Story = { parameters: { api: 'load-error' } };
/** The list only: a sortable table, filters and the overlays (no map). */
export const ListOnly: Story = {};
/** With the map (MapLibre loads when the map scrolls into view; offline Finland outline). */
export const WithMap: Story = { args: { noMap: false } };
/** 10,000 venues: 50 rows a page (aria-rowcount / aria-rowindex) and the previous / next pager. */
export const TenThousandVenues: Story = { parameters: { api: 'many' } };
/** Filters that no venue passes: the empty state with "Clear filters". */
export const FiltersWithNoResults: Story = { parameters: { url: { 'vm.type': 'beach', 'vm.fac': 'electricity' } } };
/** A venue card: facts, photo, terms, contact, calendar and the form. */
export const Card: Story = { parameters: { url: { 'vm.venue': 'kauppatori' } } };
/** A card whose terms, photos and contact are still on their way (the list carries only summaries): the facts, calendar and form work already. */
export const CardDetailsLoading: Story = { parameters: { api: 'details-loading', url: { 'vm.venue': 'kauppatori' } } };
/** The card's details could not be loaded: why, and a retry; the rest of the card works. */
export const CardDetailsError: Story = { parameters: { api: 'details-error', url: { 'vm.venue': 'kauppatori' } } };
/** The calendar of a month with held, booked and closed days (market square, May 2027). */
export const Calendar: Story = {
  parameters: { url: { 'vm.venue': 'kauppatori', 'vm.from': '2027-05-14', 'vm.to': '2027-05-15' } },
};
/** A filter date that is no day (31 February): the message under its fields once focus leaves them; the filter keeps its last good value. */
export const FilterDateError: Story = {
  play: async ({ canvasElement }) => {
    const el = await whenReady(canvasElement);
    typeDate(el, 'f-from', { day: '31', month: '2', year: '2028' });
    el.shadowRoot?.querySelector<HTMLInputElement>('#f-from-year')?.focus();
    el.shadowRoot?.querySelector<HTMLInputElement>('#f-cap')?.focus();
    await el.updateComplete;
  },
};
/** Reservation dates with problems (a missing month, a day that does not exist): localised, at the fields and in the summary. */
export const ReservationDateErrors: Story = {
  parameters: { url: { 'vm.venue': 'kauppatori' } },
  play: async ({ canvasElement }) => {
    const el = await whenReady(canvasElement);
    typeDate(el, 'r-startDate', { day: '12', month: '', year: '2027' });
    typeDate(el, 'r-endDate', { day: '30', month: '2', year: '2027' });
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="form"] button[type="submit"]')?.click();
    await el.updateComplete;
  },
};
/** A preliminary reservation was sent: the hold and until when it lasts. */
export const HoldSent: Story = {
  parameters: { url: { 'vm.venue': 'kauppatori' } },
  play: async ({ canvasElement }) => reserve(await whenReady(canvasElement), 'Maija'),
};
/** The same days again: a place in the queue. */
export const Queued: Story = {
  parameters: { url: { 'vm.venue': 'kauppatori' } },
  play: async ({ canvasElement }) => {
    const el = await whenReady(canvasElement);
    await reserve(el, 'Maija');
    el.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part~="outcome"] button')[1]?.click();
    await el.updateComplete;
    await reserve(el, 'Olli');
  },
};
/** The hold before lapsed: "Check my place" shows the promotion. */
export const Promoted: Story = {
  parameters: { url: { 'vm.venue': 'kauppatori' } },
  play: async ({ canvasElement }) => {
    const api = installVenueScenario('ready');
    const el = await whenReady(canvasElement);
    await reserve(el, 'Maija');
    el.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part~="outcome"] button')[1]?.click();
    await el.updateComplete;
    await reserve(el, 'Olli');
    api.promoteFirst('kauppatori');
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="outcome"] button')?.click();
  },
};
/** The send failed (network): the message, and the form as typed. */
export const SendError: Story = {
  parameters: { api: 'send-error', url: { 'vm.venue': 'kauppatori' } },
  play: async ({ canvasElement }) => reserve(await whenReady(canvasElement), 'Maija'),
};
/** Selkosuomi. */
export const PlainFinnish: Story = { args: { plainLanguage: true }, parameters: { pinLocale: true } };
/** På svenska (Exempelstad). */
export const Swedish: Story = { args: { lang: 'sv', organisation: 'demo-stad' }, parameters: { pinLocale: true } };
/** Davvisámegillii (machine-drafted, not reviewed by a native speaker). */
export const NorthernSami: Story = { args: { lang: 'se' }, parameters: { pinLocale: true } };
/** In English. */
export const English: Story = { args: { lang: 'en' }, parameters: { pinLocale: true } };

// ---------------------------------------------------------------- the officials' view (`staff`)

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function staffView(canvas: HTMLElement): Promise<LuukkuVenueMap> {
  const el = await whenReadyList(canvas);
  for (let i = 0; i < 200 && !el.shadowRoot?.querySelector('#staff-heading'); i++) await pause(25);
  return el;
}
async function whenReadyList(canvas: HTMLElement): Promise<LuukkuVenueMap> {
  const el = canvas.querySelector('luukku-venue-map');
  if (!el) throw new Error('No <luukku-venue-map> in the story');
  for (let i = 0; i < 200 && el.state !== 'ready'; i++) await pause(25);
  await el.updateComplete;
  return el;
}
function typeInto(el: LuukkuVenueMap, selector: string, value: string): void {
  const input = el.shadowRoot?.querySelector<HTMLInputElement | HTMLSelectElement>(selector);
  if (!input) return;
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
}
function pressButton(el: LuukkuVenueMap, scope: string, label: RegExp): void {
  [...(el.shadowRoot?.querySelectorAll<HTMLButtonElement>(`${scope} button`) ?? [])].find((b) => label.test(b.textContent))?.click();
}
/** Types the key and loads the list (the scenario's answer decides what shows). */
async function signIn(el: LuukkuVenueMap, key = STAFF_KEY): Promise<void> {
  typeInto(el, '#f-staffKey', key);
  el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="staff"] form button[type="submit"]')?.click();
  await pause(300);
  await el.updateComplete;
}
const staffStory = (staffApi: VenueStaffScenario, play?: (el: LuukkuVenueMap) => Promise<void>): Story => ({
  args: { staff: true },
  parameters: { staffApi },
  play: async ({ canvasElement }) => {
    const el = await staffView(canvasElement);
    await play?.(el);
  },
});
const block = (el: LuukkuVenueMap, venue: string, [d, m, y]: [string, string, string], end?: [string, string, string]) => {
  typeInto(el, '#b-venue', venue);
  typeInto(el, '#b-start-day', d);
  typeInto(el, '#b-start-month', m);
  typeInto(el, '#b-start-year', y);
  if (end) {
    typeInto(el, '#b-end-day', end[0]);
    typeInto(el, '#b-end-month', end[1]);
    typeInto(el, '#b-end-year', end[2]);
  }
  pressButton(el, 'form[aria-labelledby="block-heading"]', /./);
};

/** Staff: the key field (the key stays in memory only). */
export const StaffSignIn: Story = staffStory('ready');
/** Staff: the list is on its way. */
export const StaffLoading: Story = staffStory('loading', (el) => signIn(el));
/** Staff: nothing held, booked, closed or queued. */
export const StaffEmpty: Story = staffStory('empty', (el) => signIn(el));
/** Staff: holds, bookings, closed days and the queue in arrival order with positions. */
export const StaffHoldsAndQueue: Story = staffStory('ready', (el) => signIn(el));
/** Staff: a hold confirmed with a note (now a booking). */
export const StaffConfirmed: Story = staffStory('ready', async (el) => {
  await signIn(el);
  typeInto(el, '#n-r-hold', 'Tervetuloa!');
  pressButton(el, 'tr[data-id="r-hold"]', /./);
  await pause(300);
});
/** Staff: a hold rejected; the first in the queue whose dates are free is the hold now. */
export const StaffRejected: Story = staffStory('ready', async (el) => {
  await signIn(el);
  el.shadowRoot?.querySelectorAll<HTMLButtonElement>('tr[data-id="r-hold"] button')[1]?.click();
  await pause(300);
});
/** Staff: dates closed for maintenance. */
export const StaffBlockDates: Story = staffStory('ready', async (el) => {
  await signIn(el);
  typeInto(el, '#b-note', 'Laiturin korjaus');
  block(el, 'uimaranta', ['3', '8', '2027'], ['5', '8', '2027']);
  await pause(300);
});
/** Staff: a venue's facts edited and saved. */
export const StaffEditFacts: Story = staffStory('ready', async (el) => {
  await signIn(el);
  typeInto(el, '#e-venue', 'kauppatori');
  await el.updateComplete;
  typeInto(el, '#e-cap', '2500');
  pressButton(el, 'form[aria-labelledby="edit-heading"]', /./);
  await pause(300);
});
/** Staff: validation at the fields (no venue, an impossible date), nothing typed lost. */
export const StaffValidationError: Story = staffStory('ready', async (el) => {
  await signIn(el);
  block(el, '', ['31', '2', '2027']);
  await el.updateComplete;
});
/** Staff: the hold was decided elsewhere (409); the message says so and the list is reloaded. */
export const StaffStale: Story = staffStory('stale', async (el) => {
  await signIn(el);
  pressButton(el, 'tr[data-id="r-hold"]', /./);
  await pause(300);
});
/** Staff: closing days that have a booking (409 from the server). */
export const StaffConflict: Story = staffStory('ready', async (el) => {
  await signIn(el);
  block(el, 'rantapuisto', ['2', '7', '2027']);
  await pause(300);
});
/** Staff: the server failed. */
export const StaffError: Story = staffStory('error', (el) => signIn(el));
/** Staff: no network connection. */
export const StaffOffline: Story = staffStory('offline', (el) => signIn(el));
