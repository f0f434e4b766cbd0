/**
 * The result step: obligations with their traffic lights, warnings and "you may also need".
 * A module of its own, loaded in parallel with the rule pack, so the first question never
 * waits for it (see LuukkuPermitExplorer.reload).
 */
import { heading } from '../../ui/heading.js';
import type { PermitExplorerKey } from '../../core/i18n/keys.js';
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { ProcessingTimeForecast } from '../../core/api/client.js';
import type { LocalisedText } from '../../core/i18n/localised-text.js';
import type { Authority, Item, Question, ResolvedPack, Result, Rule, Warning } from '../../shared/permit-engine/types.js';
import type { Language } from '../../core/i18n/languages.js';
import { lightReason, type LightReason } from './model.js';
import type { PermitResultDetail } from './events.js';
import { isAnswered } from './model.js';
import { pickedLanguage } from '../../core/i18n/localised-text.js';
import type { IcsDeadline } from '../../shared/ics.js';
import type { Step } from './url-state.js';

export { resultViewStyles } from './result-view.styles.js';

/** What the result view needs from the element. */
export interface ResultContext {
  t: (key: PermitExplorerKey, options?: Record<string, unknown>) => string;
  /** Level of the step heading (`heading-level` + 1); headings inside the result are one below. */
  level: number;
  text: (value: LocalisedText | undefined) => string;
  localised: (value: LocalisedText | undefined) => TemplateResult;
  date: (iso: string) => string;
  time: (hhmm: string) => string;
  rule: (id: string) => Rule | undefined;
  authority: (id: string) => Authority | undefined;
  question: (id: string) => Question | undefined;
  forecast: (ruleId: string) => ProcessingTimeForecast | undefined;
  pack: ResolvedPack | undefined;
  result: Result | null;
  today: string;
  /** A link that opens a step to change its answer, returning to `returnTo` (default: the result). */
  stepLink: (step: Step, content: unknown, className: string, returnTo?: 'summary' | 'result') => TemplateResult;
  showResult: () => void;
  /** A number in the page's locale ("25,5"). */
  number: (n: number) => string;
  /** Rule ids ticked off as done. */
  done: readonly string[];
  toggleDone: (ruleId: string, done: boolean) => void;
  share: () => void;
  /** Status after Share (announced politely). */
  status: string;
  /** The page's language (for the `lang` of texts that may come in a fallback language). */
  language: string;
  answers: Readonly<Record<string, unknown>>;
  /** The widget's title (the .ics names the event with it). */
  title: string;
  back: () => void;
  download: () => void;
  startAgain: () => void;
}

function forecastText(c: ResultContext, item: Item): string {
  const t = c.t;
  const f = c.forecast(item.ruleId);
  if (f?.source === 'history' && typeof f.medianDays === 'number' && typeof f.p80Days === 'number') {
    const history = t('forecast.history', { count: f.cases, median: c.number(f.medianDays), p80: c.number(f.p80Days) });
    const range = f as { minDays?: unknown; maxDays?: unknown };
    return typeof range.minDays === 'number' && typeof range.maxDays === 'number'
      ? `${history}. ${t('forecast.method', { min: c.number(range.minDays), max: c.number(range.maxDays) })}`
      : history;
  }
  const typical = f?.typicalDays ?? item.processingDays;
  if (typeof typical !== 'number') return t('forecast.unknown');
  return `${f?.source === 'pack' ? t('forecast.pack', { count: typical }) : t('forecast.typical', { count: typical })}. ${t('forecast.packMethod')}`;
}

/** A warning's severity in words (never colour or icon alone). */
function severityText(c: ResultContext, w: Warning): string {
  const t = c.t;
  if (w.kind === 'obstacle') return w.severity === 'hard' ? t('light.obstacle') : t('light.caution');
  return w.kind === 'deadline-passed' ? t('light.late') : t('light.missing');
}

/** Print and calendar icons as SVG (a text glyph renders as an empty box where the font lacks it). */
const printIcon = svg`<path d="M5 2h10v4H5z" fill="none" stroke="currentColor" stroke-width="1.6"/><rect x="2" y="6" width="16" height="8" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M5 11h10v7H5z" fill="none" stroke="currentColor" stroke-width="1.6"/>`;
const calendarIcon = svg`<rect x="2" y="4" width="16" height="14" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M2 8h16M6 2v4M14 2v4" stroke="currentColor" stroke-width="1.6"/>`;
const shareIcon = svg`<circle cx="15" cy="4" r="2.3" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="5" cy="10" r="2.3" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="15" cy="16" r="2.3" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M7 9l6-4M7 11l6 4" stroke="currentColor" stroke-width="1.6"/>`;
const btnIcon = (shape: TemplateResult): TemplateResult =>
  html`<svg class="btn-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">${shape}</svg>`;

