/**
 * The permit-need explorer's server side: rule packs per organisation (overlays, industrial
 * mode), ETag/304, processing-time forecasts from the case history (figures checked against a
 * hand computation), server-side evaluation, CORS, and start-up with a broken pack.
 * Runs against PGlite and, when DATABASE_URL is set, PostgreSQL.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../../src/shared/permit-engine/evaluate.js';
import { DEFAULT_PACK_DIR, RulePackError } from '../../src/server/permits/load-packs.js';
import type { Result } from '../../src/shared/permit-engine/types.js';
import { loadConfig } from '../../src/server/config.js';
import { helsinkiToday } from '../../src/shared/helsinki-time.js';
import { PermitService, matchesEtag, type ProcessingTimeForecast } from '../../src/server/permits/service.js';
import { generatePermitCases, SPARSE_RULES } from '../../src/server/permits/seed.js';
import { ALLOWED_ORIGIN, buildApp, json, ORG, OTHER_ORG, post, problem, staff, targets, type TestApp } from './helpers.js';

const CITY = 'demo-kaupunki';
const STAD = 'demo-stad';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface PackBody {
  organisation: { id: string; name: Record<string, string> };
  mode: string;
  pack: {
    id: string;
    version: string;
    questions: { id: string }[];
    rules: { id: string; authority: string; deadline?: { amount: number; unit: string } | null; processingDays?: number | null }[];
    recommendations: { id: string }[];
    provenance?: unknown;
  };
}
interface Times {
  organisation: string;
  mode: string;
  packId: string;
  minCases: number;
  items: ProcessingTimeForecast[];
}
interface Evaluation {
  organisation: string;
  mode: string;
  packId: string;
  today: string;
  result: Result;
}

/** A big public outdoor concert on a Saturday in the city centre (the market square). */
const CONCERT = {
  eventType: 'public-event',
  startDate: '2027-06-12',
  startTime: '16:00',
  endDate: '2027-06-12',
  endTime: '23:30',
  venue: 'public-area',
  marketSquare: true,
  attendance: 1500,
  alcohol: true,
  alcoholArea: 'fixed-term',
  food: true,
  foodSeller: 'registered',
  music: true,
  amplifiedSound: true,
  soundUntil: '23:00',
  specialEffects: [],
  openFire: false,
  laser: false,
  structures: true,
  specialHazards: false,
  accommodation: false,
  trafficImpact: true,
  stateRoad: false,
  exitsUnusual: false,
  stewards: true,
  lottery: false,
  drones: false,
};

/** percentile_cont as PostgreSQL defines it: linear interpolation at p·(n−1) of the sorted values. */
function percentileCont(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (pos - lo) * (s[hi]! - s[lo]!);
}

const rule = (body: PackBody, id: string) => body.pack.rules.find((r) => r.id === id);
const item = (times: Times, id: string) => times.items.find((i) => i.ruleId === id);

