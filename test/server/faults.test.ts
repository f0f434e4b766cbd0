/**
 * Attacking the server: text PostgreSQL cannot store, impossible dates, the database's own
 * data errors, a database that stops answering, forged proxy headers, guessing staff keys.
 * Every one is a 4xx or a 503 with Retry-After, never a 500.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openDb, type Db } from '../../src/server/db/index.js';
import { encodeCursor } from '../../src/server/feedback/repository.js';
import { buildApp, json, ORG, OTHER_ORG, post, problem, selfAssessment, staff, submission, targets, type TestApp } from './helpers.js';

const NUL = '\u0000';
const HIGH = '\uD800';
const LOW = '\uDC00';

for (const target of targets()) {
  describe(`bad text and dates on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildApp(target);
    });
    after(async () => {
      await t.close();
    });
    const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback')).rows[0]!.n;

    it('NUL or a lone surrogate in any string field of a submission → 400 naming the field, nothing stored', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ freeText: `hyvä${NUL}palvelu` }, '/freeText'],
        [{ freeText: `puolikas ${HIGH} merkki` }, '/freeText'],
        [{ freeText: `${LOW}alussa` }, '/freeText'],
        [{ contact: { name: `Matti${NUL}`, email: 'm@example.fi' } }, '/contact/name'],
        [{ contact: { name: 'Matti', email: `m${HIGH}@example.fi` } }, '/contact/email'],
        [{ serviceEvent: `T-1${NUL}` }, '/serviceEvent'],
        [{ website: `x${NUL}` }, '/website'],
        [{ organisation: `demo${HIGH}` }, '/organisation'],
        [{ answers: { [`overall${NUL}`]: 4 } }, `/answers/overall${NUL}`],
        [{ questionnaire: { id: `national${LOW}`, version: 1 } }, '/questionnaire/id'],
      ];
      for (const [override, pointer] of cases) {
        const res = await post(t, '/v1/feedback', submission(override));
        const p = await problem(res, 400, 'validation_failed');
        assert.ok(
          p.errors?.some((e) => e.pointer === pointer),
          `${JSON.stringify(override)} → ${JSON.stringify(p.errors)}`,
        );
      }
      const sa = await post(t, '/v1/self-assessments', selfAssessment({ freeText: `a${NUL}b` }), { headers: staff() });
      assert.ok((await problem(sa, 400, 'validation_failed')).errors?.some((e) => e.pointer === '/freeText'));
      const ev = await post(
        t,
        '/v1/permits/evaluate',
        { organisation: 'demo-kaupunki', mode: 'events', answers: { venue: `x${HIGH}` } },
        { key: null },
      );
      assert.ok((await problem(ev, 400, 'validation_failed')).errors?.some((e) => e.pointer === '/answers/venue'));
      assert.equal(await count(), before, 'nothing reached the database');
      // A well-formed pair (an emoji) is text like any other, counted as one character.
      const ok = await post(t, '/v1/feedback', submission({ freeText: 'Kiitos 🚒' }));
      assert.equal(ok.status, 201);
    });

    it('the same in query parameters, and bytes that are not UTF-8', async () => {
      const q = (s: string) => t.app.request(s, { headers: staff() });
      for (const [url, pointer] of [
        [`/v1/feedback/form?organisation=${ORG}&service=other%00`, '/service'],
        [`/v1/feedback?organisation=${ORG}&service=a%00b`, '/service'],
        [`/v1/feedback/summary?organisation=${ORG}&from=2026-01-01%00`, '/from'],
        [`/v1/permits/processing-times?organisation=demo-kaupunki%00&mode=events`, '/organisation'],
      ] as const) {
        const p = await problem(await q(url), 400, 'validation_failed');
        assert.ok(
          p.errors?.some((e) => e.pointer === pointer),
          `${url} → ${JSON.stringify(p.errors)}`,
        );
      }
      // %ED%A0%80 is a surrogate encoded as UTF-8 (CESU-8): not valid UTF-8; %FF neither.
      for (const url of [`/v1/feedback/form?organisation=${ORG}&service=%ED%A0%80`, `/v1/feedback/form?organisation=%FF&service=other`]) {
        const res = await q(url);
        assert.ok(res.status === 400 || res.status === 404, `${url} → ${res.status}`);
        await problem(res, res.status, res.status === 400 ? 'validation_failed' : 'unknown_organisation');
      }
    });

    it('impossible dates in a query or a cursor → 400 before the database', async () => {
      for (const bad of ['0000-01-01', '2026-02-30', '2025-02-29', '2026-13-01', '2026-04-31', '10000-01-01', '-0001-01-01']) {
        for (const path of ['/v1/feedback', '/v1/feedback/summary']) {
          for (const name of ['from', 'to']) {
            const res = await t.app.request(`${path}?organisation=${ORG}&${name}=${bad}`, { headers: staff() });
            const p = await problem(res, 400, 'validation_failed');
            assert.ok(
              p.errors?.some((e) => e.pointer === `/${name}`),
              `${path} ${name}=${bad}`,
            );
          }
        }
        const ev = await post(
          t,
          '/v1/permits/evaluate',
          { organisation: 'demo-kaupunki', mode: 'events', answers: {}, today: bad },
          { key: null },
        );
        await problem(ev, 400, 'validation_failed');
      }
      // Leap days that exist are fine.
      assert.equal(
        (await t.app.request(`/v1/feedback?organisation=${ORG}&from=2024-02-29&to=2028-02-29`, { headers: staff() })).status,
        200,
      );
      const id = '00000000-0000-4000-8000-000000000000';
      const cursors = [
        Buffer.from(`2026-02-30T10:00:00.000Z|${id}`).toString('base64url'),
        Buffer.from(`0000-01-01T00:00:00.000Z|${id}`).toString('base64url'),
        Buffer.from(`2026-01-01T24:00:00.000Z|${id}`).toString('base64url'),
        Buffer.from(`+275760-09-13T00:00:00.000Z|${id}`).toString('base64url'),
      ];
      for (const c of cursors) {
        const res = await t.app.request(`/v1/feedback?organisation=${ORG}&before=${c}`, { headers: staff() });
        assert.ok((await problem(res, 400, 'validation_failed')).errors?.some((e) => e.pointer === '/before'));
      }
      const good = encodeCursor(new Date('2026-01-01T10:00:00Z'), id);
      assert.equal((await t.app.request(`/v1/feedback?organisation=${ORG}&before=${good}`, { headers: staff() })).status, 200);
    });

    it('the database’s data errors (22xxx) are a 400, never a 500', async () => {
      const original = t.db.query;
      for (const [code, message] of [
        ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
        ['22008', 'date/time field value out of range'],
        ['22007', 'invalid input syntax for type date'],
        ['22003', 'value out of range for type integer'],
        ['22P05', 'unsupported Unicode escape sequence'],
      ] as const) {
        t.db.query = () => Promise.reject(Object.assign(new Error(message), { code }));
        try {
          const res = await t.app.request(`/v1/feedback?organisation=${ORG}`, { headers: staff() });
          await problem(res, 400, 'validation_failed');
          const write = await post(t, '/v1/feedback', submission());
          await problem(write, 400, 'validation_failed');
        } finally {
          t.db.query = original;
        }
      }
      assert.ok(t.logs.some((l) => l.msg === 'database refused a value' && l.code === 'validation_failed'));
      assert.ok(!t.logs.some((l) => l.msg === 'unhandled error'));
    });
  });

  describe(`database down on ${target.name}`, () => {
    it('a Db whose queries fail with connection errors: writes and reads 503 with Retry-After, then recover', async () => {
      const t = await buildApp(target);
      const original = t.db.query;
      try {
        const failures: Error[] = [
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
          new Error('Connection terminated unexpectedly'),
          Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
          Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
          new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], ''),
        ];
        for (const failure of failures) {
          t.db.query = () => Promise.reject(failure);
          const res = await post(t, '/v1/feedback', submission());
          assert.equal(res.headers.get('retry-after'), '5', failure.message);
          await problem(res, 503, 'database_unavailable');
          const sa = await post(t, '/v1/self-assessments', selfAssessment(), { headers: staff() });
          await problem(sa, 503, 'database_unavailable');
          await problem(await t.app.request(`/v1/feedback?organisation=${ORG}`, { headers: staff() }), 503, 'database_unavailable');
        }
        t.db.query = original;
        assert.equal((await post(t, '/v1/feedback', submission())).status, 201, 'recovers when the database answers');
        assert.ok(t.logs.some((l) => l.msg === 'database unavailable' && l.level === 'error'));
        assert.ok(!t.logs.some((l) => l.msg === 'unhandled error'));
      } finally {
        t.db.query = original;
        await t.close();
      }
    });

    if (target.name === 'pglite') {
      it('a closed PGlite answers 503, not 500', async () => {
        const t = await buildApp(target);
        await t.db.close();
        const res = await post(t, '/v1/feedback', submission());
        await problem(res, 503, 'database_unavailable');
        assert.equal((await t.app.request('/health')).status, 503);
      });
    } else {
      it('PostgreSQL stops answering mid-test (its connection cut): 503 with Retry-After, then recovery', async () => {
        const proxy = await tcpProxy(new URL(process.env.DATABASE_URL!));
        const db = await openThrough(proxy.port);
        const t = await buildApp(target, {}, { db });
        try {
          assert.equal((await post(t, '/v1/feedback', submission())).status, 201);
          proxy.down();
          const res = await post(t, '/v1/feedback', submission());
          assert.equal(res.headers.get('retry-after'), '5');
          await problem(res, 503, 'database_unavailable');
          await problem(await t.app.request(`/v1/feedback/summary?organisation=${ORG}`, { headers: staff() }), 503, 'database_unavailable');
          await new Promise((r) => setTimeout(r, 1100)); // /health trusts a success for 1 s
          assert.equal((await t.app.request('/health')).status, 503);
          proxy.up();
          assert.equal((await post(t, '/v1/feedback', submission())).status, 201, 'recovers');
        } finally {
          proxy.up();
          await t.close();
          await proxy.close();
        }
      });
    }
  });

  describe(`proxies, origins and staff keys on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildApp(target);
    });
    after(async () => {
      await t.close();
    });

    it('LUUKKU_TRUST_PROXY=1: the client is the rightmost X-Forwarded-For entry; rotating the rest does not escape the limit', async () => {
      const limited = await buildApp(target, { rateLimitPerMinute: 6, rateLimitBurst: 2, trustProxyHops: 1 }, { db: t.db });
      const via = (forged: string) => ({ headers: { 'x-forwarded-for': `${forged}, 203.0.113.7` } });
      assert.equal((await post(limited, '/v1/feedback', submission(), via('10.0.0.1'))).status, 201);
      assert.equal((await post(limited, '/v1/feedback', submission(), via('10.0.0.2'))).status, 201);
      for (const forged of ['10.0.0.3', '10.0.0.4, 10.0.0.5', randomBytes(4).join('.')]) {
        await problem(await post(limited, '/v1/feedback', submission(), via(forged)), 429, 'rate_limited');
      }
      // Another real client (another rightmost address) has its own bucket.
      assert.equal(
        (await post(limited, '/v1/feedback', submission(), { headers: { 'x-forwarded-for': '10.0.0.1, 198.51.100.9' } })).status,
        201,
      );
      // Two trusted hops: the second from the right.
      const two = await buildApp(target, { rateLimitPerMinute: 6, rateLimitBurst: 1, trustProxyHops: 2 }, { db: t.db });
      assert.equal(
        (await post(two, '/v1/feedback', submission(), { headers: { 'x-forwarded-for': 'x, 192.0.2.1, 10.1.1.1' } })).status,
        201,
      );
      await problem(
        await post(two, '/v1/feedback', submission(), { headers: { 'x-forwarded-for': 'y, 192.0.2.1, 10.1.1.2' } }),
        429,
        'rate_limited',
      );
      // Without LUUKKU_TRUST_PROXY, X-Forwarded-For is not read at all.
      const direct = await buildApp(target, { rateLimitPerMinute: 6, rateLimitBurst: 1 }, { db: t.db });
      assert.equal((await post(direct, '/v1/feedback', submission(), { headers: { 'x-forwarded-for': '1.1.1.1' } })).status, 201);
      await problem(await post(direct, '/v1/feedback', submission(), { headers: { 'x-forwarded-for': '2.2.2.2' } }), 429, 'rate_limited');
    });

    it('a forged X-Forwarded-Host does not make a foreign origin pass as the server’s own', async () => {
      const behind = await buildApp(target, { trustProxyHops: 1 }, { db: t.db });
      const forged = {
        origin: 'https://evil.example',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '203.0.113.7',
      };
      await problem(
        await post(behind, '/v1/feedback', submission({ organisation: OTHER_ORG }), { headers: forged }),
        403,
        'origin_not_allowed',
      );
      // The configured public origin is the server's own, whatever the headers say…
      const configured = await buildApp(target, { trustProxyHops: 1, publicOrigin: 'https://luukku.example.fi' }, { db: t.db });
      const own = await post(configured, '/v1/feedback', submission({ organisation: OTHER_ORG }), {
        headers: { origin: 'https://luukku.example.fi' },
      });
      assert.equal(own.status, 201);
      await problem(
        await post(configured, '/v1/feedback', submission({ organisation: OTHER_ORG }), { headers: forged }),
        403,
        'origin_not_allowed',
      );
      // …and then the request's own Host no longer counts.
      await problem(
        await post(configured, '/v1/feedback', submission({ organisation: OTHER_ORG }), { headers: { origin: 'http://localhost' } }),
        403,
        'origin_not_allowed',
      );
    });

    it('failed staff authentications are rate-limited per client: 429 with Retry-After, even for the right key', async () => {
      const guarded = await buildApp(target, { authFailuresPerMinute: 3, trustProxyHops: 1 }, { db: t.db });
      const from = (ip: string, key: string) => ({ headers: { ...staff(key), 'x-forwarded-for': ip } });
      const list = (ip: string, key: string) => guarded.app.request(`/v1/feedback?organisation=${ORG}`, from(ip, key));
      for (let i = 0; i < 3; i++) await problem(await list('10.9.9.9', `wrong-${i}`), 401, 'unauthorized');
      const blocked = await list('10.9.9.9', 'wrong-again');
      assert.ok(Number(blocked.headers.get('retry-after')) >= 1);
      await problem(blocked, 429, 'rate_limited');
      // While blocked, the right key does not help: guessing gets no answer either way.
      const rightKey = t.keys[ORG] ?? '';
      await problem(await list('10.9.9.9', rightKey), 429, 'rate_limited');
      await problem(await post(guarded, '/v1/self-assessments', selfAssessment(), from('10.9.9.9', rightKey)), 429, 'rate_limited');
      // Another client is not blocked; successes cost nothing.
      for (let i = 0; i < 5; i++) assert.equal((await list('10.8.8.8', rightKey)).status, 200);
      const page = await json<{ items: unknown[] }>(await list('10.8.8.8', rightKey));
      assert.ok(Array.isArray(page.items));
    });
  });
}

// ---- a TCP proxy in front of PostgreSQL, to cut the database off mid-test -----------------

interface Proxy {
  port: number;
  /** Cuts every connection and refuses new ones. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

async function tcpProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let isDown = false;
  const server: Server = createServer((client) => {
    if (isDown) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    down() {
      isDown = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    up() {
      isDown = false;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A fresh database on the PostgreSQL of DATABASE_URL, opened through the proxy on `port`. */
async function openThrough(port: number): Promise<Db> {
  const url = new URL(process.env.DATABASE_URL!);
  const name = `luukku_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const via = new URL(url.toString());
  via.hostname = '127.0.0.1';
  via.port = String(port);
  via.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: via.toString(), dataDir: '', pgPoolSize: 3 });
  const close = db.close.bind(db);
  db.close = async () => {
    await close().catch(() => {});
    const a = new pg.Client({ connectionString: url.toString() });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  return db;
}
