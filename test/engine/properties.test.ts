import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate } from '../../src/shared/permit-engine/evaluate.js';
import { loadPacks } from '../../src/server/permits/load-packs.js';
import type { Question, ResolvedPack, Result } from '../../src/shared/permit-engine/types.js';

const packs = loadPacks();
const all = [...packs.values()];
const NUM_RUNS = 1000;

/** A well-typed answer for a question (sometimes absent). */
function answerArb(q: Question): fc.Arbitrary<unknown> {
  const opts = (q.options ?? []).map((o) => o.value);
  switch (q.type) {
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'time':
      return fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    case 'number':
      return fc.oneof(fc.integer({ min: 0, max: 100000 }), fc.constantFrom(0, 199, 200, 201, 5000));
    case 'boolean':
      return fc.boolean();
    case 'choice':
      return fc.constantFrom(...opts);
    case 'multiChoice':
      return fc.subarray(opts);
    default:
      return fc.string();
  }
}

function typedAnswers(pack: ResolvedPack): fc.Arbitrary<Record<string, unknown>> {
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const q of pack.questions) rec[q.id] = answerArb(q);
  return fc.record(rec, { requiredKeys: [] });
}

function checkInvariants(pack: ResolvedPack, r: Result): void {
  const ids = pack.questions.map((q) => q.id);
  let last = -1;
  for (const v of r.visibleQuestions) {
    const i = ids.indexOf(v);
    assert.ok(i > last, 'visible questions keep pack order');
    last = i;
  }
  if (r.nextQuestion !== null) assert.ok(r.visibleQuestions.includes(r.nextQuestion));
  for (const list of [r.obligations, r.recommendations]) {
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!,
        b = list[i]!;
      const ka = a.latestSubmission === null ? '\uffff' : a.latestSubmission + (a.latestSubmissionTime ?? '');
      const kb = b.latestSubmission === null ? '\uffff' : b.latestSubmission + (b.latestSubmissionTime ?? '');
      assert.ok(ka < kb || (ka === kb && a.ruleId < b.ruleId), 'deterministic order');
    }
    for (const it of list) {
      assert.ok(['green', 'amber', 'red'].includes(it.light));
      if (it.daysLeft !== null && it.daysLeft < 0) assert.equal(it.light, 'red');
    }
  }
}

test('property: evaluate never throws for arbitrary JSON answers (and garbage today)', () => {
  for (const pack of all) {
    const keys = [...pack.questions.map((q) => q.id), '__proto__', 'constructor', 'x'];
    fc.assert(
      fc.property(
        fc.oneof(fc.dictionary(fc.constantFrom(...keys), fc.jsonValue()), fc.anything(), fc.jsonValue()),
        fc.oneof(fc.constant('2027-04-01'), fc.string(), fc.anything()),
        (answers, today) => {
          const r = evaluate(pack, answers as Record<string, unknown>, today as string);
          checkInvariants(pack, r);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  }
});

test('property: well-typed random answers evaluate, deterministically, and hidden answers never matter', () => {
  for (const pack of all) {
    fc.assert(
      fc.property(
        typedAnswers(pack),
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2036-01-01T00:00:00Z'), noInvalidDate: true }),
        (answers, d) => {
          const today = d.toISOString().slice(0, 10);
          const r = evaluate(pack, answers, today);
          checkInvariants(pack, r);
          assert.deepEqual(evaluate(pack, structuredClone(answers), today), r);
          // drop the answers to hidden questions: nothing changes
          const visibleOnly = Object.fromEntries(Object.entries(answers).filter(([k]) => r.visibleQuestions.includes(k)));
          assert.deepEqual(evaluate(pack, visibleOnly, today), r);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  }
});
