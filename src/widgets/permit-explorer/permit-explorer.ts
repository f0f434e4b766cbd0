import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { PermitMode, ProcessingTimeForecast } from '../../core/api/client.js';
import { LuukkuElement } from '../../core/base-element.js';
import { ConfigurationError, LoadController } from '../../core/controllers/load.js';
import { fieldError } from '../../ui/field-error.js';
import { header } from '../../ui/header.js';
import { heading } from '../../ui/heading.js';
import { loadErrorPanel, loadingPanel } from '../../ui/status.js';
import { uiStyles } from '../../ui/styles.js';
import { formatDateTime, formatNumber } from '../../core/i18n/intl.js';
import type { PermitExplorerKey } from '../../core/i18n/keys.js';
import type { LocalizeController } from '../../core/i18n/localize-controller.js';
import { pickedLanguage, pickText, type LocalisedText } from '../../core/i18n/localised-text.js';
import { helsinkiToday } from '../../shared/helsinki-time.js';
import { evaluate, possibleQuestions } from '../../shared/permit-engine/evaluate.js';
import type { Authority, Item, Question, ResolvedPack, Result, Rule } from '../../shared/permit-engine/types.js';
import { LuukkuPermitResultEvent, type ForecastItem, type PermitResultDetail } from './events.js';

const noEvent: PermitResultDetail['event'] = {
  startDate: null,
  startTime: null,
  endDate: null,
  endTime: null,
  venue: null,
  attendance: null,
};
import {
  PERMIT_EXPLORER_STATES,
  PERMIT_MODES,
  isAnswered,
  isValidStep,
  orderProblem,
  parseTimeInput,
  pruneAnswers,
  stepAfter,
  stepBefore,
  type PermitExplorerMode,
  type PermitExplorerState,
} from './model.js';
import { permitExplorerStyles } from './permit-explorer.styles.js';
import { dateFields, dateFieldStyles } from '../../ui/date-fields.js';
import { dateFromParts, dateParts, dateProblemKey, EMPTY_DATE_PARTS, isIsoDate, type DateParts } from '../../shared/date-parts.js';
import type { ResultContext } from './result-view.js';
import { readUrlState, writeUrlState, type Step, type UrlState } from './url-state.js';

export { PERMIT_MODES, PERMIT_EXPLORER_STATES, type PermitExplorerMode, type PermitExplorerState };

const NAME = /^[A-Za-z][\w-]{0,31}$/;
const DOCS = 'https://github.com/luukku/luukku/blob/main/docs/permit-explorer.md';
/** Days before a deadline at which the downloaded calendar reminds. */
const ALARM_DAYS = 3;
/** Seconds an answer takes on average, for the time estimate (a guess from our own walks: 10–20 s). */
const SECONDS_PER_QUESTION = 15;

type FieldError = { key: PermitExplorerKey; values?: Record<string, unknown> };
type T = (key: PermitExplorerKey, options?: Record<string, unknown>) => string;

/**
 * The permit-need explorer ("lupatarpeen tunnustelu", seed 001): an organiser answers
 * questions one at a time and learns which permits and notices the event or industrial
 * project needs, from which authority and by when. The rule pack is data from the Luukku
 * API; the shared rule engine evaluates it in the browser on every answer. Answers and
 * the current step live in the page URL, so a result can be bookmarked or sent on.
 *
 * @summary Which permits and notices, from whom, by when — in fi, sv, se, en and plain Finnish.
 *
 * @event luukku-permit-result - A result is shown. `event.detail`: `{ organisation, mode, packId, packVersion, answers, today, result: { obligations, recommendations, warnings } }`; items carry `forecast`. Added in v2 (additions only): `validFrom`, `undecided`, `done`, `event` (see docs/permit-explorer.md).
 *
 * @csspart base - The outer wrapper.
 * @csspart header - Heading, introduction and the plain-language switch.
 * @csspart heading - The widget heading (its level follows `heading-level`).
 * @csspart intro - The introduction text.
 * @csspart plain-toggle - The plain-language switch button.
 * @csspart status - The loading and load-error panels.
 * @csspart step - The current step (a question, the summary or the result).
 * @csspart step-heading - The heading of the current step (focused on each new step).
 * @csspart progress - "Question 3 of at most 22 — about 5 min left" (or "You are changing an answer") and the progress bar.
 * @csspart question - The question's field group.
 * @csspart error - A validation message next to the field.
 * @csspart button - Every button.
 * @csspart result - The result step (also `step`).
 * @csspart obligation - One permit or notice of the result.
 * @csspart obligation-title - Its title.
 * @csspart light - A traffic light (icon + text; its colour comes from `--luukku-permit-explorer-green`, `-amber`, `-red`).
 * @csspart badge - The "illustrative — verify with the authority" badge.
 *
 * @cssproperty --luukku-permit-explorer-accent - Accent (buttons, progress, focus of options). Default: `--luukku-color-primary`.
 * @cssproperty --luukku-permit-explorer-max-width - Maximum width. Default: 48rem.
 * @cssproperty --luukku-permit-explorer-green - Colour of a green light. Default: `--luukku-color-success`.
 * @cssproperty --luukku-permit-explorer-amber - Colour of an amber light. Default: #8a5a00.
 * @cssproperty --luukku-permit-explorer-red - Colour of a red light. Default: `--luukku-color-danger`.
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
 * @customElement luukku-permit-explorer
 */
