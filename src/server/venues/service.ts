/**
 * Venue reservations: holds, bookings, blocks and the waiting queue.
 *
 * Every change to a venue's reservations runs in one transaction that first locks the venue's
 * row (`SELECT … FOR UPDATE`), so the changes of one venue happen one after another in arrival
 * order — on PGlite (one connection) and on PostgreSQL (a pool) alike. Under that lock the
 * transaction lapses the venue's expired holds and promotes its queue, then does its own work.
 * The exclusion constraint `venue_reservations_no_overlap` (migration 007) is the backstop that
 * makes a double booking impossible whatever the code does; its violation (23P01) is a 409.
 *
 * Expiry is applied both lazily (under every venue lock, above) and actively: `sweep()`, run by
 * `VenueSweeper` on a timer, lapses every expired hold and promotes the queues even when nobody
 * reads the venue. The clock is injected (`now`), so tests move time to expire holds.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { components } from '../../contract/schema.gen.js';
import { helsinkiToday } from '../../shared/helsinki-time.js';
import type { Db, Queryable } from '../db/index.js';
import type { Logger } from '../logger.js';
import { canonicalJson } from '../http/body.js';
import { ProblemError } from '../http/problem.js';
import { addDays, daysInclusive, stayRange } from './dates.js';
import { Notifier, type NoticeEvent, type WebhookSender, type WebhookTarget } from './notify.js';

type Schemas = components['schemas'];
export type Venue = Schemas['Venue'];
export type VenueSummary = Schemas['VenueSummary'];
export type VenueFacts = Schemas['VenueFacts'];
export type ReservationRequest = Schemas['VenueReservationRequest'];
export type ReservationReceipt = Schemas['VenueReservationReceipt'];
export type StaffReservation = Schemas['VenueStaffReservation'];

const DAY_MS = 86_400_000;
const ACTIVE = `('hold', 'booked', 'blocked')`;
const columns = (p = ''): string =>
  `${p}id, ${p}venue_id, ${p}kind, ${p}status, ${p}start_date::text AS start_date, ${p}end_date::text AS end_date, ${p}contact,
   ${p}note, ${p}decision_note, ${p}locale, ${p}cancel_token, ${p}expires_at, ${p}created_at`;
const COLUMNS = columns();

export interface VenueOptions {
  /** The clock (tests move it to expire holds). */
  now: () => Date;
  /** Where a notice's cancel link points; the token is appended as `venue-cancel=<token>`. */
  cancelPage: string;
  webhook?: WebhookTarget | undefined;
  sendWebhook?: WebhookSender;
  /** How often the active sweep lapses expired holds (ms; 0 = no sweep timer, expiry stays lazy only). */
  sweepIntervalMs?: number;
}

interface VenueRow {
  id: string;
  organisation_id: string;
  facts: VenueFacts;
  lon: number;
  lat: number;
  max_stay_days: number;
  hold_days: number;
}

interface ReservationRow {
  id: string;
  venue_id: string;
  kind: 'reservation' | 'block';
  status: StaffReservation['status'];
  start_date: string;
  end_date: string;
  contact: { name: string; organisation?: string; email: string; eventName: string; attendance: number } | null;
  note: string | null;
  decision_note: string | null;
  locale: string | null;
  cancel_token: string | null;
  expires_at: Date | string | null;
  created_at: Date | string;
}

type Delivery = () => Promise<void>;
type VenueWork<R> = (tx: Queryable, venue: VenueRow, now: Date, deliveries: Delivery[]) => Promise<R | ProblemError>;
interface Lapsed {
  expired: number;
  promoted: number;
}
/** What one sweep did: venues handled, holds lapsed, queue entries promoted, venues left to another instance. */
export interface SweepResult extends Lapsed {
  venues: number;
  skipped: number;
}
const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();
/** The one row a query must return (a missing one is a bug, not a client error). */
function one<T>(rows: T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('expected a row');
  return row;
}
const isExclusionViolation = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === '23P01';

export class VenueService {
  readonly #notifier: Notifier;

