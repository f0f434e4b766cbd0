/**
 * The organiser's edit forms of <luukku-project-timeline> (issue 11): the project's name and
 * days, an application's facts, and removing a milestone (confirmed first). A lazy chunk, loaded
 * on the first press of an edit button, so an organiser who never edits never downloads it.
 *
 * Every change carries `If-Match` with the ETag the element holds. What the user typed is kept
 * by field until the server accepted it: on any 4xx the fields keep the typed text; a 412
 * (someone else, e.g. an official, changed it meanwhile) says so, reloads the project and shows
 * the saved value under each field the user changed, and the next send uses the new ETag.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { NetworkError, ProblemError } from '../../core/api/errors.js';
import type { ProjectTimelineKey } from '../../core/i18n/keys.js';
import { dateFromParts, dateParts, dateProblemKey, type DateParts } from '../../shared/date-parts.js';
import { dateFields } from '../../ui/date-fields.js';
import { errorSummary } from '../../ui/error-summary.js';
import { fieldError } from '../../ui/field-error.js';
import { heading } from '../../ui/heading.js';
import { call } from './api.js';
import type { Project, ProjectApplication, Translate } from './kit.js';

export interface EditHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface EditDeps {
  t: Translate;
  /** A localised text of the project (an application's title, its authority's name) in the page's language. */
  text: (t: unknown) => string;
  date: (iso: string | null | undefined) => string;
  announce: (message: string, assertive?: boolean) => void;
  /** The server's answer after a change: the element shows it. */
  saved: (p: Project) => void;
  /** Reads the project again (after a 412). */
  reload: () => Promise<void>;
}

export interface EditContext {
  p: Project;
  /** `project`, or `a<application id>`. */
  target: string;
  level: number;
  base: string;
  token: string;
  today: string;
}

type Name = 'title' | 'authority' | 'legalBasis' | 'neededBy' | 'startsOn' | 'endsOn' | 'latestSubmission';
interface Field {
  name: Name;
  label: ProjectTimelineKey;
  date?: boolean;
  /** The value saved now ('' for none). */
  now: string;
}
interface Problem {
  name: Name;
  key: ProjectTimelineKey;
}

export const editStyles = css`
  .edit {
    display: grid;
    gap: 0.75rem;
    padding: 1rem;
    border: 1px solid var(--_border, currentColor);
    border-radius: var(--_radius, 4px);
  }
  .edit .row-buttons,
  .edit .ms-list li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .edit .ms-list {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: 0.5rem;
  }
`;

/** A field's input id (a date's day input is `<id>-day`). */
const idOf = (f: Field): string => `ed-${f.name}${f.date ? '-day' : ''}`;

export class ProjectEditController implements ReactiveController {
  /** The form open now (`project` or `a<id>`), if any. */
  #open: string | undefined;
  readonly #texts = new Map<Name, string>();
  readonly #dates = new Map<Name, DateParts>();
  #problems: Problem[] = [];
  /** A message about the whole form (a 412, the network, …). */
  #message: ProjectTimelineKey | undefined;
  /** After a 412: the saved values are shown under the fields the user changed. */
  #conflict = false;
  #busy = false;
  /** The milestone whose removal is being confirmed. */
  #confirm: number | undefined;
  #msError: ProjectTimelineKey | undefined;

  constructor(
    private readonly host: EditHost,
    private readonly d: EditDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Opens a form (closing another one, whose typed text is dropped) and focuses its first field. */
  async open(target: string): Promise<void> {
    if (this.#open !== target) this.#reset();
    this.#open = target;
    this.host.requestUpdate();
    await this.#focus('.edit input');
  }

  #reset(): void {
    this.#texts.clear();
    this.#dates.clear();
    this.#problems = [];
    this.#message = undefined;
    this.#conflict = false;
    this.#confirm = undefined;
    this.#msError = undefined;
  }

  /** Closes without sending; focus goes back to the button that opened the form. */
  async #close(): Promise<void> {
    const target = this.#open;
    this.#open = undefined;
    this.#reset();
    this.host.requestUpdate();
    await this.#focus(`#edit-${target ?? 'project'}`);
  }

