/**
 * The officials' view of <luukku-venue-map staff> (its own chunk, loaded only with the `staff`
 * attribute): with the staff key of the venue's city, the holds, bookings, blocks and the queue
 * in arrival order; confirm or reject a hold with a note; block dates (maintenance); edit a
 * venue's facts. The key stays in memory only (a password field without autocomplete).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ApiClient } from '../../core/api/client.js';
import { ProblemError } from '../../core/api/errors.js';
import type { VenueMapKey } from '../../core/i18n/keys.js';
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

export class VenueStaff {
  key = '';
  items: Item[] | undefined;
  message: { tone: 'success' | 'danger'; text: string } | undefined;
  notes = new Map<string, string>();
  block = { venue: '', startDate: '', endDate: '', note: '' };
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

  async #call<R>(fn: () => Promise<R>, ok: VenueMapKey): Promise<R | undefined> {
    try {
      const r = await fn();
      this.message = { tone: 'success', text: this.c.t(ok) };
      return r;
    } catch (err) {
      const code = err instanceof ProblemError ? err.code : 'network';
      const known: Record<string, VenueMapKey> = {
        unauthorized: 'staff.error.unauthorized',
        forbidden: 'staff.error.forbidden',
        dates_taken: 'staff.error.taken',
        hold_expired: 'staff.error.expired',
        reservation_not_pending: 'staff.error.notPending',
        dates_in_past: 'error.past',
        dates_reversed: 'error.reversed',
      };
      this.message = { tone: 'danger', text: this.c.t(known[code] ?? 'error.server') };
      return undefined;
    } finally {
      this.c.update();
    }
  }

  async load(): Promise<void> {
    const r = await this.#call(
      () =>
        this.c.client.request<{ items: Item[] }>('/v1/venue-reservations', {
          query: { organisation: this.c.organisation },
          bearer: this.key,
        }),
      'staff.loaded',
    );
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
    if (done) {
      const msg = this.message;
      await Promise.all([this.load(), this.c.changed()]);
      this.message = msg;
      this.c.update();
    }
  }

  async saveBlock(): Promise<void> {
    const b = this.block;
    const done = await this.#call(
      () =>
        this.c.client.request(`/v1/venues/${encodeURIComponent(b.venue)}/blocks`, {
          method: 'POST',
          bearer: this.key,
          body: { startDate: b.startDate, endDate: b.endDate || b.startDate, ...(b.note.trim() ? { note: b.note.trim() } : {}) },
        }),
      'staff.blocked',
    );
    if (done) {
      const msg = this.message;
      await Promise.all([this.load(), this.c.changed()]);
      this.message = msg;
      this.c.update();
    }
  }

  async saveFacts(): Promise<void> {
    const e = this.edit;
    const body: Record<string, unknown> = { ...e.flags };
    if (e.capacity.trim()) body.capacity = Number(e.capacity);
    if (e.maxStayDays.trim()) body.maxStayDays = Number(e.maxStayDays);
    const done = await this.#call(
      () => this.c.client.request(`/v1/venues/${encodeURIComponent(e.venue)}/facts`, { method: 'POST', bearer: this.key, body }),
      'staff.saved',
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
      @change=${(e: Event) => on((e.target as HTMLSelectElement).value)}
    >
      <option value="" ?selected=${!value}>${t('staff.pickVenue')}</option>
      ${this.c.venues.map((v) => html`<option value=${v.id} ?selected=${v.id === value}>${this.c.name(v)}</option>`)}
    </select>`;
    const input = (id: string, type: string, value: string, on: (v: string) => void) =>
      html`<input id=${id} type=${type} .value=${value} @input=${(e: Event) => on((e.target as HTMLInputElement).value)} />`;
    return html`
      <section part="staff" class="card staff" aria-labelledby="staff-heading">
        ${heading(level, t('staff.title'), { id: 'staff-heading' })}
        <form
          class="filter-row"
          @submit=${(e: Event) => {
            e.preventDefault();
            void this.load();
          }}
        >
          ${staffKeyField({ name: 'staffKey', label: t('staff.key'), type: 'password', value: this.key, onInput: (v) => (this.key = v) })}
          <button type="submit" part="button" class="primary">${t('staff.load')}</button>
        </form>
        ${
          this.message
            ? html`<p class="panel ${this.message.tone}" role=${this.message.tone === 'danger' ? 'alert' : 'status'}>${this.message.text}</p>`
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
                  <div class="field"><label for="b-venue">${t('staff.venue')}</label>${venueSelect('b-venue', this.block.venue, (v) => (this.block.venue = v))}</div>
                  <div class="field"><label for="b-start">${t('form.startDate')}</label>${input('b-start', 'date', this.block.startDate, (v) => (this.block.startDate = v))}</div>
                  <div class="field"><label for="b-end">${t('form.endDate')}</label>${input('b-end', 'date', this.block.endDate, (v) => (this.block.endDate = v))}</div>
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
                        <div class="field"><label for="e-cap">${t('col.capacity')}</label>${input('e-cap', 'number', this.edit.capacity, (v) => (this.edit.capacity = v))}</div>
                        <div class="field"><label for="e-stay">${t('card.maxStay')}</label>${input('e-stay', 'number', this.edit.maxStayDays, (v) => (this.edit.maxStayDays = v))}</div>
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
                      <input id="n-${i.id}" type="text" placeholder=${t('staff.note')} @input=${(e: Event) => this.notes.set(i.id, (e.target as HTMLInputElement).value)} />
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