for (const target of targets()) {
  describe(`permits on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildApp(target, { forecastCacheSeconds: 0 });
    });
    after(async () => {
      await t.close();
    });

    const getPack = async (organisation: string, mode = 'events') => {
      const res = await t.app.request(`/v1/permits/packs/${mode}?organisation=${organisation}`);
      assert.equal(res.status, 200);
      return { res, body: await json<PackBody>(res) };
    };
    const times = async (organisation: string, mode = 'events') => {
      const res = await t.app.request(`/v1/permits/processing-times?organisation=${organisation}&mode=${mode}`);
      assert.equal(res.status, 200, await res.clone().text());
      return json<Times>(res);
    };

    describe('GET /v1/permits/packs/{mode}', () => {
      it("a city gets its overlay: the noise notification's 14-day lead time, its local rule and question", async () => {
        const { res, body } = await getPack(CITY);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
        assert.equal(body.organisation.id, CITY);
        assert.equal(body.organisation.name.fi, 'Esimerkkikaupunki');
        assert.equal(body.mode, 'events');
        assert.equal(body.pack.id, 'city-demo-kaupunki');
        assert.equal(body.pack.version, '2.0.0');
        assert.equal(rule(body, 'noise-notification')?.deadline?.amount, 14);
        assert.equal(rule(body, 'noise-notification')?.deadline?.unit, 'days'); // merged from fi-events
        assert.equal(rule(body, 'market-square-booking')?.authority, 'city-events');
        assert.ok(body.pack.questions.some((q) => q.id === 'marketSquare'));
        assert.ok(rule(body, 'rescue-plan'), 'inherited national rules are there');
        assert.equal('provenance' in body.pack, false);
      });

      it('an organisation without a mapping gets the national default (fi-events: 30 days)', async () => {
        const { body } = await getPack(ORG);
        assert.equal(body.pack.id, 'fi-events');
        assert.equal(rule(body, 'noise-notification')?.deadline?.amount, 30);
        assert.equal(rule(body, 'market-square-booking'), undefined);
        assert.equal(
          body.pack.questions.some((q) => q.id === 'marketSquare'),
          false,
        );
        assert.equal('provenance' in body.pack, false);
      });

      it('the second demo city gets its own overlay', async () => {
        const { body } = await getPack(STAD);
        assert.equal(body.pack.id, 'city-demo-stad');
        assert.ok(rule(body, 'torg-booking'));
        assert.equal(rule(body, 'market-square-booking'), undefined);
      });

      it('industrial mode serves the industrial pack', async () => {
        for (const org of [CITY, ORG]) {
          const { body } = await getPack(org, 'industrial');
          assert.equal(body.mode, 'industrial');
          assert.equal(body.pack.id, 'fi-industrial');
          assert.ok(rule(body, 'chemicals-permit-tukes'));
          assert.ok(body.pack.questions.some((q) => q.id === 'productionStart'));
        }
      });

      it('404 unknown_organisation, 400 for a bad mode or organisation, 405 for other methods', async () => {
        const unknown = await problem(
          await t.app.request('/v1/permits/packs/events?organisation=no-such-org'),
          404,
          'unknown_organisation',
        );
        assert.deepEqual(unknown.errors, [{ pointer: '/organisation', code: 'unknown' }]);
        const mode = await problem(await t.app.request(`/v1/permits/packs/festivals?organisation=${CITY}`), 400, 'validation_failed');
        assert.ok(mode.errors?.some((e) => e.pointer === '/mode' && e.code === 'enum'));
        const missing = await problem(await t.app.request('/v1/permits/packs/events'), 400, 'validation_failed');
        assert.ok(missing.errors?.some((e) => e.pointer === '/organisation' && e.code === 'required'));
        await problem(await t.app.request('/v1/permits/packs/events?organisation=Not_A_Slug'), 400, 'validation_failed');
        const post405 = await t.app.request(`/v1/permits/packs/events?organisation=${CITY}`, { method: 'POST' });
        assert.equal(post405.headers.get('allow'), 'GET, HEAD, OPTIONS');
        await problem(post405, 405, 'method_not_allowed');
        await problem(await t.app.request('/v1/permits/packs/events/extra?organisation=x'), 404, 'not_found');
      });

      it('ETag per organisation and pack version; If-None-Match → 304 without a body', async () => {
        const first = (await getPack(CITY)).res;
        const etag = first.headers.get('etag') ?? '';
        assert.match(etag, /^"city-demo-kaupunki@2\.0\.0-[A-Za-z0-9_-]{16}"$/);
        assert.equal((await getPack(CITY)).res.headers.get('etag'), etag, 'stable');
        assert.notEqual((await getPack(STAD)).res.headers.get('etag'), etag);
        assert.notEqual((await getPack(CITY, 'industrial')).res.headers.get('etag'), etag);
        for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
          const res = await t.app.request(`/v1/permits/packs/events?organisation=${CITY}`, { headers: { 'if-none-match': inm } });
          assert.equal(res.status, 304, inm);
          assert.equal(await res.text(), '');
          assert.equal(res.headers.get('etag'), etag);
          assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
        }
        const stale = await t.app.request(`/v1/permits/packs/events?organisation=${CITY}`, {
          headers: { 'if-none-match': '"city-demo-kaupunki@0.9.0-x"' },
        });
        assert.equal(stale.status, 200);
        const head = await t.app.request(`/v1/permits/packs/events?organisation=${CITY}`, { method: 'HEAD' });
        assert.equal(head.status, 200);
        assert.equal(head.headers.get('etag'), etag);
        assert.equal(matchesEtag(undefined, etag), false);
      });

      it('CORS: packs and forecasts are public data for any origin; evaluate follows the allow-lists', async () => {
        for (const path of [
          `/v1/permits/packs/events?organisation=${CITY}`,
          `/v1/permits/processing-times?organisation=${CITY}&mode=events`,
        ]) {
          const res = await t.app.request(path, { headers: { origin: 'https://any-city.example' } });
          assert.equal(res.status, 200);
          assert.equal(res.headers.get('access-control-allow-origin'), '*');
          assert.match(res.headers.get('access-control-expose-headers') ?? '', /ETag/);
          await res.body?.cancel();
          const pre = await t.app.request(path.split('?')[0]!, {
            method: 'OPTIONS',
            headers: {
              origin: 'https://any-city.example',
              'access-control-request-method': 'GET',
              'access-control-request-headers': 'if-none-match',
            },
          });
          assert.equal(pre.status, 204);
          assert.equal(pre.headers.get('access-control-allow-origin'), '*');
          assert.match(pre.headers.get('access-control-allow-headers') ?? '', /If-None-Match/);
        }
        // Errors carry the header too, so a browser can read the problem.
        const err = await t.app.request('/v1/permits/packs/events?organisation=nobody', { headers: { origin: 'https://x.example' } });
        assert.equal(err.headers.get('access-control-allow-origin'), '*');
        await err.body?.cancel();

        const pre = await t.app.request('/v1/permits/evaluate', {
          method: 'OPTIONS',
          headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
        assert.equal(pre.headers.get('access-control-allow-methods'), 'POST');
        const denied = await t.app.request('/v1/permits/evaluate', {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
        });
        await problem(denied, 403, 'origin_not_allowed');
        const res = await post(
          t,
          '/v1/permits/evaluate',
          { organisation: CITY, mode: 'events', answers: {} },
          { key: null, headers: { origin: ALLOWED_ORIGIN } },
        );
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
        const foreign = await post(
          t,
          '/v1/permits/evaluate',
          { organisation: CITY, mode: 'events', answers: {} },
          { key: null, headers: { origin: 'https://evil.example' } },
        );
        assert.equal(foreign.headers.get('access-control-allow-origin'), null);
        await Promise.all([res.body?.cancel(), foreign.body?.cancel()]);
      });
    });

    describe('GET /v1/permits/processing-times', () => {
      it('history figures for a well-populated rule match the same computation over the seeded rows', async () => {
        const body = await times(CITY);
        assert.equal(body.organisation, CITY);
        assert.equal(body.packId, 'city-demo-kaupunki');
        assert.equal(body.minCases, 10);
        assert.deepEqual(
          body.items.map((i) => i.ruleId),
          (await getPack(CITY)).body.pack.rules.map((r) => r.id),
          'one forecast per rule of the resolved pack, in pack order',
        );
        const rescue = item(body, 'rescue-plan')!;
        const { rows } = await t.db.query<{ d: number }>(
          `SELECT (decided_on - submitted_on)::int AS d FROM permit_cases
            WHERE rule_id = 'rescue-plan' AND authority_id = 'rescue' AND decided_on IS NOT NULL`,
        );
        assert.ok(rows.length >= 10);
        const days = rows.map((r) => r.d);
        assert.deepEqual(rescue, {
          ruleId: 'rescue-plan',
          authorityId: 'rescue',
          cases: days.length,
          medianDays: Math.round(percentileCont(days, 0.5) * 10) / 10,
          p80Days: Math.round(percentileCont(days, 0.8) * 10) / 10,
          typicalDays: 14,
          source: 'history',
          minDays: Math.min(...days),
          maxDays: Math.max(...days),
          method: 'median-p80',
        });
        // A long tail: the 80th percentile lies above the median.
        assert.ok(rescue.p80Days > rescue.medianDays);
        assert.ok(body.items.every((i) => Number.isInteger(i.cases) && ['history', 'pack', 'none'].includes(i.source)));
      });

      it('sparse history falls back to the pack; no history and no typical value → none', async () => {
        const body = await times(CITY);
        assert.deepEqual(item(body, 'laser-show-permit'), {
          ruleId: 'laser-show-permit',
          authorityId: 'stuk',
          cases: SPARSE_RULES['laser-show-permit'],
          medianDays: null,
          p80Days: null,
          typicalDays: 30,
          source: 'pack',
          minDays: null,
          maxDays: null,
          method: 'pack-typical',
        });
        // The city's own rule has no history at all.
        assert.deepEqual(item(body, 'market-square-booking'), {
          ruleId: 'market-square-booking',
          authorityId: 'city-events',
          cases: 0,
          medianDays: null,
          p80Days: null,
          typicalDays: 10,
          source: 'pack',
          minDays: null,
          maxDays: null,
          method: 'pack-typical',
        });
        assert.equal(item(body, 'drone-flights')?.source, 'none');
        assert.equal(item(body, 'drone-flights')?.method, 'none');
        assert.equal(item(body, 'drone-flights')?.typicalDays, null);
        const industrial = await times(CITY, 'industrial');
        assert.equal(industrial.packId, 'fi-industrial');
        assert.equal(item(industrial, 'eia-procedure')?.source, 'pack');
        assert.equal(item(industrial, 'building-permit')?.source, 'history');
        const sources = new Set([...body.items, ...industrial.items].map((i) => i.source));
        assert.deepEqual([...sources].sort(), ['history', 'none', 'pack']);
      });

      it('figures match a hand computation on known cases; pending, withdrawn and other authorities do not count', async () => {
        await t.db.query(`DELETE FROM permit_cases WHERE rule_id = 'noise-notification'`);
        const durations = [3, 5, 7, 10, 12, 15, 20, 21, 30, 60];
        const insert = (authority: string, submitted: string, decided: string | null, outcome: string | null) =>
          t.db.query(
            `INSERT INTO permit_cases (organisation_id, rule_id, authority_id, submitted_on, decided_on, outcome)
             VALUES ($1, 'noise-notification', $2, $3::date, $4::date, $5)`,
            [CITY, authority, submitted, decided, outcome],
          );
        for (const [i, d] of durations.entries()) {
          const submitted = `2025-0${1 + (i % 9)}-01`;
          const decided = new Date(Date.parse(submitted) + d * 86_400_000).toISOString().slice(0, 10);
          await insert('municipal-environment', submitted, decided, 'acknowledged');
        }
        await insert('municipal-environment', '2026-01-01', null, null);
        await insert('municipal-environment', '2025-01-01', null, 'withdrawn');
        await insert('another-authority', '2025-01-01', '2025-12-31', 'acknowledged');

        // Sorted: 3 5 7 10 12 15 20 21 30 60. Median = (12 + 15) / 2 = 13.5.
        // p80: position 0.8 × 9 = 7.2 → 21 + 0.2 × (30 − 21) = 22.8.
        const noise = item(await times(CITY), 'noise-notification');
        assert.deepEqual(noise, {
          ruleId: 'noise-notification',
          authorityId: 'municipal-environment',
          cases: 10,
          medianDays: 13.5,
          p80Days: 22.8,
          typicalDays: 21,
          source: 'history',
          minDays: 3,
          maxDays: 60,
          method: 'median-p80',
        });
        // One case fewer than minCases → the pack's value.
        await t.db.query(`DELETE FROM permit_cases WHERE rule_id = 'noise-notification' AND decided_on - submitted_on = 60`);
        assert.deepEqual(item(await times(ORG), 'noise-notification'), {
          ruleId: 'noise-notification',
          authorityId: 'municipal-environment',
          cases: 9,
          medianDays: null,
          p80Days: null,
          typicalDays: 21,
          source: 'pack',
          minDays: null,
          maxDays: null,
          method: 'pack-typical',
        });
      });

      it('minCases is configurable and forecasts are cached for a short time', async () => {
        const strict = new PermitService(t.permits.packs, { minCases: 1000, cacheSeconds: 0 });
        const pack = t.permits.packs.get('fi-events')!;
        assert.ok((await strict.processingTimes(t.db, pack)).every((i) => i.source !== 'history'));
        assert.equal(loadConfig({ LUUKKU_FORECAST_MIN_CASES: '25' }).forecastMinCases, 25);
        assert.throws(() => loadConfig({ LUUKKU_FORECAST_MIN_CASES: '0' }), /LUUKKU_FORECAST_MIN_CASES/);

        const cached = new PermitService(t.permits.packs, { minCases: 10, cacheSeconds: 60 });
        const before = await cached.processingTimes(t.db, pack);
        const [a, b] = [cached.processingTimes(t.db, pack), cached.processingTimes(t.db, pack)];
        assert.equal(a, b, 'concurrent readers share one query');
        await t.db.query(`DELETE FROM permit_cases WHERE rule_id = 'rescue-plan'`);
        assert.deepEqual(await cached.processingTimes(t.db, pack), before, 'served from the cache');
        cached.clearForecasts();
        assert.equal((await cached.processingTimes(t.db, pack)).find((i) => i.ruleId === 'rescue-plan')?.cases, 0);
      });

      it('404 unknown_organisation, 400 for a missing or bad mode', async () => {
        await problem(
          await t.app.request('/v1/permits/processing-times?organisation=nobody-here&mode=events'),
          404,
          'unknown_organisation',
        );
        await problem(await t.app.request(`/v1/permits/processing-times?organisation=${CITY}`), 400, 'validation_failed');
        await problem(await t.app.request(`/v1/permits/processing-times?organisation=${CITY}&mode=Events`), 400, 'validation_failed');
        await problem(await t.app.request('/v1/permits/processing-times?mode=events'), 400, 'validation_failed');
      });
    });

    describe('POST /v1/permits/cases (staff)', () => {
      const record = (body: Record<string, unknown>, headers: Record<string, string> = staff()) =>
        post(t, '/v1/permits/cases', { organisation: ORG, ...body }, { key: null, headers });
      const forecast = async (ruleId: string): Promise<ProcessingTimeForecast> => {
        const res = await t.app.request(`/v1/permits/processing-times?organisation=${ORG}&mode=events`);
        return (await json<Times>(res)).items.find((i) => i.ruleId === ruleId)!;
      };

      it('a decided case is stored in permit_cases and the forecast counts it at once, naming its method and range', async () => {
        const before = await forecast('public-area-permit');
        assert.equal(before.method, 'median-p80');
        assert.ok(typeof before.minDays === 'number' && typeof before.maxDays === 'number' && before.minDays <= before.maxDays);
        const res = await record({ ruleId: 'public-area-permit', submittedOn: '2026-01-05', decidedOn: '2026-01-19', outcome: 'granted' });
        assert.equal(res.status, 201);
        const receipt = await json<{ id: number; authorityId: string; forecast: ProcessingTimeForecast }>(res);
        assert.equal(receipt.authorityId, 'city'); // the rule's authority by default
        assert.equal(receipt.forecast.cases, before.cases + 1);
        const { rows } = await t.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM permit_cases WHERE id = $1 AND rule_id = 'public-area-permit' AND decided_on - submitted_on = 14`,
          [receipt.id],
        );
        assert.equal(rows[0]?.n, 1);
        assert.equal((await forecast('public-area-permit')).cases, before.cases + 1);
      });

      it('recorded cases lift a sparse rule from the pack value to history', async () => {
        const before = await forecast('laser-show-permit');
        assert.equal(before.source, 'pack');
        for (let i = 0; i < 10 - before.cases; i++) {
          const res = await record({
            ruleId: 'laser-show-permit',
            submittedOn: '2026-02-01',
            decidedOn: `2026-02-${String(10 + i).padStart(2, '0')}`,
            outcome: 'granted',
          });
          assert.equal(res.status, 201);
        }
        const after = await forecast('laser-show-permit');
        assert.equal(after.source, 'history');
        assert.equal(after.method, 'median-p80');
        assert.equal(after.cases, 10);
      });

      it('pending and withdrawn cases are stored but do not count', async () => {
        const before = await forecast('public-area-permit');
        assert.equal((await record({ ruleId: 'public-area-permit', submittedOn: '2026-03-01' })).status, 201);
        assert.equal((await record({ ruleId: 'public-area-permit', submittedOn: '2026-03-01', outcome: 'withdrawn' })).status, 201);
        assert.equal((await forecast('public-area-permit')).cases, before.cases);
      });

      it('401 without a key, 403 for another organisation, 404 for an unknown one', async () => {
        const body = { ruleId: 'rescue-plan', submittedOn: '2026-01-05' };
        await problem(await record(body, {}), 401, 'unauthorized');
        await problem(
          await post(t, '/v1/permits/cases', { ...body, organisation: OTHER_ORG }, { key: null, headers: staff() }),
          403,
          'forbidden',
        );
        await problem(
          await post(t, '/v1/permits/cases', { ...body, organisation: 'no-such-org' }, { key: null, headers: staff() }),
          404,
          'unknown_organisation',
        );
      });

      it('bad input is a 400 validation_failed with a pointer, never a 5xx', async () => {
        const cases: [Record<string, unknown>, string][] = [
          [{ ruleId: 'no-such-rule', submittedOn: '2026-01-05' }, '/ruleId'],
          [{ ruleId: 'first-aid-plan', submittedOn: '2026-01-05' }, '/ruleId'], // a recommendation is not a permit type
          [{ ruleId: 'rescue-plan', authorityId: 'stuk', submittedOn: '2026-01-05' }, '/authorityId'],
          [{ ruleId: 'rescue-plan', submittedOn: '2026-01-05', decidedOn: '2026-01-04', outcome: 'granted' }, '/decidedOn'],
          [{ ruleId: 'rescue-plan', submittedOn: '2026-01-05', decidedOn: '2026-01-06' }, '/outcome'],
          [{ ruleId: 'rescue-plan', submittedOn: '2026-01-05', outcome: 'granted' }, '/outcome'],
          [{ ruleId: 'rescue-plan', submittedOn: '2999-01-05' }, '/submittedOn'],
          [{ ruleId: 'rescue-plan', submittedOn: '2026-02-30' }, '/submittedOn'],
          [{ ruleId: 'rescue\u0000plan', submittedOn: '2026-01-05' }, '/ruleId'],
          [{ ruleId: '\ud800', submittedOn: '2026-01-05' }, '/ruleId'],
          [{ ruleId: 'rescue-plan', submittedOn: '2026-01-05', outcome: 'maybe' }, '/outcome'],
          [{ ruleId: 'rescue-plan', submittedOn: '2026-01-05', extra: 1 }, ''],
        ];
        for (const [body, pointer] of cases) {
          const res = await record(body);
          assert.equal(res.status, 400, JSON.stringify(body));
          const p = await json<{ code: string; errors?: { pointer: string }[] }>(res);
          assert.equal(p.code, 'validation_failed', JSON.stringify(body));
          if (pointer)
            assert.ok(
              p.errors?.some((e) => e.pointer.startsWith(pointer)),
              `${JSON.stringify(body)} → ${JSON.stringify(p.errors)}`,
            );
        }
      });
    });

    describe('POST /v1/permits/evaluate', () => {
      const evaluateReq = (body: unknown, headers: Record<string, string> = {}) =>
        post(t, '/v1/permits/evaluate', body, { key: null, headers });

      it("a known scenario: the city's obligations, with the overlay's deadlines", async () => {
        const res = await evaluateReq({ organisation: CITY, mode: 'events', answers: CONCERT, today: '2027-03-01' });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const body = await json<Evaluation>(res);
        assert.equal(body.packId, 'city-demo-kaupunki');
        assert.equal(body.today, '2027-03-01');
        assert.equal(body.result.nextQuestion, null);
        const obligations = Object.fromEntries(body.result.obligations.map((o) => [o.ruleId, o.latestSubmission]));
        // Packs 2.0.0 (facts as of 2026): fixed-term alcohol licence 42 days, stewards 14 days, health protection over 500.
        assert.deepEqual(obligations, {
          'alcohol-serving-licence': '2027-05-01', // 42 days before 12 June
          'market-square-booking': '2027-05-13', // the city's own rule, 30 days
          'temporary-structures': '2027-05-13',
          'public-area-permit': '2027-05-22', // 21 days
          'traffic-arrangement-plan': '2027-05-22',
          'noise-notification': '2027-05-29', // the city's 14 days (sound after 22:00: no exemption)
          'rescue-plan': '2027-05-29', // 14 days
          'large-event-health-protection': '2027-05-29', // 14 days, Decree 405/2009
          'police-public-event-notice': '2027-06-07', // 5 days
          'security-stewards': '2027-05-29', // 14 days
          'food-sales-notification': '2027-06-08', // 4 working days before Sat 12 June: Fri, Thu, Wed, Tue 8 June
        });
        assert.ok(body.result.obligations.every((o) => o.light === 'green'));
        // The same answers at a rescue department without an overlay: fi-events, 30 days for the noise notification.
        const national = await json<Evaluation>(
          await evaluateReq({ organisation: ORG, mode: 'events', answers: CONCERT, today: '2027-03-01' }),
        );
        assert.equal(national.packId, 'fi-events');
        assert.equal(national.result.obligations.find((o) => o.ruleId === 'noise-notification')?.latestSubmission, '2027-05-13');
        assert.equal(
          national.result.obligations.some((o) => o.ruleId === 'market-square-booking'),
          false,
        );
        // Exactly what the shared engine gives in the browser.
        assert.deepEqual(body.result, evaluate(t.permits.packs.get('city-demo-kaupunki')!, CONCERT, '2027-03-01'));
      });

      it('today defaults to the current day in Europe/Helsinki; industrial mode', async () => {
        const body = await json<Evaluation>(
          await evaluateReq({ organisation: CITY, mode: 'industrial', answers: { productionStart: '2030-01-15', chemicals: true } }),
        );
        assert.equal(body.today, helsinkiToday());
        assert.equal(body.packId, 'fi-industrial');
        assert.ok(body.result.visibleQuestions.includes('chemicalScale'));
        // 23:30 UTC on 31 Dec is already New Year's Day in Helsinki.
        assert.equal(helsinkiToday(new Date('2026-12-31T23:30:00Z')), '2027-01-01');
        assert.equal(helsinkiToday(new Date('2027-06-30T20:59:00Z')), '2027-06-30');
      });

      it('garbage answers are 200 and count as unanswered, never a 5xx', async () => {
        const garbage: Record<string, unknown>[] = [
          { startDate: '2027-02-30', attendance: 'lots', alcohol: 'yes', specialEffects: 'fireworks-display', soundUntil: '25:00' },
          { __proto__: { polluted: true }, constructor: 1, toString: null, venue: ['public-area'], attendance: -5 },
          { eventType: { nested: { deep: [1, 2, 3] } }, startDate: 20270612, unknownQuestion: true },
          { attendance: 1e308, startDate: '0000-01-01', startTime: '23:59' },
          { specialEffects: ['fireworks-display', 'fireworks-display', 'nonsense'] },
        ];
        for (const answers of garbage) {
          const res = await post(t, '/v1/permits/evaluate', null, {
            key: null,
            raw: `{"organisation":"${CITY}","mode":"events","answers":${JSON.stringify(answers)},"today":"2027-03-01"}`,
          });
          assert.equal(res.status, 200, JSON.stringify(answers));
          const body = await json<Evaluation>(res);
          assert.ok(Array.isArray(body.result.obligations));
          assert.equal(body.result.nextQuestion, 'eventType');
        }
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      });

      it('bad requests: 400, 404, 413, 415 with problem codes', async () => {
        await problem(await evaluateReq({ organisation: CITY, mode: 'events' }), 400, 'validation_failed');
        await problem(await evaluateReq({ organisation: CITY, mode: 'events', answers: [] }), 400, 'validation_failed');
        await problem(await evaluateReq({ organisation: CITY, mode: 'events', answers: {}, extra: 1 }), 400, 'validation_failed');
        await problem(await evaluateReq({ organisation: CITY, mode: 'party', answers: {} }), 400, 'validation_failed');
        const day = await problem(
          await evaluateReq({ organisation: CITY, mode: 'events', answers: {}, today: '2027-02-30' }),
          400,
          'validation_failed',
        );
        assert.ok(day.errors?.some((e) => e.pointer === '/today'));
        const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`q${i}`, true]));
        await problem(await evaluateReq({ organisation: CITY, mode: 'events', answers: many }), 400, 'validation_failed');
        await problem(
          await evaluateReq({ organisation: CITY, mode: 'events', answers: { ['x'.repeat(65)]: 1 } }),
          400,
          'validation_failed',
        );
        const org = await problem(
          await evaluateReq({ organisation: 'nobody-here', mode: 'events', answers: {} }),
          404,
          'unknown_organisation',
        );
        assert.deepEqual(org.errors, [{ pointer: '/organisation', code: 'unknown' }]);
        await problem(await post(t, '/v1/permits/evaluate', null, { key: null, raw: '{"organisation":' }), 400, 'malformed_json');
        await problem(await post(t, '/v1/permits/evaluate', null, { key: null, raw: 'x'.repeat(20_000) }), 413, 'payload_too_large');
        await problem(await post(t, '/v1/permits/evaluate', {}, { key: null, contentType: 'text/plain' }), 415, 'unsupported_media_type');
        await problem(await t.app.request('/v1/permits/evaluate'), 405, 'method_not_allowed');
      });

      it('rate limited like the other writes', async () => {
        const limited = await buildApp(target, { rateLimitPerMinute: 6, rateLimitBurst: 2, trustProxyHops: 1 }, { db: t.db });
        const send = (ip: string) =>
          post(
            limited,
            '/v1/permits/evaluate',
            { organisation: CITY, mode: 'events', answers: {} },
            { key: null, headers: { 'x-forwarded-for': ip } },
          );
        assert.equal((await send('10.0.0.1')).status, 200);
        assert.equal((await send('10.0.0.1')).status, 200);
        const res = await send('10.0.0.1');
        assert.ok(Number(res.headers.get('retry-after')) > 0);
        await problem(res, 429, 'rate_limited');
        assert.equal((await send('10.0.0.2')).status, 200);
      });
    });
  });
}