function lightText(c: ResultContext, reason: LightReason): string {
  const t = c.t;
  switch (reason) {
    case 'ok':
      return t('light.ok');
    case 'close':
      return t('light.close');
    case 'missing':
      return t('light.missing');
    case 'caution':
      return t('light.caution');
    case 'late':
      return t('light.late');
    default:
      return t('light.obstacle');
  }
}

function kindText(c: ResultContext, kind: Rule['kind']): string {
  const t = c.t;
  switch (kind) {
    case 'permit':
      return t('kind.permit');
    case 'notification':
      return t('kind.notification');
    case 'plan':
      return t('kind.plan');
    case 'licence':
      return t('kind.licence');
    default:
      return t('kind.advice');
  }
}

function lightIcon(light: Item['light']): TemplateResult {
  const shape =
    light === 'green'
      ? svg`<circle cx="10" cy="10" r="9"/><path d="M5.5 10.5l3 3 6-7" fill="none" class="glyph" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`
      : light === 'amber'
        ? svg`<path d="M10 1.5l9 16.5H1z"/><path d="M10 7v5" class="glyph" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/><circle cx="10" cy="15" r="1.3" class="glyph-dot" fill="#fff"/>`
        : svg`<path d="M6 1h8l5 5v8l-5 5H6l-5-5V6z"/><path d="M6.5 6.5l7 7M13.5 6.5l-7 7" class="glyph" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>`;
  return html`<svg class="light-icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">${shape}</svg>`;
}

function renderLight(c: ResultContext, item: Item): TemplateResult {
  return html`<span part="light" class="light ${item.light}">${lightIcon(item.light)}<span>${lightText(c, lightReason(item))}</span></span>`;
}

export function renderResult(c: ResultContext): TemplateResult | typeof nothing {
  const result = c.result;
  if (!result) return nothing;
  const t = c.t;
  const count = result.obligations.length;
  const open = result.undecided.filter((id) => c.pack?.rules.some((r) => r.id === id)).length;
  const next = result.nextQuestion;
  // Honest heading: with answers missing it says what is known and what is still open, never "you need 0 permits".
  const title = open
    ? html`${t('result.titlePartial')} <span class="count">(${t('result.countPartial', { known: c.number(count), open: c.number(open) })})</span>`
    : html`${t('result.title')} <span class="count">(${t('result.count', { count })})</span>`;
  const facts = eventFacts(c);
  return html`
    <div part="step result" class="step result">
      <div class="step-top">
        <button type="button" part="button" class="link back" @click=${c.back}><span aria-hidden="true">‹ </span>${t('actions.change')}</button>
      </div>
      ${heading(c.level, title, { id: 'step-heading', part: 'step-heading', focusable: true })}
      ${
        facts.length
          ? html`<section class="event-box" aria-labelledby="event-title">
              ${heading(c.level + 1, t('event.title'), { id: 'event-title', class: 'minor' })}
              <dl class="event">${facts.map((f) => html`<div><dt>${f.label}</dt><dd lang=${f.lang}>${f.text}</dd></div>`)}</dl>
            </section>`
          : nothing
      }
      <p class="hint">${t('result.intro', { date: c.date(c.today) })}
        ${c.pack?.validFrom ? html`<span class="valid-from">${t('result.validFrom', { date: c.date(c.pack.validFrom), version: c.pack.version })}</span>` : nothing}</p>
      ${renderWarnings(c, result.warnings)}
      ${
        count
          ? html`<p class="legend">${t('result.legend')}</p>
            <ol class="items">${result.obligations.map((item) => renderObligation(c, item))}</ol>`
          : html`<p class="panel">${open ? t('result.noneYet', { count: open }) : t('result.none')}</p>`
      }
      ${count && open ? html`<p class="hint">${t('result.undecided', { count: open })}</p>` : nothing}
      ${
        open && next
          ? html`<p class="answer-open">${c.stepLink(next, html`${t('result.answerOpen')}: ${c.localised(c.question(next)?.label)}`, 'missing-link')}</p>`
          : nothing
      }
      ${renderRecommendations(c, result.recommendations)}
      <div class="nav actions">
        <button type="button" part="button" class="primary" @click=${() => {
          window.print();
        }}>
          ${btnIcon(printIcon)}${t('actions.print')}
        </button>
        <button type="button" part="button" class="secondary" ?disabled=${!result.obligations.some((i) => i.latestSubmission)} @click=${c.download}>
          ${btnIcon(calendarIcon)}${t('actions.ics')}
        </button>
        <button type="button" part="button" class="secondary share" @click=${() => c.share()}>${btnIcon(shareIcon)}${t('actions.share')}</button>
        <button type="button" part="button" class="secondary" @click=${() => c.startAgain()}>${t('startAgain')}</button>
      </div>
      <p class="status" role="status">${c.status}</p>
    </div>
  `;
}

