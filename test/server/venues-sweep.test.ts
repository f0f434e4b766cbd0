/**
 * The active expiry sweep of venue holds, on both databases, with a clock the test moves:
 * a lapsed hold is expired and the first in its queue promoted by the sweep alone (no request
 * reads the venue), with one email notice (log + venue_notices) and one signed webhook each;
 * two sweepers racing over the same holds — on PostgreSQL two app instances with their own
 * pools on one database — make each lapse and promotion once and send each notice once; a venue
 * locked by someone else is skipped, not waited for; the timer runs at the configured interval
 * and `stop()` waits for a sweep in flight; a server's shutdown stops the sweep before it closes
 * the database.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApp, type LuukkuApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDb, type Db } from '../../src/server/db/index.js';
import { createLogger } from '../../src/server/logger.js';
import { listen } from '../../src/server/serve.js';
import { VenueService } from '../../src/server/venues/service.js';
import { VenueSweeper } from '../../src/server/venues/sweeper.js';
import { venueOptionsFromEnv } from '../../src/server/venues/settings.js';
import { contract, createPostgresDatabase, json, openMemoryPglite, STAFF_KEY, targets } from './helpers.js';

const CITY = 'demo-kaupunki';
const SECRET = 'sweep-webhook-secret-0123456789';
const START = new Date('2027-05-03T09:00:00Z');
const DAY = 86_400_000;

interface Hook {
  event: string;
  signature: string;
  body: string;
}
interface Receipt {
  id: string;
  status: 'hold' | 'queued';
  position?: number;
  cancelToken: string;
}

/** One app instance on `db` with the shared test clock, its own webhook recorder and log. */
async function instance(db: Db, clock: () => Date, sweepIntervalMs = 0) {
  const config = loadConfig(
    {},
    {
      databaseUrl: db.kind === 'pglite' ? 'memory://' : 'postgres://test',
      demoStaffKey: STAFF_KEY,
      logLevel: 'silent',
      rateLimitPerMinute: 0,
      authFailuresPerMinute: 0,
      distDir: '/nonexistent/dist',
      demoDir: '/nonexistent/demo',
    },
  );
  const hooks: Hook[] = [];
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger('info', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  const built = await createApp({
    db,
    config,
    logger,
    contract: contract(),
    announce: () => {},
    venues: {
      now: clock,
      cancelPage: 'https://kaupunki.example/tapahtumat',
      sweepIntervalMs,
      webhook: { url: 'https://hooks.example/venues', secret: SECRET },
      sendWebhook: (_url, init) => {
        hooks.push({ event: init.headers['x-luukku-event']!, signature: init.headers['x-luukku-signature']!, body: init.body });
        return Promise.resolve();
      },
    },
  });
  const emails = () => logs.filter((l) => l.msg === 'venue notice (email, demo: not sent)');
  return { ...built, db, hooks, logs, emails };
}
type Instance = Awaited<ReturnType<typeof instance>>;

async function reserve(app: LuukkuApp['app'], venue: string, name: string, startDate: string, endDate = startDate): Promise<Receipt> {
  const res = await app.request(`/v1/venues/${venue}/reservations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ startDate, endDate, name, email: `${name.toLowerCase()}@example.org`, eventName: 'Tapahtuma', attendance: 50 }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return json<Receipt>(res);
}

/** Cancels what is still active, latest first (so nothing is promoted), so the next test starts with no due holds. */
async function cancelAll(app: LuukkuApp['app'], receipts: Receipt[]): Promise<void> {
  for (const r of [...receipts].reverse()) {
    const res = await app.request('/v1/venue-reservations/cancel', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: r.cancelToken }),
    });
    assert.ok(res.status === 200 || res.status === 410, `${res.status} ${await res.text()}`);
  }
}

/** The stored state of reservations, straight from the table (no request that would lapse them lazily). */
async function statuses(db: Db, ids: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string; status: string }>(
    'SELECT id::text, status FROM venue_reservations WHERE id = ANY($1::uuid[])',
    [ids],
  );
  const by = new Map(rows.map((r) => [r.id, r.status]));
  return ids.map((id) => by.get(id) ?? 'missing');
}
async function notices(db: Db, id: string): Promise<string[]> {
  const { rows } = await db.query<{ event: string; channel: string }>(
    'SELECT event, channel FROM venue_notices WHERE reservation_id = $1 ORDER BY id',
    [id],
  );
  return rows.map((r) => `${r.event}/${r.channel}`);
}

const verify = (h: Hook): boolean => {
  const [t, v1] = h.signature.split(',').map((p) => p.split('=')[1]);
  return createHmac('sha256', SECRET).update(`${t}.${h.body}`).digest('hex') === v1;
};
const until = async (what: string, ok: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

for (const target of targets()) {
  describe(`venue hold sweep on ${target.name}`, () => {
    let clock = START;
    let a: Instance;
    /** The second instance: on PostgreSQL its own app and pool on the same database; on PGlite (one process) a second service on the same Db. */
    let b: { sweeper: VenueSweeper; hooks: Hook[]; db: Db; close?: () => Promise<void> };
    let drop: (() => Promise<void>) | undefined;

    before(async () => {
      if (target.name === 'postgres') {
        const fresh = await createPostgresDatabase(process.env.DATABASE_URL!, 'luukku_sw');
        drop = fresh.drop;
        const open = (): Promise<Db> => openDb({ databaseUrl: fresh.url, dataDir: '', pgPoolSize: 4 });
        a = await instance(await open(), () => clock);
        const other = await instance(await open(), () => clock);
        b = { sweeper: other.venues.sweeper, hooks: other.hooks, db: other.db, close: () => other.db.close() };
      } else {
        a = await instance(await target.open(), () => clock);
        const hooks: Hook[] = [];
        const service = new VenueService(
          a.db,
          createLogger('error', () => {}),
          {
            now: () => clock,
            cancelPage: 'https://kaupunki.example/tapahtumat',
            webhook: { url: 'https://hooks.example/venues', secret: SECRET },
            sendWebhook: (_url, init) => {
              hooks.push({ event: init.headers['x-luukku-event']!, signature: init.headers['x-luukku-signature']!, body: init.body });
              return Promise.resolve();
            },
          },
        );
        b = { sweeper: new VenueSweeper(service, 0), hooks, db: a.db };
      }
    });
    after(async () => {
      await a.stop();
      await b.sweeper.stop();
      await a.db.close();
      await b.close?.();
      await drop?.();
    });

    it('the sweep alone lapses a hold and promotes the first in the queue, with one email and one signed webhook each', async () => {
      clock = START;
      const hold = await reserve(a.app, 'laululava', 'Aino', '2027-08-10', '2027-08-11');
      const first = await reserve(a.app, 'laululava', 'Bertta', '2027-08-11');
      const second = await reserve(a.app, 'laululava', 'Cecilia', '2027-08-10', '2027-08-11');
      assert.deepEqual([hold.status, first.status, first.position, second.status, second.position], ['hold', 'queued', 1, 'queued', 2]);
      const hooksBefore = a.hooks.length;
      const emailsBefore = a.emails().length;

      clock = new Date(START.getTime() + 7 * DAY - 1000);
      assert.deepEqual(await a.venues.sweeper.runOnce(), { venues: 0, expired: 0, promoted: 0, skipped: 0 }, 'a second early: nothing');
      clock = new Date(START.getTime() + 7 * DAY);
      // Nothing has read the venue since: only the sweep can change these rows.
      assert.deepEqual(await statuses(a.db, [hold.id, first.id, second.id]), ['hold', 'queued', 'queued']);
      assert.deepEqual(await a.venues.sweeper.runOnce(), { venues: 1, expired: 1, promoted: 1, skipped: 0 });
      assert.deepEqual(await statuses(a.db, [hold.id, first.id, second.id]), ['expired', 'hold', 'queued']);
      const promoted = await a.db.query<{ expires_at: Date | string }>('SELECT expires_at FROM venue_reservations WHERE id = $1', [
        first.id,
      ]);
      assert.equal(new Date(promoted.rows[0]!.expires_at).toISOString(), new Date(clock.getTime() + 7 * DAY).toISOString());

      assert.deepEqual(await notices(a.db, hold.id), ['hold-created/email', 'hold-created/webhook', 'expired/email', 'expired/webhook']);
      assert.deepEqual(await notices(a.db, first.id), ['queued/email', 'queued/webhook', 'promoted/email', 'promoted/webhook']);
      assert.deepEqual(await notices(a.db, second.id), ['queued/email', 'queued/webhook']);
      const sent = a.hooks.slice(hooksBefore);
      assert.deepEqual(
        sent.map((h) => h.event),
        ['venue.reservation.expired', 'venue.reservation.promoted'],
      );
      assert.ok(sent.every(verify), 'signed with the shared secret');
      const body = JSON.parse(sent[1]!.body) as { reservation: { id: string; expiresAt: string }; cancelUrl: string };
      assert.equal(body.reservation.id, first.id);
      assert.equal(body.cancelUrl, `https://kaupunki.example/tapahtumat?venue-cancel=${first.cancelToken}`);
      const emails = a.emails().slice(emailsBefore);
      assert.deepEqual(
        emails.map((e) => [e.event, e.reservation]),
        [
          ['expired', hold.id],
          ['promoted', first.id],
        ],
      );
      // Run again: nothing left to do, nothing sent twice.
      assert.deepEqual(await a.venues.sweeper.runOnce(), { venues: 0, expired: 0, promoted: 0, skipped: 0 });
      assert.equal(a.hooks.length, hooksBefore + 2);
      // The public list agrees (Bertta's day is held now, Aino's first day is free).
      const list = await json<{ venues: { id: string; busy: { startDate: string; status: string }[] }[] }>(
        await a.app.request(`/v1/venues?organisation=${CITY}`),
      );
      assert.deepEqual(
        list.venues.find((v) => v.id === 'laululava')!.busy.map((x) => [x.startDate, x.status]),
        [['2027-08-11', 'held']],
      );
      await cancelAll(a.app, [hold, first, second]);
    });

    it('two sweepers racing over the same lapsed holds: every lapse and promotion once, every notice once', async () => {
      clock = new Date('2027-06-01T09:00:00Z');
      const venues = ['kauppatori', 'rantapuisto', 'urheilukentta', 'kulttuurisali', 'uimaranta', 'koulunpiha', 'torni-aukio'];
      const holds: Receipt[] = [];
      const queued: Receipt[] = [];
      for (const [i, v] of venues.entries()) {
        const day = `2027-09-${String(10 + i).padStart(2, '0')}`;
        holds.push(await reserve(a.app, v, `Hold${i}`, day));
        queued.push(await reserve(a.app, v, `Queue${i}`, day));
      }
      const hooksBefore = a.hooks.length + b.hooks.length;
      clock = new Date(clock.getTime() + 8 * DAY);
      // At once: a's sweeper, b's sweeper and one more sweep of a's service (runOnce() calls in one process share a run).
      const results = await Promise.all([a.venues.sweeper.runOnce(), b.sweeper.runOnce(), a.venues.service.sweep()]);
      const again = await Promise.all([a.venues.sweeper.runOnce(), b.sweeper.runOnce()]);
      const total = [...results, ...again].reduce((s, r) => ({ expired: s.expired + r.expired, promoted: s.promoted + r.promoted }), {
        expired: 0,
        promoted: 0,
      });
      assert.deepEqual(total, { expired: venues.length, promoted: venues.length }, JSON.stringify(results));
      assert.ok(
        (
          await statuses(
            a.db,
            holds.map((h) => h.id),
          )
        ).every((s) => s === 'expired'),
      );
      assert.ok(
        (
          await statuses(
            a.db,
            queued.map((h) => h.id),
          )
        ).every((s) => s === 'hold'),
      );
      for (const h of holds)
        assert.deepEqual(
          (await notices(a.db, h.id)).filter((n) => n.startsWith('expired/')),
          ['expired/email', 'expired/webhook'],
        );
      for (const q of queued)
        assert.deepEqual(
          (await notices(a.db, q.id)).filter((n) => n.startsWith('promoted/')),
          ['promoted/email', 'promoted/webhook'],
        );
      const sent = [...a.hooks, ...b.hooks].filter((h) => h.event.endsWith('.expired') || h.event.endsWith('.promoted'));
      const ids = sent.map((h) => `${h.event} ${(JSON.parse(h.body) as { reservation: { id: string } }).reservation.id}`);
      for (const r of holds)
        assert.equal(ids.filter((x) => x === `venue.reservation.expired ${r.id}`).length, 1, `one expiry webhook for ${r.id}`);
      for (const r of queued)
        assert.equal(ids.filter((x) => x === `venue.reservation.promoted ${r.id}`).length, 1, `one promotion webhook for ${r.id}`);
      assert.equal(a.hooks.length + b.hooks.length - hooksBefore, 2 * venues.length);
      await cancelAll(
        a.app,
        holds.flatMap((h, i) => [h, queued[i]!]),
      );
    });

    it(
      'a venue whose lock someone else holds is skipped at once and swept at the next run',
      { skip: target.name !== 'postgres' },
      async () => {
        clock = new Date('2027-06-20T09:00:00Z');
        const hold = await reserve(a.app, 'laululava', 'Lukko', '2027-10-01');
        const next = await reserve(a.app, 'laululava', 'Seuraava', '2027-10-01');
        clock = new Date(clock.getTime() + 7 * DAY);
        // A transaction on the other instance holds the venue's row lock (as a slow request would).
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        let locked!: () => void;
        const isLocked = new Promise<void>((r) => (locked = r));
        const holder = b.db.transaction(async (tx) => {
          await tx.query('SELECT id FROM venues WHERE id = $1 FOR UPDATE', ['laululava']);
          locked();
          await released;
        });
        await isLocked;
        const started = Date.now();
        const r = await a.venues.sweeper.runOnce();
        assert.deepEqual(r, { venues: 0, expired: 0, promoted: 0, skipped: 1 });
        assert.ok(Date.now() - started < 5000, 'did not wait for the lock');
        assert.deepEqual(await statuses(a.db, [hold.id, next.id]), ['hold', 'queued']);
        release();
        await holder;
        assert.deepEqual(await a.venues.sweeper.runOnce(), { venues: 1, expired: 1, promoted: 1, skipped: 0 });
        assert.deepEqual(await statuses(a.db, [hold.id, next.id]), ['expired', 'hold']);
      },
    );

    it('the timer sweeps at the configured interval; stop() waits for a sweep in flight and no sweep runs after it', async () => {
      clock = new Date('2027-07-01T09:00:00Z');
      const hold = await reserve(a.app, 'urheilukentta', 'Ajastin', '2027-11-02');
      const next = await reserve(a.app, 'urheilukentta', 'Jonossa', '2027-11-02');
      let calls = 0;
      const gate: { wait?: Promise<void> } = {};
      const service = a.venues.service;
      const sweeper = new VenueSweeper(
        {
          sweep: async () => {
            calls++;
            await gate.wait;
            return service.sweep();
          },
        },
        40,
      );
      sweeper.start(0);
      await until('two timer runs', () => calls >= 2);
      assert.deepEqual(await statuses(a.db, [hold.id, next.id]), ['hold', 'queued'], 'not yet due');
      clock = new Date(clock.getTime() + 7 * DAY);
      await until('the timer to lapse the hold', async () => (await statuses(a.db, [hold.id]))[0] === 'expired');
      assert.deepEqual(await statuses(a.db, [next.id]), ['hold']);
      // A sweep in flight: stop() resolves only after it.
      let open!: () => void;
      gate.wait = new Promise<void>((r) => (open = r));
      const before = calls;
      await until('the next run to start', () => calls > before);
      let stopped = false;
      const stopping = sweeper.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(stopped, false, 'stop() waits for the sweep in flight');
      open();
      await stopping;
      assert.equal(sweeper.running, false);
      const after = calls;
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(calls, after, 'no sweep after stop()');
      await cancelAll(a.app, [hold, next]);
    });
  });
}

