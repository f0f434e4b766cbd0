import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { Schemas } from '../../core/api/client.js';
import { ProblemError } from '../../core/api/errors.js';
import { LuukkuElement } from '../../core/base-element.js';
import { ConfigurationError, LoadController } from '../../core/controllers/load.js';
import { formatDateTime, formatNumber, intlLocales } from '../../core/i18n/intl.js';
import type { CommonKey, KeysOf } from '../../core/i18n/keys.js';
import type { LocalizeController } from '../../core/i18n/localize-controller.js';
import { pickText, type LocalisedText } from '../../core/i18n/localised-text.js';
import { header } from '../../ui/header.js';
import { heading } from '../../ui/heading.js';
import { staffKeyField } from '../../ui/staff-key-field.js';
import { loadErrorPanel, loadingPanel, messagePanel } from '../../ui/status.js';
import { uiStyles } from '../../ui/styles.js';
import type insightsStrings from '../../locales/fi/feedback-insights.json';
import { distributionChart, lineChart, type Series } from './charts.js';
import { toCsv, type CsvValue } from './csv.js';
import { insightsStyles } from './feedback-insights.styles.js';

type InsightsKey = KeysOf<typeof insightsStrings> | CommonKey;
type Insights = Schemas['FeedbackInsights'];
type National = Schemas['FeedbackNational'];
type Texts = Schemas['FeedbackTexts'];
type Contacts = Schemas['ContactRequests'];
type Cell = Schemas['InsightsCell'];
type ItemStats = Schemas['ItemStats'];
export type Respondents = 'both' | 'customer' | 'staff';
type Tone = Schemas['FeedbackTone'];
/** The contract's Contact (its anyOf types as unknown). */
type ContactDetails = { name: string; email?: string; phone?: string };

/** Every state of the view (also the names of its custom CSS states). */
export const INSIGHTS_STATES = ['key', 'loading', 'load-error', 'wrong-key', 'empty', 'too-few', 'ready'] as const;
export type InsightsState = (typeof INSIGHTS_STATES)[number];

interface Loaded {
  insights: Insights;
  national: National;
  texts: Texts;
  contacts: Contacts;
}

/**
 * The results of customer feedback and staff self-assessment for a rescue department's
 * quality officer: per service and month the number of answers, means and distributions
 * (nothing for groups under the server's minimum size), trends and early warnings, the
 * department against the national figure, free texts as praise or criticism, contact
 * requests to mark handled, and a CSV of what is shown. Every chart is drawn in SVG by
 * Luukku's own code and has a table with the same numbers.
 *
 * @summary Staff view of feedback results (needs the organisation's staff key).
 *
 * @csspart base - The outer wrapper.
 * @csspart heading - The view's heading (its level follows `heading-level`).
 * @csspart filters - The filter form.
 * @csspart status - Status panels: loading, error, empty, too few answers.
 * @csspart warnings - The early-warning section.
 * @csspart service - One service's section (trend, monthly table, items).
 * @csspart national - The national comparison.
 * @csspart texts - The free-text answers.
 * @csspart contacts - The contact requests.
 * @csspart export - The CSV export.
 * @csspart button - Buttons.
 *
 * @cssproperty --luukku-insights-customer - Colour of the customer series. Default: `--luukku-color-primary`.
 * @cssproperty --luukku-insights-staff - Colour of the staff series. Default: #8a4b00.
 * @cssproperty --luukku-color-primary - Global primary colour.
 * @cssproperty --luukku-color-text - Global text colour.
 * @cssproperty --luukku-color-background - Global background.
 * @cssproperty --luukku-color-border - Global border colour.
 * @cssproperty --luukku-focus-color - Global focus ring colour.
 *
 * @customElement luukku-feedback-insights
 */
export class LuukkuFeedbackInsights extends LuukkuElement {
  static override namespace = 'feedback-insights';
  declare protected readonly localize: LocalizeController<InsightsKey>;
  static override styles = [...LuukkuElement.styles, uiStyles, insightsStyles];
  static override states = INSIGHTS_STATES;

