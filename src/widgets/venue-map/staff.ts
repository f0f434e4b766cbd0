/**
 * The officials' view of <luukku-venue-map staff> (its own chunk, loaded only with the `staff`
 * attribute): with the staff key of the venue's city, the holds, bookings, blocks and the queue
 * in arrival order; confirm or reject a hold with a note; block dates (maintenance); edit a
 * venue's facts. The key stays in memory only (a password field without autocomplete).
 *
 * States: sign-in (the key field), loading (a status line while the list comes), empty, holds and
 * queue, each action's success, validation errors at their fields (client checks first: key,
 * venue, dates as day / month / year fields — `dateFields` —, whole numbers; then the server's
 * field problems), conflict / stale (a hold someone else decided or that lapsed: the message says
 * so and the list is reloaded), error and offline. Nothing typed is lost on any error.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ApiClient } from '../../core/api/client.js';
import { NetworkError, ProblemError } from '../../core/api/errors.js';
import type { VenueMapKey } from '../../core/i18n/keys.js';
import { dateFromParts, dateProblemKey, EMPTY_DATE_PARTS, type DateParts } from '../../shared/date-parts.js';
import { dateFields } from '../../ui/date-fields.js';
import { fieldError } from '../../ui/field-error.js';
import { heading } from '../../ui/heading.js';
import { staffKeyField } from '../../ui/staff-key-field.js';
import type { components } from '../../contract/schema.gen.js';
import { ACCESSIBILITY, FACILITIES, type Venue } from './model.js';

type Item = components['schemas']['VenueStaffReservation'];
type T = (key: VenueMapKey, o?: Record<string, unknown>) => string;

export interface StaffContext {
  client: ApiClient;
  organisation: string;
  venues: readonly Venue[];
  name: (v: Venue) => string;
  range: (s: string, e: string) => string;
  t: T;
  level: number;
  update: () => void;
  /** The venue list changed on the server (a block, a decision, an edit): reload it. */
  changed: () => Promise<void>;
}

/** The fields that can carry an error (ids in the shadow root). */
type StaffField = 'staffKey' | 'b-venue' | 'b-start' | 'b-end' | 'e-cap' | 'e-stay';

export class VenueStaff {
  key = '';
  items: Item[] | undefined;
  message: { tone: 'success' | 'danger'; text: string } | undefined;
  /** The message key of the last request's failure (undefined after a success). */
  lastError: VenueMapKey | undefined;
  /** The list is on its way (first load or a reload). */
  loading = false;
  errors: Partial<Record<StaffField, VenueMapKey>> = {};
  notes = new Map<string, string>();
  block: { venue: string; start: DateParts; end: DateParts; note: string } = {
    venue: '',
    start: { ...EMPTY_DATE_PARTS },
    end: { ...EMPTY_DATE_PARTS },
    note: '',
  };
  edit: { venue: string; capacity: string; maxStayDays: string; flags: Record<string, boolean> } = {
    venue: '',
    capacity: '',
    maxStayDays: '',
    flags: {},
  };

  constructor(private readonly c: StaffContext) {}

  set context(next: Partial<StaffContext>) {
    Object.assign(this.c, next);
  }

