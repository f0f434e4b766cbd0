/**
 * The venue map's pure logic (no DOM, no Lit): filters and sorting of the venue list, day
 * statuses of the calendar, overlay conflicts near a venue, and the URL state. The benchmark
 * (scripts/bench/venue-map.ts) times `filterVenues` over 10,000 venues.
 */
import type { components } from '../../contract/schema.gen.js';
import { VENUE_TYPES, type VenueType } from '../../contract/values.js';

type Schemas = components['schemas'];
/** A venue as the list answers it: what the table, the filters, the map and the calendar need. */
export type Venue = Schemas['VenueSummary'];
/** A venue with the card's details (terms, photos, rent note, contact), from `GET /v1/venues/{venue}`. */
export type VenueDetails = Schemas['Venue'];
export type VenueList = Schemas['VenueList'];
export type VenueOverlays = Schemas['VenueOverlays'];
export type PlannedEvent = Schemas['VenuePlannedEvent'];
export type ReservationReceipt = Schemas['VenueReservationReceipt'];
export type ReservationStatus = Schemas['VenueReservationStatus'];
export { VENUE_TYPES, type VenueType };

/**
 * A venue as the list answers it (`VenueSummary`): the card's terms, photos, rent note and contact
 * left out, as the server does in SQL. For fakes and benchmarks; the widget never needs it.
 */
export function venueSummary(v: VenueDetails): Venue {
  const f = v.facts;
  const facts: Venue['facts'] = {
    name: f.name,
    type: f.type,
    capacity: f.capacity,
    areaM2: f.areaM2,
    electricity: f.electricity,
    water: f.water,
    toilets: f.toilets,
    stepFree: f.stepFree,
    accessibleToilet: f.accessibleToilet,
    hearingLoop: f.hearingLoop,
    rent: { amountEur: f.rent.amountEur, per: f.rent.per },
  };
  return {
    id: v.id,
    organisation: v.organisation,
    lon: v.lon,
    lat: v.lat,
    maxStayDays: v.maxStayDays,
    holdDays: v.holdDays,
    facts,
    busy: v.busy,
  };
}

export const VENUE_MAP_STATES = ['loading', 'load-error', 'ready'] as const;
export type VenueMapState = (typeof VENUE_MAP_STATES)[number];