  static override properties: PropertyDeclarations = {
    organisation: { type: String },
    service: { type: String },
    to: { type: String },
    respondents: { type: String },
    staffKey: { attribute: false },
    _data: { state: true, attribute: false },
    _typedKey: { state: true, attribute: false },
    _keyError: { state: true, attribute: false },
    _problemKey: { state: true, attribute: false },
    _tone: { state: true, attribute: false },
    _withContacts: { state: true, attribute: false },
  };

  /** Organisation id (slug), e.g. `demo-pelastuslaitos`. */
  declare organisation: string;
  /** Show one service only (its id); empty: every service. The filter changes it. */
  declare service: string;
  /** The last month shown (YYYY-MM); empty: the last complete month. The filter changes it. */
  declare to: string;
  /** Whose answers: `both` (default), `customer` or `staff`. */
  declare respondents: Respondents;
  /** The organisation's staff key, from script only (never an attribute); unset, the view asks for it. */
  declare staffKey: string | undefined;
  /** The current state (read-only): key, loading, load-error, wrong-key, empty, too-few, ready. Also `:state(<name>)`. */
  declare state: InsightsState;

  declare private _data: Loaded | undefined;
  declare private _typedKey: string;
  declare private _keyError: InsightsKey | undefined;
  declare private _problemKey: InsightsKey | undefined;
  declare private _tone: Tone | '';
  declare private _withContacts: boolean;
  /** The key entered in the view (memory only). */
  #enteredKey = '';
  #announceNext = false;

  readonly #loader = new LoadController(this, {
    args: () => [this.organisation, this.staffKey || this.#enteredKey, this.service, this.to, this.apiBase] as const,
    load: async ([organisation, key, service, to], signal): Promise<Loaded | null> => {
      if (!organisation) throw new ConfigurationError('organisation is required');
      if (!key) return null;
      const get = <T>(path: string, query: Record<string, string | undefined>): Promise<T> =>
        this.client.request<T>(path, { query: { organisation, ...query }, bearer: key, signal });
      const [insights, national, texts, contacts] = await Promise.all([
        get<Insights>('/v1/feedback/insights', { service: service || undefined, to: to || undefined }),
        get<National>('/v1/feedback/national', { to: to || undefined }),
        get<Texts>('/v1/feedback/texts', { service: service || undefined }),
        get<Contacts>('/v1/feedback/contact-requests', {}),
      ]);
      return { insights, national, texts, contacts };
    },
    onStart: () => {
      this._problemKey = undefined;
      this.state = 'loading';
    },
    onLoad: (data) => {
      if (!data) {
        this.state = 'key';
        return;
      }
      this._data = data;
      const cells = data.insights.cells.filter((c) => c.month !== 'total');
      this.state = !cells.length ? 'empty' : cells.every((c) => c.group?.suppressed) ? 'too-few' : 'ready';
      if (this.#announceNext) this.announcer.polite(this.localize.t('updated'));
      this.#announceNext = false;
    },
    onError: (problem, error) => {
      if (error instanceof ProblemError && (error.code === 'unauthorized' || error.code === 'forbidden')) {
        this.#enteredKey = '';
        this._typedKey = '';
        this._keyError = error.code === 'unauthorized' ? 'key.wrong' : 'key.forbidden';
        this.state = 'wrong-key';
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#f-staffKey')?.focus());
        return;
      }
      this._problemKey = problem === 'config' ? 'loadError.config' : 'loadError.body';
      this.state = 'load-error';
    },
  });

  constructor() {
    super();
    this.organisation = '';
    this.service = '';
    this.to = '';
    this.respondents = 'both';
    this.state = 'loading';
    this._typedKey = '';
    this._tone = '';
    this._withContacts = false;
  }

  /** Loads again (the retry button). */
  reload(): Promise<void> {
    return this.#loader.retry();
  }

