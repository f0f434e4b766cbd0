/**
 * Venue reservations on both databases: the public list and overlays, holds and the waiting
 * queue, expiry with a clock the test moves, promotion on expiry / cancel / reject, cancel links
 * used twice, the officials' endpoints (staff key of the venue's city), blocks over the exclusion
 * constraint (23P01 → 409), bad input (4xx with codes), signed webhooks, and 100 concurrent
 * attempts on one slot → exactly 1 hold and 99 queued in arrival order; Idempotency-Key retries.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import type { Db } from '../../src/server/db/index.js';
import { createLogger } from '../../src/server/logger.js';
import { contract, json, problem, STAFF_KEY, targets } from './helpers.js';

const CITY = 'demo-kaupunki';
const VENUE = 'kauppatori';
const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

interface Receipt {
  id: string;
  status: 'hold' | 'queued';
  position?: number;
  expiresAt?: string;
  cancelToken: string;
}
interface StaffItem {
  id: string;
  venue: string;
  status: string;
  position?: number;
  contact?: { name: string };
}

for (const target of targets()) {
  describe(`venues on ${target.name}`, () => {
    let db: Db;
    let app: Awaited<ReturnType<typeof createApp>>['app'];
    let keys: Record<string, string>;
    let clock = new Date('2027-05-03T09:00:00Z');
    const hooks: { url: string; headers: Record<string, string>; body: string }[] = [];

    before(async () => {
      db = await target.open();
      const config = loadConfig(
        {},
        {
          databaseUrl: target.name === 'pglite' ? 'memory://' : 'postgres://test',
          demoStaffKey: STAFF_KEY,
          logLevel: 'silent',
          rateLimitPerMinute: 0,
          authFailuresPerMinute: 0,
          distDir: '/nonexistent/dist',
          demoDir: '/nonexistent/demo',
        },
      );
      const built = await createApp({
        db,
        config,
        logger: createLogger('error', () => {}),
        contract: contract(),
        announce: () => {},
        venues: {
          now: () => clock,
          // The lazy expiry is what this file tests; the timer's sweep is venues-sweep.test.ts's.
          sweepIntervalMs: 0,
          cancelPage: 'https://kaupunki.example/tapahtumat',
          webhook: { url: 'https://hooks.example/venues', secret: WEBHOOK_SECRET },
          sendWebhook: (url, init) => {
            hooks.push({ url, headers: init.headers, body: init.body });
            return Promise.resolve();
          },
        },
      });
      app = built.app;
      keys = Object.fromEntries(built.seeded.staffKeys.map((k) => [k.organisation, k.key]));
    });
    after(async () => {
      await db.close();
    });

    const cityKey = () => ({ authorization: `Bearer ${keys[CITY]}` });
    const postJson = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
      app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const request = (over: Record<string, unknown> = {}) => ({
      startDate: '2027-06-10',
      endDate: '2027-06-11',
      name: 'Maija Meikäläinen',
      organisation: 'Kulttuuriyhdistys ry',
      email: 'maija@example.org',
      eventName: 'Kesäkonsertti',
      attendance: 300,
      locale: 'fi',
      ...over,
    });
    const reserve = async (venue: string, over: Record<string, unknown> = {}) => {
      const res = await postJson(`/v1/venues/${venue}/reservations`, request(over));
      assert.equal(res.status, 201, await res.clone().text());
      return json<Receipt>(res);
    };
    const staffList = async () =>
      (await json<{ items: StaffItem[] }>(await app.request(`/v1/venue-reservations?organisation=${CITY}`, { headers: cityKey() }))).items;

    it('lists the city’s venues with their summary facts, publicly; a venue’s own answer has the card’s details; and the overlays near them', async () => {
      const res = await app.request(`/v1/venues?organisation=${CITY}`, { headers: { origin: 'https://anywhere.example' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      type Facts = {
        name: { fi: string };
        capacity: number;
        rent: { amountEur: number; note?: unknown };
        photos?: { alt: { fi: string } }[];
      };
      const body = await json<{ today: string; venues: { id: string; facts: Facts & Record<string, unknown> }[] }>(res);
      assert.equal(body.today, '2027-05-03');
      assert.ok(body.venues.length >= 8);
      const tori = body.venues.find((v) => v.id === VENUE)!;
      assert.equal(tori.facts.name.fi, 'Kauppatori');
      assert.equal(typeof tori.facts.rent.amountEur, 'number');
      // The list carries what the table, filters and map need; terms, photos, contact and the rent note are the card's.
      for (const v of body.venues) {
        assert.deepEqual(
          ['terms', 'photos', 'contact'].filter((k) => k in v.facts),
          [],
          v.id,
        );
        assert.equal(v.facts.rent.note, undefined, v.id);
      }
      const one = await app.request(`/v1/venues/${VENUE}`, { headers: { origin: 'https://anywhere.example' } });
      assert.equal(one.status, 200);
      assert.equal(one.headers.get('access-control-allow-origin'), '*');
      const full = await json<{ id: string; busy: unknown[]; facts: Facts & { terms: { fi: string }; contact: { email: string } } }>(one);
      assert.equal(full.id, VENUE);
      assert.ok(full.facts.photos![0]!.alt.fi.length > 10);
      assert.ok(full.facts.terms.fi.length > 10);
      assert.match(full.facts.contact.email, /@/);
      assert.deepEqual(
        { ...full.facts, terms: undefined, photos: undefined, contact: undefined, rent: undefined },
        {
          ...tori.facts,
          terms: undefined,
          photos: undefined,
          contact: undefined,
          rent: undefined,
        },
      );
      assert.deepEqual(full.busy, (tori as unknown as { busy: unknown[] }).busy);
      await problem(await app.request('/v1/venues/no-such-venue'), 404, 'unknown_venue');
      await problem(await app.request('/v1/venues/Not%20a%20slug'), 400, 'validation_failed');
      await problem(await app.request('/v1/venues?organisation=no-such-city'), 404, 'unknown_organisation');
      const overlays = await json<{ roadworks: { features: { properties: { situationType: string } }[] }; events: { id: string }[] }>(
        await app.request(`/v1/venues/overlays?organisation=${CITY}`),
      );
      assert.ok(overlays.roadworks.features.length >= 1);
      assert.ok(overlays.roadworks.features.every((f) => f.properties.situationType === 'road work'));
      assert.ok(overlays.events.some((e) => e.id === 'kesamarkkinat-2027'));
      assert.ok(!overlays.events.some((e) => e.id === 'stadsfesten-2027'), 'another town’s event is not near');
    });

    it('bad input is a 4xx with a code, never stored', async () => {
      const bad = async (over: Record<string, unknown>, status: number, code: string, pointer?: string, venue = VENUE) => {
        const p = await problem(await postJson(`/v1/venues/${venue}/reservations`, request(over)), status, code);
        if (pointer)
          assert.ok(
            p.errors?.some((e) => e.pointer === pointer),
            JSON.stringify(p),
          );
      };
      await bad({ startDate: '2027-05-02', endDate: '2027-05-02' }, 422, 'dates_in_past', '/startDate');
      await bad({ startDate: '2027-06-12', endDate: '2027-06-10' }, 422, 'dates_reversed', '/endDate');
      await bad({ startDate: '2027-06-01', endDate: '2027-06-30' }, 422, 'stay_too_long', '/endDate');
      await bad({ email: undefined }, 400, 'validation_failed', '/email');
      await bad({ email: 'not-an-email' }, 400, 'validation_failed', '/email');
      await bad({ name: '   ' }, 400, 'validation_failed', '/name');
      await bad({ startDate: '2027-02-30' }, 400, 'validation_failed', '/startDate');
      await bad({ eventName: 'a\u0000b' }, 400, 'validation_failed', '/eventName');
      await bad({ name: 'x\uD800' }, 400, 'validation_failed', '/name');
      await bad({}, 404, 'unknown_venue', undefined, 'no-such-venue');
      await problem(await postJson('/v1/venues/BAD_ID/reservations', request()), 400, 'validation_failed');
      assert.deepEqual(await staffList(), []);
    });

    it('a hold, then a queue in arrival order; the official confirms or rejects; rejecting promotes the next', async () => {
      const first = await reserve(VENUE);
      assert.equal(first.status, 'hold');
      assert.equal(first.expiresAt, '2027-05-10T09:00:00.000Z', 'default: 7 days');
      const second = await reserve(VENUE, { name: 'Toinen', startDate: '2027-06-11', endDate: '2027-06-12' });
      const third = await reserve(VENUE, { name: 'Kolmas' });
      assert.deepEqual([second.status, second.position, third.status, third.position], ['queued', 1, 'queued', 2]);
      // Public view: dates only.
      const list = await json<{ venues: { id: string; busy: { startDate: string; endDate: string; status: string }[] }[] }>(
        await app.request(`/v1/venues?organisation=${CITY}`),
      );
      assert.deepEqual(list.venues.find((v) => v.id === VENUE)!.busy, [{ startDate: '2027-06-10', endDate: '2027-06-11', status: 'held' }]);
      assert.ok(!JSON.stringify(list).includes('Maija'));

      // Officials: another city's key is refused; no key is 401.
      await problem(await app.request(`/v1/venue-reservations?organisation=${CITY}`), 401, 'unauthorized');
      await problem(
        await postJson(
          `/v1/venue-reservations/${first.id}/decision`,
          { decision: 'confirm' },
          { authorization: `Bearer ${keys['demo-stad']}` },
        ),
        403,
        'forbidden',
      );
      const items = await staffList();
      assert.deepEqual(
        items.map((i) => [i.contact?.name, i.status, i.position]),
        [
          ['Maija Meikäläinen', 'hold', undefined],
          ['Toinen', 'queued', 1],
          ['Kolmas', 'queued', 2],
        ],
      );

      hooks.length = 0;
      const rejected = await postJson(
        `/v1/venue-reservations/${first.id}/decision`,
        { decision: 'reject', note: 'Päällekkäinen markkinatapahtuma' },
        cityKey(),
      );
      assert.equal(rejected.status, 200);
      assert.equal((await json<{ status: string; decisionNote: string }>(rejected)).decisionNote, 'Päällekkäinen markkinatapahtuma');
      const after1 = await staffList();
      assert.deepEqual(
        after1.map((i) => [i.contact?.name, i.status, i.position]),
        [
          ['Toinen', 'hold', undefined],
          ['Kolmas', 'queued', 1],
        ],
      );
      // The promoted one was notified (email recorded + signed webhook with the cancel link).
      const promoted = hooks.find((h) => h.headers['x-luukku-event'] === 'venue.reservation.promoted');
      assert.ok(promoted, JSON.stringify(hooks.map((h) => h.headers['x-luukku-event'])));
      const sig = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(promoted.headers['x-luukku-signature']!)!;
      assert.equal(sig[2], createHmac('sha256', WEBHOOK_SECRET).update(`${sig[1]}.${promoted.body}`).digest('hex'));
      assert.match(
        JSON.parse(promoted.body).cancelUrl as string,
        /^https:\/\/kaupunki\.example\/tapahtumat\?venue-cancel=[A-Za-z0-9_-]{43}$/,
      );
      const emails = await db.query<{ event: string; body: { text: string } }>(
        `SELECT event, body FROM venue_notices WHERE reservation_id = $1 AND channel = 'email' ORDER BY id`,
        [second.id],
      );
      assert.deepEqual(
        emails.rows.map((r) => r.event),
        ['queued', 'promoted'],
      );
      assert.ok(
        emails.rows.every((r) => r.body.text.includes(`venue-cancel=${second.cancelToken}`)),
        'every notice has the cancel link',
      );

      // A decided hold cannot be decided again.
      await problem(
        await postJson(`/v1/venue-reservations/${first.id}/decision`, { decision: 'confirm' }, cityKey()),
        409,
        'reservation_not_pending',
      );
      const confirmed = await postJson(`/v1/venue-reservations/${second.id}/decision`, { decision: 'confirm' }, cityKey());
      assert.equal((await json<{ status: string }>(confirmed)).status, 'booked');
      await problem(
        await postJson(`/v1/venue-reservations/${third.id}/decision`, { decision: 'confirm' }, cityKey()),
        409,
        'reservation_not_pending',
      );
    });

    it('a hold expires after 7 days (moved clock): the next in the queue is promoted; deciding it late is 410', async () => {
      const venue = 'rantapuisto';
      const a = await reserve(venue, { startDate: '2027-07-01', endDate: '2027-07-02', name: 'A' });
      const b = await reserve(venue, { startDate: '2027-07-02', endDate: '2027-07-03', name: 'B' });
      clock = new Date('2027-05-05T09:00:00Z');
      const c = await reserve(venue, { startDate: '2027-07-20', endDate: '2027-07-20', name: 'C' });
      assert.deepEqual([a.status, b.status, b.position, c.status], ['hold', 'queued', 1, 'hold']);
      clock = new Date('2027-05-10T08:59:59Z');
      assert.equal((await staffList()).find((i) => i.id === a.id)?.status, 'hold', 'a second before expiry it still holds');
      clock = new Date('2027-05-10T09:00:00Z');
      const list = await json<{ venues: { id: string; busy: { startDate: string; status: string }[] }[] }>(
        await app.request(`/v1/venues?organisation=${CITY}`),
      );
      assert.deepEqual(
        list.venues.find((v) => v.id === venue)!.busy.map((x) => x.startDate),
        ['2027-07-02', '2027-07-20'],
      );
      const items = (await staffList()).filter((i) => i.venue === venue);
      assert.deepEqual(items.map((i) => [i.contact?.name, i.status]).sort(), [
        ['B', 'hold'],
        ['C', 'hold'],
      ]);
      await problem(await postJson(`/v1/venue-reservations/${a.id}/decision`, { decision: 'confirm' }, cityKey()), 410, 'hold_expired');
      await problem(await postJson('/v1/venue-reservations/cancel', { token: a.cancelToken }), 410, 'hold_expired');
      clock = new Date('2027-05-03T09:00:00Z');
    });

    it('a cancel link works once; the second use is 410; cancelling a hold promotes the queue', async () => {
      const venue = 'kulttuurisali';
      const a = await reserve(venue, { startDate: '2027-09-01', endDate: '2027-09-01', name: 'A' });
      const b = await reserve(venue, { startDate: '2027-09-01', endDate: '2027-09-01', name: 'B' });
      const lookup = async (token: string) =>
        json<{ status: string; position?: number }>(await postJson('/v1/venue-reservations/lookup', { token }));
      assert.deepEqual(await lookup(b.cancelToken), {
        id: b.id,
        venue,
        status: 'queued',
        position: 1,
        startDate: '2027-09-01',
        endDate: '2027-09-01',
      });
      const first = await postJson('/v1/venue-reservations/cancel', { token: a.cancelToken });
      assert.equal(first.status, 200);
      assert.deepEqual(await json(first), { id: a.id, status: 'cancelled', promoted: 1 });
      await problem(await postJson('/v1/venue-reservations/cancel', { token: a.cancelToken }), 410, 'cancel_link_used');
      await problem(await postJson('/v1/venue-reservations/cancel', { token: 'x'.repeat(43) }), 404, 'not_found');
      await problem(await postJson('/v1/venue-reservations/cancel', { token: 'short' }), 400, 'validation_failed');
      assert.equal((await staffList()).find((i) => i.id === b.id)?.status, 'hold');
      assert.equal((await lookup(b.cancelToken)).status, 'hold', 'the queued one sees it was promoted');
      assert.equal((await lookup(a.cancelToken)).status, 'cancelled');
    });

    it('blocks: over a hold the exclusion constraint answers 409; reserving blocked dates is 409; only the city’s key', async () => {
      const venue = 'uimaranta';
      await reserve(venue, { startDate: '2027-08-01', endDate: '2027-08-02' });
      await problem(
        await postJson(`/v1/venues/${venue}/blocks`, { startDate: '2027-08-02', endDate: '2027-08-05' }, cityKey()),
        409,
        'dates_taken',
      );
      const ok = await postJson(
        `/v1/venues/${venue}/blocks`,
        { startDate: '2027-08-03', endDate: '2027-08-05', note: 'Laiturin korjaus' },
        cityKey(),
      );
      assert.equal(ok.status, 201);
      assert.equal((await json<{ status: string }>(ok)).status, 'blocked');
      await problem(
        await postJson(`/v1/venues/${venue}/reservations`, request({ startDate: '2027-08-04', endDate: '2027-08-04' })),
        409,
        'dates_taken',
      );
      await problem(
        await postJson(
          `/v1/venues/${venue}/blocks`,
          { startDate: '2027-08-10', endDate: '2027-08-11' },
          { authorization: `Bearer ${keys['demo-stad']}` },
        ),
        403,
        'forbidden',
      );
      // The constraint itself, below the code: a direct overlapping insert fails with 23P01.
      await assert.rejects(
        db.query(
          `INSERT INTO venue_reservations (id, venue_id, kind, status, starts, ends, start_date, end_date, created_at, updated_at)
           VALUES (gen_random_uuid(), $1, 'block', 'blocked', '2027-08-04T00:00:00+03', '2027-08-05T00:00:00+03', '2027-08-04', '2027-08-04', now(), now())`,
          [venue],
        ),
        (err: { code?: string }) => err.code === '23P01',
      );
    });

    it('the official edits a venue’s facts', async () => {
      const res = await postJson(`/v1/venues/laululava/facts`, { capacity: 4500, water: true, maxStayDays: 2 }, cityKey());
      assert.equal(res.status, 200);
      const v = await json<{ maxStayDays: number; facts: { capacity: number; water: boolean; name: { fi: string } } }>(res);
      assert.deepEqual([v.facts.capacity, v.facts.water, v.facts.name.fi, v.maxStayDays], [4500, true, 'Harjun laululava', 2]);
      await problem(await postJson(`/v1/venues/laululava/facts`, {}, cityKey()), 400, 'validation_failed');
      await problem(
        await postJson(`/v1/venues/laululava/facts`, { capacity: 1 }, { authorization: `Bearer ${keys['demo-stad']}` }),
        403,
        'forbidden',
      );
      await problem(
        await postJson(`/v1/venues/laululava/reservations`, request({ startDate: '2027-06-01', endDate: '2027-06-03' })),
        422,
        'stay_too_long',
      );
    });

    it('100 concurrent attempts on one slot: exactly 1 hold, 99 queued in arrival order, 0 errors', async () => {
      const venue = 'urheilukentta';
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          postJson(
            `/v1/venues/${venue}/reservations`,
            request({ name: `Järjestäjä ${i}`, startDate: '2027-10-02', endDate: '2027-10-03' }),
          ),
        ),
      );
      assert.deepEqual(
        responses.map((r) => r.status),
        Array<number>(100).fill(201),
      );
      const receipts = await Promise.all(responses.map((r) => json<Receipt>(r)));
      assert.equal(receipts.filter((r) => r.status === 'hold').length, 1);
      const queued = receipts.filter((r) => r.status === 'queued');
      assert.equal(queued.length, 99);
      assert.deepEqual(
        queued.map((r) => r.position).sort((a, b) => a! - b!),
        Array.from({ length: 99 }, (_, i) => i + 1),
      );
      // The staff list (arrival order) agrees with the positions each organiser was told.
      const items = (await staffList()).filter((i) => i.venue === venue && i.status === 'queued');
      assert.deepEqual(
        items.map((i) => i.position),
        Array.from({ length: 99 }, (_, i) => i + 1),
      );
      const told = new Map(queued.map((r) => [r.id, r.position]));
      assert.ok(items.every((i) => told.get(i.id) === i.position));
    });

    it('an Idempotency-Key makes a retry safe: the first answer again, never a second hold or queue place', async () => {
      const venue = 'rantapuisto';
      const slot = { startDate: '2027-11-04', endDate: '2027-11-05' };
      const before = (await staffList()).filter((i) => i.venue === venue).length;
      const key = 'retry-0123456789abcdef';
      const send = (over: Record<string, unknown> = {}, k = key) =>
        postJson(`/v1/venues/${venue}/reservations`, request({ ...slot, ...over }), { 'idempotency-key': k });
      // The first attempt and five concurrent retries of it (a flaky network, a double click).
      const first = await send();
      assert.equal(first.status, 201);
      const receipt = await json<Receipt>(first);
      assert.equal(receipt.status, 'hold');
      const retries = await Promise.all(Array.from({ length: 5 }, () => send()));
      for (const r of retries) {
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('idempotent-replayed'), 'true');
        assert.deepEqual(await json<Receipt>(r), receipt);
      }
      assert.equal((await staffList()).filter((i) => i.venue === venue).length, before + 1);
      // The same key with another body: a machine-readable conflict, nothing stored.
      await problem(await send({ attendance: 301 }), 409, 'idempotency_conflict');
      // Another key for the same days is a new attempt: the queue.
      const other = await send({ name: 'Toinen' }, 'other-0123456789abcdef');
      assert.equal(other.status, 201);
      const queued = await json<Receipt>(other);
      assert.equal(queued.status, 'queued');
      const again = await send({ name: 'Toinen' }, 'other-0123456789abcdef');
      assert.equal(again.status, 200);
      assert.deepEqual(await json<Receipt>(again), queued);
      assert.equal((await staffList()).filter((i) => i.venue === venue).length, before + 2);
      // A malformed key is refused.
      await problem(await send({}, 'short'), 400, 'idempotency_key_missing');
    });
  });
}