function renderWarnings(c: ResultContext, warnings: Warning[]): TemplateResult | typeof nothing {
  if (!warnings.length) return nothing;
  const t = c.t;
  return html`
    <section class="warnings-box" aria-labelledby="warnings-title">
      ${heading(c.level + 1, t('warnings.title'), { id: 'warnings-title', class: 'minor' })}
      <ul class="warnings">
        ${warnings.map((w) => {
          const rule = c.rule(w.ruleId);
          const title = c.text(rule?.title);
          let body: TemplateResult;
          if (w.kind === 'obstacle') {
            const o = rule?.obstacles?.find((x) => x.id === w.obstacleId);
            body = html`<p><strong>${title}:</strong> ${c.localised(o?.text)}</p>
              ${o?.advice ? html`<p class="advice"><strong>${t('warning.advice')}:</strong> ${c.localised(o.advice)}</p>` : nothing}`;
          } else if (w.kind === 'deadline-passed') {
            body = html`<p>${t('warning.late', { rule: title, date: c.date(w.latestSubmission) })}</p>`;
          } else {
            // A follow-up whose parent was skipped leads to the parent first; each target once.
            const targets = [
              ...new Set(
                w.questions
                  .map((id) => (c.pack && c.result ? leadStep(c.pack, c.result, c.answers, id) : undefined))
                  .filter((x): x is string => x !== undefined),
              ),
            ];
            body = html`<p>${t('warning.missing', { rule: title })}</p>
              <ul class="missing">${targets.map((id) => html`<li>${c.stepLink(id, c.localised(c.question(id)?.label), 'missing-link')}</li>`)}</ul>`;
          }
          return html`<li class="warning ${w.light}">${lightIcon(w.light)}<div><p class="severity"><strong>${severityText(c, w)}</strong></p>${body}</div></li>`;
        })}
      </ul>
    </section>
  `;
}

function renderAuthority(c: ResultContext, authority: Authority | undefined): TemplateResult | typeof nothing {
  if (!authority) return nothing;
  const t = c.t;
  const k = authority.contact;
  return html`
    <a href=${authority.url} rel="noopener" target="_blank">${c.localised(authority.name)}</a>
    ${k?.phone ? html`<br />${t('item.phone')}: <a href=${`tel:${k.phone.replace(/\s/g, '')}`}>${k.phone}</a>` : nothing}
    ${k?.email ? html`<br />${t('item.email')}: <a href=${`mailto:${k.email}`}>${k.email}</a>` : nothing}
    ${k?.hours ? html`<br />${t('item.hours')}: ${c.localised(k.hours)}` : nothing}
  `;
}

function renderDeadline(c: ResultContext, item: Item, rule: Rule | undefined): TemplateResult {
  const t = c.t;
  if (!rule?.deadline) return html`${t('item.noDeadline')}`;
  if (!item.latestSubmission) return html`${t('item.needsDate')}`;
  const date = c.date(item.latestSubmission);
  const when = item.latestSubmissionTime ? t('item.deadlineTime', { date, time: c.time(item.latestSubmissionTime) }) : date;
  const left = item.daysLeft;
  const leftText =
    left === null
      ? ''
      : left < 0
        ? t('item.daysLate', { count: -left })
        : left === 0
          ? t('item.lastDay')
          : t('item.daysLeft', { count: left });
  return html`<strong>${when}</strong>${leftText ? html` <span class="days ${left !== null && left < 0 ? 'late' : ''}">(${leftText})</span>` : nothing}
    <br /><span class="hint">${rule.deadline.basis === 'statutory' ? t('item.statutory') : t('item.recommended')}</span>`;
}

