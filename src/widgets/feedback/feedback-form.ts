import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ApiClient, type FeedbackForm, type FeedbackSubmission, type Receipt } from '../../core/api/client.js';
import { NetworkError, ProblemError } from '../../core/api/errors.js';
import { LuukkuElement } from '../../core/base-element.js';
import { ConfigurationError, LoadController } from '../../core/controllers/load.js';
import { formatDateTime } from '../../core/i18n/intl.js';
import type { FeedbackKey } from '../../core/i18n/keys.js';
import type { LocalizeController } from '../../core/i18n/localize-controller.js';
import { pickedLanguage, pickText, type LocalisedText } from '../../core/i18n/localised-text.js';
import { outboxMayHold } from '../../core/outbox-hint.js';
import type { OutboxEventMap } from '../../core/outbox.js';
import { errorSummary, focusErrorSummary } from '../../ui/error-summary.js';
import { fieldError } from '../../ui/field-error.js';
import { header } from '../../ui/header.js';
import { loadErrorPanel, loadingPanel, messagePanel } from '../../ui/status.js';
import { uiStyles } from '../../ui/styles.js';
import {
  LuukkuFeedbackBeforeSubmitEvent,
  LuukkuFeedbackQueuedEvent,
  LuukkuFeedbackSubmittedEvent,
  type FeedbackQueuedDetail,
} from './events.js';
import { feedbackStyles } from './feedback-form.styles.js';
import {
  CUSTOMER_SEGMENTS,
  DEFAULT_FREE_TEXT_MAX,
  SERVICE_EVENT,
  emptyValues,
  fieldForPointer,
  loadPersonalDataCheck,
  validate,
  type FeedbackValues,
  type FieldError,
  type FieldKey,
  type Respondent,
} from './validation.js';
import type { StaffContext } from './staff.js';

/** Every state the widget can be in, declared once (also the names of its custom CSS states). */
export const FEEDBACK_STATES = ['loading', 'load-error', 'ready', 'submitting', 'queued', 'delivered', 'server-error'] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

/** Remaining-character counts at which the count is announced (never on every key). */
const COUNT_THRESHOLDS = [200, 100, 50, 20, 0];

const serverErrorKeys: Record<string, FeedbackKey> = {
  questionnaire_stale: 'serverError.stale',
  unknown_question: 'serverError.stale',
  origin_not_allowed: 'serverError.origin',
  unknown_organisation: 'serverError.unknownTarget',
  unknown_service: 'serverError.unknownTarget',
  payload_too_large: 'serverError.tooLarge',
};

/**
 * A customer feedback form on the national uniform question set of the rescue services.
 * It fetches the questions from the Luukku API, sends the answer with an Idempotency-Key,
 * and keeps it in an offline outbox on the device when there is no connection.
 *
 * @summary Customer feedback for one service event, in fi, sv, se, en and plain language.
 *
 * @slot intro - Replaces the default introduction text under the heading.
 *
 * @event luukku-feedback-before-submit - Cancelable; fired before sending. `event.submission` is the body, `event.respondent` is `customer` or `staff`. Call `preventDefault()` to veto.
 * @event luukku-feedback-submitted - The server stored the answer. `event.detail`: `{ receipt, idempotencyKey, fromOutbox, respondent }`.
 * @event luukku-feedback-queued - Saved on the device for automatic delivery. `event.detail`: `{ idempotencyKey, reason }`.
 *
 * @csspart base - The outer wrapper.
 * @csspart header - Heading, introduction, context and the plain-language switch.
 * @csspart heading - The form heading (its level follows `heading-level`).
 * @csspart intro - The introduction text.
 * @csspart plain-toggle - The plain-language switch button.
 * @csspart context - What the feedback is about (service, organisation, event reference).
 * @csspart form - The form element.
 * @csspart question - One question's fieldset (the scales, the segment and the contact block).
 * @csspart error - A field's error message.
 * @csspart error-summary - The list of errors after a failed submit.
 * @csspart notice - A notice about earlier answers saved on the device.
 * @csspart submit - The submit button.
 * @csspart status - Every status panel: loading, load error, queued and delivered.
 * @csspart queued - The "saved on this device" panel (also `status`).
 * @csspart confirmation - The delivered confirmation panel (also `status`).
 * @csspart server-error - The panel shown when the server refused the answer.
 * @csspart button - Secondary buttons (retry, give another feedback, dismiss).
 *
 * @cssproperty --luukku-feedback-accent - Accent of the form (buttons, selected options). Default: `--luukku-color-primary`.
 * @cssproperty --luukku-feedback-max-width - Maximum width of the form. Default: 42rem.
 * @cssproperty --luukku-feedback-scale-width - Maximum width of a 1–5 scale row. Default: 30rem.
 * @cssproperty --luukku-color-primary - Global primary colour (#0a4f9e).
 * @cssproperty --luukku-color-text - Global text colour.
 * @cssproperty --luukku-color-background - Global background.
 * @cssproperty --luukku-color-surface - Global background of panels.
 * @cssproperty --luukku-color-border - Global border colour of controls (≥ 3:1).
 * @cssproperty --luukku-color-danger - Global error colour.
 * @cssproperty --luukku-color-success - Global success colour.
 * @cssproperty --luukku-focus-color - Global focus ring colour.
 * @cssproperty --luukku-radius - Global corner radius.
 * @cssproperty --luukku-font-family - Global font.
 * @cssproperty --luukku-space - Global spacing unit.
 * @cssproperty --luukku-target-size - Global minimum size of click targets (44px).
 *
 * @customElement luukku-feedback
 */