  constructor(
    private readonly db: Db,
    logger: Logger,
    private readonly options: VenueOptions,
  ) {
    this.#notifier = new Notifier(logger, options.webhook, options.sendWebhook ?? ((url, init) => fetch(url, init)));
  }

  get now(): Date {
    return this.options.now();
  }

  cancelUrl(token: string): string {
    const url = new URL(this.options.cancelPage);
    url.searchParams.set('venue-cancel', token);
    return url.toString();
  }

  // ------------------------------------------------------------------ public

  /**
   * The list: every venue of the organisation with its summary facts (the card's terms, photos,
   * rent note and contact left out in SQL — at 10,000 venues they are 90 % of the bytes) and the
   * dates taken from today on.
   */
  async listVenues(organisation: string): Promise<{ today: string; venues: VenueSummary[] }> {
    await this.sweepOrganisation(organisation);
    const today = helsinkiToday(this.now);
    const [venues, busy] = await Promise.all([
      this.db.query<VenueRow>(
        `SELECT id, organisation_id, ${SUMMARY_FACTS} AS facts, lon, lat, max_stay_days, hold_days
           FROM venues WHERE organisation_id = $1 ORDER BY id`,
        [organisation],
      ),
      this.#busy('v.organisation_id = $1', organisation, today),
    ]);
    const byVenue = busyByVenue(busy);
    return { today, venues: venues.rows.map((v) => toVenue(v, byVenue.get(v.id) ?? []) as VenueSummary) };
  }

  /** One venue with all its facts (the card), after lapsing its expired holds. */
  async getVenue(venueId: string): Promise<Venue> {
    const venue = (
      await this.db.query<VenueRow & { swept: boolean }>(
        `SELECT id, organisation_id, facts, lon, lat, max_stay_days, hold_days,
                EXISTS (SELECT 1 FROM venue_reservations r WHERE r.venue_id = venues.id AND r.status = 'hold' AND r.expires_at <= $2) AS swept
           FROM venues WHERE id = $1`,
        [venueId, this.now],
      )
    ).rows[0];
    if (!venue) throw new ProblemError('unknown_venue', `No venue ${venueId}.`, [{ pointer: '/venue', code: 'unknown' }]);
    if (venue.swept) await this.#inVenue(venueId, () => Promise.resolve(null));
    const today = helsinkiToday(this.now);
    const busy = await this.#busy('r.venue_id = $1', venueId, today);
    return toVenue(venue, busyByVenue(busy).get(venue.id) ?? []);
  }

