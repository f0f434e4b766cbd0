import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { styleMap } from 'lit/directives/style-map.js';
import { NetworkError, ProblemError } from '../../core/api/errors.js';
import { LuukkuElement } from '../../core/base-element.js';
import { ConfigurationError, LoadController } from '../../core/controllers/load.js';
import { intlLocales } from '../../core/i18n/intl.js';
import { pickText, type LocalisedText } from '../../core/i18n/localised-text.js';
import type { LocalizeController } from '../../core/i18n/localize-controller.js';
import type { ProjectTimelineKey } from '../../core/i18n/keys.js';
import { helsinkiToday } from '../../shared/helsinki-time.js';
import { dateFromParts, dateProblemKey, EMPTY_DATE_PARTS, isIsoDate, type DateParts } from '../../shared/date-parts.js';
import { dateFields, dateFieldStyles } from '../../ui/date-fields.js';
import { fieldError } from '../../ui/field-error.js';
import { header } from '../../ui/header.js';
import { heading } from '../../ui/heading.js';
import { loadErrorPanel, loadingPanel, messagePanel } from '../../ui/status.js';
import { uiStyles } from '../../ui/styles.js';
import type { PermitResultDetail } from '../permit-explorer/events.js';
import { call } from './api.js';
import { LuukkuProjectCreatedEvent } from './events.js';
import type { Kit } from './kit.js';
import {
  cellsIn,
  dayNumber,
  gridRows,
  move,
  PROJECT_TIMELINE_STATES,
  scaleFor,
  xOf,
  type GridRow,
  type Project,
  type ProjectApplication,
  type ProjectTimelineState,
  type Scale,
  type Zoom,
} from './model.js';
import { projectTimelineStyles } from './project-timeline.styles.js';
import { BLOCK, RowWindow } from './row-window.js';

/** Positions are set through the CSSOM (a strict CSP forbids inline style attributes). */
const at = (left: number) => styleMap({ left: `${left}px` });

/**
 * The table's rows in blocks of CHUNK (one `tbody` each): one block in the first render (the next
 * follows right after its paint), then one per follow-up task, which with its layout and paint stays under 50 ms at 4×
 * CPU throttling (blocks of 30 did not). A block whose rows and language have not changed is not
 * re-rendered (`guard`). The timeline grid is windowed instead (row-window.ts): only the rows near
 * the viewport are in the DOM.
 */
const CHUNK = 8;

/** A field's DOM id from its draft id (`due:<id>` → `due-<id>`: a colon would break `#id` selectors). */
const domId = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, '-');
/** Runs `fn` as background work (after input and rendering): `scheduler.postTask` where there is one, else a task. */
const afterPaint = (fn: () => void): void => {
  const scheduler = (globalThis as { scheduler?: { postTask?: (f: () => void, o: { priority: string }) => Promise<unknown> } }).scheduler;
  if (scheduler?.postTask) void scheduler.postTask(fn, { priority: 'background' });
  else setTimeout(fn, 0);
};
const FIRST_ROWS = CHUNK;
const MORE_ROWS = CHUNK;

const DOCS = 'https://github.com/luukku/luukku/blob/main/docs/project-timeline.md';
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

type View = 'timeline' | 'table';
/** A failed change: its message (shown where the user acted), and the field it names. */
interface ActionError {
  scope: string;
  /** The date field (its draft id) the message is about, when it is about one. */
  field?: string;
  key: ProjectTimelineKey;
  values?: Record<string, string>;
}

/**
 * Every permit of one project (an event, a plant) on one accessible timeline: where each
 * application stands, its latest submission day, the forecast decision date as a range (p50–p80
 * from the server's history of that permit type and authority, "based on N cases", or an
 * official's override with its reason), milestones, warnings with what to do, and the same
 * information as a table. The timeline is an APG grid (arrows, Home/End, Ctrl+Home/End,
 * PageUp/PageDown; Enter opens the details).
 *
 * Organiser view (default): `project` is the private project token (no account). With `create`
 * and no token, offers creating a project by hand or from the permit explorer's result (it
 * listens for `luukku-permit-result` on the document, or set `permitResult`).
 * Official view (`view="official"`): the projects with applications for `organisation`, with the
 * staff key (`staffKey` property, or asked for): confirm receipt, change state, request
 * information, override the forecast.
 *
 * @summary A permit project's applications on one timeline and table; the official's side too.
 *
 * @event luukku-project-created - A project was created. `event.detail`: `{ token, title }` (keep the token: it is the only key).
 *
 * @csspart base - The widget's outer wrapper.
 * @csspart heading - The widget's heading.
 * @csspart plain-toggle - The plain-language switch.
 * @csspart status - Loading and error panels.
 * @csspart grid - The timeline grid.
 * @csspart table - The table view.
 * @csspart bar - A forecast bar on the timeline.
 * @csspart button - Buttons.
 *
 * @cssproperty --luukku-project-timeline-bar - Colour of the forecast bars. Default: `--luukku-color-primary`.
 * @cssproperty --luukku-project-timeline-today - Colour of the today line. Default: `--luukku-color-danger`.
 *
 * @customElement luukku-project-timeline
 */
export class LuukkuProjectTimeline extends LuukkuElement {
  static override namespace = 'project-timeline';
  declare protected readonly localize: LocalizeController<ProjectTimelineKey>;
  static override styles = [...LuukkuElement.styles, uiStyles, dateFieldStyles, projectTimelineStyles];
  static override states = PROJECT_TIMELINE_STATES;

  static override properties: PropertyDeclarations = {
    project: { type: String, reflect: true },
    create: { type: Boolean },
    urlParam: { type: String, attribute: 'url-param' },
    view: { type: String },
    organisation: { type: String },
    zoom: { type: String },
    today: { type: String },
    staffKey: { attribute: false },
    permitResult: { attribute: false },
    _data: { state: true },
    _display: { state: true },
    _group: { state: true },
    _open: { state: true },
    _error: { state: true },
    _problem: { state: true },
    _busy: { state: true },
    _confirmCancel: { state: true },
    _key: { state: true },
    _flash: { state: true },
  };

  /** The private project token (organiser view). Set by the element after it creates a project. */
  declare project: string | undefined;
  /** Offer creating a project (by hand, or from the permit explorer's result on the page) while there is no `project`. */
  declare create: boolean;
  /** Keep the project token in this URL parameter (e.g. `project`): read when `project` is not set, written after creating one, so the page's address is the private link. */
  declare urlParam: string | undefined;
  /** `organiser` (default) or `official` (the authority's view; needs `organisation` and the staff key). */
  declare view: 'organiser' | 'official';
  /** The organisation: of a new project (organiser), or of the official. */
  declare organisation: string | undefined;
  /** `week` (default) or `month`. */
  declare zoom: Zoom;
  /** The day shown as today (YYYY-MM-DD), for tests and stories. Default: the server's today. */
  declare today: string | undefined;
  /** Official view: the organisation's staff key, settable from script only (never in the page's HTML); unset, the element asks for it. */
  declare staffKey: string | undefined;
  /** The permit explorer's result (`luukku-permit-result` detail); also picked up from the document when `create` is set. */
  declare permitResult: PermitResultDetail | undefined;
  /** The current state (read-only): loading, load-error, empty, ready. Also exposed as `:state(<name>)`. */
  declare state: ProjectTimelineState;

