/**
 * Property test: whatever arrives at the write endpoints and at POST /v1/permits/evaluate — random JSON, the real field names
 * with wrong types, random bytes, huge strings, deep nesting, near-valid mutations — the
 * answer is never a 5xx, and every error is problem+json with a code from the contract.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { buildApp, contract, idemKey, selfAssessment, staff, submission, targets, type TestApp } from './helpers.js';

const RUNS_PER_ENDPOINT = 1600;
const EVALUATE_RUNS = 1200;

const FIELDS = [
  'organisation',
  'service',
  'serviceEvent',
  'questionnaire',
  'answers',
  'freeText',
  'segment',
  'contact',
  'locale',
  'plainLanguage',
  'website',
];

const deepArray = fc.integer({ min: 1, max: 6000 }).map((d) => '['.repeat(d) + ']'.repeat(d));
const deepObject = fc.integer({ min: 1, max: 2000 }).map((d) => '{"answers":'.repeat(d) + '1' + '}'.repeat(d));
const unbalanced = fc.integer({ min: 1, max: 5000 }).map((d) => '{"a":['.repeat(d));
const NESTED = ['questionnaire.id', 'questionnaire.version', 'answers.overall', 'answers.got-help', 'contact.email', 'contact.name'];

const EVALUATE_FIELDS = ['organisation', 'mode', 'answers', 'today'];
const EVALUATE_NESTED = [
  'answers.eventType',
  'answers.startDate',
  'answers.startTime',
  'answers.venue',
  'answers.attendance',
  'answers.alcohol',
  'answers.amplifiedSound',
  'answers.soundUntil',
  'answers.specialEffects',
  'answers.lotteryScale',
  'answers.marketSquare',
  'answers.__proto__',
  'answers.constructor',
  'answers.productionStart',
];
/** A valid evaluation request: the demo city's event pack with a typical set of answers. */
const evaluateBase = (): Record<string, unknown> => ({
  organisation: 'demo-kaupunki',
  mode: 'events',
  today: '2027-03-01',
  answers: {
    eventType: 'public-event',
    startDate: '2027-06-12',
    startTime: '16:00',
    venue: 'public-area',
    marketSquare: true,
    attendance: 800,
    music: true,
    amplifiedSound: true,
    soundUntil: '23:00',
    specialEffects: ['stage-pyrotechnics'],
    lottery: true,
    lotteryScale: 'larger',
  },
});
/** Any answer value, wrong types and near-valid strings included. */
const answerValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('2027-02-30', '2027-06-12', '24:00', '23:59', 'public-event', 'larger', '', 'fireworks-display', 1e308, -1, 0, NaN),
  fc.array(fc.constantFrom('fireworks-display', 'consumer-fireworks', 'nope', 1), { maxLength: 6 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

const hugeString = (base: () => Record<string, unknown>, fields: string[]) => fc
  .tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 500, max: 12_000 }), fc.constantFrom(...fields))
  .map(([s, n, field]) => JSON.stringify({ ...base(), [field]: s.repeat(n) }));
const wrongTypes = (fields: string[]) => fc
  .dictionary(fc.constantFrom(...fields, 'extra', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 12 })
  .map((o) => JSON.stringify(o));
const nearValid = (base: () => Record<string, unknown>, fields: string[], nested: string[]) => fc
  .tuple(
    fc.constantFrom(...fields, ...nested),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.integer(), fc.double(), fc.string(), answerValue),
  )
  .map(([path, value]) => {
    const body = base() as Record<string, Record<string, unknown>>;
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (tail) body[head] = { ...(body[head] ?? {}), [tail]: value };
    else (body as Record<string, unknown>)[head] = value;
    return JSON.stringify(body);
  });
const randomJson = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));
const randomBytes = fc.uint8Array({ maxLength: 3000 });
const randomText = fc.string({ maxLength: 500, unit: 'binary' });

/** Valid envelope, random answers: reaches the engine itself. */
const randomAnswers = fc
  .dictionary(fc.constantFrom(...EVALUATE_NESTED.map((p) => p.slice('answers.'.length)), 'x', ''), answerValue, { maxKeys: 14 })
  .chain((answers) =>
    fc.record({ mode: fc.constantFrom('events', 'industrial'), organisation: fc.constantFrom('demo-kaupunki', 'demo-stad', 'demo-pelastuslaitos') }).map((env) =>
      JSON.stringify({ ...env, today: '2027-03-01', answers }),
    ),
  );