  /** Active holds, bookings and blocks ending today or later, for the venues `where` picks ($1). */
  #busy(where: string, key: string, today: string) {
    return this.db.query<BusyRow>(
      `SELECT r.venue_id, r.start_date::text AS start_date, r.end_date::text AS end_date, r.status
         FROM venue_reservations r JOIN venues v ON v.id = r.venue_id
        WHERE ${where} AND r.status IN ${ACTIVE} AND r.end_date >= $2::date
        ORDER BY r.venue_id, r.start_date`,
      [key, today],
    );
  }

  /**
   * A preliminary reservation: a hold when the dates are free, else a place in the queue. With an
   * Idempotency-Key, a repeat of the same request (same body) answers the first receipt again
   * (`replayed`) and changes nothing; the same key with another body is `idempotency_conflict`.
   * Inside the venue's lock, so two copies of one retry cannot both pass the look-up.
   */
  async reserve(venueId: string, body: ReservationRequest, key?: string): Promise<{ receipt: ReservationReceipt; replayed: boolean }> {
    const hash = key === undefined ? null : createHash('sha256').update(canonicalJson(body)).digest('base64url');
    return this.#inVenue(venueId, async (tx, venue, now, deliveries) => {
      if (key !== undefined) {
        const seen = (
          await tx.query<{ request_hash: string; receipt: ReservationReceipt }>(
            'SELECT request_hash, receipt FROM venue_reservations WHERE venue_id = $1 AND idempotency_key = $2',
            [venue.id, key],
          )
        ).rows[0];
        if (seen && seen.request_hash !== hash) {
          return new ProblemError('idempotency_conflict', 'This Idempotency-Key was already used for a different reservation.');
        }
        if (seen) return { receipt: seen.receipt, replayed: true };
      }
      const bad = this.#checkDates(body.startDate, body.endDate, now, venue.max_stay_days);
      if (bad) return bad;
      const { starts, ends } = stayRange(body.startDate, body.endDate);
      const taken = await tx.query<{ status: string }>(
        `SELECT status FROM venue_reservations WHERE venue_id = $1 AND status IN ${ACTIVE}
           AND tstzrange(starts, ends, '[)') && tstzrange($2::timestamptz, $3::timestamptz, '[)')`,
        [venue.id, starts, ends],
      );
      if (taken.rows.some((r) => r.status === 'blocked')) {
        return new ProblemError('dates_taken', 'The venue is closed on some of these days.', [{ pointer: '/startDate', code: 'closed' }]);
      }
      const status = taken.rows.length ? 'queued' : 'hold';
      const id = randomUUID();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = status === 'hold' ? new Date(now.getTime() + venue.hold_days * DAY_MS) : null;
      const contact = {
        name: body.name.trim(),
        ...(body.organisation?.trim() ? { organisation: body.organisation.trim() } : {}),
        email: body.email,
        eventName: body.eventName.trim(),
        attendance: body.attendance,
      };
      await tx.query(
        `INSERT INTO venue_reservations (id, venue_id, kind, status, starts, ends, start_date, end_date, contact, locale,
           cancel_token, expires_at, created_at, updated_at)
         VALUES ($1, $2, 'reservation', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
        [
          id,
          venue.id,
          status,
          starts,
          ends,
          body.startDate,
          body.endDate,
          JSON.stringify(contact),
          body.locale ?? 'fi',
          token,
          expiresAt,
          now,
        ],
      );
      const position = status === 'queued' ? await this.#position(tx, id) : undefined;
      const row = one((await tx.query<ReservationRow>(`SELECT ${COLUMNS} FROM venue_reservations WHERE id = $1`, [id])).rows);
      deliveries.push(await this.#notice(tx, row, status === 'hold' ? 'hold-created' : 'queued', now, position));
      const receipt: ReservationReceipt = {
        id,
        venue: venue.id,
        status,
        startDate: body.startDate,
        endDate: body.endDate,
        ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
        ...(position ? { position } : {}),
        cancelToken: token,
      };
      if (key !== undefined) {
        await tx.query('UPDATE venue_reservations SET idempotency_key = $2, request_hash = $3, receipt = $4 WHERE id = $1', [
          id,
          key,
          hash,
          JSON.stringify(receipt),
        ]);
      }
      return { receipt, replayed: false };
    });
  }

  /** One's own reservation by its cancel token (lapses and promotes first, so the answer is current). */
  async lookup(token: string): Promise<Schemas['VenueReservationStatus']> {
    const found = (await this.db.query<{ venue_id: string }>('SELECT venue_id FROM venue_reservations WHERE cancel_token = $1', [token]))
      .rows[0];
    if (!found) throw new ProblemError('not_found', 'No reservation has this cancel link.');
    return this.#inVenue(found.venue_id, async (tx) => {
      const row = one((await tx.query<ReservationRow>(`SELECT ${COLUMNS} FROM venue_reservations WHERE cancel_token = $1`, [token])).rows);
      const position = row.status === 'queued' ? await this.#position(tx, row.id) : undefined;
      return {
        id: row.id,
        venue: row.venue_id,
        status: row.status as Schemas['VenueReservationStatus']['status'],
        startDate: row.start_date,
        endDate: row.end_date,
        ...(row.expires_at ? { expiresAt: iso(row.expires_at) } : {}),
        ...(position ? { position } : {}),
        ...(row.decision_note ? { decisionNote: row.decision_note } : {}),
      };
    });
  }

  /** The cancel link: cancels a hold, booking or queue place once; the queue moves on. */
  async cancel(token: string): Promise<{ id: string; status: 'cancelled'; promoted: number }> {
    const found = (await this.db.query<{ venue_id: string }>('SELECT venue_id FROM venue_reservations WHERE cancel_token = $1', [token]))
      .rows[0];
    if (!found) throw new ProblemError('not_found', 'No reservation has this cancel link.');
    return this.#inVenue(found.venue_id, async (tx, venue, now, deliveries) => {
      const row = one(
        (await tx.query<ReservationRow>(`SELECT ${COLUMNS} FROM venue_reservations WHERE cancel_token = $1 FOR UPDATE`, [token])).rows,
      );
      if (row.status === 'cancelled') return new ProblemError('cancel_link_used', 'This reservation was cancelled already.');
      if (row.status === 'expired') return new ProblemError('hold_expired', 'This hold had expired already; nothing to cancel.');
      if (row.status !== 'hold' && row.status !== 'booked' && row.status !== 'queued') {
        return new ProblemError('reservation_not_pending', 'This reservation was already closed by the venue’s official.');
      }
      await tx.query(`UPDATE venue_reservations SET status = 'cancelled', expires_at = NULL, updated_at = $2 WHERE id = $1`, [row.id, now]);
      deliveries.push(await this.#notice(tx, row, 'cancelled', now));
      const promoted = row.status === 'queued' ? 0 : await this.#promote(tx, venue, now, deliveries);
      return { id: row.id, status: 'cancelled' as const, promoted };
    });
  }

  // ------------------------------------------------------------------ officials

  /** Confirms a hold (a booking now) or rejects it (the queue is promoted). */
  async decide(staffOrganisation: string, id: string, decision: 'confirm' | 'reject', note: string | undefined): Promise<StaffReservation> {
    const venueId = await this.#venueOf(staffOrganisation, id);
    return this.#inVenue(venueId, async (tx, venue, now, deliveries) => {
      const row = one((await tx.query<ReservationRow>(`SELECT ${COLUMNS} FROM venue_reservations WHERE id = $1 FOR UPDATE`, [id])).rows);
      if (row.status === 'expired') return new ProblemError('hold_expired', 'The hold expired before the decision.');
      if (row.status !== 'hold') return new ProblemError('reservation_not_pending', `The reservation is ${row.status}, not a hold.`);
      const status = decision === 'confirm' ? 'booked' : 'rejected';
      await tx.query('UPDATE venue_reservations SET status = $2, expires_at = NULL, decision_note = $3, updated_at = $4 WHERE id = $1', [
        id,
        status,
        note?.trim() || null,
        now,
      ]);
      const updated = { ...row, status, expires_at: null, decision_note: note?.trim() || null } as ReservationRow;
      deliveries.push(await this.#notice(tx, updated, decision === 'confirm' ? 'confirmed' : 'rejected', now));
      if (status === 'rejected') await this.#promote(tx, venue, now, deliveries);
      return toStaff(updated);
    });
  }

  /** Closes dates (maintenance). Over an active hold or booking: 409 from the exclusion constraint. */
  async block(staffOrganisation: string, venueId: string, body: Schemas['VenueBlockRequest']): Promise<StaffReservation> {
    return this.#inVenue(venueId, async (tx, venue, now) => {
      if (venue.organisation_id !== staffOrganisation) return new ProblemError('forbidden', 'The venue belongs to another organisation.');
      const bad = this.#checkDates(body.startDate, body.endDate, now, 366);
      if (bad) return bad;
      const { starts, ends } = stayRange(body.startDate, body.endDate);
      const id = randomUUID();
      // No pre-check on purpose: the exclusion constraint decides (23P01 → 409 dates_taken).
      await tx.query(
        `INSERT INTO venue_reservations (id, venue_id, kind, status, starts, ends, start_date, end_date, note, created_at, updated_at)
         VALUES ($1, $2, 'block', 'blocked', $3, $4, $5, $6, $7, $8, $8)`,
        [id, venue.id, starts, ends, body.startDate, body.endDate, body.note?.trim() || null, now],
      );
      return toStaff(one((await tx.query<ReservationRow>(`SELECT ${COLUMNS} FROM venue_reservations WHERE id = $1`, [id])).rows));
    });
  }

  async updateFacts(staffOrganisation: string, venueId: string, patch: Schemas['VenueFactsUpdate']): Promise<Venue> {
    await this.#inVenue(venueId, async (tx, venue, now) => {
      if (venue.organisation_id !== staffOrganisation) return new ProblemError('forbidden', 'The venue belongs to another organisation.');
      const { maxStayDays, ...facts } = patch;
      await tx.query('UPDATE venues SET facts = $2, max_stay_days = $3, updated_at = $4 WHERE id = $1', [
        venue.id,
        JSON.stringify({ ...venue.facts, ...facts }),
        maxStayDays ?? venue.max_stay_days,
        now,
      ]);
      return null;
    });
    return this.getVenue(venueId);
  }

  /** Active holds, bookings, blocks and the queue (in arrival order, with positions) of an organisation's venues. */
  async staffList(organisation: string): Promise<StaffReservation[]> {
    await this.sweepOrganisation(organisation);
    const rows = await this.db.query<ReservationRow & { position: number | null }>(
      `SELECT ${columns('r.')},
         CASE WHEN r.status = 'queued' THEN (
           SELECT count(*)::int FROM venue_reservations o WHERE o.venue_id = r.venue_id AND o.status = 'queued' AND o.seq <= r.seq
              AND tstzrange(o.starts, o.ends, '[)') && tstzrange(r.starts, r.ends, '[)')) END AS position
         FROM venue_reservations r JOIN venues v ON v.id = r.venue_id
        WHERE v.organisation_id = $1 AND r.status IN ('hold', 'booked', 'blocked', 'queued')
        ORDER BY r.venue_id, r.seq`,
      [organisation],
    );
    return rows.rows.map((r) => ({ ...toStaff(r), ...(r.position ? { position: r.position } : {}) }));
  }

  /** Lapses the expired holds of an organisation's venues and promotes their queues (each venue under its lock). */
  async sweepOrganisation(organisation: string): Promise<void> {
    const due = await this.db.query<{ venue_id: string }>(
      `SELECT DISTINCT r.venue_id FROM venue_reservations r JOIN venues v ON v.id = r.venue_id
        WHERE v.organisation_id = $1 AND r.status = 'hold' AND r.expires_at <= $2 ORDER BY r.venue_id`,
      [organisation, this.now],
    );
    for (const { venue_id } of due.rows) await this.#inVenue(venue_id, () => Promise.resolve(null));
  }

  /**
   * The active sweep (run by `VenueSweeper` on a timer): lapses every expired hold of every
   * venue and promotes the queues, with their notices. Each venue is taken with `FOR UPDATE SKIP
   * LOCKED`: a venue whose lock another instance's sweep (or any request) holds is skipped, because
   * whoever holds that lock lapses the venue's expired holds under it anyway — so with several
   * instances on one database every lapse and promotion happens once and sends one notice.
   * Returns what this call did (and how many venues it skipped).
   */
  async sweep(): Promise<SweepResult> {
    const due = await this.db.query<{ venue_id: string }>(
      `SELECT DISTINCT venue_id FROM venue_reservations WHERE status = 'hold' AND expires_at <= $1 ORDER BY venue_id`,
      [this.now],
    );
    const result: SweepResult = { venues: 0, expired: 0, promoted: 0, skipped: 0 };
    for (const { venue_id } of due.rows) {
      const done = await this.#inVenue(venue_id, () => Promise.resolve(null), { skipLocked: true });
      if (!done.locked) {
        result.skipped++;
        continue;
      }
      result.venues++;
      result.expired += done.expired;
      result.promoted += done.promoted;
    }
    return result;
  }

  // ------------------------------------------------------------------ inside

  /**
   * Runs `fn` in a transaction holding the venue's lock, after lapsing expired holds and
   * promoting the queue. `fn` returns a ProblemError instead of throwing it, so that what the
   * sweep did is committed; the problem is thrown after the commit. Notices go out after it.
   * With `skipLocked` (the sweep) a venue locked by someone else is left alone (`locked: false`).
   */
  async #inVenue<R>(venueId: string, fn: VenueWork<R>): Promise<R>;
  async #inVenue<R>(venueId: string, fn: VenueWork<R>, opts: { skipLocked: true }): Promise<Lapsed & { locked: boolean }>;
  async #inVenue<R>(venueId: string, fn: VenueWork<R>, opts?: { skipLocked: true }): Promise<R | (Lapsed & { locked: boolean })> {
    const deliveries: Delivery[] = [];
    let result: R | ProblemError;
    const lapsed: Lapsed & { locked: boolean } = { expired: 0, promoted: 0, locked: false };
    try {
      result = await this.db.transaction(async (tx) => {
        const venue = (
          await tx.query<VenueRow>(
            `SELECT id, organisation_id, facts, lon, lat, max_stay_days, hold_days FROM venues WHERE id = $1 FOR UPDATE${opts?.skipLocked ? ' SKIP LOCKED' : ''}`,
            [venueId],
          )
        ).rows[0];
        if (!venue && opts?.skipLocked) return null as R;
        if (!venue) return new ProblemError('unknown_venue', `No venue ${venueId}.`, [{ pointer: '/venue', code: 'unknown' }]);
        lapsed.locked = true;
        const now = this.now;
        const expired = await tx.query<ReservationRow>(
          `UPDATE venue_reservations SET status = 'expired', updated_at = $2
            WHERE venue_id = $1 AND status = 'hold' AND expires_at <= $2 RETURNING ${COLUMNS}`,
          [venue.id, now],
        );
        for (const row of expired.rows) deliveries.push(await this.#notice(tx, row, 'expired', now));
        lapsed.expired = expired.rows.length;
        if (expired.rows.length) lapsed.promoted = await this.#promote(tx, venue, now, deliveries);
        return fn(tx, venue, now, deliveries);
      });
    } catch (err) {
      if (isExclusionViolation(err)) {
        throw new ProblemError('dates_taken', 'Some of these days are held, booked or closed already.', [
          { pointer: '/startDate', code: 'overlap' },
        ]);
      }
      throw err;
    }
    for (const d of deliveries) await d();
    if (result instanceof ProblemError) throw result;
    return opts?.skipLocked ? lapsed : result;
  }

  /** Promotes, in arrival order, every queued reservation whose dates are free now; returns how many. */
  async #promote(tx: Queryable, venue: VenueRow, now: Date, deliveries: Delivery[]): Promise<number> {
    const today = helsinkiToday(now);
    const queued = await tx.query<ReservationRow>(
      `SELECT ${COLUMNS} FROM venue_reservations WHERE venue_id = $1 AND status = 'queued' ORDER BY seq`,
      [venue.id],
    );
    let promoted = 0;
    for (const q of queued.rows) {
      if (q.start_date < today) {
        await tx.query(`UPDATE venue_reservations SET status = 'expired', updated_at = $2 WHERE id = $1`, [q.id, now]);
        continue;
      }
      const clash = await tx.query(
        `SELECT 1 FROM venue_reservations o, venue_reservations me
          WHERE me.id = $2 AND o.venue_id = $1 AND o.status IN ${ACTIVE}
            AND tstzrange(o.starts, o.ends, '[)') && tstzrange(me.starts, me.ends, '[)') LIMIT 1`,
        [venue.id, q.id],
      );
      if (clash.rows.length) continue;
      const expiresAt = new Date(now.getTime() + venue.hold_days * DAY_MS);
      await tx.query(`UPDATE venue_reservations SET status = 'hold', expires_at = $2, updated_at = $3 WHERE id = $1`, [
        q.id,
        expiresAt,
        now,
      ]);
      deliveries.push(await this.#notice(tx, { ...q, status: 'hold', expires_at: expiresAt }, 'promoted', now));
      promoted++;
    }
    return promoted;
  }

  async #position(tx: Queryable, id: string): Promise<number> {
    const r = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM venue_reservations o, venue_reservations me
        WHERE me.id = $1 AND o.venue_id = me.venue_id AND o.status = 'queued' AND o.seq <= me.seq
          AND tstzrange(o.starts, o.ends, '[)') && tstzrange(me.starts, me.ends, '[)')`,
      [id],
    );
    return r.rows[0]?.n ?? 1;
  }

  /** The venue of a reservation, checked to be the staff key's organisation's. */
  async #venueOf(staffOrganisation: string, id: string): Promise<string> {
    const row = (
      await this.db.query<{ venue_id: string; organisation_id: string }>(
        'SELECT r.venue_id, v.organisation_id FROM venue_reservations r JOIN venues v ON v.id = r.venue_id WHERE r.id = $1',
        [id],
      )
    ).rows[0];
    if (!row) throw new ProblemError('not_found', 'No such reservation.');
    if (row.organisation_id !== staffOrganisation)
      throw new ProblemError('forbidden', 'The reservation is of another organisation’s venue.');
    return row.venue_id;
  }

  #checkDates(startDate: string, endDate: string, now: Date, maxStay: number): ProblemError | null {
    const today = helsinkiToday(now);
    if (startDate < today) {
      return new ProblemError('dates_in_past', `The first day must be today (${today}) or later.`, [
        { pointer: '/startDate', code: 'past' },
      ]);
    }
    if (endDate < startDate) return new ProblemError('dates_reversed', undefined, [{ pointer: '/endDate', code: 'before_start' }]);
    if (startDate > addDays(today, 3 * 366)) {
      return new ProblemError(
        'validation_failed',
        'Reservations open at most three years ahead.',
        [{ pointer: '/startDate', code: 'too_far' }],
        422,
      );
    }
    if (daysInclusive(startDate, endDate) > maxStay) {
      return new ProblemError('stay_too_long', `This venue can be reserved for at most ${maxStay} days at a time.`, [
        { pointer: '/endDate', code: 'max_stay', message: String(maxStay) },
      ]);
    }
    return null;
  }

  async #notice(tx: Queryable, row: ReservationRow, event: NoticeEvent, now: Date, position?: number): Promise<Delivery> {
    if (!row.contact || !row.cancel_token) return async () => {};
    return this.#notifier.record(
      tx,
      {
        event,
        reservationId: row.id,
        venueId: row.venue_id,
        startDate: row.start_date,
        endDate: row.end_date,
        email: row.contact.email,
        name: row.contact.name,
        locale: row.locale ?? 'fi',
        cancelUrl: this.cancelUrl(row.cancel_token),
        ...(row.expires_at ? { expiresAt: iso(row.expires_at) } : {}),
        ...(position ? { position } : {}),
        ...(row.decision_note ? { note: row.decision_note } : {}),
      },
      now,
    );
  }
}