export class LuukkuFeedback extends LuukkuElement {
  static override namespace = 'feedback';
  /** Typed keys: one missing from src/locales/fi/feedback*.json fails the type check. */
  declare protected readonly localize: LocalizeController<FeedbackKey>;
  static override styles = [...LuukkuElement.styles, uiStyles, feedbackStyles];
  static override states = FEEDBACK_STATES;

  static override properties: PropertyDeclarations = {
    organisation: { type: String },
    service: { type: String },
    serviceEvent: { type: String, attribute: 'service-event' },
    respondent: { type: String },
    staffKey: { attribute: false },
    _form: { state: true, attribute: false },
    _values: { state: true, attribute: false },
    _errors: { state: true, attribute: false },
    _problemKey: { state: true, attribute: false },
    _receipt: { state: true, attribute: false },
    _earlier: { state: true, attribute: false },
  };

  /** Organisation id (slug) in the Luukku API, e.g. `demo-pelastuslaitos`. */
  declare organisation: string;
  /** Service id (slug) of the organisation, e.g. `fire-inspection`. */
  declare service: string;
  /** Reference of the service event (e.g. the inspection number). Default: `?luukku-event=` or `?event=` of the page URL. */
  declare serviceEvent: string | undefined;
  /** Who answers: `customer` (default; feedback) or `staff` (a self-assessment of the service event: staff key, no outbox, no customer-only fields). */
  declare respondent: Respondent;
  /** Staff mode: the organisation's staff key, settable from script only (no attribute, so it never appears in the page's HTML); unset, the form asks for it. */
  declare staffKey: string | undefined;
  /** The current state (read-only): loading, load-error, ready, submitting, queued, delivered, server-error. Also exposed as `:state(<name>)`. */
  declare state: FeedbackState;

  declare private _form: FeedbackForm | undefined;
  declare private _values: FeedbackValues;
  declare private _errors: Map<FieldKey, FieldError>;
  declare private _problemKey: FeedbackKey | undefined;
  declare private _receipt: Receipt | undefined;
  declare private _earlier: { pending: number; delivered: boolean; failed: string[] };

  /** The staff mode's module (./staff.ts), loaded with the form when respondent="staff". */
  #staff?: typeof import('./staff.js');
  /** The offline outbox (IndexedDB): loaded on the first failed send, or when this device holds earlier answers. */
  #outbox?: typeof import('../../core/outbox.js');
  #pendingKey?: string;
  #lastCountBucket = -1;
  /** A submission waits for the personal-data detector to load (see validation.ts); a second press meanwhile does nothing. */
  #checkingPersonalData = false;
  /** The user pressed retry: the loaded form takes focus. */
  #retrying = false;
  readonly #onOutbox = (event: Event): void => this.#outboxChanged(event as OutboxEventMap[keyof OutboxEventMap]);
  readonly #loader = new LoadController(this, {
    args: () => [this.organisation, this.service, this.apiBase, this.respondent] as const,
    load: ([organisation, service, , respondent], signal) => {
      if (!organisation || !service) throw new ConfigurationError('organisation and service are required');
      return Promise.all([
        this.client.getFeedbackForm({ organisation, service }, signal),
        respondent === 'staff' ? import('./staff.js') : undefined,
      ]);
    },
    onStart: () => {
      this._problemKey = undefined;
      this.state = 'loading';
    },
    onLoad: ([form, staff]) => {
      this.#staff = staff;
      this._form = form;
      this.state = 'ready';
      if (this.#retrying) void this.#focusAfterRetry();
    },
    onError: (problem) => {
      this._problemKey = problem === 'config' ? 'loadError.config' : 'loadError.body';
      this.state = 'load-error';
      if (this.#retrying) void this.#focusAfterRetry();
    },
  });

  constructor() {
    super();
    this.organisation = '';
    this.service = '';
    this.respondent = 'customer';
    this.state = 'loading';
    this._values = emptyValues();
    this._errors = new Map();
    this._earlier = { pending: 0, delivered: false, failed: [] };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#outbox?.outboxEvents.addEventListener('delivered', this.#onOutbox);
    this.#outbox?.outboxEvents.addEventListener('failed', this.#onOutbox);
    // Only a device that has queued an answer before loads the outbox now.
    if (this.respondent !== 'staff' && outboxMayHold()) void this.#checkOutbox();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#outbox?.outboxEvents.removeEventListener('delivered', this.#onOutbox);
    this.#outbox?.outboxEvents.removeEventListener('failed', this.#onOutbox);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Staff texts override the customer texts of the same key.
    if (changed.has('respondent')) this.localize.use(this.respondent === 'staff' ? ['feedback-staff', 'feedback'] : ['feedback']);
  }