export const FACILITIES = ['electricity', 'water', 'toilets'] as const;
export const ACCESSIBILITY = ['stepFree', 'accessibleToilet', 'hearingLoop'] as const;
export type Facility = (typeof FACILITIES)[number];
export type Access = (typeof ACCESSIBILITY)[number];
export const SORT_KEYS = ['name', 'type', 'capacity', 'areaM2', 'rent'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface Filters {
  from: string;
  to: string;
  minCapacity: number | undefined;
  type: VenueType | '';
  facilities: Facility[];
  access: Access[];
}

export interface UrlState extends Filters {
  venue: string;
  sort: SortKey;
  desc: boolean;
}

export const EMPTY_FILTERS: Filters = { from: '', to: '', minCapacity: undefined, type: '', facilities: [], access: [] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isIsoDate = (s: unknown): s is string => typeof s === 'string' && DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Whether [from, to] (inclusive days) overlaps a busy range of the venue. */
export function isFree(venue: Venue, from: string, to: string): boolean {
  return !venue.busy.some((b) => b.startDate <= to && b.endDate >= from);
}

const DAY_MS_ = 86_400_000;
/** A `YYYY-MM-DD` day as a whole number of days since 1970-01-01 (the filter compares numbers, not strings). */
export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS_);

const FLAG_BITS: Record<Facility | Access, number> = {
  electricity: 1,
  water: 2,
  toilets: 4,
  stepFree: 8,
  accessibleToilet: 16,
  hearingLoop: 32,
};

/**
 * Each venue's filter facts, derived once per list (not in every filter pass): capacity, type as
 * an index, facilities and accessibility as one bit mask, and the busy ranges as day numbers
 * (start, end pairs in one array, `busyAt[i]`…`busyAt[i + 1]` are venue i's).
 */
export interface VenueIndex {
  readonly venues: readonly Venue[];
  readonly capacity: Int32Array;
  readonly type: Uint8Array;
  readonly flags: Uint8Array;
  /** The busy ranges, made on the first filter with dates (the first view has none: 10,000 venues' ranges cost ≈ 90 ms to read). */
  busyDays?: { readonly at: Uint32Array; readonly days: Int32Array };
}

/** `YYYY-MM-DD` as days since 1970-01-01 without Date.parse; anything else is NaN. */
const dayOf = (date: string): number =>
  DATE.test(date) ? Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS_ : Number.NaN;

export function indexVenues(venues: readonly Venue[]): VenueIndex {
  const n = venues.length;
  const capacity = new Int32Array(n);
  const type = new Uint8Array(n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = (venues[i] as Venue).facts;
    capacity[i] = x.capacity;
    type[i] = VENUE_TYPES.indexOf(x.type);
    let bits = 0;
    for (const k of FACILITIES) if (x[k]) bits |= FLAG_BITS[k];
    for (const k of ACCESSIBILITY) if (x[k]) bits |= FLAG_BITS[k];
    flags[i] = bits;
  }
  return { venues, capacity, type, flags };
}

/** The index's busy ranges as day numbers (start, end pairs in one array; `at[i]`…`at[i + 1]` are venue i's). */
function busyDaysOf(ix: VenueIndex): { readonly at: Uint32Array; readonly days: Int32Array } {
  if (ix.busyDays) return ix.busyDays;
  const { venues } = ix;
  const n = venues.length;
  const at = new Uint32Array(n + 1);
  let ranges = 0;
  for (const v of venues) ranges += v.busy.length;
  const days = new Int32Array(ranges * 2);
  let j = 0;
  for (let i = 0; i < n; i++) {
    at[i] = j;
    for (const b of (venues[i] as Venue).busy) {
      const start = dayOf(b.startDate);
      const end = dayOf(b.endDate);
      // A malformed range (the server sends none) becomes one no day falls in: it excludes nothing.
      const bad = Number.isNaN(start) || Number.isNaN(end);
      days[j++] = bad ? 1 : start;
      days[j++] = bad ? 0 : end;
    }
  }
  at[n] = j;
  return (ix.busyDays = { at, days });
}

const indexes = new WeakMap<readonly Venue[], VenueIndex>();
/** The index of a list, made on its first filter and kept while the list (the same array) lives. */
export function indexFor(venues: readonly Venue[]): VenueIndex {
  let ix = indexes.get(venues);
  if (!ix) {
    ix = indexVenues(venues);
    indexes.set(venues, ix);
  }
  return ix;
}

/** The venues of the index that pass every filter, in the index's order (a date range means: free on every day of it). */
export function filterIndex(ix: VenueIndex, f: Filters): Venue[] {
  const from = isIsoDate(f.from) ? dayNumber(f.from) : NaN;
  const toRaw = isIsoDate(f.to) ? dayNumber(f.to) : from;
  const to = toRaw < from ? from : toRaw;
  const dates = !Number.isNaN(from);
  const min = f.minCapacity ?? -Infinity;
  const type = f.type ? VENUE_TYPES.indexOf(f.type) : -1;
  let need = 0;
  for (const k of f.facilities) need |= FLAG_BITS[k];
  for (const k of f.access) need |= FLAG_BITS[k];
  const { capacity, flags, venues } = ix;
  const days = dates ? busyDaysOf(ix) : undefined;
  const out: Venue[] = [];
  const n = venues.length;
  outer: for (let i = 0; i < n; i++) {
    if ((capacity[i] as number) < min) continue;
    if (type >= 0 && ix.type[i] !== type) continue;
    if (((flags[i] as number) & need) !== need) continue;
    if (days) {
      const { at, days: busy } = days;
      const end = at[i + 1] as number;
      for (let j = at[i] as number; j < end; j += 2) if ((busy[j] as number) <= to && (busy[j + 1] as number) >= from) continue outer;
    }
    out.push(venues[i] as Venue);
  }
  return out;
}

/** The venues that pass every filter (a date range means: free on every day of it), in the list's order. */
export function filterVenues(venues: readonly Venue[], f: Filters): Venue[] {
  return filterIndex(indexFor(venues), f);
}

/**
 * Sorted copy. Names compare in the reader's language with numeric collation ("Kenttä 2" before
 * "Kenttä 10"); capacity, area and rent compare as numbers; type by its name in the reader's
 * language. Each key is read once per venue (not per comparison).
 */
/**
 * A cheap stand-in for the collator's order of a name: lower case, digit runs padded (numeric
 * order), and in Finnish, Swedish and Sámi å, ä / æ, ö / ø after z as their alphabets have them.
 * Only a pre-sort: where it differs from the collator, the collator's sort after it moves the row.
 */
export function roughKey(name: string, nordic: boolean): string {
  let k = name.toLowerCase();
  if (/[^ -~]/.test(k)) {
    k = nordic ? k.replace(/[åäæöø]/g, (c) => NORDIC[c] ?? c) : k;
    k = k.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  return /\d/.test(k) ? k.replace(/\d+/g, (d) => d.padStart(12, '0')) : k;
}
const NORDIC: Record<string, string> = { å: '{', ä: '|', æ: '|', ö: '}', ø: '}' };

export function sortVenues(
  venues: readonly Venue[],
  key: SortKey,
  desc: boolean,
  name: (v: Venue) => string,
  collator: Intl.Collator,
  typeName: (t: VenueType) => string = (t) => t,
): Venue[] {
  const value = (v: Venue): number => (key === 'rent' ? v.facts.rent.amountEur : key === 'capacity' ? v.facts.capacity : v.facts.areaM2);
  const numeric = key !== 'name' && key !== 'type';
  const nordic = /^(fi|sv|se|smn|sms|nb|nn|no|da)\b/.test(collator.resolvedOptions().locale);
  const rows = venues.map((v) => {
    const n = name(v);
    const t = key === 'type' ? typeName(v.facts.type) : '';
    return {
      v,
      name: n,
      type: t,
      n: numeric ? value(v) : 0,
      rough: roughKey(n, nordic),
      roughType: key === 'type' ? roughKey(t, nordic) : '',
    };
  });
  type Row = (typeof rows)[number];
  const str = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const rough =
    key === 'name'
      ? (a: Row, b: Row) => str(a.rough, b.rough)
      : key === 'type'
        ? (a: Row, b: Row) => str(a.roughType, b.roughType) || str(a.rough, b.rough)
        : (a: Row, b: Row) => a.n - b.n || str(a.rough, b.rough);
  const cmp =
    key === 'name'
      ? (a: Row, b: Row) => collator.compare(a.name, b.name)
      : key === 'type'
        ? (a: Row, b: Row) => collator.compare(a.type, b.type) || collator.compare(a.name, b.name)
        : (a: Row, b: Row) => a.n - b.n || collator.compare(a.name, b.name);
  // The rough order first (plain string compares), then the collator's, which decides: on a nearly
  // sorted array the (adaptive) sort needs about one collator compare per venue instead of n log n.
  const sorted = rows
    .sort(rough)
    .sort(cmp)
    .map((r) => r.v);
  return desc ? sorted.reverse() : sorted;
}

/** Rows per page of the venue table. */
export const PAGE_SIZE = 50;

/** The page count of `total` rows (at least 1) and `page` clamped into it (0-based). */
export function pageOf(total: number, page: number, size = PAGE_SIZE): { page: number; pages: number; first: number; last: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1);
  return { page: p, pages, first: p * size, last: Math.min(total, (p + 1) * size) };
}

export type DayStatus = 'free' | 'held' | 'booked' | 'closed' | 'past';

/** The status of one day at a venue (`today` and earlier days than it are past). */
export function dayStatus(venue: Venue, date: string, today: string): DayStatus {
  if (date < today) return 'past';
  for (const b of venue.busy) if (b.startDate <= date && b.endDate >= date) return b.status;
  return 'free';
}

const DAY_MS = 86_400_000;
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}
/** Monday = 0 … Sunday = 6 (the Finnish week). */
export const weekday = (date: string): number => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/** Great-circle distance in metres. */
export function distanceM(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A roadwork of the overlay, read from the Digitraffic-shaped feature (the announcement in `lang`, else the first). */
export interface Roadwork {
  id: string;
  title: string;
  place: string;
  startDate: string;
  endDate: string;
  closure: boolean;
  coordinates: [number, number][];
}

export function roadworks(overlays: VenueOverlays | undefined, lang: string): Roadwork[] {
  const out: Roadwork[] = [];
  for (const f of overlays?.roadworks.features ?? []) {
    const p = f.properties as
      { situationId?: string; announcements?: Record<string, unknown>[]; luukku?: { streetClosure?: boolean } } | undefined;
    const anns = p?.announcements ?? [];
    const a = (anns.find((x) => x.language === lang) ?? anns[0]) as
      { title?: string; location?: { description?: string }; timeAndDuration?: { startTime?: string; endTime?: string } } | undefined;
    const g = f.geometry as { type?: string; coordinates?: unknown } | undefined;
    const coords =
      g?.type === 'LineString' ? (g.coordinates as [number, number][]) : g?.type === 'Point' ? [g.coordinates as [number, number]] : [];
    if (!a?.timeAndDuration?.startTime) continue;
    out.push({
      id: p?.situationId ?? String(out.length),
      title: a.title ?? '',
      place: a.location?.description ?? '',
      startDate: a.timeAndDuration.startTime.slice(0, 10),
      endDate: (a.timeAndDuration.endTime ?? a.timeAndDuration.startTime).slice(0, 10),
      closure: p?.luukku?.streetClosure === true,
      coordinates: coords,
    });
  }
  return out;
}

/** Roadworks closer than this to a venue count as a conflict on its card. */
export const ROADWORK_NEAR_M = 500;

/** Overlay items near `venue` whose dates overlap [from, to]. */
export function conflicts(
  venue: Venue,
  from: string,
  to: string,
  works: readonly Roadwork[],
  events: readonly PlannedEvent[],
): { works: Roadwork[]; events: PlannedEvent[] } {
  const at: [number, number] = [venue.lon, venue.lat];
  const overlaps = (s: string, e: string) => s <= to && e >= from;
  return {
    works: works.filter((w) => overlaps(w.startDate, w.endDate) && w.coordinates.some((c) => distanceM(c, at) <= ROADWORK_NEAR_M)),
    events: events.filter((e) => overlaps(e.startDate, e.endDate) && distanceM([e.lon, e.lat], at) <= (e.radiusM ?? 300) + 200),
  };
}

// ------------------------------------------------------------------ URL state

const list = <T extends string>(raw: string | null, allowed: readonly T[]): T[] =>
  (raw ?? '').split(',').filter((x): x is T => (allowed as readonly string[]).includes(x));

export function readUrlState(search: string, prefix: string): UrlState {
  const p = new URLSearchParams(search);
  const get = (k: string) => p.get(`${prefix}.${k}`);
  const cap = Number(get('cap'));
  const type = get('type') ?? '';
  const sort = get('sort') ?? 'name';
  return {
    from: isIsoDate(get('from')) ? (get('from') as string) : '',
    to: isIsoDate(get('to')) ? (get('to') as string) : '',
    minCapacity: Number.isInteger(cap) && cap > 0 ? cap : undefined,
    type: (VENUE_TYPES as readonly string[]).includes(type) ? (type as VenueType) : '',
    facilities: list(get('fac'), FACILITIES),
    access: list(get('acc'), ACCESSIBILITY),
    venue: get('venue') ?? '',
    sort: (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : 'name',
    desc: get('desc') === '1',
  };
}

export function writeUrlState(search: string, prefix: string, s: UrlState): string {
  const p = new URLSearchParams(search);
  const set = (k: string, v: string) => (v ? p.set(`${prefix}.${k}`, v) : p.delete(`${prefix}.${k}`));
  set('from', s.from);
  set('to', s.to);
  set('cap', s.minCapacity ? String(s.minCapacity) : '');
  set('type', s.type);
  set('fac', s.facilities.join(','));
  set('acc', s.access.join(','));
  set('venue', s.venue);
  set('sort', s.sort === 'name' ? '' : s.sort);
  set('desc', s.desc ? '1' : '');
  const out = p.toString();
  return out ? `?${out}` : '';
}
