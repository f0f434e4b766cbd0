import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { LuukkuElement } from '../../core/base-element.js';
import { ProblemError } from '../../core/api/errors.js';
import { ConfigurationError, LoadController } from '../../core/controllers/load.js';
import { dateTimeFormat, formatNumber, intlLocales } from '../../core/i18n/intl.js';
import type { VenueMapKey } from '../../core/i18n/keys.js';
import type { LocalizeController } from '../../core/i18n/localize-controller.js';
import { pickText, type LocalisedText } from '../../core/i18n/localised-text.js';
import { errorSummary, focusErrorSummary } from '../../ui/error-summary.js';
import { fieldError } from '../../ui/field-error.js';
import { header } from '../../ui/header.js';
import { heading } from '../../ui/heading.js';
import { loadErrorPanel, loadingPanel, messagePanel } from '../../ui/status.js';
import { dateFields, dateFieldStyles } from '../../ui/date-fields.js';
import { dateFromParts, dateParts, dateProblemKey, EMPTY_DATE_PARTS, type DateParts } from '../../shared/date-parts.js';
import { uiStyles } from '../../ui/styles.js';
import { calendar } from './calendar.js';
import {
  ACCESSIBILITY,
  EMPTY_FILTERS,
  FACILITIES,
  PAGE_SIZE,
  SORT_KEYS,
  VENUE_MAP_STATES,
  VENUE_TYPES,
  conflicts,
  filterVenues,
  isIsoDate,
  pageOf,
  readUrlState,
  roadworks,
  sortVenues,
  writeUrlState,
  type Filters,
  type ReservationReceipt,
  type ReservationStatus,
  type SortKey,
  type Venue,
  type VenueDetails,
  type VenueList,
  type VenueMapState,
  type VenueOverlays,
} from './model.js';
import type { MapView } from './map-view.js';
import { venueMapStyles } from './venue-map.styles.js';

export { VENUE_MAP_STATES, type VenueMapState };

/** Whether an element with a size is inside the viewport (ancestors' clipping aside: the IntersectionObserver's case). */
function inViewport(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
}

/** The element MapLibre draws in (see LuukkuVenueMap's #mapHost). */
function mapHost(): HTMLDivElement {
  const host = document.createElement('div');
  host.className = 'map-host';
  return host;
}