const bodies = (base: () => Record<string, unknown>, fields = FIELDS, nested = NESTED) => fc.oneof(
  { weight: 3, arbitrary: randomJson },
  { weight: 4, arbitrary: wrongTypes(fields) },
  { weight: 4, arbitrary: nearValid(base, fields, nested) },
  { weight: 2, arbitrary: randomBytes },
  { weight: 2, arbitrary: randomText },
  { weight: 1, arbitrary: hugeString(base, fields) },
  { weight: 1, arbitrary: deepArray },
  { weight: 1, arbitrary: deepObject },
  { weight: 1, arbitrary: unbalanced },
);
const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-16', 'multipart/form-data', '', 'application/problem+json') },
);
const key = fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.string({ maxLength: 80 }) });

for (const target of targets()) {
  describe(`fuzz on ${target.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildApp(target);
    });
    after(async () => {
      await t.close();
    });
    const codes = new Set(contract().problemCodes);

    const check = async (res: Response, what: string, ok: (body: Record<string, unknown>) => void = isReceipt) => {
      const text = await res.text();
      assert.ok(res.status < 500, `${what} → ${res.status} ${text}`);
      if (res.status >= 400) {
        assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
        const p = JSON.parse(text) as { code: string; status: number };
        assert.ok(codes.has(p.code), `${p.code} not in the contract`);
        assert.equal(p.status, res.status);
      } else {
        ok(JSON.parse(text) as Record<string, unknown>);
      }
      return res.status;
    };

    const customerBase = () => submission({ answers: { overall: 3 }, contact: { name: 'A', email: 'a@example.fi' } });
    const staffBase = () => selfAssessment({ answers: { overall: 3, 'got-help': 2 }, freeText: 'ok' });
    for (const [path, extra, valid] of [
      ['/v1/feedback', {}, customerBase],
      ['/v1/self-assessments', staff(), staffBase],
    ] as const) {
      it(`POST ${path}: ${RUNS_PER_ENDPOINT} random bodies, never a 5xx`, async () => {
        const statuses = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(bodies(valid), contentType, key, async (payload, type, k) => {
            const headers: Record<string, string> = { ...extra, 'idempotency-key': k ?? idemKey() };
            if (type) headers['content-type'] = type;
            const res = await t.app.request(path, { method: 'POST', headers, body: payload as BodyInit });
            const status = await check(res, `${path} ${typeof payload === 'string' ? payload.slice(0, 200) : `bytes(${payload.length})`}`);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }),
          { numRuns: RUNS_PER_ENDPOINT },
        );
        t.logs.length = 0;
        if (process.env.FUZZ_VERBOSE) console.log(path, Object.fromEntries(statuses));
        // The generators reach deep into validation, not just the JSON parser.
        assert.ok((statuses.get(400) ?? 0) > 100);
        // A known-valid body still works after the storm.
        assert.equal((await t.app.request(path, { method: 'POST', headers: { ...extra, 'content-type': 'application/json', 'idempotency-key': idemKey() }, body: JSON.stringify(valid()) })).status, 201);
      });
    }

    it(`POST /v1/permits/evaluate: ${EVALUATE_RUNS} random bodies, never a 5xx`, async () => {
      const statuses = new Map<number, number>();
      const isEvaluation = (body: Record<string, unknown>) => {
        const result = body.result as Record<string, unknown> | undefined;
        assert.ok(result && Array.isArray(result.obligations) && Array.isArray(result.warnings), JSON.stringify(body).slice(0, 200));
        assert.match(String(body.today), /^\d{4}-\d{2}-\d{2}$/);
      };
      const payloads = fc.oneof(
        { weight: 3, arbitrary: bodies(evaluateBase, EVALUATE_FIELDS, EVALUATE_NESTED) },
        { weight: 1, arbitrary: randomAnswers },
      );
      await fc.assert(
        fc.asyncProperty(payloads, contentType, async (payload, type) => {
          const headers: Record<string, string> = {};
          if (type) headers['content-type'] = type;
          const res = await t.app.request('/v1/permits/evaluate', { method: 'POST', headers, body: payload as BodyInit });
          const what = `evaluate ${typeof payload === 'string' ? payload.slice(0, 200) : `bytes(${payload.length})`}`;
          const status = await check(res, what, isEvaluation);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }),
        { numRuns: EVALUATE_RUNS },
      );
      if (process.env.FUZZ_VERBOSE) console.log('/v1/permits/evaluate', Object.fromEntries(statuses));
      // Both the validation and the engine were reached many times.
      assert.ok((statuses.get(400) ?? 0) > 100);
      assert.ok((statuses.get(200) ?? 0) > 200);
      const res = await t.app.request('/v1/permits/evaluate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(evaluateBase()) });
      assert.equal(res.status, 200);
    });
  });
}

function isReceipt(body: Record<string, unknown>): void {
  assert.match(String(body.id), /^[0-9a-f-]{36}$/);
}
