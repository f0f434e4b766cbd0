/**
 * The contract is the one source: every operation has a handler and every handler is in the
 * contract; 405 and `Allow` come from its paths; the values both halves share
 * (src/contract/values.ts) equal its enums and patterns.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CUSTOMER_SEGMENTS, LOCALES, PATTERNS, PERMIT_MODES, PROBLEM_CODES, SERVICE_TYPES } from '../../src/contract/values.js';
import { buildApp, contract, problem, targets, type TestApp } from './helpers.js';

type Json = Record<string, unknown>;
const schema = (name: string): Json => ((contract().document.components as Json).schemas as Json)[name] as Json;
const param = (name: string): Json => ((contract().document.components as Json).parameters as Json)[name] as Json;

describe('contract ↔ handlers', () => {
  let t: TestApp;
  before(async () => {
    t = await buildApp(targets()[0]!);
  });
  after(async () => {
    await t.close();
  });

  /** `METHOD /path/{param}` of every route handler of the app (middleware and fallbacks left out). */
  const handlers = () =>
    new Set(
      t.app.routes
        .filter(
          (r) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.path.includes('*') && !r.path.startsWith('/luukku'),
        )
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`),
    );
  const operations = () => new Set(contract().operations.map((o) => `${o.method} ${o.path}`));

  it('every contract operation has a handler', () => {
    const missing = [...operations()].filter((op) => !handlers().has(op));
    assert.deepEqual(missing, []);
    assert.ok(operations().size >= 9);
  });

  it('every handler is in the contract', () => {
    const extra = [...handlers()].filter((h) => !operations().has(h));
    assert.deepEqual(extra, []);
  });

  it('405 with the contract’s methods in Allow, on every contract path', async () => {
    for (const op of contract().operations) {
      const path = op.path.replace('{mode}', 'events');
      const methods = contract()
        .operations.filter((o) => o.path === op.path)
        .map((o) => o.method);
      for (const wrong of ['PUT', 'DELETE', 'PATCH', 'POST', 'GET'].filter((m) => !methods.includes(m))) {
        const res = await t.app.request(path, { method: wrong });
        const allow = (res.headers.get('allow') ?? '').split(', ');
        await problem(res, 405, 'method_not_allowed');
        for (const m of methods) assert.ok(allow.includes(m), `${wrong} ${path}: Allow ${allow.join(',')} lacks ${m}`);
        if (methods.includes('GET')) assert.ok(allow.includes('HEAD'));
        assert.ok(allow.includes('OPTIONS'));
        assert.ok(
          allow.every((m) => methods.includes(m) || m === 'HEAD' || m === 'OPTIONS'),
          `${path}: ${allow.join(',')}`,
        );
      }
      // A preflight without an Origin answers with the same Allow.
      const options = await t.app.request(path, { method: 'OPTIONS' });
      assert.equal(options.status, 204, path);
      for (const m of methods) assert.match(options.headers.get('allow') ?? '', new RegExp(`\\b${m}\\b`), path);
    }
    // Paths outside the contract stay 404.
    await problem(await t.app.request('/v1/nothing-here', { method: 'DELETE' }), 404, 'not_found');
  });
});

describe('values shared by the widgets and the server', () => {
  it('the as-const lists equal the contract’s enums', () => {
    assert.deepEqual([...CUSTOMER_SEGMENTS], schema('CustomerSegment').enum);
    assert.deepEqual([...PERMIT_MODES], schema('PermitModeValue').enum);
    assert.deepEqual([...LOCALES], schema('LocaleCode').enum);
    assert.deepEqual([...SERVICE_TYPES], schema('ServiceType').enum);
    assert.deepEqual([...PROBLEM_CODES], schema('ProblemCode').enum);
    assert.deepEqual([...PROBLEM_CODES], contract().problemCodes);
  });

  it('the patterns equal the contract’s', () => {
    assert.equal(PATTERNS.slug, schema('Slug').pattern);
    assert.equal(PATTERNS.serviceEventRef, schema('ServiceEventRef').pattern);
    assert.equal(PATTERNS.idempotencyKey, (param('IdempotencyKey').schema as Json).pattern);
    for (const p of Object.values(PATTERNS)) assert.doesNotThrow(() => new RegExp(p));
  });
});