const NAME = /^[A-Za-z][\w-]{0,31}$/;
const MAP_DEBOUNCE_MS = 150;
const EXPIRY_FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Helsinki' };
const RANGE_FORMAT: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' };
/** Filter and sort changes reach the page URL once typing pauses (replaceState per keystroke is slow and floods history tools). */
const URL_DEBOUNCE_MS = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FIELDS = ['startDate', 'endDate', 'name', 'organisation', 'email', 'eventName', 'attendance'] as const;
type Field = (typeof FIELDS)[number];
/** The reservation's text fields and their longest length in characters (the contract's maxLength). */
const TEXT_LIMIT = { name: 200, organisation: 200, email: 254, eventName: 200 } as const;
const TEXT_FIELDS = Object.keys(TEXT_LIMIT) as (keyof typeof TEXT_LIMIT)[];
/** Length in Unicode code points, as the contract's maxLength counts (an emoji is one, not two UTF-16 units). */
const codePoints = (s: string): number => s.length - (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
/** Text the database cannot hold, which the server refuses (src/server/http/body.ts): a NUL or a lone surrogate. */
const ILL_FORMED = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
type Draft = Record<Field, string>;
/** The four dates typed as day / month / year (`dateFields`): the filters' range and the reservation's. */
type DateId = 'f-from' | 'f-to' | 'r-startDate' | 'r-endDate';
type FilterDate = 'from' | 'to';
type Outcome =
  | {
      kind: 'hold' | 'queued' | 'promoted' | 'booked' | 'closed';
      venue: string;
      startDate: string;
      endDate: string;
      position?: number;
      expiresAt?: string;
      token: string;
    }
  | { kind: 'cancelled'; venue: string; startDate: string; endDate: string; token: string };

/**
 * The venue map ("tapahtumapaikkakortit" and the public reservation status of land use, seed
 * 001): a city's public venues as a sortable table and, with the same weight, on a map; filters
 * (dates, capacity, type, facilities, accessibility) for both, kept in the page URL; a venue card
 * with its facts, an availability calendar and a preliminary reservation form (a hold that
 * expires unless the venue's official confirms it, or a place in the waiting queue); roadworks
 * and other planned events as overlays, and their conflicts on the chosen dates. Readable
 * without logging in. MapLibre is downloaded only when the map scrolls into view.
 *
 * @summary Find a venue, see when it is free, reserve it or queue for it.
 *
 * @event luukku-venue-select - A venue was selected in the list or on the map. `event.detail`: `{ venue }` (its id, or '' when the card closed).
 * @event luukku-venue-reservation - A reservation was sent. `event.detail`: `{ venue, status, position? }`.
 *
 * @csspart base - The outer wrapper.
 * @csspart header - Heading, introduction and the plain-language switch.
 * @csspart heading - The widget heading (its level follows `heading-level`).
 * @csspart intro - The introduction text.
 * @csspart plain-toggle - The plain-language switch button.
 * @csspart status - The loading and load-error panels.
 * @csspart filters - The filter form.
 * @csspart overlays - The overlay toggles and lists.
 * @csspart list - The venue table's section.
 * @csspart table - The venue table.
 * @csspart map - The map's section (the map, its buttons and its text alternative).
 * @csspart card - The venue card.
 * @csspart calendar - The availability calendar.
 * @csspart legend - The calendar's legend.
 * @csspart form - The reservation form.
 * @csspart error - A validation message next to a field.
 * @csspart outcome - The hold, queue or error panel after sending.
 * @csspart button - Every button.
 *
 * @cssproperty --luukku-venue-map-accent - Accent (buttons, selected day, selected marker). Default: `--luukku-color-primary`.
 * @cssproperty --luukku-venue-map-max-width - Maximum width. Default: 80rem.
 * @cssproperty --luukku-venue-map-height - Height of the map. Default: 26rem.
 * @cssproperty --luukku-color-primary - Global primary colour (#0a4f9e).
 * @cssproperty --luukku-color-text - Global text colour.
 * @cssproperty --luukku-color-background - Global background.
 * @cssproperty --luukku-color-surface - Global background of panels.
 * @cssproperty --luukku-color-border - Global border colour of controls (≥ 3:1).
 * @cssproperty --luukku-focus-color - Global focus ring colour.
 * @cssproperty --luukku-radius - Global corner radius.
 * @cssproperty --luukku-font-family - Global font.
 * @cssproperty --luukku-space - Global spacing unit.
 * @cssproperty --luukku-target-size - Global minimum size of click targets (44px).
 *
 * @customElement luukku-venue-map
 */
export class LuukkuVenueMap extends LuukkuElement {
  static override namespace = 'venue-map';
  declare protected readonly localize: LocalizeController<VenueMapKey>;
  static override styles = [...LuukkuElement.styles, uiStyles, dateFieldStyles, venueMapStyles];
  static override states = VENUE_MAP_STATES;

  static override properties: PropertyDeclarations = {
    organisation: { type: String },
    name: { type: String },
    mapStyle: { type: String, attribute: 'map-style' },
    mapAttribution: { type: String, attribute: 'map-attribution' },
    noMap: { type: Boolean, attribute: 'no-map' },
    staff: { type: Boolean },
    _data: { state: true, attribute: false },
    _rev: { state: true, attribute: false },
  };

  /** Organisation id (slug) in the Luukku API whose venues are shown, e.g. `demo-kaupunki`. */
  declare organisation: string;
  /** Prefix of this widget's URL parameters (`?<name>.from=…`). Default: `vm`. */
  declare name: string;
  /** A MapLibre style URL for production (e.g. a National Land Survey background map). Default: the offline Finland outline. */
  declare mapStyle: string | undefined;
  /** The attribution of `map-style`, shown under the map (e.g. "© Maanmittauslaitos"). */
  declare mapAttribution: string | undefined;
  /** Leave the map out (the list, the card and the overlays' lists remain). */
  declare noMap: boolean;
  /** The officials' view (holds and queue, confirm / reject, block dates, edit facts) with the city's staff key; loaded only then. */
  declare staff: boolean;
  /** The current state (read-only): loading, load-error, ready. Also exposed as `:state(<name>)`. */
  declare state: VenueMapState;

  declare private _data: { list: VenueList; overlays: VenueOverlays | undefined } | undefined;
  /** Bumped to re-render after a private field changed. */
  declare private _rev: number;

  #filters: Filters = { ...EMPTY_FILTERS };
  #sort: SortKey = 'name';
  #desc = false;
  #selected = '';
  #focusDay = '';
  #draft: Draft = { startDate: '', endDate: '', name: '', organisation: '', email: '', eventName: '', attendance: '' };
  #errors: Partial<Record<Field, VenueMapKey>> = {};
  /** What was typed into each date's three fields, kept as typed across renders. */
  #dates: Record<DateId, DateParts> = {
    'f-from': { ...EMPTY_DATE_PARTS },
    'f-to': { ...EMPTY_DATE_PARTS },
    'r-startDate': { ...EMPTY_DATE_PARTS },
    'r-endDate': { ...EMPTY_DATE_PARTS },
  };
  /** A filter date that does not make a day (shown once focus leaves its fields; the filter keeps its last good value). */
  #filterErrors: Partial<Record<FilterDate, VenueMapKey>> = {};
  #sendError: VenueMapKey | undefined;
  #sending = false;
  #outcome: Outcome | undefined;
  /** The reservation being sent and its Idempotency-Key (kept until an answer arrives). */
  #attempt: { signature: string; key: string } | undefined;
  /** The table's page (0-based; PAGE_SIZE rows each, so 10,000 venues render 50 rows). */
  #page = 0;
  #urlTimer: ReturnType<typeof setTimeout> | undefined;
  #visible: { key: unknown[]; list: Venue[] } | undefined;
  #sortCache: { key: unknown[]; list: Venue[] } | undefined;
  /** The language and plain-language setting the map's markers were last labelled in. */
  #mapLang = '';
  #cellCache = new WeakMap<Venue, { lang: string; cells: string[] }>();
  #showWorks = true;
  #showEvents = true;
  #retrying = false;
  #map: MapView | undefined;
  #mapLoading = false;
  #mapTimer: ReturnType<typeof setTimeout> | undefined;
  #observer: IntersectionObserver | undefined;
  /**
   * MapLibre's container: one element for the element's life, placed in the map box of whichever
   * state is shown (Lit moves a node it is given), so a map made while the list loads survives the
   * switch to the list.
   */
  readonly #mapHost: HTMLDivElement = mapHost();
  /** The data the map was last given (the venues go to the map at once when the list arrives, not after the typing pause). */
  #mapData: unknown;
  #staff: import('./staff.js').VenueStaff | undefined;
  /** The cards' details (terms, photos, rent note, contact) by venue id, fetched when a card opens. */
  #details = new Map<string, VenueDetails>();
  /** The card whose details are being fetched or failed; the list answer carries only summaries. */
  #detailsLoad: { id: string; failed: boolean; abort: AbortController } | undefined;
  readonly #onPopState = (): void => this.#readUrl();

  readonly #loader = new LoadController(this, {
    args: () => [this.organisation, this.apiBase] as const,
    load: async ([organisation], signal) => {
      if (!organisation) throw new ConfigurationError('organisation is required');
      const query = { organisation };
      return Promise.all([
        this.client.request<VenueList>('/v1/venues', { query, signal }),
        // Overlays are a bonus: without them the venues still show.
        this.client.request<VenueOverlays>('/v1/venues/overlays', { query, signal }).catch(() => undefined),
      ]);
    },
    onStart: () => {
      this.state = 'loading';
    },
    onLoad: ([list, overlays]) => {
      this._data = { list, overlays };
      this.#details.clear();
      this.state = 'ready';
      this.#readUrl();
      void this.#restoreCancelLink();
      if (this.staff) void this.#loadStaff();
      void this.updateComplete.then(() => {
        if (this.#retrying) this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
        this.#retrying = false;
      });
    },
    onError: () => {
      this.state = 'load-error';
      this.#retrying = false;
    },
  });

  constructor() {
    super();
    this.organisation = '';
    this.name = 'vm';
    this.noMap = false;
    this.state = 'loading';
    this._rev = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.#onPopState);
    if (this.state === 'ready') void this.updateComplete.then(() => this.#watchMap());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPopState);
    this.#observer?.disconnect();
    this.#observer = undefined;
    // map.remove(): the WebGL context is released, so mounting again does not pile contexts up.
    clearTimeout(this.#mapTimer);
    // A removed widget does not write its state into the page URL any more.
    clearTimeout(this.#urlTimer);
    this.#urlTimer = undefined;
    this.#map?.destroy();
    this.#map = undefined;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    // The map box exists once the texts are in: beside the loading list in a wide layout, else once the data is in.
    if (this.state === 'ready' || this.state === 'loading') this.#watchMap();
    if (this.state === 'ready' && this.#map && this.#mapData !== this._data) this.#giveMapData();
    // The markers' names and labels follow the language and the plain-language setting.
    const lang = `${this.localize.language}:${this.localize.plain}`;
    if (this.#map && this.#mapLang !== lang) this.#map.relabel();
    this.#mapLang = lang;
    this.#fetchDetails();
  }

  /**
   * Fetches the open card's details (`GET /v1/venues/{venue}`) once per venue: the card shows the
   * list's facts, the calendar and the form at once, and its terms, photos and contact when they
   * arrive. Another card opening aborts the fetch of the one before.
   */
  #fetchDetails(retry = false): void {
    const id = this.state === 'ready' ? this.#selected : '';
    const load = this.#detailsLoad;
    if (load && load.id !== id) {
      load.abort.abort();
      this.#detailsLoad = undefined;
    }
    if (!id || this.#details.has(id) || (this.#detailsLoad && !retry)) return;
    const abort = new AbortController();
    const mine = { id, failed: false, abort };
    this.#detailsLoad = mine;
    if (retry) this.#update();
    this.client.request<VenueDetails>(`/v1/venues/${encodeURIComponent(id)}`, { signal: abort.signal }).then(
      (venue) => {
        if (this.#detailsLoad !== mine) return;
        this.#details.set(id, venue);
        this.#detailsLoad = undefined;
        this.#update();
      },
      () => {
        if (this.#detailsLoad !== mine || abort.signal.aborted) return;
        mine.failed = true;
        this.#update();
      },
    );
  }

  /** The venues after the filters, in the table's order. */
  get visibleVenues(): Venue[] {
    const sorted = this.#sorted();
    const key = [sorted, this.#filters];
    if (this.#visible?.key.every((k, i) => k === key[i])) return this.#visible.list;
    // Filtering keeps the order, so a keystroke in a filter never sorts (10,000 collator compares add up).
    const list = filterVenues(sorted, this.#filters);
    this.#visible = { key, list };
    return list;
  }

  /** Every venue in the table's order, sorted once per data, sort column, direction and language. */
  #sorted(): Venue[] {
    const all = this._data?.list.venues ?? [];
    const key = [all, this.#sort, this.#desc, this.localize.language, this.localize.plain];
    if (this.#sortCache?.key.every((k, i) => k === key[i])) return this.#sortCache.list;
    const collator = new Intl.Collator(this.localize.language, { numeric: true });
    const list = sortVenues(
      all,
      this.#sort,
      this.#desc,
      (v) => this.#text(v.facts.name),
      collator,
      (t) => this.#t(`type.${t}`),
    );
    this.#sortCache = { key, list };
    return list;
  }

  /** The selected venue's id ('' when no card is open). */
  get selected(): string {
    return this.#selected;
  }

  /** Whether the map module has been downloaded and the map created. */
  get mapLoaded(): boolean {
    return this.#map !== undefined;
  }

  /** Opens a venue's card (as clicking it in the list or on the map does). */
  select(id: string, { focus = true }: { focus?: boolean } = {}): void {
    this.#selected = id;
    this.#errors = {};
    this.#sendError = undefined;
    if (this.#outcome && this.#outcome.venue !== id) this.#outcome = undefined;
    const v = this.#venue(id);
    if (v) {
      const today = this._data?.list.today ?? '';
      this.#draftDatesFromFilters();
      this.#focusDay = this.#draft.startDate || today;
    }
    const at = this.visibleVenues.findIndex((x) => x.id === id);
    if (at >= 0) this.#page = Math.floor(at / PAGE_SIZE);
    this.#map?.select(id);
    this.#writeUrl(true);
    this.dispatchEvent(new CustomEvent('luukku-venue-select', { detail: { venue: id }, bubbles: true, composed: true }));
    this.#update();
    if (focus && v) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#card-heading')?.focus());
  }

  reload(): Promise<void> {
    return this.#loader.retry();
  }

  // ------------------------------------------------------------------ helpers

  #t(key: VenueMapKey, options?: Record<string, unknown>): string {
    return this.localize.t(key, options);
  }
  #text(value: LocalisedText | undefined): string {
    return pickText(value, this.localize.language, this.localize.plain);
  }
  #venue(id: string): Venue | undefined {
    return this._data?.list.venues.find((v) => v.id === id);
  }
  #update(): void {
    this._rev++;
  }
  get #prefix(): string {
    return NAME.test(this.name) ? this.name : 'vm';
  }

  #readUrl(): void {
    // Back / forward restore what the URL says; a write still waiting would overwrite it.
    clearTimeout(this.#urlTimer);
    this.#urlTimer = undefined;
    const s = readUrlState(location.search, this.#prefix);
    this.#filters = { from: s.from, to: s.to, minCapacity: s.minCapacity, type: s.type, facilities: s.facilities, access: s.access };
    this.#dates['f-from'] = dateParts(s.from);
    this.#dates['f-to'] = dateParts(s.to);
    this.#filterErrors = {};
    this.#sort = s.sort;
    this.#desc = s.desc;
    this.#selected = this.#venue(s.venue) ? s.venue : '';
    const at = this.#selected ? this.visibleVenues.findIndex((x) => x.id === this.#selected) : -1;
    this.#page = at >= 0 ? Math.floor(at / PAGE_SIZE) : 0;
    if (this.#selected) {
      // A card opened from the URL (a deep link, back / forward) gets the filter's dates as a click does.
      this.#draftDatesFromFilters();
      this.#focusDay = this.#draft.startDate || this._data?.list.today || '';
    }
    this.#syncMap();
    this.#update();
  }

  /**
   * The state into the page URL: a selection is a history entry at once (back closes the card);
   * filter and sort changes replace the entry 200 ms after the last of them.
   */
  #writeUrl(push = false): void {
    clearTimeout(this.#urlTimer);
    this.#urlTimer = undefined;
    if (push) this.#flushUrl(true);
    else this.#urlTimer = setTimeout(() => this.#flushUrl(false), URL_DEBOUNCE_MS);
  }

  #flushUrl(push: boolean): void {
    this.#urlTimer = undefined;
    if (!this.isConnected) return;
    const search = writeUrlState(location.search, this.#prefix, {
      ...this.#filters,
      venue: this.#selected,
      sort: this.#sort,
      desc: this.#desc,
    });
    const url = `${location.pathname}${search}${location.hash}`;
    if (push) history.pushState(history.state, '', url);
    else history.replaceState(history.state, '', url);
  }

  #setFilters(next: Partial<Filters>): void {
    this.#filters = { ...this.#filters, ...next };
    this.#page = 0;
    this.#writeUrl();
    const n = this.visibleVenues.length;
    this.#syncMap();
    this.announcer.polite(this.#t('count', { count: n }));
    this.#update();
  }

  #clearFilters(): void {
    this.#dates['f-from'] = { ...EMPTY_DATE_PARTS };
    this.#dates['f-to'] = { ...EMPTY_DATE_PARTS };
    this.#filterErrors = {};
    this.#setFilters({ ...EMPTY_FILTERS });
  }

  /** An empty reservation takes the filter's dates (a filter from a day alone: that one day). */
  #draftDatesFromFilters(): void {
    if (this.#draft.startDate || !isIsoDate(this.#filters.from)) return;
    this.#setDraftDates(this.#filters.from, isIsoDate(this.#filters.to) ? this.#filters.to : this.#filters.from);
  }

  /** The reservation's dates as picked in the calendar or copied from the filters (the fields show them). */
  #setDraftDates(start: string, end: string): void {
    this.#draft.startDate = start;
    this.#draft.endDate = end;
    this.#dates['r-startDate'] = dateParts(start);
    this.#dates['r-endDate'] = dateParts(end);
  }

  /**
   * A filter date as typed: a whole day (today or later; the last not before the first) filters
   * at once; empty fields clear it; anything else leaves the filter as it was and says what is
   * wrong when focus leaves the fields (not at every keystroke: "1" is on its way to "12").
   */
  #filterDateProblem(k: FilterDate): VenueMapKey | undefined {
    const parsed = dateFromParts(this.#dates[k === 'from' ? 'f-from' : 'f-to']);
    if (!('value' in parsed)) return parsed.problem === 'empty' ? undefined : (dateProblemKey(parsed.problem) ?? 'common:date.invalid');
    if (parsed.value < (this._data?.list.today ?? '')) return 'error.past';
    const from = k === 'to' ? this.#filters.from : '';
    if (from && parsed.value < from) return 'error.reversed';
    return undefined;
  }

  #onFilterDate(k: FilterDate, parts: DateParts): void {
    this.#dates[k === 'from' ? 'f-from' : 'f-to'] = parts;
    const parsed = dateFromParts(parts);
    const problem = this.#filterDateProblem(k);
    if (!problem) this.#filterErrors = { ...this.#filterErrors, [k]: undefined };
    if ('value' in parsed && !problem) this.#setFilters({ [k]: parsed.value });
    else if (!('value' in parsed) && parsed.problem === 'empty') this.#setFilters({ [k]: '' });
    else this.#update();
  }

  #onFilterDateLeave(k: FilterDate, e: FocusEvent): void {
    const group = e.currentTarget as HTMLElement;
    if (e.relatedTarget instanceof Node && group.contains(e.relatedTarget)) return;
    const problem = this.#filterDateProblem(k);
    if (problem === this.#filterErrors[k]) return;
    if (problem) {
      this.#filterErrors[k] = problem;
      this.announcer.announce(this.#t(problem), 'assertive');
    } else this.#filterErrors = { ...this.#filterErrors, [k]: undefined };
    this.#update();
  }

  /** The reservation's date from its fields as a message key, or undefined when it is a day (past / order checked after). */
  #draftDateProblem(id: 'r-startDate' | 'r-endDate'): VenueMapKey | undefined {
    const parsed = dateFromParts(this.#dates[id]);
    if ('value' in parsed) return undefined;
    return parsed.problem === 'empty' ? 'error.required' : (dateProblemKey(parsed.problem) ?? 'common:date.invalid');
  }

  // ------------------------------------------------------------------ map (lazy)

  /**
   * Hands the filtered venues to the map once typing pauses: a keystroke's table update does not
   * wait for the markers to be grouped and re-made.
   */
  #syncMap(): void {
    if (!this.#map) return;
    clearTimeout(this.#mapTimer);
    this.#mapTimer = setTimeout(() => this.#map?.setVenues(this.visibleVenues, this.#selected), MAP_DEBOUNCE_MS);
  }

  /**
   * Downloads MapLibre only once the map's box scrolls into view. At most one map per element:
   * while the module loads, the element re-renders ("loading…"), and a watcher started then would
   * make a second map on the next intersection change and lose the first one (still drawing, its
   * WebGL context alive) — the leak the 50-mount bench showed.
   */
  #watchMap(): void {
    // A pending update may still render after disconnectedCallback: never start a map for an element that is gone.
    if (!this.isConnected || this.noMap || this.#map || this.#mapLoading || this.#observer) return;
    const box = this.#mapHost;
    if (!box.isConnected || typeof IntersectionObserver === 'undefined') return;
    // Already in the viewport: at once. An IntersectionObserver reports only after the next frame,
    // and while 10,000 venues are parsed and rendered that frame comes 0.2–0.3 s later (bench).
    // (A microtask: this runs in `updated`, and the load's "loading…" re-render must not be scheduled inside it.)
    if (inViewport(box)) {
      this.#mapLoading = true;
      queueMicrotask(() => {
        // Removed in the same task: no download.
        if (this.isConnected) void this.#loadMap(box);
        else this.#mapLoading = false;
      });
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      if (this.#observer === observer) this.#observer = undefined;
      if (this.isConnected && !this.#map && !this.#mapLoading) void this.#loadMap(box);
    });
    this.#observer = observer;
    observer.observe(box);
  }

  /** The list's venues and overlays to a map made before they arrived (or after a reload). */
  #giveMapData(): void {
    this.#mapData = this._data;
    clearTimeout(this.#mapTimer);
    this.#map?.setVenues(this.visibleVenues, this.#selected);
    this.#sendOverlays();
  }

  /** The roadworks and planned events, and whether each is shown, to the map. */
  #sendOverlays(): void {
    this.#map?.setOverlays(
      roadworks(this._data?.overlays, this.localize.language),
      this._data?.overlays?.events ?? [],
      this.#showWorks,
      this.#showEvents,
    );
  }

  async #loadMap(box: HTMLElement): Promise<void> {
    this.#mapLoading = true;
    this.#update();
    try {
      const { createMapView } = await import('./map-view.js');
      if (!this.isConnected || this.#map || !box.isConnected) return;
      const ready = this.state === 'ready';
      this.#mapData = ready ? this._data : undefined;
      this.#map = createMapView(box, {
        root: this.renderRoot as ShadowRoot,
        style: this.mapStyle,
        label: (key, o) => this.#t(key, o),
        name: (v) => this.#text(v.facts.name),
        onSelect: (id) => this.select(id, { focus: false }),
        venues: ready ? this.visibleVenues : null,
        selected: this.#selected,
      });
      this.#sendOverlays();
    } catch (err) {
      console.warn('[luukku] <luukku-venue-map>: the map could not be shown', err);
    } finally {
      this.#mapLoading = false;
      this.#update();
    }
  }

  async #loadStaff(): Promise<void> {
    if (this.#staff) return;
    const { VenueStaff } = await import('./staff.js');
    this.#staff = new VenueStaff({
      client: this.client,
      organisation: this.organisation,
      venues: this._data?.list.venues ?? [],
      name: (v) => this.#text(v.facts.name),
      range: (a, b) => this.#range(a, b),
      t: (k, o) => this.#t(k, o),
      level: this.level.sub,
      update: () => this.#update(),
      changed: () => this.#refreshList(),
    });
    this.#update();
  }

  // ------------------------------------------------------------------ reservation

  #validate(venue: Venue): Partial<Record<Field, VenueMapKey>> {
    const d = this.#draft;
    const e: Partial<Record<Field, VenueMapKey>> = {};
    const today = this._data?.list.today ?? '';
    const startProblem = this.#draftDateProblem('r-startDate');
    const endProblem = this.#draftDateProblem('r-endDate');
    if (startProblem) e.startDate = startProblem;
    else if (d.startDate < today) e.startDate = 'error.past';
    if (endProblem) e.endDate = endProblem;
    else if (isIsoDate(d.startDate) && d.endDate < d.startDate) e.endDate = 'error.reversed';
    else if (isIsoDate(d.startDate) && (Date.parse(d.endDate) - Date.parse(d.startDate)) / 86_400_000 + 1 > venue.maxStayDays)
      e.endDate = 'error.tooLong';
    if (!d.name.trim()) e.name = 'error.required';
    if (!d.email.trim()) e.email = 'error.required';
    else if (!EMAIL.test(d.email.trim())) e.email = 'error.email';
    if (!d.eventName.trim()) e.eventName = 'error.required';
    // What the server would refuse, said here with the reason (it answers one check at a time).
    for (const k of TEXT_FIELDS) {
      const value = d[k].trim();
      if (ILL_FORMED.test(value)) e[k] = 'error.characters';
      else if (codePoints(value) > TEXT_LIMIT[k]) e[k] = 'error.textTooLong';
    }
    const n = Number(d.attendance);
    if (!d.attendance.trim()) e.attendance = 'error.required';
    else if (!Number.isInteger(n) || n < 1) e.attendance = 'error.attendance';
    return e;
  }

  async #send(venue: Venue): Promise<void> {
    if (this.#sending) return;
    this.#errors = this.#validate(venue);
    this.#sendError = undefined;
    if (Object.keys(this.#errors).length) {
      this.#update();
      await this.updateComplete;
      focusErrorSummary(this.renderRoot);
      return;
    }
    this.#sending = true;
    this.#update();
    const d = this.#draft;
    try {
      const body = {
        startDate: d.startDate,
        endDate: d.endDate,
        name: d.name.trim(),
        ...(d.organisation.trim() ? { organisation: d.organisation.trim() } : {}),
        email: d.email.trim(),
        eventName: d.eventName.trim(),
        attendance: Number(d.attendance),
        locale: this.localize.language,
      };
      // One Idempotency-Key per attempt: sending the same reservation again after a lost answer
      // reuses it (the server answers the first receipt, no second hold); changed details are a new attempt.
      const signature = `${venue.id} ${JSON.stringify(body)}`;
      if (this.#attempt?.signature !== signature) this.#attempt = { signature, key: crypto.randomUUID() };
      const r = await this.client.request<ReservationReceipt>(`/v1/venues/${encodeURIComponent(venue.id)}/reservations`, {
        method: 'POST',
        body,
        idempotencyKey: this.#attempt.key,
      });
      this.#attempt = undefined;
      this.#outcome = {
        kind: r.status,
        venue: r.venue,
        startDate: r.startDate,
        endDate: r.endDate,
        token: r.cancelToken,
        ...(r.position ? { position: r.position } : {}),
        ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}),
      };
      this.dispatchEvent(
        new CustomEvent('luukku-venue-reservation', {
          detail: { venue: r.venue, status: r.status, position: r.position },
          bubbles: true,
          composed: true,
        }),
      );
      await this.#refreshList();
    } catch (err) {
      this.#sendError = this.#problemKey(err);
    } finally {
      this.#sending = false;
      this.#update();
    }
    await this.updateComplete;
    this.renderRoot
      .querySelector<HTMLElement>(this.#sendError && Object.keys(this.#errors).length ? '#error-summary-title' : '[part~="outcome"]')
      ?.focus();
  }

  /** A server answer as a message key; field problems go next to their field (nothing typed is lost). */
  #problemKey(err: unknown): VenueMapKey {
    if (!(err instanceof ProblemError)) return 'error.network';
    const field = (p: string) => p.replace(/^\//, '') as Field;
    const put = (key: VenueMapKey) => {
      for (const e of err.errors) if ((FIELDS as readonly string[]).includes(field(e.pointer))) this.#errors[field(e.pointer)] = key;
    };
    switch (err.code) {
      case 'dates_in_past':
        put('error.past');
        return 'error.fix';
      case 'dates_reversed':
        put('error.reversed');
        return 'error.fix';
      case 'stay_too_long':
        put('error.tooLong');
        return 'error.fix';
      case 'dates_taken':
        return 'error.taken';
      case 'validation_failed':
        put('error.invalid');
        for (const e of err.errors) {
          const f = field(e.pointer);
          if ((FIELDS as readonly string[]).includes(f) && (e.code === 'nul_character' || e.code === 'lone_surrogate'))
            this.#errors[f] = 'error.characters';
        }
        return 'error.fix';
      case 'unknown_venue':
        return 'error.unknownVenue';
      case 'rate_limited':
        return 'error.rateLimited';
      default:
        return err.transient ? 'error.network' : 'error.server';
    }
  }

  async #refreshList(): Promise<void> {
    try {
      const list = await this.client.request<VenueList>('/v1/venues', { query: { organisation: this.organisation } });
      if (this._data) this._data = { ...this._data, list };
      this.#syncMap();
    } catch {
      // The outcome stands; the calendar refreshes on the next load.
    }
  }

  /** "Check my place": a queued organiser learns whether they were promoted to a hold. */
  async #check(): Promise<void> {
    const o = this.#outcome;
    if (!o) return;
    try {
      const s = await this.client.request<ReservationStatus>('/v1/venue-reservations/lookup', { method: 'POST', body: { token: o.token } });
      this.#outcome = this.#fromStatus(s, o.token, o.kind === 'queued');
      this.#sendError = undefined;
      await this.#refreshList();
    } catch (err) {
      this.#sendError = this.#problemKey(err);
    }
    this.#update();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="outcome"]')?.focus();
  }

  #fromStatus(s: ReservationStatus, token: string, wasQueued: boolean): Outcome {
    const base = { venue: s.venue, startDate: s.startDate, endDate: s.endDate, token };
    if (s.status === 'cancelled') return { kind: 'cancelled', ...base };
    const kind =
      s.status === 'hold'
        ? wasQueued
          ? 'promoted'
          : 'hold'
        : s.status === 'queued'
          ? 'queued'
          : s.status === 'booked'
            ? 'booked'
            : 'closed';
    return { kind, ...base, ...(s.position ? { position: s.position } : {}), ...(s.expiresAt ? { expiresAt: s.expiresAt } : {}) };
  }

  async #cancel(): Promise<void> {
    const o = this.#outcome;
    if (!o) return;
    try {
      await this.client.request('/v1/venue-reservations/cancel', { method: 'POST', body: { token: o.token } });
      this.#outcome = { kind: 'cancelled', venue: o.venue, startDate: o.startDate, endDate: o.endDate, token: o.token };
      this.#sendError = undefined;
      await this.#refreshList();
    } catch (err) {
      this.#sendError = err instanceof ProblemError && err.code === 'cancel_link_used' ? 'error.cancelUsed' : this.#problemKey(err);
    }
    this.#update();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="outcome"]')?.focus();
  }

  /** A notice's cancel link (`?venue-cancel=<token>`) opens the card with that reservation. */
  async #restoreCancelLink(): Promise<void> {
    const token = new URLSearchParams(location.search).get('venue-cancel');
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return;
    try {
      const s = await this.client.request<ReservationStatus>('/v1/venue-reservations/lookup', { method: 'POST', body: { token } });
      this.#outcome = this.#fromStatus(s, token, false);
      this.select(s.venue, { focus: false });
    } catch {
      // An unknown or mistyped link: nothing to show.
    }
  }

  // ------------------------------------------------------------------ render

  override render(): TemplateResult {
    if (this._rev < 0) return html``; // _rev only makes Lit re-render after a private field changed
    if (!this.localize.ready) return html`<div part="base" aria-busy="true"></div>`;
    const { heading: level, sub } = this.level;
    return html`
      <div part="base" class="base" lang=${this.localize.language} aria-busy=${this.state === 'loading' ? 'true' : 'false'}>
        ${header({
          level,
          title: this.#t('title'),
          plain: this.localize.plain,
          plainLabel: this.#t('common:plainLanguage'),
          onTogglePlain: () => (this.plainLanguage = !this.localize.plain),
          below: html`<p part="intro">${this.#t('intro')}</p>`,
        })}
        ${
          this.state === 'loading'
            ? this.#loading(sub)
            : this.state === 'load-error'
              ? loadErrorPanel({
                  level: sub,
                  title: this.#t('loadError.title'),
                  body: this.#t(this.organisation ? 'loadError.body' : 'loadError.config'),
                  retry: this.organisation
                    ? {
                        label: this.#t('common:retry'),
                        onClick: () => {
                          this.#retrying = true;
                          void this.reload();
                        },
                      }
                    : undefined,
                })
              : this.#ready(sub)
        }
      </div>
    `;
  }

  /**
   * Loading: the message, and in a wide layout (the map beside the list) the map's box where it
   * will be once the list is in, so MapLibre and its basemap are made while the list is on its way.
   * In a narrow layout the map comes under the list and waits for it (a person who stays in the list
   * never downloads MapLibre).
   */
  #loading(sub: number): TemplateResult {
    const message = loadingPanel(this.#t('loading'));
    if (this.noMap || !matchMedia('(min-width: 64rem)').matches) return message;
    return html`<div class="layout">
      <section part="list" aria-labelledby="list-heading">${heading(sub, this.#t('list.title'), { id: 'list-heading' })} ${message}</section>
      ${this.#mapSection(sub, [], true)}
    </div>`;
  }

  #ready(sub: number): TemplateResult {
    const venues = this.visibleVenues;
    const card = this.#venue(this.#selected);
    return html`
      ${this.#filterForm(sub)} ${this.#overlays(sub)}
      <p class="count" id="count">${this.#t('count', { count: venues.length })}</p>
      <div class="layout ${this.noMap ? 'no-map' : ''}">
        <section part="list" aria-labelledby="list-heading">
          ${heading(sub, this.#t('list.title'), { id: 'list-heading' })}
          ${
            venues.length
              ? this.#table(venues)
              : messagePanel({
                  level: sub + 1,
                  title: this.#t('empty.title'),
                  body: this.#t('empty.body'),
                  tone: 'empty',
                  action: { label: this.#t('filters.clear'), onClick: () => this.#clearFilters() },
                })
          }
        </section>
        ${this.noMap ? nothing : this.#mapSection(sub, venues)}
      </div>
      ${card ? this.#card(card, sub) : nothing} ${this.#staffPanel()}
    `;
  }

  #staffPanel(): TemplateResult | typeof nothing {
    const s = this.#staff;
    if (!this.staff || !s) return nothing;
    s.context = { venues: this._data?.list.venues ?? [], client: this.client, level: this.level.sub };
    return s.render();
  }

  #filterForm(sub: number): TemplateResult {
    const f = this.#filters;
    /** A filter date as day / month / year (`dateFields`, as in the permit explorer and the timeline). */
    const filterDate = (k: FilterDate) => {
      const id = k === 'from' ? 'f-from' : 'f-to';
      const err = this.#filterErrors[k];
      return html`<div class="field" @focusout=${(e: FocusEvent) => this.#onFilterDateLeave(k, e)}>
        ${dateFields({
          id,
          legend: this.#t(`filters.${k}`),
          parts: this.#dates[id],
          t: (key, values) => this.#t(key, values),
          onInput: (parts) => this.#onFilterDate(k, parts),
          invalid: err !== undefined,
          error: err ? fieldError({ id: `${id}-error`, prefix: this.#t('common:errorPrefix'), message: this.#t(err) }) : nothing,
          describedBy: err ? `${id}-error` : '',
        })}
      </div>`;
    };
    const toggle =
      <K extends 'facilities' | 'access'>(k: K, value: Filters[K][number]) =>
      (e: Event) => {
        const on = (e.target as HTMLInputElement).checked;
        const cur = this.#filters[k] as string[];
        this.#setFilters({ [k]: on ? [...cur, value] : cur.filter((x) => x !== value) });
      };
    return html`
      <form part="filters" class="filters" aria-labelledby="filters-heading" @submit=${(e: Event) => e.preventDefault()}>
        ${heading(sub, this.#t('filters.title'), { id: 'filters-heading' })}
        <div class="filter-row">
          ${filterDate('from')} ${filterDate('to')}
          <div class="field">
            <label for="f-cap">${this.#t('filters.capacity')}</label>
            <input
              id="f-cap"
              type="number"
              min="0"
              inputmode="numeric"
              .value=${f.minCapacity ? String(f.minCapacity) : ''}
              @input=${(e: Event) => {
                const n = Number((e.target as HTMLInputElement).value);
                this.#setFilters({ minCapacity: Number.isInteger(n) && n > 0 ? n : undefined });
              }}
            />
          </div>
          <div class="field">
            <label for="f-type">${this.#t('filters.type')}</label>
            <select id="f-type" @change=${(e: Event) => this.#setFilters({ type: (e.target as HTMLSelectElement).value as Filters['type'] })}>
              <option value="" ?selected=${!f.type}>${this.#t('filters.anyType')}</option>
              ${VENUE_TYPES.map((t) => html`<option value=${t} ?selected=${f.type === t}>${this.#t(`type.${t}`)}</option>`)}
            </select>
          </div>
        </div>
        <div class="filter-row">
          <fieldset>
            <legend>${this.#t('filters.facilities')}</legend>
            ${FACILITIES.map(
              (k) =>
                html`<label class="check"><input type="checkbox" .checked=${f.facilities.includes(k)} @change=${toggle('facilities', k)} /> ${this.#t(`fact.${k}`)}</label>`,
            )}
          </fieldset>
          <fieldset>
            <legend>${this.#t('filters.accessibility')}</legend>
            ${ACCESSIBILITY.map(
              (k) =>
                html`<label class="check"><input type="checkbox" .checked=${f.access.includes(k)} @change=${toggle('access', k)} /> ${this.#t(`fact.${k}`)}</label>`,
            )}
          </fieldset>
        </div>
        <button type="button" part="button" class="secondary" @click=${() => this.#clearFilters()}>${this.#t('filters.clear')}</button>
      </form>
    `;
  }

  #overlays(sub: number): TemplateResult | typeof nothing {
    const o = this._data?.overlays;
    if (!o) return nothing;
    const lang = this.localize.language;
    const works = roadworks(o, lang);
    const fmt = (s: string, e: string) => this.#range(s, e);
    const set = (k: 'works' | 'events', on: boolean) => {
      if (k === 'works') this.#showWorks = on;
      else this.#showEvents = on;
      this.#sendOverlays();
      this.#update();
    };
    return html`
      <section part="overlays" class="overlays" aria-labelledby="overlays-heading">
        ${heading(sub, this.#t('overlays.title'), { id: 'overlays-heading' })}
        <label class="check"><input type="checkbox" .checked=${this.#showWorks} @change=${(e: Event) => set('works', (e.target as HTMLInputElement).checked)} /> ${this.#t('overlays.roadworks', { count: works.length })}</label>
        ${
          this.#showWorks
            ? html`<ul class="overlay-list" aria-label=${this.#t('overlays.roadworksList')}>
              ${works.map((w) => html`<li><span aria-hidden="true" class="ov-sym">▬</span> ${w.title} (${w.place}) — ${fmt(w.startDate, w.endDate)}${w.closure ? html` — <strong>${this.#t('overlays.closure')}</strong>` : nothing}</li>`)}
            </ul>`
            : nothing
        }
        <label class="check"><input type="checkbox" .checked=${this.#showEvents} @change=${(e: Event) => set('events', (e.target as HTMLInputElement).checked)} /> ${this.#t('overlays.events', { count: o.events.length })}</label>
        ${
          this.#showEvents
            ? html`<ul class="overlay-list" aria-label=${this.#t('overlays.eventsList')}>
              ${o.events.map((e) => html`<li><span aria-hidden="true" class="ov-sym">◆</span> ${this.#text(e.name)} — ${fmt(e.startDate, e.endDate)}</li>`)}
            </ul>`
            : nothing
        }
        <p class="hint">${o.source ?? ''}</p>
      </section>
    `;
  }

  /**
   * A day or a range of days in the reader's language, through core's shared formatters: Northern
   * Sámi as Finnish (Chromium has no Sámi date data: a bare `se` fell back to US month-first),
   * English day-first (en-GB), as the rest of the widget writes dates.
   */
  #range(s: string, e: string): string {
    const f = dateTimeFormat(this.localize.language, RANGE_FORMAT);
    const a = new Date(`${s}T00:00:00Z`);
    return s === e ? f.format(a) : f.formatRange(a, new Date(`${e}T00:00:00Z`));
  }

  #yesNo(on: boolean): string {
    return this.#t(on ? 'yes' : 'no');
  }

  #facilities(v: Venue): string {
    const on = FACILITIES.filter((k) => v.facts[k]).map((k) => this.#t(`fact.${k}`));
    return on.length ? on.join(', ') : this.#t('none');
  }
  #access(v: Venue): string {
    const on = ACCESSIBILITY.filter((k) => v.facts[k]).map((k) => this.#t(`fact.${k}`));
    return on.length ? on.join(', ') : this.#t('none');
  }
  #rent(v: Venue): string {
    const r = v.facts.rent;
    if (r.amountEur === 0) return this.#t('rent.free');
    return this.#t(`rent.${r.per}`, {
      amount: formatNumber(r.amountEur, this.localize.language, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }),
    });
  }

  /** A row's texts, made once per venue and language (re-rendering a page of rows after a filter change formats nothing again). */
  #cells(v: Venue): string[] {
    const lang = `${this.localize.language}${this.localize.plain ? '+plain' : ''}`;
    const hit = this.#cellCache.get(v);
    if (hit?.lang === lang) return hit.cells;
    const l = this.localize.language;
    const cells = [
      this.#text(v.facts.name),
      this.#t(`type.${v.facts.type}`),
      formatNumber(v.facts.capacity, l),
      `${formatNumber(v.facts.areaM2, l)} m²`,
      this.#facilities(v),
      this.#access(v),
      this.#rent(v),
    ];
    this.#cellCache.set(v, { lang, cells });
    return cells;
  }

  #table(venues: Venue[]): TemplateResult {
    const sortBtn = (k: SortKey) => {
      const active = this.#sort === k;
      return html`<button type="button" class="sort" @click=${() => {
        this.#desc = active ? !this.#desc : false;
        this.#sort = k;
        this.#page = 0;
        this.#writeUrl();
        this.#syncMap();
        this.#update();
      }}>${this.#t(`col.${k}`)} <span aria-hidden="true">${active ? (this.#desc ? '▼' : '▲') : '↕'}</span></button>`;
    };
    const pg = pageOf(venues.length, this.#page);
    const aria = (k: SortKey) => (this.#sort === k ? (this.#desc ? 'descending' : 'ascending') : nothing);
    return html`
      <div class="table-wrap" role="region" aria-labelledby="list-heading" tabindex="0">
        <table part="table" class="venues" aria-rowcount=${venues.length + 1}>
          <caption class="visually-hidden">${this.#t('list.caption')}</caption>
          <thead>
            <tr aria-rowindex="1">
              ${SORT_KEYS.slice(0, 4).map((k) => html`<th scope="col" aria-sort=${aria(k)}>${sortBtn(k)}</th>`)}
              <th scope="col">${this.#t('col.facilities')}</th>
              <th scope="col">${this.#t('col.accessibility')}</th>
              <th scope="col" aria-sort=${aria('rent')}>${sortBtn('rent')}</th>
            </tr>
          </thead>
          <tbody>
            ${venues.slice(pg.first, pg.last).map(
              (v, i) => html`<tr class=${v.id === this.#selected ? 'selected' : ''} data-venue=${v.id} aria-rowindex=${pg.first + i + 2}>
                <th scope="row">
                  <button type="button" class="link venue-link" aria-current=${v.id === this.#selected ? 'true' : nothing} @click=${() => this.select(v.id)}>${this.#cells(v)[0]}</button>
                </th>
                ${this.#cells(v)
                  .slice(1)
                  .map((c) => html`<td>${c}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${pg.pages > 1 ? this.#pager(pg, venues.length) : nothing}
    `;
  }

  /**
   * Previous / next page buttons and where in the list the rows are. The buttons stay focusable at
   * the ends (`aria-disabled`, not `disabled`: a keyboard user pressing "next" on the last page
   * keeps their place); the new rows are announced.
   */
  #pager(pg: ReturnType<typeof pageOf>, count: number): TemplateResult {
    const go = (page: number) => {
      const next = pageOf(count, page);
      if (next.page === pg.page) return;
      this.#page = next.page;
      this.announcer.polite(this.#pageText(next, count));
      this.#update();
    };
    return html`<nav class="pager" aria-label=${this.#t('list.pages')}>
      <button type="button" part="button" class="secondary" aria-disabled=${pg.page === 0 ? 'true' : 'false'} @click=${() => go(pg.page - 1)}>
        <span aria-hidden="true">‹</span> ${this.#t('list.prev')}
      </button>
      <span class="pager-status">${this.#pageText(pg, count)}</span>
      <button type="button" part="button" class="secondary" aria-disabled=${pg.page >= pg.pages - 1 ? 'true' : 'false'} @click=${() => go(pg.page + 1)}>
        ${this.#t('list.next')} <span aria-hidden="true">›</span>
      </button>
    </nav>`;
  }

  #pageText(pg: ReturnType<typeof pageOf>, count: number): string {
    const l = this.localize.language;
    return this.#t('list.page', {
      first: formatNumber(pg.first + 1, l),
      last: formatNumber(pg.last, l),
      count: formatNumber(count, l),
      page: formatNumber(pg.page + 1, l),
      pages: formatNumber(pg.pages, l),
    });
  }

  #mapSection(sub: number, venues: Venue[], loading = false): TemplateResult {
    const selected = this.#venue(this.#selected);
    const works = this.#showWorks ? roadworks(this._data?.overlays, this.localize.language).length : 0;
    const events = this.#showEvents ? (this._data?.overlays?.events.length ?? 0) : 0;
    return html`
      <section part="map" class="map-section" aria-labelledby="map-heading">
        ${heading(sub, this.#t('map.title'), { id: 'map-heading' })}
        <div class="map-tools">
          <button type="button" part="button" class="secondary" ?disabled=${!this.#map} @click=${() => this.#map?.zoom(1)} aria-label=${this.#t('map.zoomIn')}>+</button>
          <button type="button" part="button" class="secondary" ?disabled=${!this.#map} @click=${() => this.#map?.zoom(-1)} aria-label=${this.#t('map.zoomOut')}>−</button>
          <button type="button" part="button" class="secondary" ?disabled=${!this.#map} @click=${() => this.#map?.fit()}>${this.#t('map.fit')}</button>
        </div>
        <div id="map" class="map" role="group" aria-label=${this.#t('map.label')} aria-describedby="map-alt">
          ${this.#map ? nothing : html`<p class="map-placeholder">${this.#t(this.#mapLoading ? 'map.loading' : 'map.waiting')}</p>`}${this.#mapHost}
        </div>
        <p id="map-alt" class="hint">
          ${loading ? this.#t('loading') : this.#t('map.alt', { count: venues.length })}
          ${selected ? this.#t('map.altSelected', { name: this.#text(selected.facts.name) }) : nothing}
          ${works || events ? this.#t('map.altOverlays', { works, events }) : nothing} ${this.#t('map.keys')}
        </p>
        <p class="attribution" part="attribution">${this.mapStyle ? (this.mapAttribution ?? '') : this.#t('map.attribution')}</p>
      </section>
    `;
  }

  #card(v: Venue, sub: number): TemplateResult {
    const f = v.facts;
    const details = this.#details.get(v.id);
    const lang = this.localize.language;
    const today = this._data?.list.today ?? '';
    const d = this.#draft;
    const from = isIsoDate(d.startDate) ? d.startDate : this.#filters.from;
    const to = isIsoDate(d.endDate) ? d.endDate : this.#filters.to || from;
    const found = from
      ? conflicts(v, from, to || from, roadworks(this._data?.overlays, lang), this._data?.overlays?.events ?? [])
      : undefined;
    return html`
      <section part="card" class="card" aria-labelledby="card-heading">
        <div class="card-head">
          ${heading(sub, this.#text(f.name), { id: 'card-heading', focusable: true })}
          <button type="button" part="button" class="secondary" @click=${() => this.select('', { focus: false })}>${this.#t('card.close')}</button>
        </div>
        <dl class="facts">
          <div><dt>${this.#t('col.type')}</dt><dd>${this.#t(`type.${f.type}`)}</dd></div>
          <div><dt>${this.#t('col.capacity')}</dt><dd>${this.#t('card.people', { count: f.capacity, n: formatNumber(f.capacity, lang) })}</dd></div>
          <div><dt>${this.#t('col.areaM2')}</dt><dd>${formatNumber(f.areaM2, lang)} m²</dd></div>
          ${FACILITIES.map((k) => html`<div><dt>${this.#t(`fact.${k}`)}</dt><dd>${this.#yesNo(f[k])}</dd></div>`)}
          ${ACCESSIBILITY.map((k) => html`<div><dt>${this.#t(`fact.${k}`)}</dt><dd>${this.#yesNo(f[k])}</dd></div>`)}
          <div><dt>${this.#t('col.rent')}</dt><dd>${this.#rent(v)}${details?.facts.rent.note ? html`<br />${this.#text(details.facts.rent.note)}` : nothing}</dd></div>
          <div><dt>${this.#t('card.maxStay')}</dt><dd>${this.#t('card.days', { count: v.maxStayDays })}</dd></div>
        </dl>
        ${details ? this.#cardDetails(details, sub + 1) : this.#detailsStatus(sub + 1)}
        ${found ? this.#conflicts(found, sub + 1) : nothing}
        ${heading(sub + 1, this.#t('calendar.title'))}
        ${calendar({
          venue: v,
          today,
          focus: this.#focusDay || today,
          start: d.startDate,
          end: d.endDate,
          level: sub + 2,
          locale: intlLocales(lang),
          label: (k) => this.#t(k),
          onFocus: (date) => {
            this.#focusDay = date;
            this.#update();
            void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`td[data-date="${date}"]`)?.focus());
          },
          onPick: (date) => {
            if (date < today) return;
            if (!d.startDate || d.endDate !== d.startDate || date < d.startDate) this.#setDraftDates(date, date);
            else this.#setDraftDates(d.startDate, date);
            this.announcer.polite(this.#t('calendar.picked', { range: this.#range(d.startDate, d.endDate) }));
            this.#update();
          },
        })}
        ${this.#form(v, sub + 1)}
      </section>
    `;
  }

  /** The card's photos, the owner's terms and the contact (from the venue's own answer). */
  #cardDetails(venue: VenueDetails, level: number): TemplateResult {
    const f = venue.facts;
    return html`
      ${f.photos.map((p) => html`<img class="photo" src=${new URL(p.src, new URL(this.apiBase || '/', location.href)).href} alt=${this.#text(p.alt)} loading="lazy" width="320" height="180" />`)}
      ${heading(level, this.#t('card.terms'))}
      <p>${this.#text(f.terms)}</p>
      ${heading(level, this.#t('card.contact'))}
      <p>${f.contact.name}<br /><a href="mailto:${f.contact.email}">${f.contact.email}</a>${f.contact.phone ? html`<br /><a href="tel:${f.contact.phone.replace(/\s/g, '')}">${f.contact.phone}</a>` : nothing}</p>
    `;
  }

  /** While the card's details load: a polite status; when they fail: why, and a retry (the rest of the card works). */
  #detailsStatus(level: number): TemplateResult {
    if (!this.#detailsLoad?.failed) return html`<p part="details-status" class="hint" role="status">${this.#t('card.detailsLoading')}</p>`;
    return messagePanel({
      level,
      part: 'details-status',
      tone: 'danger',
      title: this.#t('card.detailsError'),
      body: this.#t('loadError.body'),
      action: {
        label: this.#t('common:retry'),
        onClick: () => {
          // The retry button goes away with the panel: focus stays in the card, on its heading.
          this.#fetchDetails(true);
          void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#card-heading')?.focus());
        },
      },
    });
  }

  #conflicts(found: ReturnType<typeof conflicts>, level: number): TemplateResult {
    const n = found.works.length + found.events.length;
    return html`<div class="panel ${n ? 'notice' : ''} conflicts" part="conflicts">
      ${heading(level, n ? this.#t('conflicts.title', { count: n }) : this.#t('conflicts.none'))}
      ${
        n
          ? html`<ul>
            ${found.works.map((w) => html`<li>${this.#t('conflicts.roadwork', { title: w.title, range: this.#range(w.startDate, w.endDate) })}</li>`)}
            ${found.events.map((e) => html`<li>${this.#t('conflicts.event', { name: this.#text(e.name), range: this.#range(e.startDate, e.endDate) })}</li>`)}
          </ul>`
          : nothing
      }
    </div>`;
  }

  #form(v: Venue, level: number): TemplateResult {
    const o = this.#outcome?.venue === v.id ? this.#outcome : undefined;
    if (o) return this.#outcomePanel(o, level);
    const d = this.#draft;
    const field = (k: Field, type: string, opts: { required?: boolean; autocomplete?: string; min?: string } = {}) => {
      const err = this.#errors[k];
      const label = this.#t(`form.${k}`);
      return html`<div class="field ${err ? 'invalid' : ''}">
        <label for="r-${k}">${label} ${opts.required === false ? html`<span class="hint">(${this.#t('common:optional')})</span>` : html`<span class="req" aria-hidden="true">*</span>`}</label>
        ${err ? fieldError({ id: `r-${k}-error`, prefix: this.#t('common:errorPrefix'), message: this.#t(err, { max: v.maxStayDays, limit: TEXT_LIMIT[k as keyof typeof TEXT_LIMIT] }) }) : nothing}
        <input
          id="r-${k}"
          type=${type}
          .value=${d[k]}
          min=${opts.min ?? nothing}
          autocomplete=${opts.autocomplete ?? nothing}
          ?required=${opts.required !== false}
          aria-invalid=${err ? 'true' : 'false'}
          aria-describedby=${err ? `r-${k}-error` : nothing}
          @input=${(e: Event) => {
            d[k] = (e.target as HTMLInputElement).value;
          }}
        />
      </div>`;
    };
    /** A reservation date as day / month / year (`dateFields`); a whole day moves the calendar to it. */
    const date = (k: 'startDate' | 'endDate') => {
      const id = `r-${k}` as const;
      const err = this.#errors[k];
      return dateFields({
        id,
        legend: html`${this.#t(`form.${k}`)} <span class="req" aria-hidden="true">*</span>`,
        parts: this.#dates[id],
        t: (key, values) => this.#t(key, values),
        onInput: (parts) => {
          this.#dates[id] = parts;
          const parsed = dateFromParts(parts);
          d[k] = 'value' in parsed ? parsed.value : '';
          if ('value' in parsed) this.#focusDay = parsed.value;
          this.#update();
        },
        invalid: err !== undefined,
        error: err
          ? fieldError({
              id: `${id}-error`,
              prefix: this.#t('common:errorPrefix'),
              message: this.#t(err, { max: v.maxStayDays, limit: TEXT_LIMIT[k as keyof typeof TEXT_LIMIT] }),
            })
          : nothing,
        describedBy: err ? `${id}-error` : '',
        className: 'field',
        part: 'date-fields',
        required: true,
      });
    };
    const target = (k: Field) => (k === 'startDate' || k === 'endDate' ? `r-${k}-day` : `r-${k}`);
    const items = FIELDS.filter((k) => this.#errors[k]).map((k) => ({
      target: target(k),
      name: this.#t(`form.${k}`),
      message: this.#t(this.#errors[k] as VenueMapKey, { max: v.maxStayDays, limit: TEXT_LIMIT[k as keyof typeof TEXT_LIMIT] }),
      onClick: () => this.renderRoot.querySelector<HTMLElement>(`#${target(k)}`)?.focus(),
    }));
    return html`
      <form part="form" class="form" novalidate aria-labelledby="form-heading" @submit=${(e: Event) => {
        e.preventDefault();
        void this.#send(v);
      }}>
        ${heading(level, this.#t('form.title'), { id: 'form-heading' })}
        <p class="hint">${this.#t('form.intro', { days: v.holdDays })}</p>
        ${errorSummary({ level: level + 1, title: this.#t('form.errors'), items })}
        ${
          this.#sendError && !items.length
            ? messagePanel({
                level: level + 1,
                title: this.#t('error.title'),
                body: this.#t(this.#sendError),
                tone: 'danger',
                part: 'outcome',
                focusable: true,
              })
            : nothing
        }
        <div class="filter-row">${date('startDate')} ${date('endDate')}</div>
        ${field('name', 'text', { autocomplete: 'name' })} ${field('organisation', 'text', { required: false, autocomplete: 'organization' })}
        ${field('email', 'email', { autocomplete: 'email' })} ${field('eventName', 'text')} ${field('attendance', 'number', { min: '1' })}
        <button type="submit" part="button" class="primary" aria-disabled=${this.#sending ? 'true' : 'false'}>${this.#t(this.#sending ? 'form.sending' : 'form.send')}</button>
      </form>
    `;
  }

  #outcomePanel(o: Outcome, level: number): TemplateResult {
    const range = this.#range(o.startDate, o.endDate);
    const until =
      'expiresAt' in o && o.expiresAt ? dateTimeFormat(this.localize.language, EXPIRY_FORMAT).format(new Date(o.expiresAt)) : '';
    const body =
      o.kind === 'queued'
        ? this.#t('outcome.queuedBody', { position: o.position ?? 1, range })
        : o.kind === 'cancelled'
          ? this.#t('outcome.cancelledBody', { range })
          : o.kind === 'closed'
            ? this.#t('outcome.closedBody', { range })
            : o.kind === 'booked'
              ? this.#t('outcome.bookedBody', { range })
              : this.#t(o.kind === 'promoted' ? 'outcome.promotedBody' : 'outcome.holdBody', { range, until });
    const active = o.kind === 'hold' || o.kind === 'queued' || o.kind === 'promoted' || o.kind === 'booked';
    return messagePanel({
      level,
      title: this.#t(`outcome.${o.kind}`),
      body: html`<p>${body}</p>${this.#sendError ? html`<p class="error" role="alert">${this.#t(this.#sendError)}</p>` : nothing}`,
      tone: o.kind === 'cancelled' || o.kind === 'closed' ? 'notice' : 'success',
      part: 'outcome',
      focusable: true,
      extra: html`<div class="actions">
        ${o.kind === 'queued' ? html`<button type="button" part="button" class="secondary" @click=${() => void this.#check()}>${this.#t('outcome.check')}</button>` : nothing}
        ${active ? html`<button type="button" part="button" class="secondary" @click=${() => void this.#cancel()}>${this.#t('outcome.cancel')}</button>` : nothing}
        <button type="button" part="button" class="secondary" @click=${() => {
          this.#outcome = undefined;
          this.#sendError = undefined;
          this.#update();
        }}>${this.#t('outcome.again')}</button>
      </div>`,
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luukku-venue-map': LuukkuVenueMap;
  }
}