interface BusyRow {
  venue_id: string;
  start_date: string;
  end_date: string;
  status: string;
}

/** The public `busy` days per venue (who holds them is never shown). */
function busyByVenue(result: { rows: BusyRow[] }): Map<string, Venue['busy']> {
  const byVenue = new Map<string, Venue['busy']>();
  for (const b of result.rows) {
    const list = byVenue.get(b.venue_id) ?? [];
    list.push({
      startDate: b.start_date,
      endDate: b.end_date,
      status: b.status === 'hold' ? 'held' : b.status === 'booked' ? 'booked' : 'closed',
    });
    byVenue.set(b.venue_id, list);
  }
  return byVenue;
}

/** The list's facts in SQL: a venue's facts without the card's terms, photos, contact and rent note. */
const SUMMARY_FACTS = `jsonb_set(facts - 'terms' - 'photos' - 'contact', '{rent}', (facts -> 'rent') - 'note')`;

function toVenue(v: VenueRow, busy: Venue['busy']): Venue {
  return {
    id: v.id,
    organisation: v.organisation_id,
    lon: v.lon,
    lat: v.lat,
    maxStayDays: v.max_stay_days,
    holdDays: v.hold_days,
    facts: v.facts,
    busy,
  };
}

function toStaff(r: ReservationRow): StaffReservation {
  return {
    id: r.id,
    venue: r.venue_id,
    kind: r.kind,
    status: r.status,
    startDate: r.start_date,
    endDate: r.end_date,
    createdAt: iso(r.created_at),
    ...(r.expires_at ? { expiresAt: iso(r.expires_at) } : {}),
    ...(r.contact ? { contact: r.contact } : {}),
    ...(r.note ? { note: r.note } : {}),
    ...(r.decision_note ? { decisionNote: r.decision_note } : {}),
  };
}
