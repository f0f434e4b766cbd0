/**
 * The official's side of <luukku-project-timeline view="official"> (issue 11): the staff-key
 * sign-in and the forms only an official uses (a state change's time and note, an information
 * request, the forecast override). Loaded with `import()` only in the official view, so an
 * organiser never downloads it (like the feedback widget's staff.ts).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { helsinkiToUtc } from '../../shared/helsinki-time.js';
import { heading } from '../../ui/heading.js';
import { staffKeyField } from '../../ui/staff-key-field.js';
import type { Kit, ProjectApplication } from './kit.js';

/** The staff key form (a password field without autocomplete; the key stays in memory). */
export function signIn(
  k: Kit,
  o: { problem: string | undefined; key: string; onKey: (v: string) => void; onSubmit: () => void },
): TemplateResult {
  return html`<form class="box" @submit=${(e: Event) => {
    e.preventDefault();
    o.onSubmit();
  }} novalidate>
    ${o.problem ? html`<p class="action-error" role="alert">${o.problem}</p>` : nothing}
    ${staffKeyField({ name: 'staffKey', label: k.t('staff.key'), type: 'password', value: o.key, onInput: o.onKey })}
    <button type="submit" part="button" class="primary">${k.t('staff.signIn')}</button>
  </form>`;
}

const HHMM = /^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$/;

/**
 * The state change's optional note and when it happened (official only): the date as day /
 * month / year (`dateFields`, as elsewhere) and the time as hh:mm in a text field (no native
 * `datetime-local`, whose format follows the browser's language). What was typed is kept.
 */
export function transitionFields(k: Kit, a: ProjectApplication): TemplateResult {
  const scope = `a${a.id}`;
  const id = `attime:${a.id}`;
  const invalid = k.invalid(scope, id);
  return html`${k.field(`note:${a.id}`, k.t('action.note'), 'textarea')}${k.dateField(`at:${a.id}`, k.t('action.atDate'), scope)}
    <div class="field">
      <label for=${id}>${k.t('action.atTime')}</label>
      <p id="${scope}-time-hint" class="hint">${k.t('time.hint')}</p>
      <input id=${id} class="input date-input w4" type="text" inputmode="numeric" autocomplete="off" maxlength="5"
        .value=${k.draft(id)} aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? `${scope}-time-hint err-${scope}` : `${scope}-time-hint`}
        @input=${(e: Event) => k.setDraft(id, (e.target as HTMLInputElement).value)} />
    </div>`;
}

/**
 * When the change happened as an ISO instant (Helsinki wall-clock time), null when nothing was
 * typed, or undefined after showing what is wrong (a time without a date, a date without a
 * time, a time that is not hh:mm).
 */
export async function transitionAt(k: Kit, a: ProjectApplication): Promise<string | null | undefined> {
  const scope = `a${a.id}`;
  const timeId = `attime:${a.id}`;
  const time = k.draft(timeId).trim();
  const date = await k.dateValue(scope, `at:${a.id}`, { required: time !== '' });
  if (date === undefined) return undefined;
  if (!date) return null;
  const m = HHMM.exec(time);
  if (!m) {
    await k.showDateProblem(scope, timeId, time ? 'time.invalid' : 'time.required');
    await k.focus(`[id="${timeId}"]`);
    return undefined;
  }
  const [, hours = '', minutes = ''] = m;
  return helsinkiToUtc(date, `${hours.padStart(2, '0')}:${minutes}`).toISOString();
}

/** An information request (with a due date not before today) and the forecast override with its reason. */
export function officialForms(k: Kit, a: ProjectApplication, o: { base: string; sub: number; today: string }): TemplateResult {
  const scope = `a${a.id}`;
  return html`${
    a.allowed.includes('information-requested')
      ? html`<form class="actions" @submit=${async (e: Event) => {
          e.preventDefault();
          const q = `q:${a.id}`;
          const due = `due:${a.id}`;
          const dueOn = await k.dateValue(scope, due, { required: true, notBefore: o.today });
          if (dueOn === undefined) return;
          void k.act(scope, `${o.base}/information-requests`, { body: { question: k.draft(q).trim(), dueOn }, ifMatch: a.etag }, [q, due]);
        }}>
        ${heading(o.sub + 1, k.t('action.request'))}
        ${k.field(`q:${a.id}`, k.t('action.question'), 'textarea', { required: true })}
        ${k.dateField(`due:${a.id}`, k.t('action.dueOn'), scope, { required: true })}
        <button type="submit" part="button" class="primary" ?disabled=${k.busy}>${k.t('action.request')}</button>
      </form>`
      : nothing
  }
  <form class="actions" @submit=${async (e: Event) => {
    e.preventDefault();
    const [f, u, r] = [`of:${a.id}`, `ou:${a.id}`, `or:${a.id}`];
    const from = await k.dateValue(scope, f);
    if (from === undefined) return;
    const to = await k.dateValue(scope, u);
    if (to === undefined) return;
    if (from && to && to < from) return void k.showDateProblem(scope, u, 'date.outOfOrder');
    void k.act(
      scope,
      `${o.base}/forecast`,
      { method: 'PUT', body: { from: from || null, to: to || null, reason: k.draft(r).trim() || undefined }, ifMatch: a.etag },
      [f, u, r],
    );
  }}>
    ${heading(o.sub + 1, k.t('action.override'))}
    ${k.dateField(`of:${a.id}`, k.t('action.from'), scope)} ${k.dateField(`ou:${a.id}`, k.t('action.until'), scope)}
    ${k.field(`or:${a.id}`, k.t('action.reason'), 'text')}
    <button type="submit" part="button" class="secondary" ?disabled=${k.busy}>${k.t('action.saveEstimate')}</button>
  </form>`;
}