describe('venue sweep and the server’s shutdown (pglite)', () => {
  it('the server started with a sweep interval runs it, and shutdown stops it before closing the database', async () => {
    let clock = new Date('2027-05-03T09:00:00Z');
    const db = await openMemoryPglite();
    const node = await instance(db, () => clock, 50);
    const hold = await reserve(node.app, 'koulunpiha', 'Sulku', '2027-06-15');
    const next = await reserve(node.app, 'koulunpiha', 'Jono', '2027-06-15');
    const running = await listen(node.app, {
      port: 0,
      host: '127.0.0.1',
      db,
      logger: createLogger('error', () => {}),
      beforeDbClose: node.stop,
    });
    clock = new Date(clock.getTime() + 7 * DAY);
    await until('the server’s own sweep', async () => (await statuses(db, [hold.id, next.id])).join() === 'expired,hold');
    assert.ok(node.logs.some((l) => l.msg === 'venue holds lapsed by the sweep' && l.expired === 1 && l.promoted === 1));
    assert.equal(node.venues.sweeper.running, true);
    await running.shutdown('test');
    assert.equal(node.venues.sweeper.running, false, 'the timer is gone');
    assert.ok(!node.logs.some((l) => l.msg === 'venue sweep failed'), 'no sweep ran into the closed database');
  });

  it('LUUKKU_VENUE_SWEEP_SECONDS sets the interval (default 60 s, 0 = off); anything else stops the start', () => {
    const config = { publicOrigin: 'https://luukku.example', host: '127.0.0.1', port: 8080 };
    assert.equal(venueOptionsFromEnv({}, config).sweepIntervalMs, 60_000);
    assert.equal(venueOptionsFromEnv({ LUUKKU_VENUE_SWEEP_SECONDS: '5' }, config).sweepIntervalMs, 5_000);
    assert.equal(venueOptionsFromEnv({ LUUKKU_VENUE_SWEEP_SECONDS: '0' }, config).sweepIntervalMs, 0);
    assert.throws(() => venueOptionsFromEnv({ LUUKKU_VENUE_SWEEP_SECONDS: '-1' }, config), /LUUKKU_VENUE_SWEEP_SECONDS/);
    assert.throws(() => venueOptionsFromEnv({ LUUKKU_VENUE_SWEEP_SECONDS: 'soon' }, config), /LUUKKU_VENUE_SWEEP_SECONDS/);
  });
});
