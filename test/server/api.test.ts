/** The API through `app.request()` (no socket), against PGlite and, when configured, PostgreSQL. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ALLOWED_ORIGIN,
  buildApp,
  idemKey,
  json,
  ORG,
  OTHER_ORG,
  post,
  problem,
  QUESTIONNAIRE,
  selfAssessment,
  staff,
  STAFF_KEY,
  submission,
  targets,
  type TestApp,
} from './helpers.js';
import { loadConfig } from '../../src/server/config.js';

interface Receipt {
  id: string;
  receivedAt: string;
}
interface Item {
  id: string;
  service: string;
  answers: Record<string, number>;
  freeText: string | null;
  contact: unknown;
  receivedAt: string;
}
interface Page {
  items: Item[];
  nextBefore: string | null;
}

for (const target of targets()) {
  describe(`API on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildApp(target);
    });
    after(async () => {
      await t.close();
    });

    const count = async (table: 'feedback' | 'self_assessments') =>
      (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

    describe('ops', () => {
      it('GET /health reports the database', async () => {
        const res = await t.app.request('/health');
        assert.equal(res.status, 200);
        assert.deepEqual(await json(res), { status: 'ok', database: target.name, version: t.config.version });
      });

      it('GET /health answers 503 when the database fails', async () => {
        // A fresh app: the first one trusts its last successful ping for a second.
        const fresh = await buildApp(target, {}, { db: t.db });
        const original = t.db.query;
        t.db.query = () => Promise.reject(new Error('db down'));
        try {
          const res = await fresh.app.request('/health');
          assert.equal(res.status, 503);
          assert.equal((await json(res)).status, 'degraded');
        } finally {
          t.db.query = original;
        }
      });

      it('GET /openapi.json is the contract as JSON', async () => {
        const res = await t.app.request('/openapi.json');
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        const doc = await json<{ openapi: string; paths: Record<string, unknown> }>(res);
        assert.equal(doc.openapi, '3.1.0');
        assert.ok(doc.paths['/v1/feedback']);
      });

      it('unknown route → 404 not_found; wrong method → 405 with Allow', async () => {
        await problem(await t.app.request('/v1/nope'), 404, 'not_found');
        const res = await t.app.request('/v1/feedback', { method: 'DELETE' });
        assert.match(res.headers.get('allow') ?? '', /POST/);
        await problem(res, 405, 'method_not_allowed');
        await problem(await t.app.request('/v1/self-assessments'), 405, 'method_not_allowed');
        await problem(await t.app.request('/health', { method: 'POST' }), 405, 'method_not_allowed');
      });

      it('every response has a request id and nosniff', async () => {
        const res = await t.app.request('/health', { headers: { 'x-request-id': 'abc-123' } });
        assert.equal(res.headers.get('x-request-id'), 'abc-123');
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        const res2 = await t.app.request('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
        assert.match(res2.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      });
    });

    describe('GET /v1/feedback/form', () => {
      it('returns organisation, service and the current questionnaire', async () => {
        const res = await t.app.request(`/v1/feedback/form?organisation=${ORG}&service=fire-inspection`);
        assert.equal(res.status, 200);
        const body = await json<{
          organisation: { id: string; name: { fi: string } };
          service: { id: string; type: string };
          questionnaire: { id: string; version: number; questions: { id: string; required: boolean }[]; freeTextMaxLength: number };
        }>(res);
        assert.equal(body.organisation.id, ORG);
        assert.equal(body.organisation.name.fi, 'Esimerkkilaakson pelastuslaitos');
        assert.deepEqual([body.service.id, body.service.type], ['fire-inspection', 'fire-inspection']);
        assert.equal(body.questionnaire.id, QUESTIONNAIRE.id);
        // Version 2 (src/data/questionnaires/national-rescue-feedback.v2.json) is the one the form serves.
        assert.equal(body.questionnaire.version, 2);
        assert.equal(body.questionnaire.questions.length, 10);
        assert.equal(body.questionnaire.freeTextMaxLength, 2000);
        assert.ok(!('review' in body.questionnaire), 'internal fields are not exposed');
      });

      it('validates the query against the contract', async () => {
        const p = await problem(await t.app.request('/v1/feedback/form?organisation=Bad_Slug'), 400, 'validation_failed');
        assert.ok(p.errors?.some((e) => e.pointer === '/organisation' && e.code === 'pattern'));
        assert.ok(p.errors?.some((e) => e.pointer === '/service' && e.code === 'required'));
      });

      it('unknown organisation or service → 404', async () => {
        await problem(await t.app.request('/v1/feedback/form?organisation=nobody&service=fire-inspection'), 404, 'unknown_organisation');
        await problem(await t.app.request(`/v1/feedback/form?organisation=${OTHER_ORG}&service=emergency-care`), 404, 'unknown_service');
      });

      it('allowed origins get CORS headers', async () => {
        const res = await t.app.request(`/v1/feedback/form?organisation=${ORG}&service=other`, { headers: { origin: ALLOWED_ORIGIN } });
        assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
        const res2 = await t.app.request(`/v1/feedback/form?organisation=${ORG}&service=other`, {
          headers: { origin: 'https://evil.example' },
        });
        assert.equal(res2.headers.get('access-control-allow-origin'), null);
      });
    });

    describe('POST /v1/feedback', () => {
      it('stores a submission and staff can read it back', async () => {
        const key = idemKey();
        const body = submission({
          service: 'safety-training',
          serviceEvent: 'KOULUTUS-42',
          answers: { overall: 5, 'got-help': 4 },
          freeText: 'Kiitos hyvästä koulutuksesta!',
          segment: 'business',
          contact: { name: 'Maija Meikäläinen', email: 'maija@example.fi' },
          plainLanguage: true,
        });
        const res = await post(t, '/v1/feedback', body, { key });
        assert.equal(res.status, 201);
        const receipt = await json<Receipt>(res);
        assert.match(receipt.id, /^[0-9a-f-]{36}$/);
        assert.ok(!Number.isNaN(Date.parse(receipt.receivedAt)));

        const list = await t.app.request(`/v1/feedback?organisation=${ORG}&service=safety-training`, { headers: staff() });
        assert.equal(list.status, 200);
        const page = await json<Page & { items: (Item & Record<string, unknown>)[] }>(list);
        const item = page.items.find((i) => i.id === receipt.id);
        assert.ok(item);
        assert.deepEqual(item, {
          id: receipt.id,
          organisation: ORG,
          service: 'safety-training',
          serviceEvent: 'KOULUTUS-42',
          questionnaire: QUESTIONNAIRE,
          answers: { overall: 5, 'got-help': 4 },
          freeText: 'Kiitos hyvästä koulutuksesta!',
          segment: 'business',
          contact: { name: 'Maija Meikäläinen', email: 'maija@example.fi' },
          locale: 'fi',
          receivedAt: receipt.receivedAt,
        });
      });

      it('free text with markup is stored verbatim and returned as JSON text', async () => {
        const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)> \u2028 ünïcödé';
        const res = await post(t, '/v1/feedback', submission({ service: 'customer-service', freeText: evil }));
        assert.equal(res.status, 201);
        const { id } = await json<Receipt>(res);
        const list = await t.app.request(`/v1/feedback?organisation=${ORG}&service=customer-service`, { headers: staff() });
        assert.match(list.headers.get('content-type') ?? '', /^application\/json/);
        const page = await json<Page>(list);
        assert.equal(page.items.find((i) => i.id === id)?.freeText, evil);
        const stored = await t.db.query<{ free_text: string }>('SELECT free_text FROM feedback WHERE id = $1', [id]);
        assert.equal(stored.rows[0]?.free_text, evil);
      });

      it('an idempotent replay answers 200 with the same receipt and stores one row', async () => {
        const key = idemKey();
        const body = submission({ answers: { overall: 2 } });
        const first = await post(t, '/v1/feedback', body, { key });
        assert.equal(first.status, 201);
        const r1 = await json<Receipt>(first);
        // Same body with keys in another order: still the same request.
        const reordered = {
          locale: 'fi',
          answers: { overall: 2 },
          questionnaire: { version: 1, id: QUESTIONNAIRE.id },
          service: 'fire-inspection',
          organisation: ORG,
        };
        const second = await post(t, '/v1/feedback', reordered, { key });
        assert.equal(second.status, 200);
        assert.deepEqual(await json<Receipt>(second), r1);
        const rows = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback WHERE idempotency_key = $1', [key]);
        assert.equal(rows.rows[0]?.n, 1);
      });

      it('concurrent replays of one key store exactly one row', async () => {
        const key = idemKey();
        const body = submission({ answers: { overall: 3 } });
        const results = await Promise.all(Array.from({ length: 8 }, () => post(t, '/v1/feedback', body, { key })));
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 201]);
        const ids = new Set(await Promise.all(results.map(async (r) => (await json<Receipt>(r)).id)));
        assert.equal(ids.size, 1);
        const rows = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback WHERE idempotency_key = $1', [key]);
        assert.equal(rows.rows[0]?.n, 1);
      });

      it('many concurrent submissions (grouped into multi-row inserts) each get their own receipt', async () => {
        const before = await count('feedback');
        const keys = Array.from({ length: 60 }, () => idemKey());
        const results = await Promise.all(
          keys.map((key, i) => post(t, '/v1/feedback', submission({ answers: { overall: (i % 5) + 1 } }), { key })),
        );
        assert.ok(results.every((r) => r.status === 201));
        const receipts = await Promise.all(results.map((r) => json<Receipt>(r)));
        assert.equal(new Set(receipts.map((r) => r.id)).size, 60);
        assert.equal(await count('feedback'), before + 60);
        // Each receipt names the row stored for its own key.
        const rows = await t.db.query<{ id: string; idempotency_key: string }>(
          'SELECT id, idempotency_key FROM feedback WHERE idempotency_key = ANY($1::text[])',
          [keys],
        );
        const byKey = new Map(rows.rows.map((r) => [r.idempotency_key, r.id]));
        keys.forEach((key, i) => assert.equal(byKey.get(key), receipts[i]!.id));
      });

      it('the same key with a different body → 409 idempotency_conflict', async () => {
        const key = idemKey();
        assert.equal((await post(t, '/v1/feedback', submission({ answers: { overall: 1 } }), { key })).status, 201);
        await problem(await post(t, '/v1/feedback', submission({ answers: { overall: 5 } }), { key }), 409, 'idempotency_conflict');
      });

      it('Idempotency-Key missing or invalid → 400 idempotency_key_missing', async () => {
        await problem(await post(t, '/v1/feedback', submission(), { key: null }), 400, 'idempotency_key_missing');
        const p = await problem(await post(t, '/v1/feedback', submission(), { key: 'short' }), 400, 'idempotency_key_missing');
        assert.equal(p.errors?.[0]?.code, 'pattern');
        await problem(await post(t, '/v1/feedback', submission(), { key: 'x'.repeat(65) }), 400, 'idempotency_key_missing');
      });

      it('malformed JSON, empty body and invalid UTF-8 → 400 malformed_json', async () => {
        await problem(await post(t, '/v1/feedback', null, { raw: '{"organisation":' }), 400, 'malformed_json');
        await problem(await post(t, '/v1/feedback', null, { raw: '' }), 400, 'malformed_json');
        await problem(await post(t, '/v1/feedback', null, { raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), 400, 'malformed_json');
      });

      it('non-JSON content type → 415', async () => {
        await problem(await post(t, '/v1/feedback', submission(), { contentType: 'text/plain' }), 415, 'unsupported_media_type');
        await problem(await post(t, '/v1/feedback', submission(), { contentType: null }), 415, 'unsupported_media_type');
        await problem(
          await post(t, '/v1/feedback', submission(), { contentType: 'application/x-www-form-urlencoded' }),
          415,
          'unsupported_media_type',
        );
        await problem(
          await post(t, '/v1/feedback', submission(), { contentType: 'application/json; charset=latin1' }),
          415,
          'unsupported_media_type',
        );
        const ok = await post(t, '/v1/feedback', submission(), { contentType: 'application/json; charset=UTF-8' });
        assert.equal(ok.status, 201);
      });

      it('a body over the limit → 413 (declared or counted)', async () => {
        const big = submission({ freeText: 'a'.repeat(20_000) });
        await problem(await post(t, '/v1/feedback', big), 413, 'payload_too_large');
        // A lying Content-Length: the bytes are counted anyway.
        const raw = JSON.stringify(big);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(raw));
            controller.close();
          },
        });
        const res = await t.app.request('/v1/feedback', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idemKey() },
          body: stream,
          duplex: 'half',
        } as RequestInit);
        await problem(res, 413, 'payload_too_large');
      });

      it('schema violations → 400 validation_failed with JSON pointers', async () => {
        const p = await problem(
          await post(
            t,
            '/v1/feedback',
            submission({ answers: { overall: 6, 'got-help': 0 }, locale: 'de', extra: true, segment: 'alien' }),
          ),
          400,
          'validation_failed',
        );
        const got = new Set(p.errors?.map((e) => `${e.pointer} ${e.code}`));
        for (const want of [
          '/answers/overall maximum',
          '/answers/got-help minimum',
          '/locale enum',
          '/extra additionalProperties',
          '/segment enum',
        ]) {
          assert.ok(got.has(want), `missing ${want} in ${[...got].join(', ')}`);
        }
        const p2 = await problem(await post(t, '/v1/feedback', { answers: { overall: 4 } }), 400, 'validation_failed');
        assert.ok(p2.errors?.some((e) => e.pointer === '/organisation' && e.code === 'required'));
        const p3 = await problem(await post(t, '/v1/feedback', submission({ contact: { name: 'A' } })), 400, 'validation_failed');
        assert.ok(p3.errors?.some((e) => e.pointer.startsWith('/contact')));
        await problem(
          await post(t, '/v1/feedback', submission({ contact: { name: 'A', email: 'not an email' } })),
          400,
          'validation_failed',
        );
        await problem(await post(t, '/v1/feedback', [1, 2, 3]), 400, 'validation_failed');
        await problem(await post(t, '/v1/feedback', 'just a string'), 400, 'validation_failed');
        await problem(await post(t, '/v1/feedback', submission({ answers: { overall: 4.5 } })), 400, 'validation_failed');
      });

      it('unknown organisation / service → 404', async () => {
        await problem(await post(t, '/v1/feedback', submission({ organisation: 'nobody' })), 404, 'unknown_organisation');
        await problem(
          await post(t, '/v1/feedback', submission({ service: 'emergency-care', organisation: OTHER_ORG })),
          404,
          'unknown_service',
        );
      });

      it('stale or unknown questionnaire → 422 questionnaire_stale', async () => {
        await problem(
          await post(t, '/v1/feedback', submission({ questionnaire: { id: QUESTIONNAIRE.id, version: 99 } })),
          422,
          'questionnaire_stale',
        );
        await problem(
          await post(t, '/v1/feedback', submission({ questionnaire: { id: 'other-set', version: 1 } })),
          422,
          'questionnaire_stale',
        );
      });

      it('answer to an unknown question → 422 unknown_question', async () => {
        const p = await problem(
          await post(t, '/v1/feedback', submission({ answers: { overall: 3, 'no-such-question': 2 } })),
          422,
          'unknown_question',
        );
        assert.deepEqual(p.errors?.[0]?.pointer, '/answers/no-such-question');
      });

      it('missing required answer → schema or 422 missing_required_answer', async () => {
        // `overall` is required by the contract itself (400); other required questions by the questionnaire (422).
        await problem(await post(t, '/v1/feedback', submission({ answers: { 'got-help': 3 } })), 400, 'validation_failed');
        // The version the submission names (version 1 answers are still accepted).
        const q = t.questionnaires.version(QUESTIONNAIRE.id, QUESTIONNAIRE.version)!;
        const saved = q.required;
        (q as { required: readonly string[] }).required = ['overall', 'treated-well'];
        try {
          const p = await problem(await post(t, '/v1/feedback', submission()), 422, 'missing_required_answer');
          assert.equal(p.errors?.[0]?.pointer, '/answers/treated-well');
        } finally {
          (q as { required: readonly string[] }).required = saved;
        }
      });

      it('free text longer than the questionnaire allows → 422 validation_failed', async () => {
        const p = await problem(await post(t, '/v1/feedback', submission({ freeText: 'ä'.repeat(2001) })), 422, 'validation_failed');
        assert.deepEqual(p.errors?.[0], { pointer: '/freeText', code: 'maxLength' });
        assert.equal((await post(t, '/v1/feedback', submission({ freeText: 'ä'.repeat(2000) }))).status, 201);
      });

      it('honeypot: 201 with a receipt, nothing stored, logged', async () => {
        const before = await count('feedback');
        const res = await post(t, '/v1/feedback', submission({ website: 'http://spam.example', freeText: 'buy pills' }));
        assert.equal(res.status, 201);
        const r = await json<Receipt>(res);
        assert.match(r.id, /^[0-9a-f-]{36}$/);
        assert.equal(await count('feedback'), before);
        const log = t.logs.find((l) => l.msg === 'honeypot: submission discarded');
        assert.ok(log);
        assert.ok(!JSON.stringify(t.logs).includes('buy pills'), 'free text is never logged');
      });

      it('origins: allowed, not allowed for this organisation, unknown, none', async () => {
        const ok = await post(t, '/v1/feedback', submission(), { headers: { origin: ALLOWED_ORIGIN } });
        assert.equal(ok.status, 201);
        assert.equal(ok.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
        // localhost:6006 is on the first organisation's list only.
        const p = await post(t, '/v1/feedback', submission({ organisation: OTHER_ORG }), { headers: { origin: ALLOWED_ORIGIN } });
        await problem(p, 403, 'origin_not_allowed');
        await problem(
          await post(t, '/v1/feedback', submission(), { headers: { origin: 'https://evil.example' } }),
          403,
          'origin_not_allowed',
        );
        await problem(await post(t, '/v1/feedback', submission(), { headers: { origin: 'null' } }), 403, 'origin_not_allowed');
        // The server's own origin is always allowed (app.request uses http://localhost).
        const self = await post(t, '/v1/feedback', submission({ organisation: OTHER_ORG }), { headers: { origin: 'http://localhost' } });
        assert.equal(self.status, 201);
        // No Origin (server to server, curl): allowed.
        assert.equal((await post(t, '/v1/feedback', submission())).status, 201);
      });

      it('LUUKKU_DEMO_ALLOWED_ORIGINS joins every demo allow-list, also on an existing database', async () => {
        const host = 'http://127.0.0.1:45123';
        const before = await post(t, '/v1/feedback', submission(), { headers: { origin: host } });
        await problem(before, 403, 'origin_not_allowed');
        // A second app on the same (already seeded) database re-applies the seed with the variable.
        const again = await buildApp(target, { demoAllowedOrigins: [host, host] }, { db: t.db });
        for (const organisation of [ORG, OTHER_ORG]) {
          const res = await post(again, '/v1/feedback', submission({ organisation }), { headers: { origin: host } });
          assert.equal(res.status, 201, organisation);
          assert.equal(res.headers.get('access-control-allow-origin'), host);
        }
        const { rows } = await t.db.query<{ allowed_origins: string[] }>('SELECT allowed_origins FROM organisations WHERE id = $1', [ORG]);
        assert.equal(rows[0]!.allowed_origins.filter((o) => o === host).length, 1, 'added once');
        assert.ok(rows[0]!.allowed_origins.includes(ALLOWED_ORIGIN), 'the file’s origins stay');
      });

      it('LUUKKU_DEMO_ALLOWED_ORIGINS must list origins', () => {
        assert.deepEqual(loadConfig({ LUUKKU_DEMO_ALLOWED_ORIGINS: ' https://a.example, http://localhost:5173 ' }).demoAllowedOrigins, [
          'https://a.example',
          'http://localhost:5173',
        ]);
        for (const bad of ['https://a.example/', 'a.example', 'https://a.example/path', 'ftp://a.example', 'https://user@a.example']) {
          assert.throws(() => loadConfig({ LUUKKU_DEMO_ALLOWED_ORIGINS: bad }), /LUUKKU_DEMO_ALLOWED_ORIGINS/, bad);
        }
      });

      it('CORS preflight: allowed origin gets the headers, others 403, Authorization is not offered', async () => {
        const res = await t.app.request('/v1/feedback', {
          method: 'OPTIONS',
          headers: {
            origin: ALLOWED_ORIGIN,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type,idempotency-key',
          },
        });
        assert.equal(res.status, 204);
        assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
        assert.match(res.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
        assert.doesNotMatch(res.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
        const denied = await t.app.request('/v1/feedback', {
          method: 'OPTIONS',
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
        });
        assert.equal(denied.headers.get('access-control-allow-origin'), null);
        await problem(denied, 403, 'origin_not_allowed');
        const staffPreflight = await t.app.request('/v1/feedback/summary', { method: 'OPTIONS', headers: { origin: ALLOWED_ORIGIN } });
        assert.equal(staffPreflight.headers.get('access-control-allow-origin'), null);
      });
    });

    describe('staff endpoints', () => {
      it('401 without or with a wrong key, with WWW-Authenticate', async () => {
        for (const headers of [{}, staff('wrong-key'), { authorization: 'Basic Zm9vOmJhcg==' }, { authorization: 'Bearer' }]) {
          const res = await t.app.request(`/v1/feedback?organisation=${ORG}`, { headers });
          assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
          await problem(res, 401, 'unauthorized');
        }
        await problem(await t.app.request(`/v1/feedback/summary?organisation=${ORG}`), 401, 'unauthorized');
        await problem(await post(t, '/v1/self-assessments', selfAssessment()), 401, 'unauthorized');
      });

      it("403 with another organisation's key", async () => {
        await problem(await t.app.request(`/v1/feedback?organisation=${ORG}`, { headers: staff(t.keys[OTHER_ORG]) }), 403, 'forbidden');
        await problem(
          await t.app.request(`/v1/feedback/summary?organisation=${ORG}`, { headers: staff(t.keys[OTHER_ORG]) }),
          403,
          'forbidden',
        );
        await problem(await post(t, '/v1/self-assessments', selfAssessment(), { headers: staff(t.keys[OTHER_ORG]) }), 403, 'forbidden');
        // The other organisation's own data is fine.
        const res = await t.app.request(`/v1/feedback?organisation=${OTHER_ORG}`, { headers: staff(t.keys[OTHER_ORG]) });
        assert.equal(res.status, 200);
      });

      it('the staff key is stored only as a hash', async () => {
        const rows = await t.db.query<{ staff_key_hash: string }>('SELECT staff_key_hash FROM organisations WHERE id = $1', [ORG]);
        assert.match(rows.rows[0]!.staff_key_hash, /^[0-9a-f]{64}$/);
        assert.notEqual(rows.rows[0]!.staff_key_hash, STAFF_KEY);
      });

      it('list query validation', async () => {
        await problem(await t.app.request(`/v1/feedback?organisation=${ORG}&limit=0`, { headers: staff() }), 400, 'validation_failed');
        await problem(await t.app.request(`/v1/feedback?organisation=${ORG}&limit=abc`, { headers: staff() }), 400, 'validation_failed');
        await problem(
          await t.app.request(`/v1/feedback?organisation=${ORG}&from=2024-02-30x`, { headers: staff() }),
          400,
          'validation_failed',
        );
        await problem(await t.app.request(`/v1/feedback?organisation=${ORG}&before=%%%`, { headers: staff() }), 400, 'validation_failed');
        await problem(
          await t.app.request(`/v1/feedback?organisation=${ORG}&before=bm9wZQ`, { headers: staff() }),
          400,
          'validation_failed',
        );
        await problem(await t.app.request(`/v1/feedback`, { headers: staff() }), 400, 'validation_failed');
      });

      it('cursor pagination walks every item newest first, once', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 7; i++) {
          const res = await post(t, '/v1/feedback', submission({ service: 'event-safety', answers: { overall: (i % 5) + 1 } }));
          ids.push((await json<Receipt>(res)).id);
        }
        const seen: Item[] = [];
        let before: string | null = null;
        let pages = 0;
        do {
          const qs: string = `/v1/feedback?organisation=${ORG}&service=event-safety&limit=3${before ? `&before=${before}` : ''}`;
          const page: Page = await json<Page>(await t.app.request(qs, { headers: staff() }));
          seen.push(...page.items);
          before = page.nextBefore;
          pages++;
        } while (before);
        assert.equal(pages, 3);
        assert.deepEqual(new Set(seen.map((i) => i.id)), new Set(ids));
        assert.equal(seen.length, 7);
        for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.receivedAt >= seen[i]!.receivedAt);
        // Date filters: today (Helsinki) includes everything, an old range nothing.
        const old = await json<Page>(
          await t.app.request(`/v1/feedback?organisation=${ORG}&service=event-safety&from=2000-01-01&to=2000-12-31`, { headers: staff() }),
        );
        assert.equal(old.items.length, 0);
      });
    });

    describe('POST /v1/self-assessments', () => {
      it('stores apart from customer feedback, with idempotency', async () => {
        const fb = await count('feedback');
        const key = idemKey();
        const res = await post(t, '/v1/self-assessments', selfAssessment(), { key, headers: staff() });
        assert.equal(res.status, 201);
        const r = await json<Receipt>(res);
        const again = await post(t, '/v1/self-assessments', selfAssessment(), { key, headers: staff() });
        assert.equal(again.status, 200);
        assert.deepEqual(await json<Receipt>(again), r);
        await problem(
          await post(t, '/v1/self-assessments', selfAssessment({ answers: { overall: 1 } }), { key, headers: staff() }),
          409,
          'idempotency_conflict',
        );
        assert.equal(await count('feedback'), fb);
        const list = await json<Page>(await t.app.request(`/v1/feedback?organisation=${ORG}&limit=500`, { headers: staff() }));
        assert.ok(!list.items.some((i) => i.id === r.id), 'self-assessments are not listed as customer feedback');
      });

      it('validates like customer feedback', async () => {
        const h = { headers: staff() };
        await problem(await post(t, '/v1/self-assessments', selfAssessment({ serviceEvent: undefined }), h), 400, 'validation_failed');
        await problem(
          await post(t, '/v1/self-assessments', selfAssessment({ contact: { name: 'x', phone: '12345' } }), h),
          400,
          'validation_failed',
        );
        await problem(await post(t, '/v1/self-assessments', selfAssessment({ service: 'nope' }), h), 404, 'unknown_service');
        await problem(await post(t, '/v1/self-assessments', selfAssessment({ organisation: 'nobody' }), h), 403, 'forbidden');
        await problem(
          await post(t, '/v1/self-assessments', selfAssessment({ questionnaire: { id: QUESTIONNAIRE.id, version: 9 } }), h),
          422,
          'questionnaire_stale',
        );
        await problem(
          await post(t, '/v1/self-assessments', selfAssessment({ answers: { overall: 1, bogus: 2 } }), h),
          422,
          'unknown_question',
        );
        await problem(await post(t, '/v1/self-assessments', null, { ...h, raw: '{' }), 400, 'malformed_json');
        await problem(await post(t, '/v1/self-assessments', selfAssessment(), { ...h, key: null }), 400, 'idempotency_key_missing');
      });
    });

    describe('GET /v1/feedback/summary', () => {
      it('counts, means and distributions per service and month, customer and self-assessment side by side', async () => {
        const service = 'duty-fire-inspector';
        const customer = [
          { overall: 5, 'got-help': 4 },
          { overall: 4, 'got-help': 4 },
          { overall: 4 },
          { overall: 1, 'got-help': 2, 'treated-well': 3 },
        ];
        for (const answers of customer) assert.equal((await post(t, '/v1/feedback', submission({ service, answers }))).status, 201);
        // A honeypot submission and a rejected one must not count.
        await post(t, '/v1/feedback', submission({ service, answers: { overall: 1 }, website: 'x' }));
        await post(t, '/v1/feedback', submission({ service, answers: { overall: 9 } }));
        for (const answers of [{ overall: 3 }, { overall: 4, 'got-help': 5 }]) {
          assert.equal((await post(t, '/v1/self-assessments', selfAssessment({ service, answers }), { headers: staff() })).status, 201);
        }
        const res = await t.app.request(`/v1/feedback/summary?organisation=${ORG}&service=${service}`, { headers: staff() });
        assert.equal(res.status, 200);
        const body = await json<{
          organisation: string;
          questionnaire: { id: string; version: number };
          rows: {
            service: string;
            month: string;
            customer: { count: number; questions: Record<string, { count: number; mean: number | null; distribution: number[] }> };
            selfAssessment: { count: number; questions: Record<string, { count: number; mean: number | null; distribution: number[] }> };
          }[];
        }>(res);
        assert.equal(body.organisation, ORG);
        // Version 2 is current; version 1 answers still count, pooled with version 2 only in the shared items.
        assert.deepEqual(body.questionnaire, { id: QUESTIONNAIRE.id, version: 2 });
        assert.deepEqual((body as unknown as { comparison: { sharedItems: string[] } }).comparison.sharedItems, [
          'overall',
          'got-help',
          'clear-information',
        ]);
        assert.equal(body.rows.length, 1);
        const row = body.rows[0]!;
        assert.equal(row.service, service);
        const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit' }).format(
          new Date(),
        );
        assert.equal(row.month, month.slice(0, 7));
        assert.equal(row.customer.count, 4);
        assert.deepEqual(row.customer.questions.overall, { count: 4, mean: 3.5, distribution: [1, 0, 0, 2, 1] });
        assert.deepEqual(row.customer.questions['got-help'], { count: 3, mean: 3.33, distribution: [0, 1, 0, 2, 0] });
        assert.deepEqual(row.customer.questions['treated-well'], { count: 1, mean: 3, distribution: [0, 0, 1, 0, 0] });
        assert.deepEqual(row.customer.questions['safety-improved'], { count: 0, mean: null, distribution: [0, 0, 0, 0, 0] });
        assert.equal(row.selfAssessment.count, 2);
        assert.deepEqual(row.selfAssessment.questions.overall, { count: 2, mean: 3.5, distribution: [0, 0, 1, 1, 0] });
        assert.deepEqual(row.selfAssessment.questions['got-help'], { count: 1, mean: 5, distribution: [0, 0, 0, 0, 1] });

        // Without a service filter there is one row per service; an old range is empty.
        const all = await json<{ rows: { service: string }[] }>(
          await t.app.request(`/v1/feedback/summary?organisation=${ORG}`, { headers: staff() }),
        );
        assert.ok(all.rows.length > 1);
        assert.deepEqual(
          all.rows.map((r) => r.service),
          [...all.rows.map((r) => r.service)].sort(),
        );
        const old = await json<{ rows: unknown[] }>(
          await t.app.request(`/v1/feedback/summary?organisation=${ORG}&from=2001-01-01&to=2001-01-31`, { headers: staff() }),
        );
        assert.deepEqual(old.rows, []);
        await problem(
          await t.app.request(`/v1/feedback/summary?organisation=${ORG}&to=yesterday`, { headers: staff() }),
          400,
          'validation_failed',
        );
      });
    });

    describe('rate limit', () => {
      it('429 rate_limited with Retry-After once the bucket is empty, per client', async () => {
        const limited = await buildApp(target, { rateLimitPerMinute: 6, rateLimitBurst: 2, trustProxyHops: 1 });
        try {
          const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
          assert.equal((await post(limited, '/v1/feedback', submission(), from('10.0.0.1'))).status, 201);
          assert.equal((await post(limited, '/v1/feedback', submission(), from('10.0.0.1'))).status, 201);
          const res = await post(limited, '/v1/feedback', submission(), from('10.0.0.1'));
          assert.ok(Number(res.headers.get('retry-after')) >= 1);
          await problem(res, 429, 'rate_limited');
          // Self-assessments share the client's bucket; another client has its own.
          await problem(
            await post(limited, '/v1/self-assessments', selfAssessment(), { headers: { ...staff(), 'x-forwarded-for': '10.0.0.1' } }),
            429,
            'rate_limited',
          );
          assert.equal((await post(limited, '/v1/feedback', submission(), from('10.0.0.2'))).status, 201);
          // Reads are not limited.
          assert.equal((await limited.app.request('/health')).status, 200);
        } finally {
          await limited.close();
        }
      });
    });
  });
}
