/**
 * Property test: whatever arrives at the write endpoints and at POST /v1/permits/evaluate — random JSON, the real field names
 * with wrong types, random bytes, huge strings, deep nesting, near-valid mutations, text with
 * NUL characters and lone surrogates, impossible and extreme dates, huge numbers — and
 * whatever query (and cursor) arrives at every GET endpoint, the answer is never a 5xx, and
 * every error is problem+json with a code from the contract.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { buildApp, contract, idemKey, selfAssessment, staff, submission, targets, type TestApp } from './helpers.js';

const RUNS_PER_ENDPOINT = 1600;
const EVALUATE_RUNS = 1200;
const QUERY_RUNS = 500;

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
/** Text PostgreSQL cannot store: a NUL or a lone surrogate somewhere in otherwise ordinary text. */
const badText = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uDBFF\u0041', '\u0000\uDC00', '\uD83D'),
    fc.string({ maxLength: 20 }),
  )
  .map(([a, bad, b]) => a + bad + b);
/** Dates that do not exist, the edges of what PostgreSQL and JavaScript can hold, and real ones. */
const extremeDate = fc.oneof(
  fc.constantFrom(
    '0000-01-01',
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '9999-12-31',
    '10000-01-01',
    '-000001-01-01',
    '+275760-09-13',
    '1970-01-01',
    '2024-02-29',
    '4714-11-24',
    '294277-01-01',
  ),
  fc
    .date({ min: new Date(-8_640_000_000_000_000), max: new Date(8_640_000_000_000_000), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, d.toISOString().indexOf('T'))),
);
/** Numbers beyond int4, int8, safe integers and doubles' integer range. */
const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, 1e21, 5e-324, -0);
/** Where the JSON itself carries a number no double holds exactly. */
const hugeLiteral = fc.bigInt({ min: 10n ** 20n, max: 10n ** 400n }).map((n) => n.toString());

/** Any answer value, wrong types and near-valid strings included. */
const answerValue = fc.oneof(
  badText,
  extremeDate,
  hugeNumber,
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('2027-02-30', '2027-06-12', '24:00', '23:59', 'public-event', 'larger', '', 'fireworks-display', 1e308, -1, 0, NaN),
  fc.array(fc.constantFrom('fireworks-display', 'consumer-fireworks', 'nope', 1), { maxLength: 6 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

const hugeString = (base: () => Record<string, unknown>, fields: string[]) =>
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 500, max: 12_000 }), fc.constantFrom(...fields))
    .map(([s, n, field]) => JSON.stringify({ ...base(), [field]: s.repeat(n) }));
const wrongTypes = (fields: string[]) =>
  fc
    .dictionary(fc.constantFrom(...fields, 'extra', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 12 })
    .map((o) => JSON.stringify(o));
const nearValid = (base: () => Record<string, unknown>, fields: string[], nested: string[]) =>
  fc
    .tuple(
      fc.constantFrom(...fields, ...nested),
      fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc.constant(undefined),
        fc.integer(),
        fc.double(),
        fc.string(),
        answerValue,
        badText,
        extremeDate,
        hugeNumber,
      ),
    )
    .map(([path, value]) => {
      const body = base() as Record<string, Record<string, unknown>>;
      const [head, tail] = path.split('.') as [string, string | undefined];
      if (tail) body[head] = { ...(body[head] ?? {}), [tail]: value };
      else (body as Record<string, unknown>)[head] = value;
      return JSON.stringify(body);
    });
const randomJson = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));
/** A valid body with bad text in one field or object key, as JSON escapes (`\u0000`, `\ud800`) the way a client sends them. */
const badTextBody = (base: () => Record<string, unknown>, fields: string[], nested: string[]) =>
  fc.tuple(fc.constantFrom(...fields, ...nested), badText, fc.boolean()).map(([path, text, asKey]) => {
    const body = base() as Record<string, Record<string, unknown>>;
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (asKey) body[head === 'answers' || head === 'contact' ? head : 'answers'] = { [text]: 1 };
    else if (tail) body[head] = { ...(body[head] ?? {}), [tail]: text };
    else (body as Record<string, unknown>)[head] = text;
    return JSON.stringify(body);
  });
/** A valid body whose one numeric place holds a number literal beyond every integer type. */
const hugeNumberBody = (base: () => Record<string, unknown>) =>
  hugeLiteral.map((n) => JSON.stringify(base()).replace(/:(\d+)([,}])/, `:${n}$2`));
const randomBytes = fc.uint8Array({ maxLength: 3000 });
const randomText = fc.string({ maxLength: 500, unit: 'binary' });

