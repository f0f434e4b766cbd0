/** Migrations and seeding: idempotent, one demo organisation set, keys announced once. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrate } from '../../src/server/db/index.js';
import { seed } from '../../src/server/seed.js';
import { buildApp, ORG, OTHER_ORG, targets } from './helpers.js';

for (const target of targets()) {
  describe(`migrations and seed on ${target.name}`, () => {
    it('applying migrations twice changes nothing the second time', async () => {
      const db = await target.open();
      try {
        const first = await migrate(db);
        assert.deepEqual(first, ['001_init.sql']);
        assert.deepEqual(await migrate(db), []);
        const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows.rows.map((r) => r.version), [1]);
      } finally {
        await db.close();
      }
    });

    it('concurrent migrate calls do not race', async () => {
      const db = await target.open();
      try {
        const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
        assert.equal(results.flat().length, 1);
      } finally {
        await db.close();
      }
    });

    it('seeding twice keeps one set of demo data and announces keys only once', async () => {
      const db = await target.open();
      try {
        const first = await buildApp(target, { demoStaffKey: undefined }, { db });
        assert.equal(first.seeded.staffKeys.length, 2);
        assert.ok(first.seeded.staffKeys.every((k) => k.source === 'generated' && k.key.length >= 24));
        assert.equal(first.announced.length, 2);
        assert.ok(first.announced[0]?.includes(ORG));
        assert.ok(first.announced[1]?.includes(OTHER_ORG));
        // The generated key works.
        const key = first.seeded.staffKeys[0]!.key;
        const res = await first.app.request(`/v1/feedback?organisation=${ORG}`, { headers: { authorization: `Bearer ${key}` } });
        assert.equal(res.status, 200);

        const again = await seed(db, { demoStaffKey: 'other' });
        assert.deepEqual(again.staffKeys, []);
        const second = await buildApp(target, {}, { db });
        assert.equal(second.announced.length, 0);
        const orgs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
        assert.equal(orgs.rows[0]?.n, 2);
        const services = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM services');
        assert.equal(services.rows[0]?.n, 10);
        const qs = await db.query<{ id: string; version: number }>('SELECT id, version FROM questionnaires');
        assert.deepEqual(qs.rows, [{ id: 'national-rescue-feedback', version: 1 }]);
      } finally {
        await db.close();
      }
    });

    it('the highest questionnaire version is current', async () => {
      const t = await buildApp(target);
      try {
        const v1 = await t.db.query<{ body: Record<string, unknown> }>('SELECT body FROM questionnaires WHERE id = $1', ['national-rescue-feedback']);
        await t.db.query('INSERT INTO questionnaires (id, version, body) VALUES ($1, 2, $2)', [
          'national-rescue-feedback',
          JSON.stringify({ ...v1.rows[0]!.body, version: 2 }),
        ]);
        await t.catalog.reload(t.db);
        const res = await t.app.request(`/v1/feedback/form?organisation=${ORG}&service=other`);
        assert.equal((await res.json() as { questionnaire: { version: number } }).questionnaire.version, 2);
      } finally {
        await t.close();
      }
    });
  });
}