function renderObligation(c: ResultContext, item: Item): TemplateResult {
  const t = c.t;
  const rule = c.rule(item.ruleId);
  const authority = c.authority(item.authorityId);
  const legal = rule?.legalBasis;
  const apply = rule?.links?.apply;
  const info = rule?.links?.info;
  const noEService = rule?.links?.noEService === true;
  const done = c.done.includes(item.ruleId);
  return html`
    <li part="obligation" class="item ${item.light} ${done ? 'done' : ''}">
      <article aria-labelledby="title-${item.ruleId}">
        <div class="item-head">
          ${heading(c.level + 1, c.localised(rule?.title), { id: `title-${item.ruleId}`, part: 'obligation-title', class: 'minor' })}
          ${renderLight(c, item)}
        </div>
        <p class="kind"><span class="kind-label">${kindText(c, item.kind)}</span>
          ${item.verified ? nothing : html`<span part="badge" class="badge">${t('item.illustrative')}</span>`}</p>
        <p class="item-summary">${c.localised(rule?.summary)}</p>
        <dl class="details">
          <div><dt>${t('item.deadline')}</dt><dd>${renderDeadline(c, item, rule)}</dd></div>
          <div><dt>${t('item.processing')}</dt><dd>${forecastText(c, item)}</dd></div>
          <div><dt>${t('item.authority')}</dt><dd>${renderAuthority(c, authority)}</dd></div>
          ${
            legal
              ? html`<div><dt>${t('item.legalBasis')}</dt><dd>
                ${legal.url ? html`<a href=${legal.url} rel="noopener" target="_blank">${legal.reference}</a>` : legal.reference}
                — ${c.localised(legal.text)}</dd></div>`
              : nothing
          }
          ${
            apply || info || noEService
              ? html`<div><dt>${t('item.apply')}</dt><dd>
                ${apply ? html`<a href=${apply} rel="noopener" target="_blank">${t('item.applyLink')}</a>` : nothing}
                ${noEService ? html`<span class="no-eservice">${t('item.noEService')}</span>` : nothing}
                ${(apply || noEService) && info ? html`<br />` : nothing}
                ${info ? html`<a href=${info} rel="noopener" target="_blank">${t('item.infoLink')}</a>` : nothing}</dd></div>`
              : nothing
          }
        </dl>
        <label class="done-toggle">
          <input type="checkbox" .checked=${done} @change=${(e: Event) => c.toggleDone(item.ruleId, (e.target as HTMLInputElement).checked)} />
          <span>${t('item.done')}<span class="visually-hidden">: ${c.text(rule?.title)}</span></span>
        </label>
      </article>
    </li>
  `;
}

function renderRecommendations(c: ResultContext, items: Item[]): TemplateResult | typeof nothing {
  if (!items.length) return nothing;
  const t = c.t;
  return html`
    <section class="recommendations-box" aria-labelledby="recommendations-title">
      ${heading(c.level + 1, t('recommendations.title'), { id: 'recommendations-title', class: 'minor' })}
      <p class="hint">${t('recommendations.note')}</p>
      <ul class="recommendations">
        ${items.map((item) => {
          const rule = c.rule(item.ruleId);
          const authority = c.authority(item.authorityId);
          const link = rule?.links?.info ?? rule?.links?.apply ?? authority?.url;
          return html`<li class="recommendation">
            <p class="rec-title"><span class="advice-tag">${t('kind.advice')}</span> <strong>${c.localised(rule?.title)}</strong></p>
            <p>${c.localised(rule?.summary)}</p>
            ${link ? html`<p><a href=${link} rel="noopener" target="_blank">${authority ? c.localised(authority.name) : t('item.infoLink')}</a></p>` : nothing}
          </li>`;
        })}
      </ul>
    </section>
  `;
}

/** The event summary rows at the top of the result (also the .ics event's description). */
export function eventFacts(c: ResultContext): { label: string; text: string; lang: string }[] {
  const pack = c.pack;
  if (!pack) return [];
  const t = c.t;
  const e = eventDetail(pack, c.answers);
  const lng = c.language as Language;
  const rows: { label: string; text: string; lang: string }[] = [];
  const start = e.startDate ? (e.startTime ? `${c.date(e.startDate)} ${t('event.at')} ${c.time(e.startTime)}` : c.date(e.startDate)) : '';
  const otherDay = e.endDate !== null && e.endDate !== e.startDate;
  const end = `${otherDay && e.endDate ? c.date(e.endDate) : ''}${otherDay && e.endTime ? ` ${t('event.at')} ` : ''}${e.endTime ? c.time(e.endTime) : ''}`;
  rows.push({ label: t('event.when'), text: start ? (end ? `${start} – ${end}` : start) : t('summary.notAnswered'), lang: lng });
  const venueQ = pack.questions.find((q) => q.id === 'venue');
  if (venueQ) {
    const label = venueQ.options?.find((o) => o.value === e.venue)?.label;
    rows.push({
      label: t('event.where'),
      text: label ? c.text(label) : t('summary.notAnswered'),
      lang: label ? pickedLanguage(label, lng) : lng,
    });
  }
  if (pack.questions.some((q) => q.id === 'attendance'))
    rows.push({
      label: t('event.size'),
      text: e.attendance === null ? t('summary.notAnswered') : t('event.people', { count: e.attendance, n: c.number(e.attendance) }),
      lang: lng,
    });
  return rows;
}