export class LuukkuPermitExplorer extends LuukkuElement {
  static override namespace = 'permit-explorer';
  /** Typed keys: one missing from src/locales/fi/permit-explorer.json fails the type check. */
  declare protected readonly localize: LocalizeController<PermitExplorerKey>;
  static override styles = [...LuukkuElement.styles, uiStyles, dateFieldStyles, permitExplorerStyles];
  static override states = PERMIT_EXPLORER_STATES;

  static override properties: PropertyDeclarations = {
    organisation: { type: String },
    mode: { type: String },
    name: { type: String },
    today: { type: String },
    _pack: { state: true, attribute: false },
    _answers: { state: true, attribute: false },
    _step: { state: true, attribute: false },
    _error: { state: true, attribute: false },
    _problemKey: { state: true, attribute: false },
    _done: { state: true, attribute: false },
    _status: { state: true, attribute: false },
  };

  /** Organisation id (slug) in the Luukku API; selects its rule pack, e.g. `demo-kaupunki`. */
  declare organisation: string;
  /** `events` (public events) or `industrial` (industrial projects). Default: `events`. */
  declare mode: PermitExplorerMode;
  /** Prefix of this explorer's URL parameters (`?<name>.step=…`); give two explorers on one page different names. Default: `pe`. */
  declare name: string;
  /** The day deadlines are counted from (YYYY-MM-DD), for tests and stories. Default: today in Europe/Helsinki. */
  declare today: string | undefined;
  /** The current state (read-only): loading, load-error, ready. Also exposed as `:state(<name>)`. */
  declare state: PermitExplorerState;

  declare private _pack: ResolvedPack | undefined;
  declare private _answers: Record<string, unknown>;
  declare private _step: Step;
  declare private _error: FieldError | undefined;
  declare private _problemKey: PermitExplorerKey | undefined;
  /** Rule ids the organiser has ticked off as done (kept in the URL). */
  declare private _done: string[];
  /** A short status after Share / Copy link (polite live region). */
  declare private _status: string;