  declare private _data: Project[] | undefined;
  declare private _display: View;
  declare private _group: boolean;
  declare private _open: string | undefined;
  declare private _error: ActionError | undefined;
  declare private _problem: ProjectTimelineKey | undefined;
  declare private _busy: boolean;
  declare private _confirmCancel: boolean;
  declare private _key: string;
  declare private _flash: string | undefined;

  /** What the user typed, by field id: kept through errors and reloads, cleared when saved. */
  readonly #drafts = new Map<string, string>();
  /** The day / month / year typed into each date field, by field id, exactly as typed (cleared with #drafts). */
  readonly #dateDrafts = new Map<string, DateParts>();
  /** The focused grid cell (roving tabindex). */
  #cell = { row: 1, col: 0 };
  #rows: GridRow[] = [];
  /** Each project's rows (the official view shows several grids); the grid in use is the last one keyed or focused. */
  readonly #rowsOf = new Map<string, GridRow[]>();
  #gridId = '';
  /** The private link shown once after creation. */
  #createdLink: string | undefined;
  /** The official's forms (./staff.ts), loaded with the list only in the official view. */
  #staff?: typeof import('./staff.js');
  /** The calendar feed section (./feed.ts), loaded when the organiser first opens it. */
  #feed?: import('./feed.js').ProjectFeedController;
  /** The organiser's edit forms (./edit.ts), loaded on the first press of an edit button. */
  #edit?: import('./edit.js').ProjectEditController;
  readonly #onResult = (e: Event): void => {
    this.permitResult = (e as CustomEvent<PermitResultDetail>).detail;
  };
  /** The grid's rows in the DOM: those near the viewport and the focused one (every row while printing). */
  readonly #window = new RowWindow(() => this.requestUpdate());
  readonly #onPrint = (e: Event): void => {
    this.#window.all = e.type === 'beforeprint';
    this.#toolsShown ||= this.#window.all;
    // Synchronously: print() lays out the page before any microtask runs.
    this.requestUpdate();
    this.performUpdate();
  };

  readonly #loader = new LoadController(this, {
    args: () => [this.project, this.view, this.organisation, this.staffKey, this.apiBase, this.create] as const,
    load: async ([project, view, organisation, staffKey], signal): Promise<Project[] | null> => {
      if (view === 'official') {
        if (!organisation || !SLUG.test(organisation)) throw new ConfigurationError('organisation is required in the official view');
        this.#staff ??= await import('./staff.js');
        if (!staffKey) return null;
        const { data } = await call<{ projects: Project[] }>(this.apiBase, `/v1/authority-projects?organisation=${organisation}`, {
          bearer: staffKey,
          signal,
        });
        return data.projects;
      }
      if (!project) {
        if (this.create) return [];
        console.warn(`[luukku] <luukku-project-timeline>: give project="<token>" or the create attribute. See ${DOCS}`);
        throw new ConfigurationError('project or create is required');
      }
      if (!TOKEN.test(project)) throw new ProblemError({ status: 404, code: 'not_found' });
      const { data } = await call<Project>(this.apiBase, `/v1/projects/${project}`, { signal });
      return [data];
    },
    onStart: () => {
      if (!this._data) this.state = 'loading';
    },
    onLoad: (value) => {
      this._problem = undefined;
      this._data = value ?? undefined;
      this.state = value === null || value.length === 0 ? (this.view === 'official' && value === null ? 'ready' : 'empty') : 'ready';
      if (this.view === 'official' && value) this.state = 'ready';
    },
    onError: (problem, error) => {
      const code = error instanceof ProblemError ? error.code : '';
      this._problem =
        code === 'not_found'
          ? 'loadError.notFound'
          : code === 'unauthorized' || code === 'forbidden'
            ? `error.${code}`
            : problem === 'config'
              ? 'loadError.config'
              : 'loadError.body';
      if (code === 'unauthorized' || code === 'forbidden') {
        this.staffKey = undefined;
        this._data = undefined;
        this.state = 'ready';
        return;
      }
      this.state = 'load-error';
    },
  });

  constructor() {
    super();
    this.create = false;
    this.view = 'organiser';
    this.zoom = 'week';
    this.state = 'loading';
    this._display = 'timeline';
    this._group = false;
    this._busy = false;
    this._confirmCancel = false;
    this._key = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('luukku-permit-result', this.#onResult);
    addEventListener('beforeprint', this.#onPrint);
    addEventListener('afterprint', this.#onPrint);
    const fromUrl = this.urlParam ? new URLSearchParams(location.search).get(this.urlParam) : null;
    if (!this.project && fromUrl && TOKEN.test(fromUrl)) this.project = fromUrl;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('luukku-permit-result', this.#onResult);
    removeEventListener('beforeprint', this.#onPrint);
    removeEventListener('afterprint', this.#onPrint);
    this.#window.disconnect();
  }

  /** Loads the project (or the official's list) again. */
  reload(): Promise<void> {
    return this.#loader.retry();
  }

  /** The project shown (organiser view). */
  get data(): Project | undefined {
    return this.view === 'official' ? undefined : this._data?.[0];
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('view')) this.localize.use(['project-timeline']);
  }

  // ---------------------------------------------------------------- formatting

  #t(key: ProjectTimelineKey, values?: Record<string, unknown>): string {
    return this.localize.t(key, values);
  }

  /** Formatters are slow to make (≈0.1 ms each): one per language and style, reused for every cell. */
  readonly #formats = new Map<string, Intl.DateTimeFormat>();
  #format(key: 'day' | 'month' | 'time'): Intl.DateTimeFormat {
    const lng = this.localize.language;
    let f = this.#formats.get(`${lng} ${key}`);
    if (!f) {
      const options: Intl.DateTimeFormatOptions =
        key === 'day'
          ? { day: 'numeric', month: 'numeric', year: 'numeric', timeZone: 'UTC' }
          : key === 'month'
            ? { month: 'short', year: '2-digit', timeZone: 'UTC' }
            : { dateStyle: 'medium', timeStyle: 'short' };
      f = new Intl.DateTimeFormat(intlLocales(lng), options);
      this.#formats.set(`${lng} ${key}`, f);
    }
    return f;
  }

  #date(iso: string | null | undefined): string {
    if (!iso) return '–';
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return this.#format('day').format(new Date(Date.UTC(y, m - 1, d, 12)));
  }

  #text(t: LocalisedText | Record<string, string> | undefined): string {
    return pickText(t as LocalisedText, this.localize.language, this.localize.plain);
  }

  #authority = (a: ProjectApplication): string => this.#text(a.authority.name);

  #today(p: Project): string {
    return isIsoDate(this.today) ? this.today : p.today || helsinkiToday();
  }

  #forecast(a: ProjectApplication): string {
    const f = a.forecast;
    // p50 and p80 on the same day: one date, not a range from it to itself.
    const day = !!f.from && f.from === f.to;
    const dates = { from: this.#date(f.from), to: this.#date(f.to), date: this.#date(f.to) };
    if (f.source === 'override') return this.#t(day ? 'forecast.overrideDay' : 'forecast.override', { ...dates, reason: f.reason ?? '' });
    if (f.source === 'history') return this.#t(day ? 'forecast.historyDay' : 'forecast.history', { ...dates, count: f.cases });
    if (f.source === 'pack') return this.#t('forecast.pack', { to: this.#date(f.to) });
    return this.#t('forecast.none');
  }

  #warning(p: Project, a: ProjectApplication, w: ProjectApplication['warnings'][number]): string {
    return this.#t(`warning.${w.kind}`, {
      title: this.#text(a.title),
      date: this.#date(w.date),
      needed: this.#date(p.neededBy),
      authority: this.#authority(a),
    });
  }

  // ---------------------------------------------------------------- actions

  /** One change: sends it, shows the answer (or the error where the user acted), keeps what was typed. */
  async #act(
    scope: string,
    path: string,
    o: { method?: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown; ifMatch?: string },
    clear: string[] = [],
  ): Promise<boolean> {
    this._busy = true;
    this._error = undefined;
    try {
      const official = this.view === 'official';
      const { data } = await call<Project>(this.apiBase, path, {
        method: o.method ?? 'POST',
        body: o.body,
        ...(o.ifMatch ? { ifMatch: o.ifMatch } : {}),
        ...(official && this.staffKey ? { bearer: this.staffKey } : {}),
      });
      for (const k of clear) {
        this.#drafts.delete(k);
        this.#dateDrafts.delete(k);
      }
      this.#replace(data);
      this._flash = scope;
      this.announcer.announce(this.#t('saved'));
      return true;
    } catch (error) {
      const code = error instanceof ProblemError ? error.code : error instanceof NetworkError ? 'network' : 'other';
      const known = [
        'invalid_transition',
        'precondition_failed',
        'invalid_date',
        'validation_failed',
        'not_found',
        'unauthorized',
        'forbidden',
        'network',
      ];
      const allowed = (error as { allowed?: string[] }).allowed;
      this._error = {
        scope,
        key: `error.${known.includes(code) ? code : 'other'}` as ProjectTimelineKey,
        values: { allowed: (allowed ?? []).map((s) => this.#t(`state.${s}` as ProjectTimelineKey)).join(', ') },
      };
      this.announcer.announce(this.#t(this._error.key, this._error.values), 'assertive');
      // Someone else changed it: show the latest (the typed text stays in the drafts).
      if (code === 'precondition_failed' || code === 'invalid_transition') void this.#loader.retry();
      return false;
    } finally {
      this._busy = false;
    }
  }

  #replace(p: Project): void {
    const list = this._data ?? [];
    const i = list.findIndex((x) => x.id === p.id);
    this._data = i < 0 ? [...list, p] : list.map((x, j) => (j === i ? p : x));
  }

  #draft(id: string, fallback = ''): string {
    return this.#drafts.get(id) ?? fallback;
  }

  #input =
    (id: string) =>
    (e: Event): void => {
      this.#drafts.set(id, (e.target as HTMLInputElement).value);
    };

  /**
   * The date typed into a date field as `YYYY-MM-DD` ('' when it is empty and may be), or
   * undefined after showing what is wrong (malformed: the common messages; before `notBefore`:
   * the widget's own). Nothing typed is changed or lost.
   */
  async #dateValue(scope: string, id: string, o: { required?: boolean; notBefore?: string } = {}): Promise<string | undefined> {
    const parsed = dateFromParts(this.#dateDrafts.get(id) ?? EMPTY_DATE_PARTS);
    let key: ProjectTimelineKey | undefined;
    if ('value' in parsed) {
      if (!o.notBefore || parsed.value >= o.notBefore) return parsed.value;
      key = 'date.beforeToday';
    } else if (parsed.problem === 'empty') {
      if (!o.required) return '';
      key = 'date.required';
    } else key = dateProblemKey(parsed.problem) ?? 'common:date.invalid';
    await this.#showDateProblem(scope, id, key);
    return undefined;
  }

  async #showDateProblem(scope: string, id: string, key: ProjectTimelineKey): Promise<void> {
    this._error = { scope, field: id, key };
    this.announcer.announce(this.#t(key), 'assertive');
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#${domId(id)}-day`)?.focus();
  }

  async #createProject(fromResult: boolean): Promise<void> {
    const title = this.#draft('create-title').trim() || (fromResult ? this.#resultTitle() : '');
    if (!title) {
      this._error = { scope: 'create', key: 'field.required' };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#create-title')?.focus();
      return;
    }
    const needed = await this.#dateValue('create', 'create-needed', { notBefore: isIsoDate(this.today) ? this.today : helsinkiToday() });
    if (needed === undefined) return;
    const r = this.permitResult;
    const body = {
      title,
      locale: this.localize.language,
      ...(this.organisation && SLUG.test(this.organisation) ? { organisation: this.organisation } : {}),
      ...(isIsoDate(needed) ? { neededBy: needed } : {}),
      ...(fromResult && r
        ? {
            permitResult: {
              organisation: r.organisation,
              mode: r.mode,
              packId: r.packId,
              packVersion: r.packVersion,
              answers: r.answers,
              today: r.today,
              result: { obligations: r.result.obligations.map((o) => ({ ruleId: o.ruleId })) },
            },
          }
        : {}),
    };
    this._busy = true;
    this._error = undefined;
    try {
      const { data } = await call<{ token: string; project: Project }>(this.apiBase, '/v1/projects', { method: 'POST', body });
      this.#drafts.clear();
      this.#dateDrafts.clear();
      this.#createdLink = data.token;
      this._data = [data.project];
      this.project = data.token;
      if (this.urlParam) {
        const url = new URL(location.href);
        url.searchParams.set(this.urlParam, data.token);
        history.replaceState(history.state, '', url);
      }
      this.state = 'ready';
      this.dispatchEvent(new LuukkuProjectCreatedEvent({ token: data.token, title: data.project.title }));
      this.announcer.announce(this.#t('create.done'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
    } catch (error) {
      const code = error instanceof ProblemError ? error.code : 'network';
      this._error = {
        scope: 'create',
        key: `error.${['invalid_date', 'validation_failed'].includes(code) ? code : code === 'network' ? 'network' : 'other'}` as ProjectTimelineKey,
      };
    } finally {
      this._busy = false;
    }
  }

  #resultTitle(): string {
    const a = this.permitResult?.answers;
    const date = a && typeof a.startDate === 'string' ? a.startDate : '';
    return `${this.#t('title')}${date ? ` ${date}` : ''}`;
  }

  // ---------------------------------------------------------------- grid keyboard

  #onGridKey(e: KeyboardEvent, projectId: string): void {
    this.#useGrid(projectId);
    const rows = this.#rows.length + 1;
    if (e.key === 'Enter' || e.key === ' ') {
      const row = this.#rows[this.#cell.row - 1];
      if (row?.kind === 'app') {
        e.preventDefault();
        void this.#openDetails(row.app.id);
      }
      return;
    }
    const next = move(e.key, e.ctrlKey || e.metaKey, this.#cell, rows, (r) => (r === 0 ? 3 : cellsIn(this.#rows[r - 1])));
    if (!next) return;
    e.preventDefault();
    this.#focusCell(next);
  }

  #useGrid(projectId: string): void {
    this.#gridId = projectId;
    this.#rows = this.#rowsOf.get(projectId) ?? this.#rows;
  }

  #focusCell(at: { row: number; col: number }, again = true): void {
    this.#cell = at;
    const grid =
      this.renderRoot.querySelector(`[role="grid"][data-project="${this.#gridId}"]`) ?? this.renderRoot.querySelector('[role="grid"]');
    if (!grid) return;
    const cell = grid.querySelector<HTMLElement>(`[data-cell="${at.row}-${at.col}"]`);
    if (!cell && again) {
      // A row outside the window (PageDown, Ctrl+End): the focused cell's block is always rendered, so render, then move.
      this.requestUpdate();
      void this.updateComplete.then(() => this.#focusCell(at, false));
      return;
    }
    for (const el of grid.querySelectorAll<HTMLElement>('[tabindex="0"]')) el.tabIndex = -1;
    if (cell) {
      cell.tabIndex = 0;
      cell.focus();
    }
  }

  async #openDetails(id: string): Promise<void> {
    this._open = id;
    this._error = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#details-heading')?.focus();
  }

  async #closeDetails(): Promise<void> {
    const id = this._open;
    this._open = undefined;
    await this.updateComplete;
    const back = this.renderRoot.querySelector<HTMLElement>(`[data-open="${id}"]`);
    if (back && this._display === 'timeline') this.#focusCell(this.#cell);
    else back?.focus();
  }

  // ---------------------------------------------------------------- render

  override render(): TemplateResult {
    if (!this.localize.ready) return html`<div part="base" aria-busy="true"></div>`;
    const official = this.view === 'official';
    const level = this.level;
    return html`
      <div part="base" class="base" lang=${this.localize.language} aria-busy=${this.state === 'loading' ? 'true' : 'false'}>
        ${header({
          level: level.heading,
          title: this.#t(official ? 'titleOfficial' : 'title'),
          plain: this.localize.plain,
          plainLabel: this.#t('common:plainLanguage'),
          onTogglePlain: () => (this.plainLanguage = !this.localize.plain),
          below: html`<p class="intro">${this.#t('intro')}</p>`,
        })}
        ${this.#body(official, level.sub)}
      </div>
    `;
  }

  #body(official: boolean, sub: number): unknown {
    if (this.state === 'loading') return loadingPanel(this.#t('loading'));
    if (this.state === 'load-error') {
      return loadErrorPanel({
        level: sub,
        title: this.#t('loadError.title'),
        body: this.#t(this._problem ?? 'loadError.body'),
        retry: this._problem === 'loadError.body' ? { label: this.#t('common:retry'), onClick: () => void this.#retry() } : undefined,
      });
    }
    if (official) return this.#official(sub);
    if (this.state === 'empty') return this.#empty(sub);
    const p = this.data;
    return p ? this.#project(p, sub, false) : nothing;
  }

  async #retry(): Promise<void> {
    await this.#loader.retry();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
  }

  #errorFor(scope: string): unknown {
    const e = this._error;
    if (e?.scope !== scope) return nothing;
    return html`<div class="action-error" role="alert">${fieldError({ id: `err-${scope}`, prefix: this.#t('common:errorPrefix'), message: this.#t(e.key, e.values) })}</div>`;
  }

  #field(id: string, label: string, type: string, o: { value?: string; min?: string; required?: boolean } = {}): TemplateResult {
    const invalid = this._error?.scope === id.split(':')[0];
    return html`<div class="field">
      <label for=${id}>${label}${o.required ? html` <span class="req" aria-hidden="true">*</span>` : nothing}</label>
      ${
        type === 'textarea'
          ? html`<textarea id=${id} .value=${this.#draft(id, o.value ?? '')} @input=${this.#input(id)} aria-describedby=${invalid ? `err-${id.split(':')[0]}` : nothing}></textarea>`
          : html`<input id=${id} type=${type} .value=${this.#draft(id, o.value ?? '')} min=${o.min ?? nothing} ?required=${!!o.required}
            @input=${this.#input(id)} aria-describedby=${invalid ? `err-${id.split(':')[0]}` : nothing} />`
      }
    </div>`;
  }

  /** A date as day / month / year fields (`dateFields`); what was typed lives in #dateDrafts across renders. */
  #dateField(id: string, label: string, scope: string, o: { required?: boolean } = {}): TemplateResult {
    const invalid = this._error?.scope === scope && this._error.field === id;
    return html`<div class="field">
      ${dateFields({
        id: domId(id),
        legend: html`${label}${o.required ? html` <span class="req" aria-hidden="true">*</span>` : nothing}`,
        parts: this.#dateDrafts.get(id) ?? EMPTY_DATE_PARTS,
        t: (k, v) => this.#t(k, v),
        onInput: (parts) => this.#dateDrafts.set(id, parts),
        invalid,
        ...(invalid ? { describedBy: `err-${scope}` } : {}),
        ...(o.required ? { required: true } : {}),
      })}
    </div>`;
  }

  #empty(sub: number): TemplateResult {
    const r = this.permitResult;
    const count = r ? r.result.obligations.length : 0;
    return html`
      <section class="box" aria-labelledby="empty-h">
        ${heading(sub, this.#t('empty.title'), { id: 'empty-h' })}
        <p>${this.#t('empty.body')}</p>
        ${
          r
            ? html`<div class="result-offer">
              <p>${this.#t('create.fromResult', { count })}</p>
              <button type="button" part="button" class="primary" ?disabled=${this._busy} @click=${() => void this.#createProject(true)}>
                ${this.#t('create.fromResultButton')}
              </button>
            </div>`
            : nothing
        }
        <form class="create" @submit=${(e: Event) => (e.preventDefault(), void this.#createProject(false))} novalidate>
          ${heading(sub + 1, this.#t('create.byHand'))} ${this.#errorFor('create')}
          ${this.#field('create-title', this.#t('create.name'), 'text', { required: true })}
          ${this.#dateField('create-needed', this.#t('create.neededBy'), 'create')}
          <button type="submit" part="button" class="secondary" ?disabled=${this._busy}>${this.#t('create.submit')}</button>
        </form>
      </section>
    `;
  }

  /** What the lazily loaded parts (staff.ts, feed.ts) use of the element. */
  get #kit(): Kit {
    return {
      t: (k, v) => this.#t(k, v),
      busy: this._busy,
      field: (id, label, type, o) => this.#field(id, label, type, o),
      dateField: (id, label, scope, o) => this.#dateField(id, label, scope, o),
      draft: (id, fallback) => this.#draft(id, fallback),
      setDraft: (id, value) => this.#drafts.set(id, value),
      invalid: (scope, id) => this._error?.scope === scope && this._error.field === id,
      dateValue: (scope, id, o) => this.#dateValue(scope, id, o),
      showDateProblem: (scope, id, key) => this.#showDateProblem(scope, id, key),
      act: (scope, path, o, clear) => this.#act(scope, path, o, clear),
      date: (iso) => this.#date(iso),
      update: () => this.requestUpdate(),
      focus: async (selector) => {
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
      },
      announce: (message, assertive) => this.announcer.announce(message, assertive ? 'assertive' : 'polite'),
    };
  }

  #official(sub: number): unknown {
    const staff = this.#staff;
    if (!staff) return loadingPanel(this.#t('loading'));
    if (!this.staffKey) {
      return staff.signIn(this.#kit, {
        problem: this._problem ? this.#t(this._problem) : undefined,
        key: this._key,
        onKey: (v) => (this._key = v),
        onSubmit: () => {
          if (this._key) this.staffKey = this._key;
        },
      });
    }
    const list = this._data ?? [];
    if (list.length === 0) return messagePanel({ level: sub, title: this.#t('staff.none'), body: '', tone: 'empty' });
    return list.map(
      (p) => html`<section class="official-project" aria-labelledby="p-${p.id}">
      ${heading(sub, html`${p.title}`, { id: `p-${p.id}` })}
      <p>${this.#t('staff.neededBy', { date: this.#date(p.neededBy) })}</p>
      ${this.#project(p, sub + 1, true)}
    </section>`,
    );
  }

  /** The rows of a project, made once per project object, grouping and language (the blocks' guard compares them by identity). */
  readonly #rowsMemo = new WeakMap<Project, { key: string; rows: GridRow[] }>();
  #gridRowsOf(p: Project): GridRow[] {
    const key = `${this._group ? 1 : 0} ${this.#textKey()}`;
    const hit = this.#rowsMemo.get(p);
    if (hit?.key === key) return hit.rows;
    const rows = gridRows(p.applications, this._group, this.#authority);
    this.#rowsMemo.set(p, { key, rows });
    return rows;
  }

  /** The scale of a project at a zoom, made once per project object. */
  readonly #scales = new WeakMap<Project, Partial<Record<Zoom, Scale>>>();
  #scaleOf(p: Project, zoom: Zoom): Scale {
    let byZoom = this.#scales.get(p);
    if (!byZoom) this.#scales.set(p, (byZoom = {}));
    return (byZoom[zoom] ??= scaleFor(p, zoom));
  }

  /** What every cached text depends on besides its application: the language and plain language. */
  #textKey(): string {
    return `${this.localize.language} ${this.localize.plain ? 1 : 0}`;
  }

  #project(p: Project, sub: number, official: boolean): TemplateResult {
    const open = p.applications.find((a) => a.id === this._open);
    const rows = this.#gridRowsOf(p);
    this.#rowsOf.set(p.id, rows);
    if (!this.#gridId || this.#gridId === p.id) {
      this.#gridId = p.id;
      this.#rows = rows;
    }
    return html`
      ${!official && this.#createdLink ? this.#linkPanel(this.#createdLink) : nothing}
      ${p.cancelled ? this.#cancelled(p, sub) : nothing}
      ${official ? nothing : guard([p, sub, this.#textKey()], () => this.#warnings(p, sub))}
      <div class="toolbar" role="group" aria-label=${this.#t('view.label')}>
        ${this.#toggle(this.#t('view.timeline'), this._display === 'timeline', () => this.#show('timeline'))}
        ${this.#toggle(this.#t('view.table'), this._display === 'table', () => this.#show('table'))}
        ${
          this._display === 'timeline'
            ? html`<span class="sep" aria-hidden="true"></span>
              ${this.#toggle(this.#t('zoom.week'), this.zoom !== 'month', () => (this.zoom = 'week'))}
              ${this.#toggle(this.#t('zoom.month'), this.zoom === 'month', () => (this.zoom = 'month'))}`
            : nothing
        }
        ${this.#toggle(this.#t('group'), this._group, () => {
          this.#limit = FIRST_ROWS;
          this._group = !this._group;
        })}
      </div>
      ${
        p.applications.length === 0
          ? html`<p class="empty-apps">${this.#t('empty.body')}</p>`
          : this._display === 'table'
            ? this.#table(p, rows)
            : this.#grid(p, rows)
      }
      ${open ? this.#details(p, open, sub, official) : nothing} ${official ? nothing : this.#toolsShown ? this.#tools(p, sub) : html`<div class="tools"></div>`}
    `;
  }

  /** Switches between the timeline and the table: the new view renders its first rows at once and the rest in small tasks. */
  #show(view: View): void {
    if (this._display === view) return;
    this.#limit = FIRST_ROWS;
    // Back on the timeline, the grid is new DOM: it shows what can be seen again (RowWindow.fit), not every block that was near before.
    this.#window.disconnect();
    this._display = view;
  }

  #toggle(label: string, pressed: boolean, onClick: () => void): TemplateResult {
    return html`<button type="button" part="button" class="toggle" aria-pressed=${pressed ? 'true' : 'false'} @click=${onClick}>${label}</button>`;
  }

  #linkPanel(token: string): TemplateResult {
    const url = new URL(location.href);
    url.searchParams.set(this.urlParam ?? 'project', token);
    return html`<div class="box success" role="status">
      <p><strong>${this.#t('create.done')}</strong> ${this.#t('create.linkHelp')}</p>
      <label for="private-link">${this.#t('create.link')}</label>
      <input id="private-link" type="text" readonly .value=${url.toString()} />
    </div>`;
  }

  #warnings(p: Project, sub: number): TemplateResult {
    const items = p.applications.flatMap((a) => (a.warnings.length ? this.#rowTexts(p, a).warnings : []));
    return html`<section class="warnings ${items.length ? 'has' : ''}" aria-labelledby="warn-h">
      ${heading(sub, this.#t('warnings.title'), { id: 'warn-h' })}
      ${
        items.length
          ? html`<ul>
            ${items.map((w) => html`<li><span class="warn-icon" aria-hidden="true">!</span> ${w}</li>`)}
          </ul>`
          : html`<p>${this.#t('warnings.none')}</p>`
      }
    </section>`;
  }

  #cancelled(p: Project, sub: number): TemplateResult {
    return html`<section class="box notice" aria-labelledby="cancel-h">
      ${heading(sub, this.#t('cancelled.title'), { id: 'cancel-h' })}
      <p>${this.#t('cancelled.body')}</p>
      <ul class="notices">
        ${p.applications.map((a) => {
          const title = this.#text(a.title);
          return html`<li>
            ${
              a.submittedOn
                ? this.#t('cancelled.notice', {
                    authority: this.#authority(a),
                    title,
                    reference: a.reference ? ` (${a.reference})` : '',
                    project: p.title,
                    reason: p.cancelReason ? ` ${p.cancelReason}` : '',
                  })
                : this.#t('cancelled.noNotice', { title })
            }
          </li>`;
        })}
      </ul>
    </section>`;
  }

  #stateBadge(a: ProjectApplication): TemplateResult {
    return html`<span class="state s-${a.state}"><span class="dot" aria-hidden="true"></span>${this.#t(`state.${a.state}` as ProjectTimelineKey)}</span>`;
  }

  /** The first rows of `rows` that are rendered now, as blocks of CHUNK: [start, end) each. A short table (up to 4 blocks) is rendered whole. */
  #blocks(rows: readonly GridRow[]): [number, number][] {
    const n = rows.length <= 4 * CHUNK ? rows.length : Math.min(rows.length, this.#limit);
    const blocks: [number, number][] = [];
    for (let s = 0; s < n; s += CHUNK) blocks.push([s, Math.min(s + CHUNK, n)]);
    return blocks;
  }

  #table(p: Project, rows: GridRow[]): TemplateResult {
    const key = this.#textKey();
    return html`<div class="scroll">
      <table part="table">
        <caption>${this.#t('tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">${this.#t('col.application')}</th>
            <th scope="col">${this.#t('col.authority')}</th>
            <th scope="col">${this.#t('col.state')}</th>
            <th scope="col">${this.#t('col.deadline')}</th>
            <th scope="col">${this.#t('col.forecast')}</th>
            <th scope="col">${this.#t('col.warnings')}</th>
          </tr>
        </thead>
        ${this.#blocks(rows).map(([s, e]) =>
          guard([rows, s, e, key], () => html`<tbody>${rows.slice(s, e).map((r) => this.#tableRow(p, r))}</tbody>`),
        )}
      </table>
    </div>`;
  }

  #tableRow(p: Project, r: GridRow): TemplateResult {
    if (r.kind === 'group') {
      return html`<tr class="group"><th colspan="6" scope="colgroup">${this.#t('group.count', { name: r.label, count: r.count })}</th></tr>`;
    }
    const a = r.app;
    const t = this.#rowTexts(p, a);
    return html`<tr class=${a.warnings.length ? 'warn' : ''}>
      <th scope="row">
        <button type="button" class="link" data-open=${a.id} @click=${() => void this.#openDetails(a.id)}>${t.title}</button>
      </th>
      <td>${t.authority}</td>
      <td>${t.badge}${a.reference ? html`<br /><span class="ref">${a.reference}</span>` : nothing}</td>
      <td>${t.deadline}</td>
      <td>${t.forecast}</td>
      <td>${t.warnings.map((w) => html`<span class="warn-icon" aria-hidden="true">!</span> ${w} `)}</td>
    </tr>`;
  }

  #grid(p: Project, rows: GridRow[]): TemplateResult {
    const zoom = this.zoom === 'month' ? 'month' : 'week';
    const scale = this.#scaleOf(p, zoom);
    const today = this.#today(p);
    const todayDay = dayNumber(today) - scale.start;
    const key = this.#textKey();
    const pin = this.#gridId === p.id && this.#cell.row > 0 ? Math.floor((this.#cell.row - 1) / BLOCK) : -1;
    const fmtTick = (iso: string): string =>
      zoom === 'month' ? this.#format('month').format(new Date(`${iso}T12:00:00Z`)) : this.#date(iso).replace(/\.?\d{4}$/, '');
    // The zoom is a class on the grid (the marks' pixels per day in CSS) and the grid's width; rows place
    // their marks in days, so a zoom re-renders no row and re-styles only the marks (no inherited
    // custom property on an ancestor, which re-styled every element of the grid).
    return html`<div class="scroll">
      <div role="grid" part="grid" class="grid zoom-${zoom}" style=${styleMap({ minWidth: `calc(var(--_name) + 8rem + ${scale.width}px)` })} aria-label=${this.#t('gridLabel')} aria-rowcount=${rows.length + 1} aria-colcount="3"
        data-project=${p.id}
        @keydown=${(e: KeyboardEvent) => this.#onGridKey(e, p.id)}
        @focusin=${(e: FocusEvent) => {
          this.#useGrid(p.id);
          const [row, col] = ((e.target as HTMLElement).dataset.cell ?? '').split('-').map(Number);
          if (row !== undefined && col !== undefined && !Number.isNaN(row) && !Number.isNaN(col)) this.#cell = { row, col };
        }}>
        <div role="rowgroup">
          <div role="row" class="row head" aria-rowindex="1">
            <div role="columnheader" class="c-name" data-cell="0-0" tabindex="-1">${this.#t('col.application')}</div>
            <div role="columnheader" class="c-state" data-cell="0-1" tabindex="-1">${this.#t('col.state')}</div>
            <div role="columnheader" class="c-time" data-cell="0-2" tabindex="-1">
              <span class="visually-hidden">${this.#t('col.timeline')}</span>
              ${guard(
                [p, zoom, key],
                () => html`<span class="track" aria-hidden="true">
                  ${scale.ticks.map((t) => html`<span class="tick" style=${at(t.x)}>${fmtTick(t.day)}</span>`)}
                  ${p.milestones.map((m) => html`<span class="ms" style=${at(xOf(scale, m.date))} title=${m.title || this.#t(`milestone.${m.kind}`)}>◆</span>`)}
                  <span class="today" style=${at(xOf(scale, today))}>${this.#t('today')}</span>
                </span>`,
              )}
            </div>
          </div>
        </div>
        ${Array.from({ length: Math.ceil(rows.length / BLOCK) }, (_, b) => {
          // One slot per BLOCK rows: the rows when near the viewport or holding the focused cell, else an empty box of their height.
          const s = b * BLOCK;
          const e = Math.min(rows.length, s + BLOCK);
          const shown = this.#window.shows(p.id, rows, rows.length, b, pin);
          return html`<div class="slot" data-grid=${p.id} data-b=${b} role=${shown ? 'rowgroup' : 'none'}
            style=${styleMap({ height: shown ? undefined : `${this.#window.height(p.id, b, e - s)}px` })}>${guard(
              [rows, s, e, scale.start, key, shown],
              () => (shown ? rows.slice(s, e).map((r, i) => this.#gridRow(p, r, s + i + 1, scale)) : nothing),
            )}</div>`;
        })}
        <span class="today-line" aria-hidden="true" style=${styleMap({ left: `calc(var(--_name) + 8rem + ${todayDay * scale.px}px)` })}></span>
      </div>
    </div>`;
  }

  /** One row of the grid. Its cells' tabindex is -1; the one tab stop is set after each update (#syncTabStops). */
  #gridRow(p: Project, r: GridRow, row: number, scale: Scale): TemplateResult {
    if (r.kind === 'group') {
      return html`<div role="row" class="row group" aria-rowindex=${row + 1}>
        <div role="gridcell" aria-colspan="3" class="c-group" data-cell="${row}-0" tabindex="-1">${this.#t('group.count', { name: r.label, count: r.count })}</div>
      </div>`;
    }
    const a = r.app;
    const { title, authority, summary, badge } = this.#rowTexts(p, a);
    const f = a.forecast;
    const day = (iso: string): number => dayNumber(iso) - scale.start;
    const start = day(a.submittedOn ?? this.#today(p));
    const barFrom = f.from ? Math.min(start, day(f.from)) : null;
    const late = a.warnings.length > 0;
    // The row's marks in days from the scale's start, as custom properties on the track (one inline style per row); the grid's zoom class makes them pixels.
    const marks: Record<string, string> = {};
    if (barFrom !== null && f.from && f.to)
      Object.assign(marks, { '--a': String(barFrom), '--b': String(day(f.from)), '--c': String(day(f.to) + 1) });
    if (a.latestSubmission) marks['--dl'] = String(day(a.latestSubmission));
    return html`<div role="row" class="row ${late ? 'warn' : ''} ${a.state === 'cancelled' ? 'cancelled' : ''}" aria-rowindex=${row + 1}>
      <div role="rowheader" class="c-name" data-cell="${row}-0" data-open=${a.id} tabindex="-1">
        ${late ? html`<span class="warn-icon" aria-hidden="true">!</span>` : nothing}${title}<span class="sub">${authority}</span>
      </div>
      <div role="gridcell" class="c-state" data-cell="${row}-1" tabindex="-1">${badge}</div>
      <div role="gridcell" class="c-time" data-cell="${row}-2" tabindex="-1">
        <span class="visually-hidden">${summary}</span>
        <span class="track" aria-hidden="true" style=${styleMap(marks)}>
          ${
            barFrom !== null && f.from && f.to
              ? html`<span part="bar" class="bar"></span><span part="bar" class="bar range ${f.source}"></span>`
              : nothing
          }
          ${a.latestSubmission ? html`<span class="deadline ${a.state === 'draft' && late ? 'late' : ''}"></span>` : nothing}
        </span>
      </div>
    </div>`;
  }

  /**
   * A row's texts (grid and table), made once per application object, language and plain-language
   * setting: a zoom, a scroll or a focus move re-renders only positions (i18next lookups cost ≈10 µs each).
   */
  readonly #texts = new WeakMap<
    ProjectApplication,
    {
      key: string;
      title: string;
      authority: string;
      deadline: string;
      forecast: string;
      warnings: string[];
      summary: string;
      badge: TemplateResult;
    }
  >();
  #rowTexts(p: Project, a: ProjectApplication) {
    const key = `${this.#textKey()} ${p.neededBy ?? ''}`;
    const hit = this.#texts.get(a);
    if (hit?.key === key) return hit;
    const deadline = a.latestSubmission ? this.#date(a.latestSubmission) : this.#t('deadline.none');
    const forecast = this.#forecast(a);
    const warnings = a.warnings.map((w) => this.#warning(p, a, w));
    const texts = {
      key,
      title: this.#text(a.title),
      authority: this.#authority(a),
      deadline,
      forecast,
      warnings,
      summary: [`${this.#t('col.deadline')}: ${deadline}`, `${this.#t('col.forecast')}: ${forecast}`, ...warnings].join('. '),
      badge: this.#stateBadge(a),
    };
    this.#texts.set(a, texts);
    return texts;
  }

  /** How many rows are rendered: the first view renders a screenful, the rest follows in small tasks. */
  #limit = FIRST_ROWS;
  #growing = false;
  #grow(total: number): void {
    if (this.#limit >= total || this.#growing) return;
    this.#growing = true;
    // After the next paint (a frame, then a task), so the rows already rendered are on screen first.
    requestAnimationFrame(() => {
      afterPaint(() => {
        this.#growing = false;
        if (!this.isConnected) return;
        this.#limit += MORE_ROWS;
        this.requestUpdate();
      });
    });
  }

  /**
   * The tools below the grid (milestones, the forms, the calendar links, cancelling) are far below
   * the first view: they are rendered after its first paint (an empty box of their estimated size
   * until then), so the first view's task makes and lays out only what can be on screen.
   */
  #toolsShown = false;
  #toolsPending = false;
  #showTools(): void {
    if (this.#toolsShown || this.#toolsPending) return;
    this.#toolsPending = true;
    requestAnimationFrame(() => {
      afterPaint(() => {
        this.#toolsPending = false;
        this.#toolsShown = true;
        if (this.isConnected) this.requestUpdate();
      });
    });
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.state === 'ready' && this.view !== 'official') this.#showTools();
    this.#syncTabStops();
    if (this._display === 'table') {
      let most = 0;
      for (const rows of this.#rowsOf.values()) most = Math.max(most, rows.length);
      this.#grow(most);
    } else {
      this.#window.fit(this.renderRoot);
      this.#window.observe(this.renderRoot);
    }
  }

  /**
   * The roving tabindex: each grid has exactly one cell with tabindex 0 — the focused cell in the
   * grid in use, else the one it had, else its first header cell. Cells are rendered with -1 (so a
   * block of rows that did not change is not re-rendered for a focus move).
   */
  #syncTabStops(): void {
    for (const grid of this.renderRoot.querySelectorAll<HTMLElement>('[role="grid"]')) {
      const current = grid.querySelector<HTMLElement>('[tabindex="0"]');
      const wanted =
        grid.dataset.project === this.#gridId ? grid.querySelector<HTMLElement>(`[data-cell="${this.#cell.row}-${this.#cell.col}"]`) : null;
      const stop = wanted ?? current ?? grid.querySelector<HTMLElement>('[data-cell="0-0"]');
      if (stop === current) continue;
      if (current) current.tabIndex = -1;
      if (stop) stop.tabIndex = 0;
    }
  }

  #details(p: Project, a: ProjectApplication, sub: number, official: boolean): TemplateResult {
    const title = this.#text(a.title);
    const lb = a.legalBasis as { reference?: string; url?: string | null } | null;
    const selfRecorded = a.authority.organisation === null;
    const base = official ? `/v1/authority-projects/applications/${a.id}` : `/v1/projects/${this.project ?? ''}/applications/${a.id}`;
    const history = p.history.filter((h) => h.applicationId === a.id);
    const today = this.#today(p);
    const allowed = a.allowed.filter((s) => s !== 'information-requested');
    const toId = `move:${a.id}`;
    return html`<section class="details" aria-labelledby="details-heading">
      ${heading(sub, title, { id: 'details-heading', focusable: true })}
      <dl>
        <dt>${this.#t('col.authority')}</dt><dd>${this.#authority(a)}</dd>
        <dt>${this.#t('col.state')}</dt><dd>${this.#stateBadge(a)}</dd>
        <dt>${this.#t('details.reference')}</dt><dd>${a.reference ?? '–'}</dd>
        <dt>${this.#t('col.deadline')}</dt><dd>${a.latestSubmission ? this.#date(a.latestSubmission) : this.#t('deadline.none')}</dd>
        <dt>${this.#t('col.forecast')}</dt><dd>${this.#forecast(a)}</dd>
        ${lb?.reference ? html`<dt>${this.#t('details.legalBasis')}</dt><dd>${lb.url ? html`<a href=${lb.url} rel="noopener">${lb.reference}</a>` : lb.reference}</dd>` : nothing}
      </dl>
      ${official ? nothing : html`<p class="hint">${this.#t(selfRecorded ? 'details.selfRecorded' : 'details.authorityInLuukku')}</p>`}
      ${official || p.cancelled || a.state === 'final' || a.state === 'cancelled' ? nothing : this.#editSlot(p, `a${a.id}`, sub + 1)}
      ${this.#errorFor(`a${a.id}`)}
      ${
        a.informationRequests.length
          ? html`${heading(sub + 1, this.#t('details.requests'))}
            <ul class="requests">
              ${a.informationRequests.map(
                (r) => html`<li>
                  <p><strong>${r.question}</strong><br />${this.#t('details.due', { date: this.#date(r.dueOn) })}</p>
                  ${
                    r.answer !== null && r.answer !== undefined
                      ? html`<p>${this.#t('details.answered', { answer: r.answer })}</p>`
                      : official
                        ? nothing
                        : html`<form @submit=${(e: Event) => {
                            e.preventDefault();
                            const id = `answer:${r.id}`;
                            void this.#act(
                              `a${a.id}`,
                              `${base}/answers`,
                              { body: { requestId: r.id, answer: this.#draft(id).trim() }, ifMatch: a.etag },
                              [id],
                            );
                          }}>
                          ${this.#field(`answer:${r.id}`, this.#t('details.answer'), 'textarea')}
                          <button type="submit" part="button" class="primary" ?disabled=${this._busy}>${this.#t('details.sendAnswer')}</button>
                        </form>`
                  }
                </li>`,
              )}
            </ul>`
          : nothing
      }
      ${
        allowed.length
          ? html`<form class="actions" @submit=${async (e: Event) => {
              e.preventDefault();
              const to = this.#draft(toId, allowed[0]);
              const ref = this.#draft(`ref:${a.id}`).trim();
              const note = this.#draft(`note:${a.id}`).trim();
              const at = official && this.#staff ? await this.#staff.transitionAt(this.#kit, a) : null;
              if (at === undefined) return;
              void this.#act(
                `a${a.id}`,
                `${base}/transitions`,
                {
                  body: {
                    to,
                    ...(ref ? { reference: ref } : {}),
                    ...(note ? { note } : {}),
                    ...(at ? { at } : {}),
                  },
                  ifMatch: a.etag,
                },
                [toId, `ref:${a.id}`, `note:${a.id}`, `at:${a.id}`, `attime:${a.id}`],
              );
            }}>
            ${heading(sub + 1, official && a.state === 'submitted' ? this.#t('action.receive') : this.#t('action.move'))}
            <div class="field">
              <label for=${toId}>${this.#t('action.to')}</label>
              <select id=${toId} @change=${this.#input(toId)}>
                ${allowed.map((s) => html`<option value=${s} ?selected=${this.#draft(toId, allowed[0]) === s}>${this.#t(`state.${s}` as ProjectTimelineKey)}</option>`)}
              </select>
            </div>
            ${this.#field(`ref:${a.id}`, this.#t('details.reference'), 'text', { value: '' })}
            ${official && this.#staff ? this.#staff.transitionFields(this.#kit, a) : nothing}
            <button type="submit" part="button" class="primary" ?disabled=${this._busy}>${this.#t('action.save')}</button>
          </form>`
          : nothing
      }
      ${
        official
          ? this.#staff?.officialForms(this.#kit, a, { base, sub, today })
          : html`<form class="actions" @submit=${(e: Event) => {
              e.preventDefault();
              const id = `notes:${a.id}`;
              void this.#act(`a${a.id}`, base, { method: 'PATCH', body: { notes: this.#draft(id, a.notes) }, ifMatch: a.etag }, [id]);
            }}>
            ${this.#field(`notes:${a.id}`, this.#t('details.notes'), 'textarea', { value: a.notes })}
            <button type="submit" part="button" class="secondary" ?disabled=${this._busy}>${this.#t('details.saveNotes')}</button>
          </form>`
      }
      ${heading(sub + 1, this.#t('details.history'))}
      <ol class="history">
        ${history.map(
          (h) => html`<li>
            <time datetime=${h.happenedAt}>${this.#format('time').format(new Date(h.happenedAt))}</time>
            ${this.#t(`history.actor.${h.actor}` as ProjectTimelineKey)}:
            ${
              h.kind === 'transition'
                ? this.#t('history.transition', {
                    from: h.from ? this.#t(`state.${h.from}` as ProjectTimelineKey) : '',
                    to: this.#t(`state.${h.to ?? 'draft'}` as ProjectTimelineKey),
                  })
                : this.#t(`history.kind.${h.kind}` as ProjectTimelineKey)
            }
            ${h.note ? html`— ${h.note}` : nothing}
          </li>`,
        )}
      </ol>
      <button type="button" part="button" class="secondary" @click=${() => void this.#closeDetails()}>${this.#t('details.close')}</button>
    </section>`;
  }

  /** Loads the feed section (feed.ts) on the first press of "show the address", then reads the address. */
  async #openFeed(): Promise<void> {
    const token = this.project;
    if (!token) return;
    if (!this.#feed) {
      const { ProjectFeedController, feedStyles } = await import('./feed.js');
      this.#adopt(feedStyles.styleSheet);
      this.#feed ??= new ProjectFeedController(this, (message, assertive) =>
        this.announcer.announce(message, assertive ? 'assertive' : 'polite'),
      );
    }
    await this.#feed.show(this.apiBase, token, (k, v) => this.#t(k, v));
  }

  #adopt(sheet: CSSStyleSheet | undefined): void {
    const root = this.renderRoot;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** Loads the edit forms (edit.ts) on the first press of an edit button, then opens one (`project` or `a<id>`). */
  async #openEdit(target: string): Promise<void> {
    if (!this.#edit) {
      const { ProjectEditController, editStyles } = await import('./edit.js');
      this.#adopt(editStyles.styleSheet);
      this.#edit ??= new ProjectEditController(this, {
        t: (k, v) => this.#t(k, v),
        text: (t) => this.#text(t as LocalisedText),
        date: (iso) => this.#date(iso),
        announce: (message, assertive) => this.announcer.announce(message, assertive ? 'assertive' : 'polite'),
        saved: (p) => this.#replace(p),
        reload: () => this.#loader.retry(),
      });
    }
    await this.#edit.open(target);
  }

  /** The open edit form of `target`, else the button that opens it (`#edit-<target>`). */
  #editSlot(p: Project, target: string, level: number): unknown {
    return (
      this.#edit?.form({ p, target, level, base: this.apiBase, token: this.project ?? '', today: this.#today(p) }) ??
      html`<button type="button" part="button" class="secondary" id="edit-${target}" @click=${() => void this.#openEdit(target)}>
        ${this.#t(target === 'project' ? 'edit.project' : 'edit.application')}
      </button>`
    );
  }

  #tools(p: Project, sub: number): TemplateResult {
    const ics = `${this.apiBase.replace(/\/+$/, '') || location.origin}/v1/projects/${this.project ?? ''}/calendar.ics`;
    return html`<section class="tools" aria-labelledby="tools-h">
      ${heading(sub, this.#t('milestones'), { id: 'tools-h' })}
      <ul class="milestones">
        ${p.milestones.map((m) => html`<li>${this.#date(m.date)} — ${m.title || this.#t(`milestone.${m.kind}`)}</li>`)}
      </ul>
      ${p.cancelled ? nothing : this.#editSlot(p, 'project', sub + 1)}
      ${
        p.cancelled
          ? nothing
          : html`<form class="actions inline" @submit=${async (e: Event) => {
              e.preventDefault();
              const kind = this.#draft('ms-kind', 'kick-off');
              const title = this.#draft('ms-title').trim();
              const date = await this.#dateValue('ms', 'ms-date', { required: true });
              if (date === undefined) return;
              void this.#act('ms', `/v1/projects/${this.project ?? ''}/milestones`, { body: { kind, date, ...(title ? { title } : {}) } }, [
                'ms-kind',
                'ms-date',
                'ms-title',
              ]);
            }}>
            ${this.#errorFor('ms')}
            <div class="field">
              <label for="ms-kind">${this.#t('milestone.kind')}</label>
              <select id="ms-kind" @change=${this.#input('ms-kind')}>
                ${(['kick-off', 'inspection', 'event', 'other'] as const).map((k) => html`<option value=${k}>${this.#t(`milestone.${k}`)}</option>`)}
              </select>
            </div>
            ${this.#dateField('ms-date', this.#t('milestone.date'), 'ms', { required: true })} ${this.#field('ms-title', this.#t('milestone.title'), 'text')}
            <button type="submit" part="button" class="secondary" ?disabled=${this._busy}>${this.#t('milestone.add')}</button>
          </form>`
      }
      <div class="calendar">
        <a part="button" class="button secondary" href="${ics}?download=1" download>${this.#t('download')}</a>
        <button type="button" part="button" class="secondary" @click=${() => window.print()}>${this.#t('print')}</button>
      </div>
      ${
        this.#feed
          ? this.#feed.render({
              t: (k, v) => this.#t(k, v),
              level: sub + 1,
              base: this.apiBase,
              token: this.project,
              cancelled: p.cancelled,
            })
          : html`<section class="feed" aria-labelledby="feed-h">
            ${heading(sub + 1, this.#t('feed.title'), { id: 'feed-h' })}
            <p id="feed-help" class="hint">${this.#t('feed.help')}</p>
            <button type="button" part="button" class="secondary" id="feed-show" aria-expanded="false" ?disabled=${!this.project}
              @click=${() => void this.#openFeed()}>${this.#t('feed.show')}</button>
          </section>`
      }
      ${
        p.cancelled
          ? nothing
          : this._confirmCancel
            ? html`<form class="actions danger-zone" @submit=${(e: Event) => {
                e.preventDefault();
                void this.#act(
                  'cancel',
                  `/v1/projects/${this.project ?? ''}/cancellation`,
                  { body: this.#draft('cancel-reason').trim() ? { reason: this.#draft('cancel-reason').trim() } : {}, ifMatch: p.etag },
                  ['cancel-reason'],
                ).then((ok) => {
                  if (ok) this._confirmCancel = false;
                });
              }}>
              ${this.#errorFor('cancel')} ${this.#field('cancel-reason', this.#t('cancel.reason'), 'textarea')}
              <button type="submit" part="button" class="btn-danger">${this.#t('cancel.confirm')}</button>
              <button type="button" part="button" class="secondary" @click=${() => (this._confirmCancel = false)}>${this.#t('cancel.back')}</button>
            </form>`
            : html`<button type="button" part="button" class="secondary danger-text" @click=${() => (this._confirmCancel = true)}>${this.#t('cancel.open')}</button>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luukku-project-timeline': LuukkuProjectTimeline;
  }
}