/** The result as an iCalendar text: the event itself first, then one entry per dated deadline (passed ones marked, no reminder). */
export async function calendarText(c: ResultContext, now: Date, alarmDays: number): Promise<string> {
  const pack = c.pack;
  const result = c.result;
  if (!pack || !result) return '';
  const { buildIcs } = await import('../../shared/ics.js');
  const t = c.t;
  const events: IcsDeadline[] = [];
  const ev = eventDetail(pack, c.answers);
  if (ev.startDate) {
    events.push({
      key: 'event',
      date: ev.startDate,
      time: ev.startTime,
      endDate: ev.endDate,
      endTime: ev.endTime,
      summary: `${t('ics.event')}: ${c.title}`,
      description: eventFacts(c)
        .map((f) => `${f.label}: ${f.text}`)
        .join('\n'),
    });
  }
  for (const item of result.obligations) {
    if (!item.latestSubmission) continue;
    const rule = c.rule(item.ruleId);
    const authority = c.authority(item.authorityId);
    const apply = rule?.links?.apply ?? rule?.links?.info;
    const passed = item.daysLeft !== null && item.daysLeft < 0;
    const title = c.text(rule?.title);
    const lines = [
      passed ? t('ics.passedNote', { date: c.date(item.latestSubmission) }) : '',
      c.text(rule?.summary),
      authority ? t('ics.authority', { name: c.text(authority.name) }) : '',
      apply ? t('ics.apply', { url: apply }) : '',
      item.verified ? '' : t('ics.verify'),
    ].filter(Boolean);
    events.push({
      key: item.ruleId,
      date: item.latestSubmission,
      time: item.latestSubmissionTime,
      summary: passed ? t('ics.passed', { title }) : t('ics.summary', { title }),
      description: lines.join('\n'),
      ...(apply ? { url: apply } : {}),
      // A reminder for a day already gone would only fire at once: none for passed deadlines.
      ...(passed ? {} : { alarmDaysBefore: alarmDays }),
    });
  }
  return buildIcs({
    prodId: `-//Luukku//Permit explorer ${pack.id} ${pack.version}//${c.language.toUpperCase()}`,
    name: t('ics.name'),
    now,
    events,
  });
}

/** The event as answered (reference date and time, end, place, size): for the result event, the result and the .ics. */
export function eventDetail(pack: ResolvedPack, answers: Readonly<Record<string, unknown>>): PermitResultDetail['event'] {
  const str = (id: string | undefined): string | null => (id && typeof answers[id] === 'string' ? answers[id] : null);
  const has = (id: string): boolean => pack.questions.some((q) => q.id === id);
  return {
    startDate: str(pack.reference.date),
    startTime: str(pack.reference.time),
    endDate: has('endDate') ? str('endDate') : null,
    endTime: has('endTime') ? str('endTime') : null,
    venue: has('venue') ? str('venue') : null,
    attendance: has('attendance') && typeof answers.attendance === 'number' ? answers.attendance : null,
  };
}

function answerText(c: ResultContext, q: Question): string {
  const t = c.t;
  const value = c.answers[q.id];
  if (!isAnswered(q, c.answers)) return t('summary.notAnswered');
  switch (q.type) {
    case 'boolean':
      return value ? t('answer.yes') : t('answer.no');
    case 'choice':
      return c.text(q.options?.find((o) => o.value === value)?.label);
    case 'multiChoice': {
      const labels = (value as string[]).map((v) => c.text(q.options?.find((o) => o.value === v)?.label));
      return labels.length ? labels.join(', ') : t('summary.none');
    }
    case 'date':
      return c.date(value as string);
    case 'time':
      return c.time(value as string);
    case 'number':
      return c.number(value as number);
    default:
      return String(value);
  }
}