  async #focus(selector: string): Promise<void> {
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #app(c: EditContext): ProjectApplication | undefined {
    return c.p.applications.find((a) => `a${a.id}` === c.target);
  }

  #fields(c: EditContext): Field[] {
    const a = this.#app(c);
    if (!a) {
      const p = c.p;
      return [
        { name: 'title', label: 'create.name', now: p.title },
        { name: 'neededBy', label: 'create.neededBy', date: true, now: p.neededBy ?? '' },
        { name: 'startsOn', label: 'edit.startsOn', date: true, now: p.startsOn ?? '' },
        { name: 'endsOn', label: 'edit.endsOn', date: true, now: p.endsOn ?? '' },
      ];
    }
    const lb = a.legalBasis as { reference?: string } | null;
    const own: Field[] = [
      { name: 'title', label: 'edit.appTitle', now: this.d.text(a.title) },
      { name: 'authority', label: 'col.authority', now: this.d.text(a.authority.name) },
      { name: 'legalBasis', label: 'details.legalBasis', now: lb?.reference ?? '' },
    ];
    // An application from the rule pack keeps the pack's name, authority and legal basis.
    return [...(a.ruleId ? [] : own), { name: 'latestSubmission', label: 'col.deadline', date: true, now: a.latestSubmission ?? '' }];
  }

  /** What the user typed into a field (a date as YYYY-MM-DD, or its parts' problem), or undefined when untouched. */
  #typed(f: Field): { value: string } | { problem: ProjectTimelineKey } | undefined {
    if (!f.date) {
      const v = this.#texts.get(f.name);
      return v === undefined ? undefined : { value: v.trim() };
    }
    const parts = this.#dates.get(f.name);
    if (!parts) return undefined;
    const parsed = dateFromParts(parts);
    if ('value' in parsed) return parsed;
    return parsed.problem === 'empty' ? { value: '' } : { problem: dateProblemKey(parsed.problem) ?? 'common:date.invalid' };
  }

  async #submit(c: EditContext): Promise<void> {
    const fields = this.#fields(c);
    const body: Record<string, string | null> = {};
    const problems: Problem[] = [];
    const value = (name: Name): string => {
      const f = fields.find((x) => x.name === name);
      const typed = f && this.#typed(f);
      return typed && 'value' in typed ? typed.value : (f?.now ?? '');
    };
    for (const f of fields) {
      const typed = this.#typed(f);
      if (!typed) continue;
      if ('problem' in typed) {
        problems.push({ name: f.name, key: typed.problem });
        continue;
      }
      if (typed.value === f.now) continue;
      if (f.name === 'neededBy' && typed.value && typed.value < c.today) problems.push({ name: f.name, key: 'date.beforeToday' });
      else body[f.name] = typed.value || (f.name === 'title' || f.name === 'authority' ? '' : null);
    }
    const starts = value('startsOn');
    const ends = value('endsOn');
    if (!this.#app(c) && starts && ends && ends < starts && !problems.some((x) => x.name === 'endsOn'))
      problems.push({ name: 'endsOn', key: 'date.outOfOrder' });
    this.#message = undefined;
    if (problems.length) return this.#show(problems, fields);
    if (!Object.keys(body).length) {
      this.d.announce(this.d.t('edit.unchanged'));
      return this.#close();
    }
    const a = this.#app(c);
    const ok = await this.#send(
      c,
      a ? `/v1/projects/${c.token}/applications/${a.id}` : `/v1/projects/${c.token}`,
      'PATCH',
      a ? a.etag : c.p.etag,
      body,
      fields,
    );
    if (ok) await this.#close();
  }

  async #show(problems: Problem[], fields: Field[]): Promise<void> {
    this.#problems = problems;
    this.host.requestUpdate();
    const first = fields.find((f) => problems.some((x) => x.name === f.name));
    this.d.announce(this.d.t('error.summary') + ' ' + problems.map((x) => this.d.t(x.key)).join(' '), true);
    if (first) await this.#focus(`#${idOf(first)}`);
  }

  /** Sends one change; true when the server took it. Keeps every typed text otherwise. */
  async #send(c: EditContext, path: string, method: 'PATCH' | 'DELETE', etag: string, body: unknown, fields: Field[]): Promise<boolean> {
    this.#busy = true;
    this.#problems = [];
    this.#msError = undefined;
    this.host.requestUpdate();
    try {
      const { data } = await call<Project>(c.base, path, { method, ifMatch: etag, ...(body === undefined ? {} : { body }) });
      this.#conflict = false;
      this.#message = undefined;
      this.d.saved(data);
      this.d.announce(this.d.t('saved'));
      return true;
    } catch (error) {
      const code = error instanceof ProblemError ? error.code : error instanceof NetworkError ? 'network' : 'other';
      const problems: Problem[] = [];
      if (error instanceof ProblemError && (code === 'validation_failed' || code === 'invalid_date')) {
        for (const e of error.errors) {
          const name = e.pointer.slice(1) as Name;
          if (!fields.some((f) => f.name === name) || problems.some((x) => x.name === name)) continue;
          problems.push({ name, key: this.#keyOf(e.code) });
        }
      }
      const key: ProjectTimelineKey =
        code === 'precondition_failed'
          ? 'edit.conflict'
          : code === 'invalid_transition'
            ? 'edit.locked'
            : code === 'network' || code === 'not_found' || code === 'validation_failed' || code === 'invalid_date'
              ? `error.${code}`
              : 'error.other';
      if (problems.length) {
        await this.#show(problems, fields);
        return false;
      }
      if (code === 'precondition_failed' || code === 'invalid_transition' || code === 'not_found') {
        // Someone else changed it: read the latest first, so the message and "saved now" under the fields
        // never show the project as it was before (they would, for the reload's round trip); the next send has the new ETag.
        await this.d.reload();
        this.#conflict = code === 'precondition_failed';
      }
      if (method === 'DELETE') this.#msError = key;
      else this.#message = key;
      this.d.announce(this.d.t(key), true);
      this.host.requestUpdate();
      await this.#focus(method === 'DELETE' ? '#ms-confirm-text, .edit .ms-error' : '#edit-message');
      return false;
    } finally {
      this.#busy = false;
      this.host.requestUpdate();
    }
  }

  #keyOf(code: string): ProjectTimelineKey {
    switch (code) {
      case 'minLength':
      case 'required':
        return 'edit.required';
      case 'maxLength':
        return 'edit.tooLong';
      case 'from_rule_pack':
        return 'edit.fromPack';
      case 'format':
        return 'common:date.invalid';
      case 'invalid_date':
        return 'date.outOfOrder';
      default:
        return 'edit.invalid';
    }
  }

  async #remove(c: EditContext, id: number): Promise<void> {
    const list = c.p.milestones;
    const i = list.findIndex((m) => m.id === id);
    const gone = list[i];
    if (!gone) return;
    const ok = await this.#send(c, `/v1/projects/${c.token}/milestones/${id}`, 'DELETE', c.p.etag, undefined, []);
    if (!ok) return;
    this.#confirm = undefined;
    this.d.announce(this.d.t('edit.msRemoved', { name: this.#msName(gone) }));
    // Focus to the next milestone's button, else the previous one's, else the list's heading.
    const next = list[i + 1] ?? list[i - 1];
    await this.#focus(next ? `#ms-remove-${next.id}` : '#edit-ms-h');
  }

  #msName(m: Project['milestones'][number]): string {
    return `${m.title || this.d.t(`milestone.${m.kind}`)} ${this.d.date(m.date)}`;
  }

  /** The open form for `c.target`, or undefined when it is not open (the element shows its edit button). */
  form(c: EditContext): TemplateResult | undefined {
    if (this.#open !== c.target) return undefined;
    const t = this.d.t;
    const fields = this.#fields(c);
    const app = this.#app(c);
    const problemOf = (f: Field): Problem | undefined => this.#problems.find((x) => x.name === f.name);
    return html`<section class="edit" aria-labelledby="edit-h">
      ${heading(c.level, t(app ? 'edit.application' : 'edit.project'), { id: 'edit-h' })}
      ${
        this.#message
          ? html`<div class="action-error" role="alert" id="edit-message" tabindex="-1">
            ${fieldError({ id: 'err-edit', prefix: t('common:errorPrefix'), message: t(this.#message) })}
          </div>`
          : nothing
      }
      ${errorSummary({
        level: c.level + 1,
        title: t('error.summary'),
        items: fields.flatMap((f) => {
          const pr = problemOf(f);
          return pr ? [{ target: idOf(f), name: t(f.label), message: t(pr.key), onClick: () => void this.#focus(`#${idOf(f)}`) }] : [];
        }),
      })}
      ${app?.ruleId ? html`<p class="hint">${t('edit.packHint')}</p>` : nothing}
      <form novalidate @submit=${(e: Event) => {
        e.preventDefault();
        void this.#submit(c);
      }}>
        ${fields.map((f) => this.#field(f, problemOf(f)))}
        <div class="row-buttons">
          <button type="submit" part="button" class="primary" ?disabled=${this.#busy}>${t('edit.save')}</button>
          <button type="button" part="button" class="secondary" id="edit-cancel" @click=${() => void this.#close()}>${t('edit.cancel')}</button>
        </div>
      </form>
      ${app ? nothing : this.#milestones(c)}
    </section>`;
  }

  #field(f: Field, problem: Problem | undefined): TemplateResult {
    const t = this.d.t;
    const id = `ed-${f.name}`;
    const typed = this.#typed(f);
    // After a 412: what is saved now, under a field whose typed text differs from it.
    const now =
      this.#conflict && typed && !('value' in typed && typed.value === f.now)
        ? html`<p id="${id}-now" class="hint now">${t('edit.current', { value: f.date ? (f.now ? this.d.date(f.now) : t('edit.none')) : f.now || t('edit.none') })}</p>`
        : nothing;
    const error = problem ? fieldError({ id: `${id}-error`, prefix: t('common:errorPrefix'), message: t(problem.key) }) : nothing;
    const described = [problem ? `${id}-error` : '', now === nothing ? '' : `${id}-now`].filter(Boolean).join(' ');
    if (f.date) {
      return html`<div class="field">
        ${dateFields({
          id,
          legend: t(f.label),
          parts: this.#dates.get(f.name) ?? dateParts(f.now),
          t: (k, v) => t(k, v),
          onInput: (parts) => this.#dates.set(f.name, parts),
          invalid: !!problem,
          error,
          help: now,
          ...(described ? { describedBy: described } : {}),
        })}
      </div>`;
    }
    return html`<div class="field">
      <label for=${id}>${t(f.label)}</label>
      ${error}
      <input id=${id} type="text" .value=${this.#texts.get(f.name) ?? f.now} aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        @input=${(e: Event) => this.#texts.set(f.name, (e.target as HTMLInputElement).value)} />
      ${now}
    </div>`;
  }

  #milestones(c: EditContext): TemplateResult {
    const t = this.d.t;
    const list = c.p.milestones;
    return html`${heading(c.level + 1, t('milestones'), { id: 'edit-ms-h', focusable: true })}
      ${
        this.#msError
          ? html`<div class="action-error ms-error" role="alert" tabindex="-1">
            ${fieldError({ id: 'err-edit-ms', prefix: t('common:errorPrefix'), message: t(this.#msError) })}
          </div>`
          : nothing
      }
      ${
        list.length
          ? html`<ul class="ms-list">
            ${list.map((m) => {
              const name = this.#msName(m);
              return html`<li>
                ${
                  this.#confirm === m.id
                    ? html`<div class="box notice" role="group" aria-labelledby="ms-confirm-text">
                      <p id="ms-confirm-text" tabindex="-1">${t('edit.msConfirm', { name })}</p>
                      <div class="row-buttons">
                        <button type="button" part="button" class="btn-danger" id="ms-confirm-yes" ?disabled=${this.#busy}
                          @click=${() => void this.#remove(c, m.id)}>${t('edit.msYes')}</button>
                        <button type="button" part="button" class="secondary" id="ms-confirm-no" @click=${async () => {
                          this.#confirm = undefined;
                          this.#msError = undefined;
                          this.host.requestUpdate();
                          await this.#focus(`#ms-remove-${m.id}`);
                        }}>${t('edit.msNo')}</button>
                      </div>
                    </div>`
                    : html`<span>${name}</span>
                      <button type="button" part="button" class="secondary danger-text" id="ms-remove-${m.id}" @click=${async () => {
                        this.#confirm = m.id;
                        this.#msError = undefined;
                        this.host.requestUpdate();
                        await this.#focus('#ms-confirm-text');
                      }}>${t('edit.msRemove')}<span class="visually-hidden">: ${name}</span></button>`
                }
              </li>`;
            })}
          </ul>`
          : html`<p>${t('edit.msNone')}</p>`
      }`;
  }
}