  async #call<R>(fn: () => Promise<R>, ok: VenueMapKey, fields: Partial<Record<string, StaffField>> = {}): Promise<R | undefined> {
    this.lastError = undefined;
    try {
      const r = await fn();
      this.message = { tone: 'success', text: this.c.t(ok) };
      return r;
    } catch (err) {
      this.lastError = this.#errorKey(err);
      this.message = { tone: 'danger', text: this.c.t(this.lastError) };
      // The server's field problems land at the fields (past first day, reversed dates…).
      if (err instanceof ProblemError) {
        for (const fe of err.errors) {
          const field = fields[fe.pointer];
          if (field) this.errors[field] = this.#errorKey(err);
        }
      }
      return undefined;
    } finally {
      this.c.update();
    }
  }

  #errorKey(err: unknown): VenueMapKey {
    if (err instanceof NetworkError || (typeof navigator !== 'undefined' && !navigator.onLine)) return 'staffState.offline';
    const code = err instanceof ProblemError ? err.code : '';
    const known: Record<string, VenueMapKey> = {
      unauthorized: 'staff.error.unauthorized',
      forbidden: 'staff.error.forbidden',
      dates_taken: 'staff.error.taken',
      hold_expired: 'staff.error.expired',
      reservation_not_pending: 'staff.error.notPending',
      dates_in_past: 'error.past',
      dates_reversed: 'error.reversed',
      validation_failed: 'error.fix',
    };
    return known[code] ?? 'error.server';
  }

  /** Client checks before a request; true when the fields are fine (errors are shown otherwise). */
  #check(errors: Partial<Record<StaffField, VenueMapKey>>): boolean {
    this.errors = errors;
    if (Object.keys(errors).length === 0) return true;
    this.message = { tone: 'danger', text: this.c.t('error.fix') };
    this.c.update();
    return false;
  }

  async load(): Promise<void> {
    if (!this.#check(this.key.trim() ? {} : { staffKey: 'staffState.keyRequired' })) return;
    this.loading = true;
    this.c.update();
    const r = await this.#call(
      () =>
        this.c.client.request<{ items: Item[] }>('/v1/venue-reservations', {
          query: { organisation: this.c.organisation },
          bearer: this.key,
        }),
      'staff.loaded',
    );
    this.loading = false;
    if (r) this.items = r.items;
    this.c.update();
  }

  async decide(id: string, decision: 'confirm' | 'reject'): Promise<void> {
    const note = this.notes.get(id)?.trim();
    const done = await this.#call(
      () =>
        this.c.client.request(`/v1/venue-reservations/${id}/decision`, {
          method: 'POST',
          bearer: this.key,
          body: { decision, ...(note ? { note } : {}) },
        }),
      decision === 'confirm' ? 'staff.confirmed' : 'staff.rejected',
    );
    const msg = this.message;
    if (done) {
      this.notes.delete(id);
      await Promise.all([this.load(), this.c.changed()]);
    } else if (msg && (this.lastError === 'staff.error.expired' || this.lastError === 'staff.error.notPending')) {
      // Stale: someone decided it, or it lapsed, since the list was loaded. Show the list as it is now.
      await this.load();
      this.message = { tone: 'danger', text: `${msg.text} ${this.c.t('staffState.refreshed')}` };
    }
    if (done) this.message = msg;
    this.c.update();
  }

  async saveBlock(): Promise<void> {
    const b = this.block;
    const errors: Partial<Record<StaffField, VenueMapKey>> = {};
    if (!b.venue) errors['b-venue'] = 'staffState.venueRequired';
    const start = dateFromParts(b.start);
    const end = dateFromParts(b.end);
    if ('problem' in start) errors['b-start'] = dateProblemKey(start.problem) ?? 'error.required';
    if ('problem' in end && end.problem !== 'empty') errors['b-end'] = dateProblemKey(end.problem) ?? 'common:date.invalid';
    const startDate = 'value' in start ? start.value : '';
    const endDate = 'value' in end ? end.value : startDate;
    if (startDate && endDate && endDate < startDate) errors['b-end'] = 'error.reversed';
    if (!this.#check(errors)) return;
    const done = await this.#call(
      () =>
        this.c.client.request(`/v1/venues/${encodeURIComponent(b.venue)}/blocks`, {
          method: 'POST',
          bearer: this.key,
          body: { startDate, endDate, ...(b.note.trim() ? { note: b.note.trim() } : {}) },
        }),
      'staff.blocked',
      { '/startDate': 'b-start', '/endDate': 'b-end' },
    );
    if (done) {
      const msg = this.message;
      this.block = { venue: '', start: { ...EMPTY_DATE_PARTS }, end: { ...EMPTY_DATE_PARTS }, note: '' };
      await Promise.all([this.load(), this.c.changed()]);
      this.message = msg;
      this.c.update();
    }
  }

  async saveFacts(): Promise<void> {
    const e = this.edit;
    const errors: Partial<Record<StaffField, VenueMapKey>> = {};
    const whole = (v: string, min: number, max: number) => /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max;
    if (e.capacity.trim() && !whole(e.capacity, 0, 1_000_000)) errors['e-cap'] = 'staffState.capacity';
    if (e.maxStayDays.trim() && !whole(e.maxStayDays, 1, 366)) errors['e-stay'] = 'staffState.maxStay';
    if (!this.#check(errors)) return;
    const body: Record<string, unknown> = { ...e.flags };
    if (e.capacity.trim()) body.capacity = Number(e.capacity);
    if (e.maxStayDays.trim()) body.maxStayDays = Number(e.maxStayDays);
    const done = await this.#call(
      () => this.c.client.request(`/v1/venues/${encodeURIComponent(e.venue)}/facts`, { method: 'POST', bearer: this.key, body }),
      'staff.saved',
      { '/capacity': 'e-cap', '/maxStayDays': 'e-stay' },
    );
    if (done) await this.c.changed();
  }

  #pickEdit(id: string): void {
    const v = this.c.venues.find((x) => x.id === id);
    this.edit = {
      venue: id,
      capacity: v ? String(v.facts.capacity) : '',
      maxStayDays: v ? String(v.maxStayDays) : '',
      flags: Object.fromEntries([...FACILITIES, ...ACCESSIBILITY].map((k) => [k, v?.facts[k] ?? false])),
    };
    this.c.update();
  }

  render(): TemplateResult {
    const { t, level } = this.c;
    const venueName = (id: string) => {
      const v = this.c.venues.find((x) => x.id === id);
      return v ? this.c.name(v) : id;
    };
    const venueSelect = (id: string, value: string, on: (v: string) => void) => html`<select
      id=${id}
      aria-invalid=${this.errors[id as StaffField] ? 'true' : 'false'}
      aria-describedby=${this.errors[id as StaffField] ? `${id}-error` : nothing}
      @change=${(e: Event) => on((e.target as HTMLSelectElement).value)}
    >
      <option value="" ?selected=${!value}>${t('staff.pickVenue')}</option>
      ${this.c.venues.map((v) => html`<option value=${v.id} ?selected=${v.id === value}>${this.c.name(v)}</option>`)}
    </select>`;
    const prefix = t('common:errorPrefix');
    const err = (id: StaffField) => {
      const key = this.errors[id];
      return key ? fieldError({ id: `${id}-error`, prefix, message: t(key, { max: 366 }) }) : nothing;
    };
    const input = (id: string, type: string, value: string, on: (v: string) => void) => {
      const bad = this.errors[id as StaffField] !== undefined;
      return html`<input id=${id} type=${type} inputmode=${id.startsWith('e-') ? 'numeric' : nothing} .value=${value}
        aria-invalid=${bad ? 'true' : 'false'} aria-describedby=${bad ? `${id}-error` : nothing}
        @input=${(e: Event) => on((e.target as HTMLInputElement).value)} />`;
    };
    const date = (id: 'b-start' | 'b-end', legend: string, parts: DateParts, on: (p: DateParts) => void) =>
      dateFields({
        id,
        legend,
        parts,
        t: (k, v) => t(k, v),
        onInput: (p) => on(p),
        invalid: this.errors[id] !== undefined,
        error: err(id),
        describedBy: this.errors[id] ? `${id}-error` : '',
        className: 'field',
      });
    return html`
      <section part="staff" class="card staff" aria-labelledby="staff-heading">
        ${heading(level, t('staff.title'), { id: 'staff-heading' })}
        <form
          class="filter-row"
          novalidate
          @submit=${(e: Event) => {
            e.preventDefault();
            void this.load();
          }}
        >
          ${staffKeyField({
            name: 'staffKey',
            label: t('staff.key'),
            type: 'password',
            value: this.key,
            ...(this.errors.staffKey ? { error: { message: t(this.errors.staffKey), prefix } } : {}),
            onInput: (v) => (this.key = v),
          })}
          <button type="submit" part="button" class="primary">${t('staff.load')}</button>
        </form>
        <div role="status" class="staff-status">${this.loading ? html`<p class="panel">${t('staffState.loading')}</p>` : nothing}</div>
        ${
          this.message && !this.loading
            ? html`<p part="staff-message" class="panel ${this.message.tone}" role=${this.message.tone === 'danger' ? 'alert' : 'status'}>${this.message.text}</p>`
            : nothing
        }
        ${this.items ? this.#table(venueName) : nothing}
        ${
          this.items
            ? html`
              <form
                class="staff-form"
                aria-labelledby="block-heading"
                @submit=${(e: Event) => {
                  e.preventDefault();
                  void this.saveBlock();
                }}
              >
                ${heading(level + 1, t('staff.blockTitle'), { id: 'block-heading' })}
                <div class="filter-row">
                  <div class="field"><label for="b-venue">${t('staff.venue')}</label>${err('b-venue')}${venueSelect('b-venue', this.block.venue, (v) => (this.block.venue = v))}</div>
                  ${date('b-start', t('form.startDate'), this.block.start, (p) => (this.block.start = p))}
                  ${date('b-end', t('form.endDate'), this.block.end, (p) => (this.block.end = p))}
                  <div class="field"><label for="b-note">${t('staff.note')}</label>${input('b-note', 'text', this.block.note, (v) => (this.block.note = v))}</div>
                </div>
                <button type="submit" part="button" class="secondary">${t('staff.block')}</button>
              </form>
              <form
                class="staff-form"
                aria-labelledby="edit-heading"
                @submit=${(e: Event) => {
                  e.preventDefault();
                  void this.saveFacts();
                }}
              >
                ${heading(level + 1, t('staff.editTitle'), { id: 'edit-heading' })}
                <div class="field"><label for="e-venue">${t('staff.venue')}</label>${venueSelect('e-venue', this.edit.venue, (v) => this.#pickEdit(v))}</div>
                ${
                  this.edit.venue
                    ? html`<div class="filter-row">
                        <div class="field"><label for="e-cap">${t('col.capacity')}</label>${err('e-cap')}${input('e-cap', 'text', this.edit.capacity, (v) => (this.edit.capacity = v))}</div>
                        <div class="field"><label for="e-stay">${t('card.maxStay')}</label>${err('e-stay')}${input('e-stay', 'text', this.edit.maxStayDays, (v) => (this.edit.maxStayDays = v))}</div>
                      </div>
                      <fieldset>
                        <legend>${t('filters.facilities')} / ${t('filters.accessibility')}</legend>
                        ${[...FACILITIES, ...ACCESSIBILITY].map(
                          (k) =>
                            html`<label class="check"
                              ><input
                                type="checkbox"
                                .checked=${this.edit.flags[k] ?? false}
                                @change=${(e: Event) => (this.edit.flags[k] = (e.target as HTMLInputElement).checked)}
                              />
                              ${t(`fact.${k}`)}</label
                            >`,
                        )}
                      </fieldset>
                      <button type="submit" part="button" class="secondary">${t('staff.save')}</button>`
                    : nothing
                }
              </form>
            `
            : nothing
        }
      </section>
    `;
  }

  #table(venueName: (id: string) => string): TemplateResult {
    const { t } = this.c;
    const items = this.items ?? [];
    if (!items.length) return html`<p>${t('staff.none')}</p>`;
    return html`<div class="table-wrap" role="region" aria-labelledby="staff-heading" tabindex="0">
      <table class="venues staff-table">
        <caption class="visually-hidden">${t('staff.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">${t('staff.venue')}</th>
            <th scope="col">${t('staff.dates')}</th>
            <th scope="col">${t('staff.status')}</th>
            <th scope="col">${t('staff.who')}</th>
            <th scope="col">${t('staff.actions')}</th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (i) => html`<tr data-id=${i.id}>
              <td>${venueName(i.venue)}</td>
              <td>${this.c.range(i.startDate, i.endDate)}</td>
              <td>${t(`staff.s.${i.status === 'booked' || i.status === 'blocked' || i.status === 'queued' ? i.status : 'hold'}`, { position: i.position ?? 1 })}</td>
              <td>
                ${
                  i.contact
                    ? html`${i.contact.name}${i.contact.organisation ? `, ${i.contact.organisation}` : ''}<br />${i.contact.eventName ?? ''}
                      (${i.contact.attendance ?? ''})<br /><a href="mailto:${i.contact.email ?? ''}">${i.contact.email}</a>`
                    : (i.note ?? '')
                }
              </td>
              <td>
                ${
                  i.status === 'hold'
                    ? html`<label class="visually-hidden" for="n-${i.id}">${t('staff.note')}</label>
                      <input id="n-${i.id}" type="text" .value=${this.notes.get(i.id) ?? ''} @input=${(e: Event) => this.notes.set(i.id, (e.target as HTMLInputElement).value)} />
                      <div class="actions">
                        <button type="button" part="button" class="primary" @click=${() => void this.decide(i.id, 'confirm')}>${t('staff.confirm')}</button>
                        <button type="button" part="button" class="secondary" @click=${() => void this.decide(i.id, 'reject')}>${t('staff.reject')}</button>
                      </div>`
                    : nothing
                }
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}