/** Valid envelope, random answers: reaches the engine itself. */
const randomAnswers = fc
  .dictionary(fc.constantFrom(...EVALUATE_NESTED.map((p) => p.slice('answers.'.length)), 'x', ''), answerValue, { maxKeys: 14 })
  .chain((answers) =>
    fc
      .record({
        mode: fc.constantFrom('events', 'industrial'),
        organisation: fc.constantFrom('demo-kaupunki', 'demo-stad', 'demo-pelastuslaitos'),
      })
      .map((env) => JSON.stringify({ ...env, today: '2027-03-01', answers })),
  );

const bodies = (base: () => Record<string, unknown>, fields = FIELDS, nested = NESTED) =>
  fc.oneof(
    { weight: 3, arbitrary: randomJson },
    { weight: 4, arbitrary: wrongTypes(fields) },
    { weight: 4, arbitrary: nearValid(base, fields, nested) },
    { weight: 2, arbitrary: randomBytes },
    { weight: 2, arbitrary: randomText },
    { weight: 1, arbitrary: hugeString(base, fields) },
    { weight: 1, arbitrary: deepArray },
    { weight: 1, arbitrary: deepObject },
    { weight: 1, arbitrary: unbalanced },
    { weight: 3, arbitrary: badTextBody(base, fields, nested) },
    { weight: 1, arbitrary: hugeNumberBody(base) },
  );
const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-16', 'multipart/form-data', '', 'application/problem+json'),
  },
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
        assert.equal(
          (
            await t.app.request(path, {
              method: 'POST',
              headers: { ...extra, 'content-type': 'application/json', 'idempotency-key': idemKey() },
              body: JSON.stringify(valid()),
            })
          ).status,
          201,
        );
      });
    }

    const queryValue = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom('demo-pelastuslaitos', 'demo-kaupunki', 'fire-inspection', 'events', 'industrial', '50', ''),
      },
      { weight: 3, arbitrary: badText },
      { weight: 3, arbitrary: extremeDate },
      { weight: 1, arbitrary: hugeNumber.map(String) },
      { weight: 1, arbitrary: hugeLiteral },
      { weight: 1, arbitrary: fc.string({ maxLength: 80, unit: 'binary' }) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            extremeDate,
            fc.constantFrom('T10:00:00.000Z', 'T24:00:00.000Z', 'T23:59:60.000Z', ''),
            fc.uuid(),
            fc.constantFrom('', '|x'),
          )
          .map(([d, time, id, extra]) => Buffer.from(`${d}${time}|${id}${extra}`).toString('base64url')),
      },
    );
    const query = fc.dictionary(fc.constantFrom('organisation', 'service', 'from', 'to', 'limit', 'before', 'mode', 'x'), queryValue, {
      maxKeys: 6,
    });
    for (const [path, headers, valid] of [
      ['/v1/feedback/form', {}, { organisation: 'demo-pelastuslaitos', service: 'fire-inspection' }],
      ['/v1/feedback', staff(), { organisation: 'demo-pelastuslaitos' }],
      ['/v1/feedback/summary', staff(), { organisation: 'demo-pelastuslaitos' }],
      ['/v1/permits/packs/events', {}, { organisation: 'demo-kaupunki' }],
      ['/v1/permits/processing-times', {}, { organisation: 'demo-kaupunki', mode: 'events' }],
    ] as const) {
      it(`GET ${path}: ${QUERY_RUNS} random queries (bad text, impossible dates, huge numbers, forged cursors), never a 5xx`, async () => {
        const statuses = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(query, fc.boolean(), async (params, keepValid) => {
            const all: Record<string, string> = keepValid ? { ...valid, ...params } : params;
            const qs = Object.entries(all)
              .map(([k, v]) => `${k}=${encodeQueryValue(v)}`)
              .join('&');
            const res = await t.app.request(`${path}?${qs}`, { headers });
            const status = await check(res, `GET ${path}?${qs.slice(0, 300)}`, () => {});
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }),
          { numRuns: QUERY_RUNS },
        );
        if (process.env.FUZZ_VERBOSE) console.log(path, Object.fromEntries(statuses));
        assert.ok((statuses.get(400) ?? 0) > QUERY_RUNS / 10, 'validation was reached');
        assert.ok((statuses.get(200) ?? 0) > 0, 'and so were the handlers');
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
      const res = await t.app.request('/v1/permits/evaluate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(evaluateBase()),
      });
      assert.equal(res.status, 200);
    });
  });
}

/** Percent-encodes like a browser would, except that a lone surrogate becomes its (invalid) CESU-8 bytes. */
function encodeQueryValue(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += encodeURIComponent(s.slice(i, i + 2));
        i++;
      } else {
        out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`;
      }
    } else {
      out += encodeURIComponent(s[i]!);
    }
  }
  return out;
}

function isReceipt(body: Record<string, unknown>): void {
  assert.match(String(body.id), /^[0-9a-f-]{36}$/);
}
