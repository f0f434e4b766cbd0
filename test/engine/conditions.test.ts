import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holds, holds3, referencedQuestions } from '../../src/shared/permit-engine/conditions.js';
import type { AnswerValue, Condition } from '../../src/shared/permit-engine/types.js';

const answers: Record<string, AnswerValue> = { n: 250, b: true, c: 'indoors', m: ['fireworks', 'lasers'], d: '2027-06-12', t: '22:30' };
const look = (id: string): AnswerValue | undefined => answers[id];
const h = (c: Condition): boolean => holds(c, look);

test('comparison ops on answered questions', () => {
  assert.ok(h({ q: 'n', op: 'eq', value: 250 }));
  assert.ok(h({ q: 'n', op: 'ne', value: 200 }));
  assert.ok(h({ q: 'n', op: 'gt', value: 200 }));
  assert.ok(h({ q: 'n', op: 'gte', value: 250 }));
  assert.ok(!h({ q: 'n', op: 'lt', value: 250 }));
  assert.ok(h({ q: 'n', op: 'lte', value: 250 }));
  assert.ok(h({ q: 'n', op: 'between', value: [200, 250] }));
  assert.ok(!h({ q: 'n', op: 'between', value: [251, 300] }));
  assert.ok(h({ q: 'c', op: 'in', value: ['indoors', 'private-outdoor'] }));
  assert.ok(h({ q: 'c', op: 'notIn', value: ['public-area'] }));
  assert.ok(h({ q: 'm', op: 'includes', value: 'lasers' }));
  assert.ok(!h({ q: 'm', op: 'includes', value: 'drones' }));
  assert.ok(h({ q: 'b', op: 'eq', value: true }));
  assert.ok(h({ q: 'b', op: 'answered' }));
  assert.ok(!h({ q: 'b', op: 'notAnswered' }));
});

test('dates and times of day compare in time order', () => {
  assert.ok(h({ q: 'd', op: 'gt', value: '2027-06-01' }));
  assert.ok(h({ q: 'd', op: 'between', value: ['2027-06-01', '2027-06-30'] }));
  assert.ok(h({ q: 't', op: 'gt', value: '22:00' }));
  assert.ok(!h({ q: 't', op: 'lte', value: '22:00' }));
  assert.ok(!h({ q: 't', op: 'between', value: ['07:00', '22:00'] }));
  assert.ok(h({ q: 't', op: 'between', value: ['22:00', '23:59'] }));
});

test('unanswered → every comparison false; answered/notAnswered test presence', () => {
  for (const op of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'between', 'includes'] as const) {
    assert.equal(h({ q: 'missing', op, value: op === 'between' ? [0, 1] : op === 'in' || op === 'notIn' ? ['x'] : 'x' }), false, op);
  }
  assert.ok(h({ q: 'missing', op: 'notAnswered' }));
  assert.ok(!h({ q: 'missing', op: 'answered' }));
  assert.ok(h({ not: { q: 'missing', op: 'eq', value: 1 } }));
});

test('all / any / not; empty lists', () => {
  assert.ok(h({ all: [] }));
  assert.ok(!h({ any: [] }));
  assert.ok(
    h({
      all: [
        { q: 'n', op: 'gte', value: 200 },
        {
          any: [
            { q: 'b', op: 'eq', value: false },
            { q: 'c', op: 'eq', value: 'indoors' },
          ],
        },
      ],
    }),
  );
  assert.ok(!h({ not: { q: 'n', op: 'gte', value: 200 } }));
});

test('malformed conditions are false, never throw', () => {
  for (const c of [
    null,
    1,
    'x',
    [],
    {},
    { all: 3 },
    { any: 'x' },
    { q: 1 },
    { q: 'n', op: 'bogus' },
    { q: 'n', op: 'between', value: 3 },
    { q: 'm', op: 'eq', value: ['fireworks'] },
  ]) {
    assert.equal(holds(c as unknown as Condition, look), false);
  }
  assert.equal(holds(undefined, look), true);
});

test('three-valued: unknown while a question is open; false once it cannot be asked', () => {
  const open = (id: string): boolean => id === 'pending';
  assert.equal(holds3({ q: 'pending', op: 'gte', value: 200 }, look, open), null);
  assert.equal(holds3({ q: 'gone', op: 'gte', value: 200 }, look, open), false);
  assert.equal(
    holds3(
      {
        any: [
          { q: 'pending', op: 'eq', value: 1 },
          { q: 'n', op: 'eq', value: 250 },
        ],
      },
      look,
      open,
    ),
    true,
  );
  assert.equal(
    holds3(
      {
        all: [
          { q: 'pending', op: 'eq', value: 1 },
          { q: 'n', op: 'eq', value: 1 },
        ],
      },
      look,
      open,
    ),
    false,
  );
  assert.equal(holds3({ not: { q: 'pending', op: 'eq', value: 1 } }, look, open), null);
  assert.deepEqual(referencedQuestions({ all: [{ q: 'a', op: 'answered' }, { not: { q: 'b', op: 'eq', value: 1 } }] }), ['a', 'b']);
});