  /** The service event reference in use: the attribute, else the page URL (a bad one is ignored, with one warning). */
  get serviceEventRef(): string | undefined {
    const params = new URLSearchParams(location.search);
    const value = this.serviceEvent || params.get('luukku-event') || params.get('event') || undefined;
    if (value && !SERVICE_EVENT.test(value)) {
      if (this.#warnedEvent !== value)
        console.warn(`[luukku] Ignoring service event reference "${value}": it does not match ${SERVICE_EVENT}.`);
      this.#warnedEvent = value;
      return undefined;
    }
    return value;
  }

  #warnedEvent: string | undefined;

  /** Loads the outbox module once and listens to its deliveries. */
  async #useOutbox(): Promise<typeof import('../../core/outbox.js')> {
    if (this.#outbox) return this.#outbox;
    const outbox = await import('../../core/outbox.js');
    // Another call may have finished the import first (TypeScript does not see that across the await).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (!this.#outbox) {
      this.#outbox = outbox;
      if (this.isConnected) {
        outbox.outboxEvents.addEventListener('delivered', this.#onOutbox);
        outbox.outboxEvents.addEventListener('failed', this.#onOutbox);
      }
    }
    return outbox;
  }

  get #topic(): string {
    return `feedback:${this.organisation}/${this.service}`;
  }

  /** (Re)loads the form definition. Answers already given are kept. */
  loadForm(): Promise<void> {
    return this.#loader.retry();
  }

  /** Retry pressed: focus stays in the widget (on the loading panel), then goes to what loaded. */
  async #retry(): Promise<void> {
    this.#retrying = true;
    const done = this.loadForm();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="status"]')?.focus();
    await done;
  }

  async #focusAfterRetry(): Promise<void> {
    this.#retrying = false;
    await this.updateComplete;
    const target = this.state === 'ready' ? '[part~="heading"]' : '[part~="status"] button, [part~="status"]';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  /** Validates and sends the answer: the same as pressing the submit button. */
  async submit(): Promise<void> {
    const form = this._form;
    if (!form || this.state === 'submitting' || this.#checkingPersonalData) return;
    if (/\S/.test(this._values.freeText + this._values.observations)) {
      this.#checkingPersonalData = true; // a second submit() meanwhile returns above
      await loadPersonalDataCheck().finally(() => (this.#checkingPersonalData = false));
    }
    const staff = this.#staff;
    const errors = validate(this._values, form, staff?.validators(this.#staffContext));
    this._errors = errors;
    if (errors.size) {
      await this.#showErrors();
      return;
    }
    const submission = this.#submission(form);
    const body = staff?.selfAssessment(submission, this._values);
    if (!this.#emit(new LuukkuFeedbackBeforeSubmitEvent(body ?? submission, this.respondent))) return;

    const idempotencyKey = crypto.randomUUID();
    this._problemKey = undefined;
    this.state = 'submitting';
    // The button stays focusable (aria-disabled), so its new text is not heard: say it.
    this.announcer.polite(this.localize.t('submitting'));
    const client = new ApiClient({ baseUrl: this.apiBase, retries: 1 });
    try {
      const receipt = body
        ? await client.submitSelfAssessment(body, idempotencyKey, this.staffKey || this._values.staffKey)
        : await client.submitFeedback(submission, idempotencyKey);
      await this.#delivered(receipt, idempotencyKey, false);
    } catch (error) {
      if (staff && error instanceof NetworkError) {
        // No outbox in staff mode: it would have to store the staff key.
        await this.#serverError('serverError.offline');
      } else if (!staff && (error instanceof NetworkError || (error instanceof ProblemError && error.transient))) {
        const reason: FeedbackQueuedDetail['reason'] = error instanceof NetworkError ? error.reason : 'server';
        await this.#queue(client.url('/v1/feedback'), submission, idempotencyKey, reason);
      } else if (error instanceof ProblemError) {
        await this.#refused(error);
      } else {
        console.error('[luukku] Unexpected error while sending feedback', error);
        await this.#serverError('serverError.general');
      }
    }
  }

  #submission(form: FeedbackForm): FeedbackSubmission {
    const v = this._values;
    const event = this.serviceEventRef;
    const freeText = v.freeText.trim();
    // A 0 is "does not apply to me": it goes to notApplicable, never as a score.
    const notApplicable = Object.keys(v.answers).filter((id) => v.answers[id] === 0);
    const body: FeedbackSubmission = {
      organisation: this.organisation,
      service: this.service,
      questionnaire: { id: form.questionnaire.id, version: form.questionnaire.version },
      answers: Object.fromEntries<number>(Object.entries(v.answers).filter(([, score]) => score > 0)),
      locale: this.localize.language,
      plainLanguage: this.localize.plain,
    };
    if (event) body.serviceEvent = event;
    if (freeText) body.freeText = freeText;
    if (notApplicable.length) body.notApplicable = notApplicable;
    if (v.segment) body.segment = v.segment;
    if (v.wantsContact) {
      const contact: { name: string; email?: string; phone?: string } = { name: v.name.trim() };
      if (v.email.trim()) contact.email = v.email.trim();
      if (v.phone.trim()) contact.phone = v.phone.trim();
      body.contact = contact;
    }
    if (v.website) body.website = v.website;
    return body;
  }

  async #queue(url: string, body: FeedbackSubmission, idempotencyKey: string, reason: FeedbackQueuedDetail['reason']): Promise<void> {
    try {
      this.#pendingKey = idempotencyKey;
      const outbox = await this.#useOutbox();
      await outbox.enqueue({ url, body, idempotencyKey, topic: this.#topic });
    } catch (error) {
      console.error('[luukku] Could not store the feedback on this device', error);
      this.#pendingKey = undefined;
      await this.#serverError('serverError.noStorage');
      return;
    }
    this.state = 'queued';
    this.#emit(new LuukkuFeedbackQueuedEvent({ idempotencyKey, reason }));
    await this.#focusPanel('queued');
  }

  async #delivered(receipt: Receipt, idempotencyKey: string, fromOutbox: boolean): Promise<void> {
    // A background delivery may move focus only from the panel it replaces (else focus would fall to <body>).
    const moveFocus = !fromOutbox || this.#focusInside();
    this._receipt = receipt;
    this.#pendingKey = undefined;
    this.state = 'delivered';
    this.#emit(new LuukkuFeedbackSubmittedEvent({ receipt, idempotencyKey, fromOutbox, respondent: this.respondent }));
    // Focused, the panel is read; announced only when focus stays where the user is.
    if (moveFocus) await this.#focusPanel('confirmation');
    else this.announcer.polite(`${this.localize.t('delivered.title')} ${this.#receivedText()}`);
  }

  /** True when focus is inside this widget (so replacing what holds it must move it). */
  #focusInside(): boolean {
    return this.renderRoot instanceof ShadowRoot && this.renderRoot.activeElement !== null;
  }

  async #refused(problem: ProblemError): Promise<void> {
    const fieldErrors = new Map<FieldKey, FieldError>();
    for (const e of problem.errors) {
      const field = fieldForPointer(e.pointer);
      if (field && !fieldErrors.has(field)) fieldErrors.set(field, { key: 'error.invalidField' });
    }
    if (problem.code === 'missing_required_answer' && !fieldErrors.size) fieldErrors.set('answers.overall', { key: 'error.requiredScale' });
    // A wrong or another organisation's staff key: at the key field when the form asked for it, else in the alert.
    const keyProblem = this.#staff?.keyProblem(problem.code);
    if (keyProblem && !this.staffKey) fieldErrors.set('staffKey', { key: keyProblem });
    if (fieldErrors.size) {
      this._errors = fieldErrors;
      this.state = 'ready';
      await this.#showErrors();
      return;
    }
    await this.#serverError(keyProblem ?? serverErrorKeys[problem.code] ?? 'serverError.general');
  }

  /** Whether the server-error panel took focus (then it needs no alert role: it is read once). */
  #serverErrorFocused = true;

  async #serverError(key: FeedbackKey, moveFocus = true): Promise<void> {
    this._problemKey = key;
    this.#serverErrorFocused = moveFocus;
    this.state = 'server-error';
    await this.updateComplete;
    if (moveFocus) this.renderRoot.querySelector<HTMLElement>('[part~="server-error"]')?.focus();
  }

  /** After a failed submit the summary's heading takes focus: the count is read once, then the links. */
  async #showErrors(): Promise<void> {
    await this.updateComplete;
    focusErrorSummary(this.renderRoot);
  }

  #focusField(field: FieldKey): void {
    const root = this.renderRoot;
    const target =
      root.querySelector<HTMLElement>(`[data-field="${field}"]:checked`) ?? root.querySelector<HTMLElement>(`[data-field="${field}"]`);
    target?.focus();
  }

  async #focusPanel(part: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[part~="${part}"]`)?.focus();
  }

  /** The receipt's short reference (its first 8 hex digits, grouped), for a citizen to quote. */
  #referenceText(): TemplateResult | typeof nothing {
    const id = this._receipt?.id;
    if (!id || this.respondent === 'staff') return nothing;
    const ref = id.replace(/-/g, '').slice(0, 8).toUpperCase();
    const reference = `${ref.slice(0, 4)}-${ref.slice(4)}`;
    return html`<p class="reference">${this.localize.t('delivered.reference', { reference })}</p>`;
  }

  #receivedText(): string {
    const at = this._receipt?.receivedAt;
    return at ? this.localize.t('delivered.body', { time: formatDateTime(at, this.localize.language) }) : '';
  }

  async #checkOutbox(): Promise<void> {
    try {
      const outbox = await this.#useOutbox();
      const [waiting, failed] = await Promise.all([outbox.pending(this.#topic), outbox.failures(this.#topic)]);
      this._earlier = { pending: waiting.length, delivered: false, failed: failed.map((f) => f.entry.id) };
      void outbox.startOutbox();
    } catch {
      // No IndexedDB (e.g. some private modes): submitting still works online.
    }
  }

  #outboxChanged(event: OutboxEventMap[keyof OutboxEventMap]): void {
    if (event.type === 'delivered') {
      const { entry, response } = (event as OutboxEventMap['delivered']).detail;
      if (entry.topic !== this.#topic) return;
      if (entry.id === this.#pendingKey && this.state === 'queued') {
        // Only the "saved on this device" panel of this very answer gives way; a form in progress never does.
        void this.#delivered(response as Receipt, entry.id, true);
      } else if (this._earlier.pending > 0) {
        this._earlier = { ...this._earlier, pending: this._earlier.pending - 1, delivered: true };
        this.announcer.polite(this.localize.t('earlier.delivered'));
      }
      return;
    }
    const { failure } = (event as OutboxEventMap['failed']).detail;
    if (failure.entry.topic !== this.#topic) return;
    if (failure.entry.id === this.#pendingKey && this.state === 'queued') {
      // The values are still in the form: show them with the reason (focus only if it was on the panel).
      const moveFocus = this.#focusInside();
      this.#pendingKey = undefined;
      void this.#outbox?.dismissFailure(failure.entry.id);
      void this.#serverError((failure.code && serverErrorKeys[failure.code]) || 'serverError.general', moveFocus);
    } else {
      this._earlier = {
        ...this._earlier,
        pending: Math.max(0, this._earlier.pending - 1),
        failed: [...this._earlier.failed, failure.entry.id],
      };
    }
  }

  get #staffContext(): StaffContext {
    return {
      t: (k) => this.localize.t(k),
      values: this._values,
      errors: this._errors,
      askKey: !this.staffKey,
      askEvent: !this.serviceEventRef,
      lng: this.localize.language,
      plain: this.localize.plain,
      set: (field, value) => {
        this.#set(field, value);
        this.#clearError(field);
      },
      setTask: (field, value) => {
        this.#set(field, value);
        if (field === 'observations') this.#clearError('observations');
      },
    };
  }

  /** Dispatches one of the typed events (documented once, in the class JSDoc). */
  #emit(event: Event): boolean {
    return this.dispatchEvent(event);
  }

  #set<K extends keyof FeedbackValues>(key: K, value: FeedbackValues[K]): void {
    this._values = { ...this._values, [key]: value };
    if (this.state === 'server-error') this._problemKey = undefined;
  }

  #setAnswer(id: string, value: number): void {
    this._values = { ...this._values, answers: { ...this._values.answers, [id]: value } };
    this.#clearError(`answers.${id}`);
  }

  #clearError(field: FieldKey): void {
    if (!this._errors.has(field)) return;
    const errors = new Map(this._errors);
    errors.delete(field);
    this._errors = errors;
  }

  #onFreeText(value: string, max: number): void {
    this.#set('freeText', value);
    void loadPersonalDataCheck();
    if (value.length <= max) this.#clearError('freeText');
    const remaining = max - value.length;
    const bucket = remaining < 0 ? COUNT_THRESHOLDS.length : COUNT_THRESHOLDS.reduce((b, t, i) => (remaining <= t ? i : b), -1);
    if (bucket !== this.#lastCountBucket) {
      // Announce when a threshold is crossed downwards; stay quiet while typing within one bucket.
      if (bucket > this.#lastCountBucket && bucket !== -1) {
        this.announcer.polite(
          remaining >= 0
            ? this.localize.t('freeText.remaining', { count: remaining })
            : this.localize.t('freeText.over', { count: -remaining }),
        );
      }
      this.#lastCountBucket = bucket;
    }
  }

  #togglePlain(): void {
    this.plainLanguage = !this.localize.plain;
  }

  #another(): void {
    if (this.#pendingKey) {
      // The answer still waiting becomes an earlier one: its delivery shows a notice, never replaces this form.
      this.#pendingKey = undefined;
      this._earlier = { ...this._earlier, pending: this._earlier.pending + 1 };
    }
    this._values = { ...emptyValues(), staffKey: this._values.staffKey };
    this._errors = new Map();
    this._receipt = undefined;
    this._problemKey = undefined;
    this.#lastCountBucket = -1;
    this.state = 'ready';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus());
  }

  #dismissEarlier(): void {
    for (const id of this._earlier.failed) void this.#outbox?.dismissFailure(id);
    this._earlier = { pending: this._earlier.pending, delivered: false, failed: [] };
  }

  // ---------------------------------------------------------------- rendering

  override render(): TemplateResult {
    if (!this.localize.ready) return html`<div part="base" aria-busy="true"></div>`;
    const lang = this.localize.language;
    return html`
      <section part="base" lang=${lang} aria-labelledby="heading" aria-busy=${this.state === 'loading' || this.state === 'submitting' ? 'true' : 'false'}>
        ${this.#renderHeader()} ${this.#renderBody()}
      </section>
    `;
  }

  #renderHeader(): TemplateResult {
    const t = (k: FeedbackKey): string => this.localize.t(k);
    return header({
      level: this.level.heading,
      title: t('title'),
      plain: this.localize.plain,
      plainLabel: t('common:plainLanguage'),
      onTogglePlain: () => this.#togglePlain(),
      below: html`${
        this.state === 'ready' || this.state === 'submitting' || this.state === 'server-error'
          ? html`<div part="intro"><slot name="intro"><p>${t('intro')}</p></slot></div>`
          : nothing
      }
        ${this.#renderContext()}`,
    });
  }

  #renderContext(): TemplateResult | typeof nothing {
    const form = this._form;
    if (!form) return nothing;
    const lng = this.localize.language;
    const plain = this.localize.plain;
    const event = this.serviceEventRef;
    const text = (value: LocalisedText): TemplateResult =>
      html`<span lang=${pickedLanguage(value, lng)}>${pickText(value, lng, plain)}</span>`;
    return html`
      <div part="context" class="context">
        <p class="context-title">${this.localize.t('context.title')}</p>
        <dl>
          <div><dt>${this.localize.t('context.service')}</dt><dd>${text(form.service.name)}</dd></div>
          <div><dt>${this.localize.t('context.organisation')}</dt><dd>${text(form.organisation.name)}</dd></div>
          ${event ? html`<div><dt>${this.localize.t('context.event')}</dt><dd class="ref">${event}</dd></div>` : nothing}
        </dl>
      </div>
    `;
  }

  #renderBody(): TemplateResult | typeof nothing {
    const t = (k: FeedbackKey, o?: Record<string, unknown>): string => this.localize.t(k, o);
    const level = this.level.sub;
    switch (this.state) {
      case 'loading':
        return loadingPanel(t('loading'));
      case 'load-error':
        return loadErrorPanel({
          level,
          title: t('loadError.title'),
          body: t(this._problemKey ?? 'loadError.body'),
          retry: this._problemKey === 'loadError.config' ? undefined : { label: t('common:retry'), onClick: () => void this.#retry() },
        });
      case 'queued':
        return messagePanel({
          level,
          part: 'status queued',
          tone: 'offline',
          focusable: true,
          title: t('queued.title'),
          body: t('queued.body'),
          action: { label: t('another'), onClick: () => this.#another() },
        });
      case 'delivered':
        return messagePanel({
          level,
          part: 'status confirmation',
          tone: 'success',
          focusable: true,
          title: t('delivered.title'),
          body: html`<p>${this.#receivedText()}</p>${this.#referenceText()}<p>${t('delivered.use')}</p>`,
          action: { label: t('another'), onClick: () => this.#another() },
        });
      default:
        return this.#renderForm();
    }
  }

  #renderNotices(): TemplateResult | typeof nothing {
    const { pending: waiting, delivered, failed } = this._earlier;
    if (!waiting && !delivered && !failed.length) return nothing;
    const t = (k: FeedbackKey, o?: Record<string, unknown>): string => this.localize.t(k, o);
    return html`
      <div part="notice" class="panel ${failed.length ? 'danger' : delivered && !waiting ? 'success' : 'notice'}">
        ${waiting ? html`<p>${t('earlier.pending', { count: waiting })}</p>` : nothing}
        ${delivered ? html`<p>${t('earlier.delivered')}</p>` : nothing}
        ${
          failed.length
            ? html`<p>${t('earlier.failed', { count: failed.length })}</p>
              <button type="button" part="button" class="secondary" @click=${this.#dismissEarlier}>${t('common:dismiss')}</button>`
            : nothing
        }
      </div>
    `;
  }

  #renderForm(): TemplateResult | typeof nothing {
    const form = this._form;
    if (!form) return nothing;
    const t = (k: FeedbackKey, o?: Record<string, unknown>): string => this.localize.t(k, o);
    const submitting = this.state === 'submitting';
    const staff = this.#staff;
    return html`
      ${staff ? nothing : this.#renderNotices()}
      ${
        this.state === 'server-error'
          ? messagePanel({
              level: this.level.sub,
              part: 'server-error',
              tone: 'danger',
              focusable: true,
              alert: !this.#serverErrorFocused,
              title: t('serverError.title'),
              body: t(this._problemKey ?? 'serverError.general'),
              action:
                this._problemKey === 'serverError.stale'
                  ? { label: t('reload'), onClick: () => void this.#retry() }
                  : this._problemKey === 'serverError.offline'
                    ? { label: t('common:retry'), onClick: () => void this.submit() }
                    : undefined,
            })
          : nothing
      }
      ${this.#renderErrorSummary()}
      <form part="form" novalidate @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.submit();
      }}>
        <p class="required-note">${t('requiredNote')}</p>
        ${staff?.fields(this.#staffContext)}
        ${form.questionnaire.questions.map((q) => this.#renderScale(q))}
        ${this.#renderFreeText(form.questionnaire.freeTextMaxLength ?? DEFAULT_FREE_TEXT_MAX)}
        ${staff?.taskFields(this.#staffContext, form)}
        ${staff ? nothing : this.#renderCustomerOnly()}
        <div class="actions">
          <button type="submit" part="submit" class="primary" aria-busy=${submitting ? 'true' : 'false'} aria-disabled=${submitting ? 'true' : 'false'}>
            ${submitting ? html`<span class="spinner" aria-hidden="true"></span>${t('submitting')}` : t('submit')}
          </button>
        </div>
      </form>
    `;
  }

  /** Segment, contact and honeypot: the customer mode only. */
  #renderCustomerOnly(): TemplateResult {
    const t = (k: FeedbackKey): string => this.localize.t(k);
    return html`
      ${this.#renderSegment()} ${this.#renderContact()}
      <div class="hp" aria-hidden="true">
        <label>${t('honeypot')}
          <input name="website" type="text" tabindex="-1" autocomplete="off" .value=${this._values.website}
            @input=${(e: InputEvent) => this.#set('website', (e.target as HTMLInputElement).value)} />
        </label>
      </div>
    `;
  }
  #renderErrorSummary(): TemplateResult | typeof nothing {
    const t = (k: FeedbackKey, o?: Record<string, unknown>): string => this.localize.t(k, o);
    return errorSummary({
      level: this.level.sub,
      title: t('errorSummary.title', { count: this._errors.size }),
      items: [...this._errors].map(([field, error]) => ({
        target: this.#id(field),
        ...this.#fieldName(field),
        message: t(error.key, error.count === undefined ? undefined : { count: error.count }),
        onClick: () => this.#focusField(field),
      })),
    });
  }

  /** A field's name for the error summary, with the language it is in (a question may come in a fallback language). */
  #fieldName(field: FieldKey): { name: string; lang?: string } {
    if (field.startsWith('answers.')) {
      const q = this._form?.questionnaire.questions.find((x) => `answers.${x.id}` === field);
      return {
        name: pickText(q?.label, this.localize.language, this.localize.plain),
        lang: pickedLanguage(q?.label, this.localize.language),
      };
    }
    const keys: Record<string, FeedbackKey> = {
      freeText: 'freeText.label',
      segment: 'segment.legend',
      'contact.name': 'contact.name',
      'contact.email': 'contact.email',
      'contact.phone': 'contact.phone',
      staffKey: 'staffKey',
      serviceEvent: 'serviceEvent',
      observations: 'taskFeedback.legend',
    };
    const key = keys[field];
    return { name: key ? this.localize.t(key) : field };
  }

  #id(field: FieldKey): string {
    return `f-${field.replace(/\W/g, '-')}`;
  }

  #errorFor(field: FieldKey): TemplateResult | typeof nothing {
    const error = this._errors.get(field);
    if (!error) return nothing;
    return fieldError({
      id: `${this.#id(field)}-error`,
      prefix: this.localize.t('common:errorPrefix'),
      message: this.localize.t(error.key, error.count === undefined ? undefined : { count: error.count }),
    });
  }

  #describedBy(field: FieldKey, ...others: string[]): string {
    return [...others, this._errors.has(field) ? `${this.#id(field)}-error` : ''].filter(Boolean).join(' ');
  }

  #renderScale(q: FeedbackForm['questionnaire']['questions'][number]): TemplateResult {
    const lng = this.localize.language;
    const plain = this.localize.plain;
    const field = `answers.${q.id}`;
    const id = this.#id(field);
    const min = q.scaleMin ?? 1;
    const max = q.scaleMax ?? 5;
    // Staff answer the staff wording of the same item (question set v2), when it has one.
    const staff = this.respondent === 'staff';
    const label = (staff && q.staffLabel) || q.label;
    const minLabel = (staff && q.staffMinLabel) || q.minLabel;
    const maxLabel = (staff && q.staffMaxLabel) || q.maxLabel;
    const minText = pickText(minLabel, lng, plain);
    const maxText = pickText(maxLabel, lng, plain);
    const minLang = pickedLanguage(minLabel, lng);
    const maxLang = pickedLanguage(maxLabel, lng);
    const invalid = this._errors.has(field);
    const values = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    return html`
      <fieldset part="question" class="question ${invalid ? 'invalid' : ''}" aria-describedby=${this.#describedBy(field)}>
        <legend lang=${pickedLanguage(label, lng)}>
          ${pickText(label, lng, plain)}${q.required ? html` <span class="req" aria-hidden="true">*</span><span class="visually-hidden">(${this.localize.t('common:required')})</span>` : nothing}
        </legend>
        ${this.#errorFor(field)}
        <div class="scale">
          ${values.map(
            (value, i) => html`
              <label class="option">
                <input type="radio" name=${field} id=${i === 0 ? id : `${id}-${value}`} data-field=${field} value=${String(value)}
                  .checked=${this._values.answers[q.id] === value} aria-invalid=${invalid ? 'true' : 'false'}
                  @change=${() => this.#setAnswer(q.id, value)} />
                <span class="box">${value}${value === min && minText ? html`<span class="visually-hidden" lang=${minLang}> ${minText}</span>` : value === max && maxText ? html`<span class="visually-hidden" lang=${maxLang}> ${maxText}</span>` : nothing}</span>
              </label>
            `,
          )}
        </div>
        <div class="scale-labels" aria-hidden="true"><span lang=${minLang}>${min} = ${minText}</span><span lang=${maxLang}>${max} = ${maxText}</span></div>
        ${
          q.notApplicable
            ? html`<label class="choice not-applicable">
              <input type="radio" name=${field} id="${id}-na" data-field=${field} value="0" .checked=${this._values.answers[q.id] === 0}
                @change=${() => this.#setAnswer(q.id, 0)} />
              <span>${this.localize.t('notApplicable')}</span>
            </label>`
            : nothing
        }
      </fieldset>
    `;
  }

  #renderFreeText(max: number): TemplateResult {
    const t = (k: FeedbackKey, o?: Record<string, unknown>): string => this.localize.t(k, o);
    const length = this._values.freeText.length;
    const remaining = max - length;
    const invalid = this._errors.has('freeText');
    return html`
      <div class="field ${invalid ? 'invalid' : ''}">
        <label for=${this.#id('freeText')}>${t('freeText.label')}</label>
        <p id="free-text-hint" class="hint">${t('freeText.hint')}</p>
        <p id="free-text-privacy" class="privacy"><span class="privacy-icon" aria-hidden="true">i</span>${t('freeText.privacy')}</p>
        ${this.#errorFor('freeText')}
        <textarea id=${this.#id('freeText')} data-field="freeText" rows="6" .value=${this._values.freeText}
          aria-describedby=${this.#describedBy('freeText', 'free-text-hint', 'free-text-privacy', 'free-text-count')}
          aria-invalid=${invalid ? 'true' : 'false'}
          @input=${(e: InputEvent) => this.#onFreeText((e.target as HTMLTextAreaElement).value, max)}></textarea>
        <p id="free-text-count" class="counter ${remaining < 0 ? 'over' : ''}">
          ${remaining >= 0 ? t('freeText.remaining', { count: remaining }) : t('freeText.over', { count: -remaining })}
        </p>
      </div>
    `;
  }

  #renderSegment(): TemplateResult {
    const t = (k: FeedbackKey): string => this.localize.t(k);
    const options = [...CUSTOMER_SEGMENTS, ''] as const;
    return html`
      <fieldset class="question segment">
        <legend>${t('segment.legend')}</legend>
        <div class="choices">
          ${options.map(
            (s) => html`<label class="choice">
              <input type="radio" name="segment" data-field="segment" value=${s} .checked=${this._values.segment === s}
                @change=${() => this.#set('segment', s)} />
              <span>${t(s ? `segment.${s}` : 'segment.none')}</span>
            </label>`,
          )}
        </div>
      </fieldset>
    `;
  }

  #renderContact(): TemplateResult {
    const t = (k: FeedbackKey): string => this.localize.t(k);
    const v = this._values;
    const input = (field: 'name' | 'email' | 'phone', type: string, autocomplete: string): TemplateResult => {
      const key = `contact.${field}` as const;
      const invalid = this._errors.has(key);
      return html`
        <div class="field ${invalid ? 'invalid' : ''}">
          <label for=${this.#id(key)}>${t(key)}</label>
          ${this.#errorFor(key)}
          <input id=${this.#id(key)} data-field=${key} type=${type} autocomplete=${autocomplete} .value=${v[field]}
            aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${this.#describedBy(key, field === 'name' ? '' : 'contact-reach-hint')}
            @input=${(e: InputEvent) => {
              this.#set(field, (e.target as HTMLInputElement).value);
              this.#clearError(key);
              if (field !== 'name') this.#clearError('contact.email');
            }} />
        </div>
      `;
    };
    return html`
      <fieldset class="question contact">
        <legend>${t('contact.legend')}</legend>
        <p class="hint">${t('contact.hint')}</p>
        <label class="choice contact-toggle">
          <input type="checkbox" .checked=${v.wantsContact} aria-controls="contact-fields"
            @change=${(e: Event) => this.#set('wantsContact', (e.target as HTMLInputElement).checked)} />
          <span>${t('contact.wants')}</span>
        </label>
        <div id="contact-fields" class="contact-fields" ?hidden=${!v.wantsContact}>
          ${input('name', 'text', 'name')}
          <p id="contact-reach-hint" class="hint">${t('contact.reachHint')}</p>
          ${input('email', 'email', 'email')} ${input('phone', 'tel', 'tel')}
        </div>
      </fieldset>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luukku-feedback': LuukkuFeedback;
  }
}