/** The language of a summary answer: an option label may come in a fallback language. */
function answerLang(c: ResultContext, q: Question): string {
  const value = c.answers[q.id];
  const lng = c.language as Language;
  if (q.type === 'choice' && isAnswered(q, c.answers)) return pickedLanguage(q.options?.find((o) => o.value === value)?.label, lng);
  if (q.type === 'multiChoice' && Array.isArray(value) && value.length) {
    const langs = new Set((value as string[]).map((v) => pickedLanguage(q.options?.find((o) => o.value === v)?.label, lng)));
    const [only] = langs;
    if (only && langs.size === 1) return only;
  }
  return lng;
}

/** The summary step: every visible answer with a Change link, Show the result, Start again. */
export function renderSummary(c: ResultContext): TemplateResult | typeof nothing {
  const result = c.result;
  if (!result) return nothing;
  const t = c.t;
  const questions = result.visibleQuestions.map((id) => c.question(id)).filter((q): q is Question => q !== undefined);
  return html`
    <div part="step" class="step">
      <div class="step-top">
        <button type="button" part="button" class="link back" @click=${c.back}><span aria-hidden="true">‹ </span>${t('back')}</button>
      </div>
      ${heading(c.level, t('summary.title'), { id: 'step-heading', part: 'step-heading', focusable: true })}
      <p class="hint">${t('summary.intro')}</p>
      <dl class="summary">
        ${questions.map(
          (q) => html`<div class="summary-row">
            <dt>${c.localised(q.label)}</dt>
            <dd class=${isAnswered(q, c.answers) ? '' : 'unanswered'} lang=${answerLang(c, q)}>${answerText(c, q)}</dd>
            <dd class="summary-change">${c.stepLink(q.id, html`${t('summary.change')}<span class="visually-hidden">: ${c.text(q.label)}</span>`, 'change', 'summary')}</dd>
          </div>`,
        )}
      </dl>
      <div class="nav">
        <button type="button" part="button" class="primary" @click=${() => c.showResult()}>${t('summary.showResult')}</button>
        <button type="button" part="button" class="secondary" @click=${() => c.startAgain()}>${t('startAgain')}</button>
      </div>
    </div>
  `;
}

/** Condition leaves: the question ids a condition reads. */
function conditionQuestions(c: unknown, out: string[] = []): string[] {
  if (typeof c !== 'object' || c === null) return out;
  const o = c as Record<string, unknown>;
  if (typeof o.q === 'string') out.push(o.q);
  for (const key of ['all', 'any'] as const) if (Array.isArray(o[key])) for (const x of o[key] as unknown[]) conditionQuestions(x, out);
  if (o.not !== undefined) conditionQuestions(o.not, out);
  return out;
}

/**
 * Where a "check these first" link for question `id` must lead: the question itself when it is
 * asked now, else the first unanswered visible question its `askIf` depends on (recursively) —
 * so a follow-up whose parent was skipped opens the parent, never a step that refuses its answer.
 */
export function leadStep(pack: ResolvedPack, result: Result, answers: Readonly<Record<string, unknown>>, id: string): Step | undefined {
  const seen = new Set<string>();
  const visit = (qid: string): Step | undefined => {
    if (seen.has(qid)) return undefined;
    seen.add(qid);
    if (result.visibleQuestions.includes(qid)) return qid;
    const q = pack.questions.find((x) => x.id === qid);
    if (!q?.askIf) return undefined;
    const parents = pack.questions.map((x) => x.id).filter((x) => conditionQuestions(q.askIf).includes(x));
    for (const p of parents) {
      const pq = pack.questions.find((x) => x.id === p);
      if (pq && result.visibleQuestions.includes(p) && !isAnswered(pq, answers)) return p;
    }
    for (const p of parents) {
      const step = visit(p);
      if (step) return step;
    }
    return undefined;
  };
  return visit(id);
}

/** Shares the result's address (Web Share where the browser has it, else the clipboard); the status to announce, or '' when cancelled. */
export async function share(t: ResultContext['t']): Promise<string> {
  const url = location.href;
  try {
    if (typeof navigator.share === 'function') {
      await navigator.share({ title: t('share.title'), url });
      return t('share.shared');
    }
    await navigator.clipboard.writeText(url);
    return t('share.copied');
  } catch (e) {
    return (e as Error | undefined)?.name === 'AbortError' ? '' : t('share.failed');
  }
}