  /** The user pressed retry: the loaded question takes focus. */
  #retrying = false;
  readonly #loader = new LoadController(this, {
    args: () => [this.organisation, this.mode, this.apiBase] as const,
    load: async ([organisation, mode], signal) => {
      if (!organisation || !(PERMIT_MODES as readonly string[]).includes(mode)) {
        if (organisation)
          console.warn(`[luukku] <luukku-permit-explorer mode="${mode}">: use one of ${PERMIT_MODES.join(', ')}. See ${DOCS}`);
        throw new ConfigurationError('organisation and a known mode are required');
      }
      const permitMode: PermitMode = mode;
      return Promise.all([
        this.client.getPermitPack(permitMode, organisation, signal),
        // Forecasts are a bonus: without them the pack's typical times are shown.
        this.client.getProcessingTimes(permitMode, organisation, signal).catch(() => undefined),
        // The result view is its own chunk, fetched alongside the pack: never on the first question's path.
        import('./result-view.js'),
      ]);
    },
    onStart: () => {
      this._problemKey = undefined;
      this.state = 'loading';
    },
    onLoad: ([packResponse, times, view]) => {
      this.#resultView = view;
      this.#adoptResultStyles(view);
      this.#forecasts = new Map((times?.items ?? []).map((f) => [f.ruleId, f]));
      this._pack = packResponse.pack as unknown as ResolvedPack;
      this.state = 'ready';
      this.#restoreFromUrl(this.#retrying);
      this.#retrying = false;
    },
    onError: (problem) => {
      this._problemKey = problem === 'config' ? 'loadError.config' : 'loadError.body';
      this.state = 'load-error';
      if (this.#retrying)
        void this.updateComplete.then(() =>
          this.renderRoot.querySelector<HTMLElement>('[part~="status"] button, [part~="status"]')?.focus(),
        );
      this.#retrying = false;
    },
  });
  #forecasts = new Map<string, ProcessingTimeForecast>();
  /** The value an input shows when its step opens; fixed per step so typing is never overwritten. */
  #fieldValue = '';
  /** Set when a field holds something that is not a valid answer (bad number, half a date). */
  #invalid: FieldError | undefined;
  /** True after "Change" on the summary (or a link from the result): Next then returns there. */
  #changing = false;
  /** Where "Change" came from: Next after the last new question and Back return here. */
  #returnTo: 'summary' | 'result' = 'summary';
  /** The questions visible when the change started: Next then visits only the ones it reveals. */
  #seenWhenChanging = new Set<string>();
  /** The day / month / year fields of the current date question, as typed (never overwritten). */
  #dateParts: DateParts = { ...EMPTY_DATE_PARTS };
  #cache?: { pack: ResolvedPack; answers: Record<string, unknown>; today: string; result: Result };
  #warnedName = false;
  #resultView?: typeof import('./result-view.js');
  readonly #onPopState = (): void => this.#restoreFromUrl(true);

  constructor() {
    super();
    this.organisation = '';
    this.mode = 'events';
    this.name = 'pe';
    this.state = 'loading';
    this._answers = {};
    this._step = '';
    this._done = [];
    this._status = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.#onPopState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.#onPopState);
  }

  /** Adds the summary and result styles (from the result view's chunk) to the shadow root, once. */
  #adoptResultStyles(view: typeof import('./result-view.js')): void {
    const root = this.renderRoot;
    if (!(root instanceof ShadowRoot)) return;
    const sheet = view.resultViewStyles.styleSheet;
    if (sheet && 'adoptedStyleSheets' in root) {
      if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } else if (!root.querySelector('style[data-result-view]')) {
      const style = document.createElement('style');
      style.dataset.resultView = '';
      style.textContent = view.resultViewStyles.cssText;
      root.append(style);
    }
  }

  /** The day deadlines are counted from. */
  get effectiveToday(): string {
    return isIsoDate(this.today) ? this.today : helsinkiToday();
  }

  /** The URL parameter prefix in use. */
  get #prefix(): string {
    if (NAME.test(this.name)) return this.name;
    if (!this.#warnedName)
      console.warn(`[luukku] <luukku-permit-explorer name="${this.name}">: the name must match ${NAME}; using "pe". See ${DOCS}`);
    this.#warnedName = true;
    return 'pe';
  }

  /** The engine's result for the current answers (null until the pack is in). */
  get result(): Result | null {
    const pack = this._pack;
    if (!pack) return null;
    const today = this.effectiveToday;
    const cache = this.#cache;
    if (cache?.pack === pack && cache.answers === this._answers && cache.today === today) return cache.result;
    const result = evaluate(pack, this._answers, today);
    this.#cache = { pack, answers: this._answers, today, result };
    return result;
  }

  /** The answers that count, keyed by question id (a copy). */
  get answers(): Record<string, unknown> {
    return { ...this._answers };
  }

  /** The current step: a question id, `summary` or `result` (empty while loading). */
  get step(): string {
    return this._step;
  }

  /** (Re)loads the rule pack and the processing-time forecasts. */
  reload(): Promise<void> {
    return this.#loader.retry();
  }

  /** Retry pressed: focus waits on the loading panel, then goes to the question that loaded. */
  async #retry(): Promise<void> {
    this.#retrying = true;
    const done = this.reload();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="status"]')?.focus();
    await done;
  }

  /** Shows the question, the summary or the result (as "Change" and the step buttons do), with a new history entry. */
  goTo(step: Step): void {
    void this.#go(step, { push: true, focus: true });
  }

  /** Clears every answer and starts from the first question. */
  startAgain(): void {
    this._answers = {};
    this.#changing = false;
    const first = this.result?.visibleQuestions[0];
    if (first) this.goTo(first);
  }

  /** The result's deadlines as an iCalendar (RFC 5545) text (the .ics module loads on first use). */
  async calendar(now: Date = new Date()): Promise<string> {
    if (!this._pack || !this.result) return '';
    const view = this.#resultView ?? (await import('./result-view.js'));
    return view.calendarText(this.#resultContext(), now, ALARM_DAYS);
  }

  /** Downloads the deadlines as an `.ics` file. */
  async downloadCalendar(): Promise<void> {
    const url = URL.createObjectURL(new Blob([await this.calendar()], { type: 'text/calendar;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = this.#t('ics.file');
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // ---------------------------------------------------------------- state and navigation

  get #t(): T {
    return (key, options) => this.localize.t(key, options);
  }

  #rule(id: string): Rule | undefined {
    return this._pack?.rules.find((r) => r.id === id) ?? this._pack?.recommendations.find((r) => r.id === id);
  }

  #authority(id: string): Authority | undefined {
    return this._pack?.authorities.find((a) => a.id === id);
  }

  #question(id: string): Question | undefined {
    return this._pack?.questions.find((q) => q.id === id);
  }

  #text(value: LocalisedText | undefined): string {
    return pickText(value, this.localize.language, this.localize.plain);
  }

  #localised(value: LocalisedText | undefined): TemplateResult {
    return html`<span lang=${pickedLanguage(value, this.localize.language)}>${this.#text(value)}</span>`;
  }

  /** Reads answers and step from the URL (on load and on back/forward). */
  #restoreFromUrl(fromHistory: boolean): void {
    const pack = this._pack;
    if (!pack) return;
    const url = readUrlState(location.search, this.#prefix, pack.questions);
    const answers = pruneAnswers(pack, evaluate(pack, url.answers, this.effectiveToday), url.answers);
    const result = evaluate(pack, answers, this.effectiveToday);
    const hasAnswers = Object.keys(answers).length > 0;
    const step = isValidStep(url.step, result)
      ? url.step
      : hasAnswers
        ? (result.nextQuestion ?? 'summary')
        : (result.visibleQuestions[0] ?? 'summary');
    const done = url.done.filter((id) => result.obligations.some((o) => o.ruleId === id));
    if (
      fromHistory &&
      step === this._step &&
      JSON.stringify(answers) === JSON.stringify(this._answers) &&
      JSON.stringify(done) === JSON.stringify(this._done)
    )
      return; // another explorer's entry
    if (url.plain !== undefined) this.plainLanguage = url.plain;
    this._answers = answers;
    this._done = done;
    this.#changing = false;
    void this.#go(step, { push: false, focus: fromHistory, writeUrl: false });
  }

  #writeUrl(push: boolean): void {
    const pack = this._pack;
    if (!pack) return;
    const search = writeUrlState(location.search, this.#prefix, pack.questions, this.#urlState(this._step));
    const url = `${location.pathname}${search}${location.hash}`;
    if (push) history.pushState({ luukku: this.#prefix }, '', url);
    else history.replaceState(history.state, '', url);
  }

  /** What the URL keeps: step, answers, plain language (when on) and the ticked-off items. */
  #urlState(step: Step): UrlState {
    return { step, answers: this._answers, plain: this.localize.plain || undefined, done: this._done };
  }

  async #go(step: Step, { push, focus, writeUrl = true }: { push: boolean; focus: boolean; writeUrl?: boolean }): Promise<void> {
    this._step = step;
    this._error = undefined;
    this.#invalid = undefined;
    const q = this.#question(step);
    this.#fieldValue = q ? this.#encodeField(q, this._answers[step]) : '';
    this.#dateParts = q?.type === 'date' ? dateParts(this._answers[step]) : { ...EMPTY_DATE_PARTS };
    if (writeUrl) this.#writeUrl(push);
    await this.updateComplete;
    if (step === 'result') this.#emitResult();
    if (!focus) return;
    // The focused heading is read with its step (the progress is its description): no live-region repeat.
    this.renderRoot.querySelector<HTMLElement>('[part~="step-heading"]')?.focus();
  }

  /** Commits an answer (or removes it), drops answers to questions no longer asked, and updates the URL in place. */
  #setAnswer(id: string, value: unknown): void {
    const pack = this._pack;
    if (!pack) return;
    const next = Object.fromEntries(Object.entries(this._answers).filter(([key]) => key !== id));
    if (value !== undefined) next[id] = value;
    this._answers = pruneAnswers(pack, evaluate(pack, next, this.effectiveToday), next);
    this._error = undefined;
    this.#writeUrl(false);
  }

  #encodeField(q: Question, value: unknown): string {
    if (q.type === 'number') return typeof value === 'number' ? String(value) : '';
    if (q.type === 'time' && typeof value === 'string' && /^\d{2}:\d{2}$/.test(value))
      return this.localize.language === 'en' ? value : value.replace(':', '.');
    return typeof value === 'string' ? value : '';
  }

  /** A well-formed date or time: refused (kept in the field, not in the answers) when it is in the past or out of order. */
  #commitOrdered(q: Question, value: string): void {
    const problem = orderProblem(this._answers, q, value, this.effectiveToday);
    if (problem?.kind === 'past') this.#invalid = { key: 'error.datePast', values: { date: this.#date(this.effectiveToday) } };
    else if (problem?.kind === 'before-date') this.#invalid = { key: 'error.dateBeforeStart', values: { date: this.#date(problem.other) } };
    else if (problem?.kind === 'before-time') this.#invalid = { key: 'error.timeBeforeStart', values: { time: this.#time(problem.other) } };
    this.#setAnswer(q.id, this.#invalid ? undefined : value);
  }

  #onDatePart(q: Question, parts: DateParts): void {
    this.#dateParts = parts;
    this.#invalid = undefined;
    const parsed = dateFromParts(parts);
    if ('value' in parsed) {
      this.#commitOrdered(q, parsed.value);
      return;
    }
    const key = dateProblemKey(parsed.problem);
    if (key) this.#invalid = { key };
    this.#setAnswer(q.id, undefined);
  }

  #onInput(q: Question, input: HTMLInputElement): void {
    const raw = input.value.trim();
    this.#invalid = undefined;
    if (q.type === 'number') {
      const n = input.valueAsNumber;
      if (input.validity.badInput || (raw !== '' && !Number.isFinite(n))) {
        this.#invalid = { key: 'error.number' };
      } else if (raw !== '' && ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max))) {
        this.#invalid = {
          key: 'error.range',
          values: { min: formatNumber(q.min ?? 0, this.localize.language), max: formatNumber(q.max ?? 0, this.localize.language) },
        };
      }
      this.#setAnswer(q.id, raw === '' || this.#invalid ? undefined : n);
      return;
    }
    if (q.type === 'time') {
      if (raw === '') {
        this.#setAnswer(q.id, undefined);
        return;
      }
      const time = parseTimeInput(raw);
      if (time === undefined) {
        this.#invalid = { key: 'error.time' };
        this.#setAnswer(q.id, undefined);
      } else this.#commitOrdered(q, time);
      return;
    }
    this.#setAnswer(q.id, raw === '' ? undefined : raw);
  }

  #onMulti(q: Question, value: string, checked: boolean): void {
    const current = Array.isArray(this._answers[q.id]) ? (this._answers[q.id] as string[]) : [];
    const set = new Set(checked ? [...current, value] : current.filter((v) => v !== value));
    // Keep the pack's order of options.
    this.#setAnswer(
      q.id,
      (q.options ?? []).map((o) => o.value).filter((v) => set.has(v)),
    );
  }

  async #next(skip = false): Promise<void> {
    const pack = this._pack;
    const q = this.#question(this._step);
    if (!pack || !q) return;
    if (!skip) {
      if (q.type === 'multiChoice' && !isAnswered(q, this._answers)) this.#setAnswer(q.id, []); // none of these
      const error = this.#invalid ?? (isAnswered(q, this._answers) ? undefined : { key: 'error.required' });
      if (error) {
        this._error = error;
        await this.updateComplete;
        // The field's error is in its description, read with the focused field: no assertive repeat.
        this.renderRoot.querySelector<HTMLElement>('[data-answer]:checked, [data-answer]')?.focus();
        return;
      }
    } else if (this.#invalid) {
      this.#setAnswer(q.id, undefined);
    }
    const result = evaluate(pack, this._answers, this.effectiveToday);
    let step = stepAfter(pack, result, this._answers, q.id, false);
    if (this.#changing) {
      // After a change: only the questions the change revealed, then back to where it started.
      const visible = result.visibleQuestions;
      step =
        visible.slice(visible.indexOf(q.id) + 1).find((id) => {
          const next = this.#question(id);
          return !this.#seenWhenChanging.has(id) && next !== undefined && !isAnswered(next, this._answers);
        }) ?? this.#returnTo;
      if (step === this.#returnTo) this.#changing = false;
    }
    this.goTo(step);
  }

  /** Back: while changing an answer, to where the change started; else the previous question. */
  #back(): void {
    const result = this.result;
    if (this.#changing && this._step !== 'summary' && this._step !== 'result') {
      this.#changing = false;
      this.goTo(this.#returnTo);
      return;
    }
    const previous = result ? stepBefore(result, this._step) : undefined;
    if (previous) this.goTo(previous);
  }

  #change(id: string, returnTo: 'summary' | 'result' = 'summary'): void {
    this.#changing = true;
    this.#returnTo = returnTo;
    this.#seenWhenChanging = new Set(this.result?.visibleQuestions ?? []);
    this.goTo(id);
  }

  /** A real link to a step (middle-click and copy work); a plain click navigates in place (as a change returning to `returnTo`). */
  #stepLink(step: Step, content: unknown, className: string, returnTo: 'summary' | 'result' = 'summary'): TemplateResult {
    const pack = this._pack;
    const search = pack ? writeUrlState(location.search, this.#prefix, pack.questions, this.#urlState(step)) : '';
    return html`<a class=${className} href=${`${location.pathname}${search}`} @click=${(e: MouseEvent) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      this.#change(step, returnTo);
    }}>${content}</a>`;
  }

  /** Ticks an item off (or back on) and keeps the list in the URL. */
  #toggleDone(ruleId: string, done: boolean): void {
    const set = new Set(this._done);
    if (done) set.add(ruleId);
    else set.delete(ruleId);
    this._done = (this.result?.obligations ?? []).map((o) => o.ruleId).filter((id) => set.has(id));
    this.#writeUrl(false);
  }

  #resultContext(): ResultContext {
    return {
      t: this.#t,
      level: this.level.sub,
      text: (v) => this.#text(v),
      localised: (v) => this.#localised(v),
      date: (iso) => this.#date(iso),
      time: (hhmm) => this.#time(hhmm),
      rule: (id) => this.#rule(id),
      authority: (id) => this.#authority(id),
      question: (id) => this.#question(id),
      forecast: (id) => this.#forecasts.get(id),
      pack: this._pack,
      result: this.result,
      today: this.effectiveToday,
      stepLink: (step, content, className, returnTo = 'result') => this.#stepLink(step, content, className, returnTo),
      showResult: () => this.goTo('result'),
      number: (n) => formatNumber(n, this.localize.language),
      done: this._done,
      toggleDone: (id, done) => this.#toggleDone(id, done),
      share: () =>
        void this.#resultView?.share(this.#t).then((status) => {
          if (status) this._status = status;
        }),
      status: this._status,
      language: this.localize.language,
      answers: this._answers,
      title: this.mode === 'industrial' ? this.#t('title.industrial') : this.#t('title.events'),
      back: () => this.#back(),
      download: () => void this.downloadCalendar(),
      startAgain: () => this.startAgain(),
    };
  }

  #forecastItems(items: Item[]): ForecastItem[] {
    return items.map((item) => ({ ...item, forecast: this.#forecasts.get(item.ruleId) ?? null }));
  }

  #emitResult(): void {
    const pack = this._pack;
    const result = this.result;
    if (!pack || !result) return;
    const detail: PermitResultDetail = {
      organisation: this.organisation,
      mode: this.mode,
      packId: pack.id,
      packVersion: pack.version,
      answers: { ...this._answers },
      today: this.effectiveToday,
      result: {
        obligations: this.#forecastItems(result.obligations),
        recommendations: this.#forecastItems(result.recommendations),
        warnings: result.warnings,
      },
      // Added in v2 (issue 8); everything above is unchanged.
      validFrom: pack.validFrom ?? null,
      undecided: result.undecided.filter((id) => pack.rules.some((r) => r.id === id)),
      done: [...this._done],
      event: this.#resultView ? this.#resultView.eventDetail(pack, this._answers) : noEvent,
    };
    this.dispatchEvent(new LuukkuPermitResultEvent(detail));
  }

  #togglePlain(): void {
    this.plainLanguage = !this.localize.plain;
    // Kept in the URL, so a bookmarked or shared result opens in the same reading level.
    void this.updateComplete.then(() => this.#writeUrl(false));
  }

  // ---------------------------------------------------------------- formatting

  #date(iso: string, weekday = true): string {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    return formatDateTime(new Date(Date.UTC(y, m - 1, d, 12)), this.localize.language, {
      ...(weekday ? { weekday: 'short' } : {}),
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
  }

  #time(hhmm: string): string {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return formatDateTime(new Date(Date.UTC(2000, 0, 1, h, m)), this.localize.language, {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
    });
  }

  /** Questions that may still be asked (visible or not yet decided): an upper bound that never grows. */
  #possible(): string[] {
    return this._pack ? possibleQuestions(this._pack, this._answers) : [];
  }

  #minutesFor(questions: number): number {
    return Math.max(1, Math.ceil((questions * SECONDS_PER_QUESTION) / 60));
  }

  #progressText(): string {
    if (this.#changing) return this.#t(this.#returnTo === 'result' ? 'progress.changingFromResult' : 'progress.changing');
    const possible = this.#possible();
    const index = Math.max(0, possible.indexOf(this._step));
    const left = possible.length - index - 1;
    if (left <= 0) return this.#t('progress.last', { current: index + 1 });
    return this.#t('progress', { current: index + 1, total: possible.length, count: left, minutes: this.#minutesFor(left + 1) });
  }

  // ---------------------------------------------------------------- rendering

  override render(): TemplateResult {
    if (!this.localize.ready) return html`<div part="base" aria-busy="true"></div>`;
    return html`
      <section part="base" lang=${this.localize.language} aria-labelledby="heading" aria-busy=${this.state === 'loading' ? 'true' : 'false'}>
        ${this.#renderHeader()} ${this.#renderBody()}
      </section>
    `;
  }

  #renderHeader(): TemplateResult {
    const t = this.#t;
    return header({
      level: this.level.heading,
      title: this.mode === 'industrial' ? t('title.industrial') : t('title.events'),
      plain: this.localize.plain,
      plainLabel: t('common:plainLanguage'),
      onTogglePlain: () => this.#togglePlain(),
      below:
        this.state === 'ready' && this._step !== 'result' && this._step === this.result?.visibleQuestions[0]
          ? html`<p part="intro">${t('intro')} ${t('intro.count', { count: this.#possible().length, minutes: this.#minutesFor(this.#possible().length) })}</p>`
          : nothing,
    });
  }

  #renderBody(): TemplateResult | typeof nothing {
    const t = this.#t;
    switch (this.state) {
      case 'loading':
        return loadingPanel(t('loading'));
      case 'load-error':
        return loadErrorPanel({
          level: this.level.sub,
          title: t('loadError.title'),
          body: t(this._problemKey ?? 'loadError.body'),
          retry: this._problemKey === 'loadError.config' ? undefined : { label: t('common:retry'), onClick: () => void this.#retry() },
        });
      default:
        if (this._step === 'summary') return this.#resultView ? this.#resultView.renderSummary(this.#resultContext()) : nothing;
        if (this._step === 'result') return this.#resultView ? this.#resultView.renderResult(this.#resultContext()) : nothing;
        return this.#renderQuestion();
    }
  }

  #renderQuestion(): TemplateResult | typeof nothing {
    const q = this.#question(this._step);
    const result = this.result;
    if (!q || !result) return nothing;
    const t = this.#t;
    const possible = this.#possible();
    const index = result.visibleQuestions.indexOf(q.id);
    const percent = Math.round((Math.max(0, possible.indexOf(q.id)) / Math.max(possible.length, 1)) * 100);
    return html`
      <div part="step" class="step">
        <div class="step-top">
          ${
            index > 0 || this.#changing
              ? html`<button type="button" part="button" class="link back" @click=${this.#back}><span aria-hidden="true">‹ </span>${
                  this.#changing ? t(this.#returnTo === 'result' ? 'backToResult' : 'backToSummary') : t('back')
                }</button>`
              : nothing
          }
          <div part="progress" class="progress">
            <p id="progress-text">${this.#progressText()}</p>
            <progress class="bar" max="100" .value=${percent} aria-hidden="true"></progress>
          </div>
        </div>
        <form novalidate @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          void this.#next();
        }}>
          ${keyed(q.id, this.#renderField(q))}
          <div class="nav">
            <button type="submit" part="button" class="primary">${t('next')}</button>
            <button type="button" part="button" class="secondary" @click=${() => void this.#next(true)}>${t('skip')}</button>
          </div>
        </form>
      </div>
    `;
  }

  #renderField(q: Question): TemplateResult {
    const lng = this.localize.language;
    const label = this.#text(q.label);
    const labelLang = pickedLanguage(q.label, lng);
    const error = this._error;
    const describedBy = [q.help ? 'q-help' : '', error ? 'q-error' : ''].filter(Boolean).join(' ');
    const help = q.help ? html`<p id="q-help" class="hint">${this.#localised(q.help)}</p>` : nothing;
    const errorText = error
      ? fieldError({ id: 'q-error', prefix: this.#t('common:errorPrefix'), message: this.#t(error.key, error.values) })
      : nothing;
    const invalid = error ? 'true' : 'false';

    if (q.type === 'boolean' || q.type === 'choice' || q.type === 'multiChoice') {
      const options: { value: string; label: TemplateResult | string }[] =
        q.type === 'boolean'
          ? [
              { value: 'yes', label: this.#t('answer.yes') },
              { value: 'no', label: this.#t('answer.no') },
            ]
          : (q.options ?? []).map((o) => ({ value: o.value, label: this.#localised(o.label) }));
      const multi = q.type === 'multiChoice';
      const current = this._answers[q.id];
      const checked = (value: string): boolean =>
        q.type === 'boolean'
          ? current === (value === 'yes') && typeof current === 'boolean'
          : multi
            ? Array.isArray(current) && current.includes(value)
            : current === value;
      return html`
        <fieldset part="question" class="question ${error ? 'invalid' : ''}" aria-describedby=${describedBy || nothing}>
          <legend>${heading(this.level.sub, label, { id: 'step-heading', part: 'step-heading', focusable: true, lang: labelLang, describedBy: 'progress-text' })}</legend>
          ${help} ${errorText}
          <div class="options">
            ${options.map(
              (o) => html`<label class="option">
                <input type=${multi ? 'checkbox' : 'radio'} name="answer" value=${o.value} data-answer .checked=${checked(o.value)}
                  aria-invalid=${invalid}
                  @change=${(e: Event) => {
                    const input = e.target as HTMLInputElement;
                    if (multi) this.#onMulti(q, o.value, input.checked);
                    else this.#setAnswer(q.id, q.type === 'boolean' ? o.value === 'yes' : o.value);
                  }} />
                <span>${o.label}</span>
              </label>`,
            )}
          </div>
        </fieldset>
      `;
    }

    if (q.type === 'date') return this.#renderDateField(q, label, labelLang, help, errorText, invalid);
    const type = q.type === 'number' ? 'number' : 'text';
    const timeHelp = q.type === 'time' ? html`<p id="q-format" class="hint">${this.#t('time.hint')}</p>` : nothing;
    const described = [q.help ? 'q-help' : '', q.type === 'time' ? 'q-format' : '', error ? 'q-error' : ''].filter(Boolean).join(' ');
    return html`
      <div part="question" class="question ${error ? 'invalid' : ''}">
        ${heading(this.level.sub, html`<label for="answer">${label}</label>`, { id: 'step-heading', part: 'step-heading', focusable: true, lang: labelLang, describedBy: 'progress-text' })}
        ${help} ${timeHelp} ${errorText}
        <input id="answer" class="input input-${q.type === 'time' ? 'time' : type}" type=${type} data-answer .value=${this.#fieldValue}
          min=${q.type === 'number' && q.min !== undefined ? String(q.min) : nothing}
          max=${q.type === 'number' && q.max !== undefined ? String(q.max) : nothing}
          step=${q.type === 'number' ? '1' : nothing}
          inputmode=${q.type === 'number' ? 'numeric' : nothing}
          autocomplete="off"
          aria-invalid=${invalid} aria-describedby=${described || nothing}
          @input=${(e: InputEvent) => this.#onInput(q, e.target as HTMLInputElement)} />
      </div>
    `;
  }

  /** Day / month / year fields (src/ui/date-fields.ts): labels and order in the page's language, never the browser's. */
  #renderDateField(
    q: Question,
    label: string,
    labelLang: string,
    help: TemplateResult | typeof nothing,
    errorText: TemplateResult | typeof nothing,
    invalid: string,
  ): TemplateResult {
    const error = this._error;
    return dateFields({
      id: 'answer',
      part: 'question',
      className: `question date ${error ? 'invalid' : ''}`,
      legend: heading(this.level.sub, label, {
        id: 'step-heading',
        part: 'step-heading',
        focusable: true,
        lang: labelLang,
        describedBy: 'progress-text',
      }),
      help,
      error: errorText,
      describedBy: [q.help ? 'q-help' : '', error ? 'q-error' : ''].filter(Boolean).join(' '),
      parts: this.#dateParts,
      t: this.#t,
      invalid: invalid === 'true',
      dataAnswer: true,
      onInput: (parts) => this.#onDatePart(q, parts),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luukku-permit-explorer': LuukkuPermitExplorer;
  }
}