describe('rule packs and case history at start', () => {
  const brokenDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'luukku-packs-'));
    for (const f of ['rule-pack.schema.json', 'fi-events.json', 'fi-industrial.json'])
      copyFileSync(join(DEFAULT_PACK_DIR, f), join(dir, f));
    const pack = JSON.parse(readFileSync(join(DEFAULT_PACK_DIR, 'city-demo-kaupunki.json'), 'utf8')) as { rules: { authority?: string }[] };
    pack.rules[2]!.authority = 'ghost';
    writeFileSync(join(dir, 'city-demo-kaupunki.json'), JSON.stringify(pack));
    return dir;
  };
  const GHOST = /city-demo-kaupunki\.json: \/rules\/2\/authority: unknown authority id "ghost"/;

  it('a broken pack stops createApp with the loader’s message (file, path, reason)', async () => {
    const dir = brokenDir();
    try {
      const target = targets()[0]!;
      const db = await target.open();
      try {
        await assert.rejects(buildApp(target, { rulePackDir: dir }, { db }), (err: unknown) => {
          assert.ok(err instanceof RulePackError);
          assert.match(err.message, GHOST);
          return true;
        });
        // Nothing was written: packs load before migrations.
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'organisations'`);
        assert.equal(rows[0]?.n, 0);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an organisation naming a pack that is not loaded stops the start too', async () => {
    const dir = brokenDir();
    rmSync(join(dir, 'city-demo-kaupunki.json'));
    try {
      await assert.rejects(
        buildApp(targets()[0]!, { rulePackDir: dir }),
        /demo-kaupunki: mode events names rule pack "city-demo-kaupunki"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the server process refuses to start with LUUKKU_RULE_PACK_DIR holding a broken pack', async () => {
    const dir = brokenDir();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, LUUKKU_RULE_PACK_DIR: dir, DATABASE_URL: 'memory://', PORT: '0', LUUKKU_LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 1);
      assert.match(stderr, /Invalid rule packs \(1 problem\)/);
      assert.match(stderr, GHOST);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the case history is deterministic, skewed, and leaves the sparse rules below minCases', () => {
    const rules = [
      { ruleId: 'rescue-plan', authorityId: 'rescue', kind: 'plan', processingDays: 14 },
      { ruleId: 'alcohol-serving-licence', authorityId: 'avi', kind: 'licence', processingDays: 30 },
      { ruleId: 'laser-show-permit', authorityId: 'stuk', kind: 'permit', processingDays: 30 },
      { ruleId: 'drone-flights', authorityId: 'traficom', kind: 'permit', processingDays: null },
    ];
    const orgs = new Set(['demo-pelastuslaitos']);
    const a = generatePermitCases(rules, new Date('2027-01-01T10:00:00Z'), orgs);
    const b = generatePermitCases(rules, new Date('2027-01-01T10:00:00Z'), orgs);
    assert.deepEqual(a, b);
    const decided = (id: string) => a.filter((c) => c.ruleId === id && c.decidedOn !== null);
    assert.ok(decided('rescue-plan').length >= 18);
    assert.equal(decided('laser-show-permit').length, SPARSE_RULES['laser-show-permit']);
    assert.equal(a.filter((c) => c.ruleId === 'drone-flights').length, 0);
    assert.ok(
      a.every((c) => c.decidedOn === null || (c.submittedOn <= c.decidedOn && c.decidedOn <= '2027-01-01' && c.decidedOn >= '2024-01-01')),
    );
    assert.ok(a.every((c) => c.organisationId === null || orgs.has(c.organisationId)));
    const days = decided('alcohol-serving-licence').map((c) => (Date.parse(c.decidedOn!) - Date.parse(c.submittedOn)) / 86_400_000);
    const mean = days.reduce((s, d) => s + d, 0) / days.length;
    assert.ok(mean > percentileCont(days, 0.5), 'right-skewed: mean above median');
  });
});
