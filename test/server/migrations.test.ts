/** Migrations and seeding: idempotent, one demo organisation set, keys announced once. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { migrate } from '../../src/server/db/index.js';
import { loadMigrations } from '../../src/server/db/migrate.js';
import { DATA_DIR, seed } from '../../src/server/seed.js';
import { buildApp, ORG, OTHER_ORG, STAFF_KEY, targets } from './helpers.js';

/** The demo organisations as the data file lists them (the seed must insert every one). */
const DEMO = (
  JSON.parse(readFileSync(`${DATA_DIR}demo/organisations.json`, 'utf8')) as { organisations: { id: string; services: unknown[] }[] }
).organisations;
const DEMO_IDS = DEMO.map((o) => o.id);
const DEMO_SERVICES = DEMO.reduce((n, o) => n + o.services.length, 0);

for (const target of targets()) {
  describe(`migrations and seed on ${target.name}`, () => {
    it('applying migrations twice changes nothing the second time', async () => {
      const db = await target.open();
      try {
        const first = await migrate(db);
        assert.deepEqual(first, [
          '001_init.sql',
          '002_permits.sql',
          '004_feedback_v2.sql',
          '005_chat.sql',
          '006_projects.sql',
          '007_venues.sql',
          '008_project_webhook_claims.sql',
          '009_venue_idempotency.sql',
          '010_chat_officials.sql',
          '011_feedback_rollup_items.sql',
          '012_project_feed.sql',
          '013_feedback_rollup_maintained.sql',
          '014_chat_mail_outbox.sql',
        ]);
        assert.deepEqual(await migrate(db), []);
        const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(
          rows.rows.map((r) => r.version),
          [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
        );
      } finally {
        await db.close();
      }
    });

    it('concurrent migrate calls do not race', async () => {
      const db = await target.open();
      try {
        const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
        assert.equal(results.flat().length, loadMigrations().length);
      } finally {
        await db.close();
      }
    });

    it('seeding twice keeps one set of demo data and announces keys only once', async () => {
      const db = await target.open();
      try {
        const first = await buildApp(target, { demoStaffKey: undefined }, { db });
        assert.ok(DEMO_IDS.length >= 4 && DEMO_IDS.includes(ORG) && DEMO_IDS.includes(OTHER_ORG));
        assert.deepEqual(
          first.seeded.staffKeys.map((k) => k.organisation),
          DEMO_IDS,
        );
        assert.ok(first.seeded.staffKeys.every((k) => k.source === 'generated' && k.key.length >= 24));
        assert.equal(first.announced.length, DEMO_IDS.length);
        DEMO_IDS.forEach((id, i) => assert.ok(first.announced[i]?.includes(id)));
        assert.ok(first.seeded.permitCases >= 300, `a few hundred past permit cases, got ${first.seeded.permitCases}`);
        // The generated key works.
        const key = first.seeded.staffKeys[0]!.key;
        const res = await first.app.request(`/v1/feedback?organisation=${ORG}`, { headers: { authorization: `Bearer ${key}` } });
        assert.equal(res.status, 200);

        const again = await seed(db, { demoStaffKey: 'other', permitCaseRules: first.permits.caseRules() });
        assert.deepEqual(again.staffKeys, []);
        assert.equal(again.demoStaffKeyIgnored, true, 'the database already has another key');
        assert.equal(again.permitCases, 0, 'cases are seeded only into an empty permit_cases');
        const second = await buildApp(target, {}, { db });
        // No key is announced again; LUUKKU_DEMO_STAFF_KEY (set in the test config) no longer applies: one plain line says so.
        assert.equal(second.announced.length, 1);
        assert.match(second.announced[0]!, /^LUUKKU_DEMO_STAFF_KEY is ignored: this database already has staff keys/);
        assert.ok(!second.announced[0]!.includes(STAFF_KEY), 'the line does not repeat the key');
        const unset = await buildApp(target, { demoStaffKey: undefined }, { db });
        assert.deepEqual(unset.announced, [], 'nothing to say without the variable');
        assert.deepEqual(second.seeded.staffKeys, []);
        const orgs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
        assert.equal(orgs.rows[0]?.n, DEMO_IDS.length);
        const services = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM services');
        assert.equal(services.rows[0]?.n, DEMO_SERVICES);
        const cases = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM permit_cases');
        assert.equal(cases.rows[0]?.n, first.seeded.permitCases);
        const qs = await db.query<{ id: string; version: number }>('SELECT id, version FROM questionnaires');
        assert.deepEqual(
          qs.rows.sort((a, b) => a.version - b.version),
          [
            { id: 'national-rescue-feedback', version: 1 },
            { id: 'national-rescue-feedback', version: 2 },
          ],
        );
      } finally {
        await db.close();
      }
    });

    it('an existing database gets the demo organisations it lacks; keys are announced for those only', async () => {
      const db = await target.open();
      try {
        const first = await buildApp(target, {}, { db });
        // An older database: seeded before the demo cities were added to the data file.
        const added = DEMO_IDS.filter((id) => id !== ORG && id !== OTHER_ORG);
        await db.query('DELETE FROM services WHERE organisation_id = ANY($1::text[])', [added]);
        await db.query('DELETE FROM organisations WHERE id = ANY($1::text[])', [added]);
        const casesBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM permit_cases')).rows[0]?.n;

        const upgraded = await buildApp(target, {}, { db });
        assert.deepEqual(
          upgraded.seeded.staffKeys.map((k) => k.organisation),
          added,
        );
        // Every organisation gets a random key of its own: none derived from LUUKKU_DEMO_STAFF_KEY, no two alike.
        assert.ok(upgraded.seeded.staffKeys.every((k) => k.source === 'generated' && k.key.length >= 24 && !k.key.includes(STAFF_KEY)));
        assert.equal(new Set(upgraded.seeded.staffKeys.map((k) => k.key)).size, added.length);
        assert.equal(upgraded.announced.length, added.length);
        assert.ok(upgraded.announced.every((line, i) => line.includes(added[i]!)));
        assert.equal(upgraded.seeded.permitCases, 0);
        assert.equal((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM permit_cases')).rows[0]?.n, casesBefore);
        // The first organisation's key is untouched; the new ones work; their permit-pack mapping is stored.
        assert.equal(upgraded.catalog.staffKeyOwner(STAFF_KEY), ORG);
        for (const k of upgraded.seeded.staffKeys) assert.equal(upgraded.catalog.staffKeyOwner(k.key), k.organisation);
        assert.equal(upgraded.catalog.staffKeyOwner(`${STAFF_KEY}-demo-kaupunki`), null, 'the old derivation opens nothing');
        assert.deepEqual(upgraded.catalog.organisations.get('demo-kaupunki')?.permitPacks, {
          events: 'city-demo-kaupunki',
          industrial: 'fi-industrial',
        });
        assert.deepEqual(upgraded.catalog.organisations.get(ORG)?.permitPacks, {});
        const res = await upgraded.app.request('/v1/feedback/form?organisation=demo-kaupunki&service=event-advice');
        assert.equal(res.status, 200);
        assert.equal(first.seeded.staffKeys.length, DEMO_IDS.length);
      } finally {
        await db.close();
      }
    });

    it('the highest questionnaire version is current', async () => {
      const t = await buildApp(target);
      try {
        const v1 = await t.db.query<{ body: Record<string, unknown> }>('SELECT body FROM questionnaires WHERE id = $1', [
          'national-rescue-feedback',
        ]);
        // Version 2 ships in src/data; a version 3 inserted later becomes current.
        await t.db.query('INSERT INTO questionnaires (id, version, body) VALUES ($1, 3, $2)', [
          'national-rescue-feedback',
          JSON.stringify({ ...v1.rows[0]!.body, version: 3 }),
        ]);
        await t.catalog.reload(t.db);
        await t.questionnaires.reload(t.db, t.catalog);
        const res = await t.app.request(`/v1/feedback/form?organisation=${ORG}&service=other`);
        assert.equal(((await res.json()) as { questionnaire: { version: number } }).questionnaire.version, 3);
      } finally {
        await t.close();
      }
    });
  });
}