  /** The panel's retry: the button goes away with the panel, so focus moves to the heading (never to <body>). */
  async #retryFromPanel(): Promise<void> {
    await this.reload();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="heading"]')?.focus();
  }

  // ---------------------------------------------------------------- helpers

  #t = (key: InsightsKey, o?: Record<string, unknown>): string => this.localize.t(key, o);
  #num = (v: number | undefined | null, digits = 2): string =>
    v === undefined || v === null
      ? ''
      : formatNumber(v, this.localize.language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  #text = (v: LocalisedText | undefined): string => pickText(v, this.localize.language, false);
  #month = (m: string): string =>
    m === 'total'
      ? this.#t('table.total')
      : new Intl.DateTimeFormat(intlLocales(this.localize.language), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
          new Date(`${m}-15T00:00:00Z`),
        );
  #serviceName(id: string): string {
    const s = this._data?.insights.services.find((x) => x.id === id);
    return s ? this.#text(s.name) : id;
  }
  #itemName(id: string): string {
    return this.#text(this._data?.insights.labels[id]) || id;
  }
  #respondentsShown(): ('customer' | 'staff')[] {
    return this.respondents === 'customer' ? ['customer'] : this.respondents === 'staff' ? ['staff'] : ['customer', 'staff'];
  }
  #cell(service: string, month: string, respondent: string): Cell | undefined {
    return this._data?.insights.cells.find((c) => c.service === service && c.month === month && c.respondent === respondent);
  }
  #tooFew(): TemplateResult {
    return html`<span class="few">${this.#t('tooFew.cell')}</span>`;
  }
  /** n and mean of one item, or "too few answers". */
  #stat(s: ItemStats | undefined, groupSuppressed = false): { n: unknown; mean: unknown } {
    if (!s || groupSuppressed || s.suppressed) return { n: this.#tooFew(), mean: this.#tooFew() };
    return { n: s.n, mean: this.#num(s.mean) };
  }

  // ---------------------------------------------------------------- actions

  #submitKey(e: Event): void {
    e.preventDefault();
    const key = this._typedKey.trim();
    if (!key) {
      this._keyError = 'key.required';
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#f-staffKey')?.focus());
      return;
    }
    this._keyError = undefined;
    this.#enteredKey = key;
    this.requestUpdate();
  }

  #filter(name: 'service' | 'to' | 'respondents', value: string): void {
    this.#announceNext = true;
    if (name === 'respondents') {
      this.respondents = value as Respondents;
      this.announcer.polite(this.#t('updated'));
      this.#announceNext = false;
    } else this[name] = value;
  }

  async #markHandled(id: string): Promise<void> {
    const key = this.staffKey || this.#enteredKey;
    try {
      await this.client.request(`/v1/feedback/contact-requests/${encodeURIComponent(id)}/handled`, {
        method: 'POST',
        query: { organisation: this.organisation },
        bearer: key,
      });
      const data = this._data;
      if (data) {
        const items = data.contacts.items.filter((c) => c.id !== id);
        this._data = { ...data, contacts: { waiting: Math.max(0, data.contacts.waiting - 1), items } };
      }
      this.announcer.polite(this.#t('contacts.handled'));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="contacts"] h3, [part~="contacts"] [tabindex="-1"]')?.focus();
    } catch {
      this.announcer.assertive(this.#t('contacts.failed'));
    }
  }

  /** The CSV of what the view shows now; contact details only when `includeContacts`. */
  exportCsv(includeContacts = this._withContacts): string {
    const d = this._data;
    if (!d) return toCsv([]);
    const rows: CsvValue[][] = [
      [
        'section',
        'service',
        'month',
        'respondent',
        'item',
        'n',
        'mean',
        'sd',
        'score1',
        'score2',
        'score3',
        'score4',
        'score5',
        'notApplicable',
      ],
    ];
    const shown = this.#respondentsShown();
    for (const c of d.insights.cells) {
      if (!shown.includes(c.respondent)) continue;
      const g = c.group;
      if (!g || g.suppressed) {
        rows.push(['cell', c.service, c.month, c.respondent, '', `<${d.insights.minGroupSize}`]);
        continue;
      }
      for (const id of d.insights.items) {
        const s = g.items[id];
        if (!s) continue;
        rows.push(
          s.suppressed
            ? ['item', c.service, c.month, c.respondent, id, `<${d.insights.minGroupSize}`]
            : ['item', c.service, c.month, c.respondent, id, s.n, s.mean, s.sd, ...(s.distribution ?? []), s.notApplicable],
        );
      }
    }
    for (const r of d.national.rows) {
      for (const [side, s] of [
        ['own', r.own],
        ['national', r.national],
      ] as const) {
        rows.push([
          'national',
          r.serviceType,
          `${d.national.from}..${d.national.to}`,
          side,
          r.item,
          s.suppressed ? `<${d.national.minGroupSize}` : s.n,
          s.mean,
          s.sd,
          ...(s.distribution ?? []),
        ]);
      }
    }
    rows.push([]);
    rows.push(['text', 'service', 'receivedAt', 'tone', 'overall', 'freeText']);
    for (const t of this.#texts()) rows.push(['text', t.service, t.receivedAt, t.tone, t.overall, t.freeText]);
    if (includeContacts) {
      rows.push([]);
      rows.push(['contact', 'service', 'receivedAt', 'name', 'email', 'phone', 'freeText']);
      for (const c of d.contacts.items) {
        const who = c.contact as ContactDetails;
        rows.push(['contact', c.service, c.receivedAt, who.name, who.email, who.phone, c.freeText]);
      }
    }
    return toCsv(rows);
  }

  #download(): void {
    const blob = new Blob([this.exportCsv()], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `luukku-palaute-${this.organisation}-${this._data?.insights.months.at(-1) ?? ''}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  #texts(): Texts['items'] {
    const items = this._data?.texts.items ?? [];
    return this._tone ? items.filter((t) => t.tone === this._tone) : items;
  }

  // ---------------------------------------------------------------- rendering

  override render(): TemplateResult {
    if (!this.localize.ready) return html`<div part="base" aria-busy="true"></div>`;
    const level = this.level;
    const min = this._data?.insights.minGroupSize ?? 5;
    return html`
      <section part="base" lang=${this.localize.language} aria-labelledby="heading" aria-busy=${this.state === 'loading' ? 'true' : 'false'}>
        ${header({
          level: level.heading,
          title: this.#t('title'),
          plain: this.localize.plain,
          plainLabel: this.#t('common:plainLanguage'),
          onTogglePlain: () => (this.plainLanguage = !this.localize.plain),
          below: html`<p class="intro">${this.#t('intro', { min })}</p>`,
        })}
        ${this.#renderBody()}
      </section>
    `;
  }

  #renderBody(): TemplateResult | typeof nothing {
    const sub = this.level.sub;
    switch (this.state) {
      case 'key':
      case 'wrong-key':
        return this.#renderKey();
      case 'loading':
        return loadingPanel(this.#t('loading'));
      case 'load-error':
        return loadErrorPanel({
          level: sub,
          title: this.#t('loadError.title'),
          body: this.#t(this._problemKey ?? 'loadError.body'),
          retry:
            this._problemKey === 'loadError.config'
              ? undefined
              : { label: this.#t('common:retry'), onClick: () => void this.#retryFromPanel() },
        });
      case 'empty':
        return html`${this.#renderFilters()}${messagePanel({ level: sub, tone: 'empty', title: this.#t('empty.title'), body: this.#t('empty.body') })}`;
      case 'too-few':
        return html`${this.#renderFilters()}${messagePanel({
          level: sub,
          tone: 'notice',
          title: this.#t('tooFew.title'),
          body: this.#t('tooFew.body', { min: this._data?.insights.minGroupSize ?? 5 }),
        })}${this.#renderTexts()}${this.#renderContacts()}`;
      default:
        return this.#renderReady();
    }
  }

  #renderKey(): TemplateResult {
    const error = this._keyError;
    return html`
      <form part="filters" class="key" novalidate @submit=${(e: Event) => this.#submitKey(e)}>
        ${staffKeyField({
          name: 'staffKey',
          type: 'password',
          label: this.#t('key.label'),
          value: this._typedKey,
          error: error ? { message: this.#t(error), prefix: this.#t('common:errorPrefix') } : undefined,
          onInput: (v) => {
            this._typedKey = v;
          },
        })}
        <button type="submit" part="button" class="primary">${this.#t('key.submit')}</button>
      </form>
    `;
  }

  #renderFilters(): TemplateResult {
    const d = this._data?.insights;
    const months = recentMonths(24);
    const to = this.to || d?.months.at(-1) || '';
    const select = (
      name: 'service' | 'to' | 'respondents',
      label: InsightsKey,
      value: string,
      options: [string, string][],
    ): TemplateResult => html`
      <label class="filter">${this.#t(label)}
        <select data-filter=${name} @change=${(e: Event) => this.#filter(name, (e.target as HTMLSelectElement).value)}>
          ${options.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
        </select>
      </label>`;
    return html`
      <form part="filters" class="filters" @submit=${(e: Event) => e.preventDefault()}>
        <fieldset>
          <legend>${this.#t('filters.legend')}</legend>
          ${select('service', 'filters.service', this.service, [['', this.#t('filters.allServices')], ...(d?.services ?? []).map((s): [string, string] => [s.id, this.#text(s.name)])])}
          ${select(
            'to',
            'filters.to',
            to,
            months.map((m): [string, string] => [m, this.#month(m)]),
          )}
          ${select(
            'respondents',
            'filters.respondent',
            this.respondents,
            (['both', 'customer', 'staff'] as const).map((r): [string, string] => [r, this.#t(`respondent.${r}`)]),
          )}
        </fieldset>
      </form>
      ${d?.status ? html`<p class="proposal">${this.#t('proposal')} ${this.#text(d.status)}</p>` : nothing}
    `;
  }

  #renderReady(): TemplateResult {
    const d = this._data;
    if (!d) return html``;
    const services = [...new Set(d.insights.cells.map((c) => c.service))];
    return html`
      ${this.#renderFilters()} ${this.#renderWarnings()}
      ${services.map((s) => this.#renderService(s))}
      ${this.#renderNational()} ${this.#renderTexts()} ${this.#renderContacts()} ${this.#renderExport()}
    `;
  }

  #renderWarnings(): TemplateResult {
    const d = this._data;
    const shown = this.#respondentsShown();
    const warnings = (d?.insights.warnings ?? []).filter((w) => shown.includes(w.respondent));
    return html`
      <section part="warnings" class="warnings ${warnings.length ? 'has' : ''}" aria-labelledby="warnings-h">
        ${heading(this.level.sub, this.#t('warnings.title'), { id: 'warnings-h' })}
        ${
          warnings.length
            ? html`<ul>${warnings.map(
                (w) =>
                  html`<li><span class="icon" aria-hidden="true">!</span>${this.#t('warnings.item', {
                    service: this.#serviceName(w.service),
                    respondent: this.#t(`respondent.${w.respondent}`),
                    item: this.#itemName(w.item),
                    month: this.#month(w.month),
                    mean: this.#num(w.mean),
                    n: w.n,
                    baseline: this.#num(w.baselineMean),
                    baselineN: w.baselineN,
                  })}</li>`,
              )}</ul>`
            : html`<p>${this.#t('warnings.none')}</p>`
        }
        <p class="hint">${this.#t('warnings.rule')}</p>
      </section>
    `;
  }

  #renderService(service: string): TemplateResult {
    const d = this._data;
    if (!d) return html``;
    const months = d.insights.months;
    const shown = this.#respondentsShown();
    const id = `svc-${service}`;
    const series: Series[] = shown.map((r) => ({
      label: this.#t(`respondent.${r}`),
      dashed: r === 'staff',
      values: months.map((m) => {
        const s = this.#cell(service, m, r)?.group?.items.overall;
        return s && !s.suppressed && s.mean !== undefined ? s.mean : null;
      }),
    }));
    const total = (r: string) => this.#cell(service, 'total', r)?.group;
    const customerTotal = total('customer');
    const barRows = d.insights.items.flatMap((item) => {
      const s = customerTotal?.items[item];
      return shown.includes('customer') && s && !s.suppressed && s.distribution
        ? [{ label: this.#itemName(item), distribution: s.distribution }]
        : [];
    });
    return html`
      <section part="service" class="service" aria-labelledby="${id}-h">
        ${heading(this.level.sub, this.#serviceName(service), { id: `${id}-h` })}
        ${lineChart({ id: `${id}-trend`, caption: this.#t('trend.caption'), labels: months.map((m) => this.#month(m)), series, format: (v) => this.#num(v) })}
        <p class="hint">${this.#t('trend.gap')}</p>
        <div class="scroll" tabindex="0" role="region" aria-labelledby="${id}-t1">
          <table>
            <caption id="${id}-t1">${this.#t('trend.caption')}</caption>
            <thead><tr><th scope="col">${this.#t('table.month')}</th>${shown.map(
              (r) =>
                html`<th scope="col">${this.#t(`respondent.${r}`)}: ${this.#t('table.n')}</th><th scope="col">${this.#t(`respondent.${r}`)}: ${this.#t('table.mean')}</th>`,
            )}</tr></thead>
            <tbody>${months.map(
              (m) =>
                html`<tr><th scope="row">${this.#month(m)}</th>${shown.map((r) => {
                  const g = this.#cell(service, m, r)?.group;
                  if (!g) return html`<td>0</td><td></td>`;
                  const st = this.#stat(g.items.overall, g.suppressed);
                  return html`<td>${g.suppressed ? this.#tooFew() : g.n}</td><td>${st.mean}</td>`;
                })}</tr>`,
            )}</tbody>
          </table>
        </div>
        ${barRows.length ? distributionChart({ id: `${id}-dist`, caption: this.#t('items.caption'), rows: barRows }) : nothing}
        <div class="scroll" tabindex="0" role="region" aria-labelledby="${id}-t2">
          <table>
            <caption id="${id}-t2">${this.#t('items.caption')} (${this.#t('table.total')})</caption>
            <thead><tr><th scope="col">${this.#t('table.item')}</th>${shown.map(
              (r) =>
                html`<th scope="col">${this.#t(`respondent.${r}`)}: ${this.#t('table.n')}</th><th scope="col">${this.#t('table.mean')}</th><th scope="col">${this.#t('table.sd')}</th><th scope="col">${this.#t('table.distribution')}</th><th scope="col">${this.#t('table.na')}</th>`,
            )}</tr></thead>
            <tbody>${d.insights.items.map(
              (item) =>
                html`<tr><th scope="row">${this.#itemName(item)}</th>${shown.map((r) => {
                  const g = total(r);
                  const s = g?.items[item];
                  if (!g || g.suppressed || !s || s.suppressed)
                    return html`<td>${this.#tooFew()}</td><td></td><td></td><td></td><td>${s?.notApplicable ?? ''}</td>`;
                  return html`<td>${s.n}</td><td>${this.#num(s.mean)}</td><td>${this.#num(s.sd)}</td><td>${(s.distribution ?? []).join(' / ')}</td><td>${s.notApplicable ?? ''}</td>`;
                })}</tr>`,
            )}</tbody>
          </table>
        </div>
        <p class="hint">${this.#t('items.note')}</p>
      </section>
    `;
  }

  #renderNational(): TemplateResult {
    const n = this._data?.national;
    if (!n) return html``;
    const rows = n.rows.filter(
      (r) => !this.service || this._data?.insights.services.find((s) => s.id === this.service)?.type === r.serviceType,
    );
    return html`
      <section part="national" aria-labelledby="national-h">
        ${heading(this.level.sub, this.#t('national.title'), { id: 'national-h' })}
        <p class="hint">${this.#t('national.body', { from: this.#month(n.from), to: this.#month(n.to), orgs: n.minOrganisations, min: n.minGroupSize })}</p>
        ${
          rows.length
            ? html`<div class="scroll" tabindex="0" role="region" aria-labelledby="national-t">
            <table>
              <caption id="national-t">${this.#t('national.title')}</caption>
              <thead><tr><th scope="col">${this.#t('table.serviceType')}</th><th scope="col">${this.#t('table.item')}</th>
                <th scope="col">${this.#t('table.own')}: ${this.#t('table.n')}</th><th scope="col">${this.#t('table.own')}: ${this.#t('table.mean')}</th>
                <th scope="col">${this.#t('table.national')}: ${this.#t('table.n')}</th><th scope="col">${this.#t('table.national')}: ${this.#t('table.mean')}</th></tr></thead>
              <tbody>${rows.map((r) => {
                const own = this.#stat(r.own);
                const nat = this.#stat(r.national);
                const svc = this._data?.insights.services.find((s) => s.type === r.serviceType);
                return html`<tr><td>${svc ? this.#text(svc.name) : r.serviceType}</td><th scope="row">${this.#itemName(r.item)}</th><td>${own.n}</td><td>${own.mean}</td><td>${nat.n}</td><td>${nat.mean}</td></tr>`;
              })}</tbody>
            </table></div>`
            : html`<p>${this.#t('national.none')}</p>`
        }
      </section>
    `;
  }

  #renderTexts(): TemplateResult {
    const items = this.#texts();
    return html`
      <section part="texts" aria-labelledby="texts-h">
        ${heading(this.level.sub, this.#t('texts.title'), { id: 'texts-h' })}
        <label class="filter">${this.#t('texts.tone')}
          <select data-filter="tone" @change=${(e: Event) => {
            this._tone = (e.target as HTMLSelectElement).value as Tone | '';
          }}>
            ${(['', 'praise', 'criticism', 'mixed'] as const).map((v) => html`<option value=${v} ?selected=${this._tone === v}>${this.#t(v ? `tone.${v}` : 'tone.all')}</option>`)}
          </select>
        </label>
        <p class="hint">${this.#t('texts.toneNote')}</p>
        ${
          items.length
            ? html`<ul class="texts">${items.map(
                (t) => html`<li class="tone-${t.tone}">
                  <p class="meta"><span class="badge">${this.#t(`tone.${t.tone}`)}</span> ${this.#serviceName(t.service)} · ${formatDateTime(t.receivedAt, this.localize.language)}</p>
                  <p class="free" lang=${t.locale ?? nothing}>${t.freeText}</p>
                </li>`,
              )}</ul>`
            : html`<p>${this.#t('texts.none')}</p>`
        }
      </section>
    `;
  }

  #renderContacts(): TemplateResult {
    const c = this._data?.contacts;
    return html`
      <section part="contacts" aria-labelledby="contacts-h">
        ${heading(this.level.sub, this.#t('contacts.title'), { id: 'contacts-h', focusable: true })}
        ${
          c?.items.length
            ? html`<ul class="contacts">${c.items.map(
                (r, _, __, who = r.contact as ContactDetails) => html`<li>
                  <p class="meta">${this.#serviceName(r.service)} · ${this.#t('contacts.received', { time: formatDateTime(r.receivedAt, this.localize.language) })}</p>
                  <p><strong>${who.name}</strong>${who.email ? html` · <a href="mailto:${who.email}">${who.email}</a>` : nothing}${who.phone ? html` · ${who.phone}` : nothing}</p>
                  ${r.freeText ? html`<p class="free" lang=${r.locale ?? nothing}>${r.freeText}</p>` : nothing}
                  <button type="button" part="button" class="secondary" @click=${() => void this.#markHandled(r.id)}>${this.#t('contacts.handle')}</button>
                </li>`,
              )}</ul>`
            : html`<p>${this.#t('contacts.none')}</p>`
        }
      </section>
    `;
  }

  #renderExport(): TemplateResult {
    return html`
      <section part="export" class="export">
        <label class="choice"><input type="checkbox" .checked=${this._withContacts} aria-describedby="export-hint"
          @change=${(e: Event) => {
            this._withContacts = (e.target as HTMLInputElement).checked;
          }} /> <span>${this.#t('export.contacts')}</span></label>
        <p id="export-hint" class="hint">${this.#t('export.contactsHint')}</p>
        <button type="button" part="button" class="primary" @click=${() => this.#download()}>${this.#t('export.button')}</button>
      </section>
    `;
  }
}

/** The current month and the `count` before it (YYYY-MM), newest first, in Helsinki. */
function recentMonths(count: number): string[] {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' }).format(new Date());
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

declare global {
  interface HTMLElementTagNameMap {
    'luukku-feedback-insights': LuukkuFeedbackInsights;
  }
}
