/**
 * Project webhooks with several workers on one database: each delivery is claimed by exactly one
 * worker (UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING, with a lease), so a
 * change is sent once even when two server instances run the loop at the same moment; a lease
 * left by a worker that died expires and the delivery is sent by another. On PGlite: two workers
 * on one database; with DATABASE_URL (scripts/with-postgres.sh): two app instances, each with its
 * own connection pool, on one PostgreSQL database.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { openDb, type Db } from '../../src/server/db/index.js';
import { CLAIM_BATCH, WebhookWorker, webhookWorkers } from '../../src/server/projects/webhooks.js';
import { buildApp, createPostgresDatabase, json, targets, type TestApp } from './helpers.js';

const CITY = 'demo-kaupunki';

/** A receiver that answers slowly (so two workers overlap) and counts each delivery id. */
async function receiver(): Promise<{ server: Server; url: string; seen: Map<string, number> }> {
  const seen = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['x-luukku-delivery']);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      setTimeout(() => {
        res.statusCode = 204;
        res.end();
      }, 15);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return { server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`, seen };
}

for (const target of targets()) {
  describe(`project webhooks, two workers on one database (${target.name})`, () => {
    let a: TestApp;
    let b: TestApp | undefined;
    let workers: [WebhookWorker, WebhookWorker];
    let hook: Awaited<ReturnType<typeof receiver>>;
    let dropDb: (() => Promise<void>) | undefined;

    before(async () => {
      hook = await receiver();
      if (target.name === 'postgres') {
        // One database, two app instances with their own pools (as two processes would have).
        const fresh = await createPostgresDatabase(process.env.DATABASE_URL!, 'luukku_w');
        dropDb = fresh.drop;
        const open = (): Promise<Db> => openDb({ databaseUrl: fresh.url, dataDir: '', pgPoolSize: 4 });
        a = await buildApp(target, {}, { db: await open() });
        b = await buildApp(target, {}, { db: await open() });
        workers = [webhookWorkers.get(a.db)!, webhookWorkers.get(b.db)!];
      } else {
        a = await buildApp(target);
        workers = [webhookWorkers.get(a.db)!, new WebhookWorker(a.db)];
      }
    });
    after(async () => {
      for (const w of workers) w.stop();
      await new Promise((r) => hook.server.close(r));
      await a.close();
      await b?.close();
      await dropDb?.();
    });

    const send = (t: TestApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      t.app.request(path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    const deliveries = async (): Promise<{ id: string; status: string; attempts: number }[]> =>
      (
        await a.db.query<{ id: string; status: string; attempts: number }>(
          'SELECT id::text, status, attempts FROM project_webhook_deliveries ORDER BY id',
        )
      ).rows;

    it('every change is delivered exactly once while both workers run at the same time', async () => {
      for (const w of workers) w.stop(); // no timers: the test decides when the loops run
      const sub = await send(
        a,
        'POST',
        '/v1/project-webhooks',
        { organisation: CITY, url: hook.url },
        { authorization: `Bearer ${a.keys[CITY]}` },
      );
      assert.equal(sub.status, 201, await sub.clone().text());
      // Changes through both instances: more than two claim batches' worth.
      const created = await json<{ token: string }>(await send(a, 'POST', '/v1/projects', { title: 'Torikonsertti', organisation: CITY }));
      const other = b ?? a;
      for (let i = 0; i < CLAIM_BATCH * 2 + 5; i++) {
        const res = await send(i % 2 ? other : a, 'POST', `/v1/projects/${created.token}/milestones`, {
          kind: 'other',
          date: '2030-01-01',
          title: `M${i}`,
        });
        assert.equal(res.status, 201, await res.clone().text());
      }
      const queued = await deliveries();
      assert.equal(queued.length, CLAIM_BATCH * 2 + 6);
      const [x, y] = await Promise.all([workers[0].runOnce(), workers[1].runOnce()]);
      assert.equal(x + y, queued.length, 'every delivery delivered by one of the two');
      for (const d of queued) assert.equal(hook.seen.get(d.id), 1, `delivery ${d.id} sent ${hook.seen.get(d.id) ?? 0} times`);
      assert.ok((await deliveries()).every((d) => d.status === 'delivered' && d.attempts === 1));
      // Nothing is left to claim: another round sends nothing.
      assert.deepEqual(await Promise.all([workers[0].runOnce(), workers[1].runOnce()]), [0, 0]);
    });

    it('a lease left by a worker that died expires; the delivery is then sent once by another', async () => {
      const created = await json<{ token: string }>(await send(a, 'POST', '/v1/projects', { title: 'Syysmarkkinat', organisation: CITY }));
      const { rows } = await a.db.query<{ id: string }>(
        `UPDATE project_webhook_deliveries SET claim_token = 'dead-worker', claimed_until = now() + interval '2 minutes'
          WHERE status = 'pending' RETURNING id::text`,
      );
      assert.equal(rows.length, 1, created.token ? 'the project-created notice' : '');
      assert.deepEqual(await Promise.all([workers[0].runOnce(), workers[1].runOnce()]), [0, 0], 'a live lease is not taken');
      const later = new Date(Date.now() + 3 * 60_000);
      const sent = await Promise.all([workers[0].runOnce(later), workers[1].runOnce(later)]);
      assert.equal(sent[0] + sent[1], 1);
      assert.equal(hook.seen.get(rows[0]!.id), 1);
      const after = await a.db.query<{ status: string; claim_token: string | null }>(
        'SELECT status, claim_token FROM project_webhook_deliveries WHERE id = $1',
        [rows[0]!.id],
      );
      assert.deepEqual(after.rows[0], { status: 'delivered', claim_token: null });
    });

    it("GET /v1/project-webhooks/deliveries: the organisation's recorded deliveries, newest first, paged, with attempts, last error and next attempt", async () => {
      const key = { authorization: `Bearer ${a.keys[CITY]}` };
      // A receiver that is down: its delivery stays pending with the error and the next attempt.
      const dead = await send(a, 'POST', '/v1/project-webhooks', { organisation: CITY, url: 'http://127.0.0.1:1/down' }, key);
      assert.equal(dead.status, 201, await dead.clone().text());
      await json(await send(a, 'POST', '/v1/projects', { title: 'Joulutori', organisation: CITY }));
      const before = Date.now();
      await Promise.all([workers[0].runOnce(), workers[1].runOnce()]);
      const all = (await deliveries()).map((d) => d.id).sort((x, y) => Number(y) - Number(x));

      const res = await send(a, 'GET', `/v1/project-webhooks/deliveries?organisation=${CITY}&limit=5`, undefined, key);
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(res.headers.get('cache-control'), 'no-store');
      type Page = {
        deliveries: {
          id: string;
          url: string;
          type: string | null;
          status: string;
          attempts: number;
          lastError: string | null;
          nextAttemptAt: string | null;
          deliveredAt: string | null;
          createdAt: string;
        }[];
        next: string | null;
      };
      const first = await json<Page>(res);
      assert.deepEqual(
        first.deliveries.map((d) => d.id),
        all.slice(0, 5),
        'newest first',
      );
      const down = first.deliveries.find((d) => d.url.endsWith('/down'))!;
      assert.equal(down.status, 'pending');
      assert.equal(down.attempts, 1);
      assert.ok(down.lastError, 'the error of the attempt');
      assert.ok(Date.parse(down.nextAttemptAt!) >= before + 25_000, 'the next attempt after the back-off');
      assert.equal(down.deliveredAt, null);
      assert.equal(down.type, 'project-created');
      const ok = first.deliveries.find((d) => d.url === hook.url)!;
      assert.equal(ok.status, 'delivered');
      assert.equal(ok.nextAttemptAt, null);
      assert.ok(ok.deliveredAt);
      assert.equal(first.next, all[4]);

      // Every page in turn gives every delivery once.
      const seen = [...first.deliveries.map((d) => d.id)];
      for (let next: string | null = first.next; next;) {
        const page: Page = await json<Page>(
          await send(a, 'GET', `/v1/project-webhooks/deliveries?organisation=${CITY}&limit=5&before=${next}`, undefined, key),
        );
        seen.push(...page.deliveries.map((d) => d.id));
        next = page.next;
      }
      assert.deepEqual(seen, all);

      const pending = await json<Page>(
        await send(a, 'GET', `/v1/project-webhooks/deliveries?organisation=${CITY}&status=pending`, undefined, key),
      );
      assert.deepEqual(
        pending.deliveries.map((d) => d.id),
        [down.id],
      );

      // Wrong or no key, another organisation's deliveries, bad paging.
      assert.equal((await send(a, 'GET', `/v1/project-webhooks/deliveries?organisation=${CITY}`)).status, 401);
      const otherOrg = Object.keys(a.keys).find((o) => o !== CITY)!;
      const forbidden = await send(a, 'GET', `/v1/project-webhooks/deliveries?organisation=${CITY}`, undefined, {
        authorization: `Bearer ${a.keys[otherOrg]}`,
      });
      assert.equal(forbidden.status, 403);
      const theirs = await json<Page>(
        await send(a, 'GET', `/v1/project-webhooks/deliveries?organisation=${otherOrg}`, undefined, {
          authorization: `Bearer ${a.keys[otherOrg]}`,
        }),
      );
      assert.deepEqual(theirs.deliveries, [], 'another organisation sees none of these');
      for (const q of ['limit=0', 'limit=201', 'limit=x', 'before=abc', 'status=lost']) {
        const bad = await send(a, 'GET', `/v1/project-webhooks/deliveries?organisation=${CITY}&${q}`, undefined, key);
        assert.equal(bad.status, 400, q);
      }
    });
  });
}
