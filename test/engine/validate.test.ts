import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPacks, RulePackError } from '../../src/server/permits/load-packs.js';
import { validatePacks } from '../../src/shared/permit-engine/validate.js';

const T = (s: string) => ({ fi: s, 'fi-plain': s, sv: s, se: s, en: s });
const REVIEW = { fi: 'team', 'fi-plain': 'team', sv: 'team', se: 'machine-drafted, not reviewed', en: 'team' };

/** A small valid pack; tests break one thing at a time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break packs on purpose
function good(): Record<string, any> {
  return {
    id: 'test-pack',
    version: '1',
    title: T('Test'),
    translationReview: { ...REVIEW },
    reference: { date: 'start' },
    questions: [
      { id: 'start', type: 'date', label: T('Start') },
      {
        id: 'kind',
        type: 'choice',
        label: T('Kind'),
        options: [
          { value: 'a', label: T('A') },
          { value: 'b', label: T('B') },
        ],
      },
      { id: 'size', type: 'number', label: T('Size'), askIf: { q: 'kind', op: 'eq', value: 'a' } },
    ],
    authorities: [{ id: 'auth', name: T('Authority'), url: 'https://authority.example/' }],
    rules: [
      {
        id: 'rule1',
        kind: 'permit',
        authority: 'auth',
        when: { q: 'size', op: 'gte', value: 200 },
        title: T('Rule'),
        summary: T('Summary'),
        legalBasis: { reference: '1/2000 1 §', text: T('Law') },
        deadline: { amount: 14, unit: 'days', basis: 'statutory' },
        processingDays: 10,
        verified: false,
      },
    ],
    recommendations: [],
  };
}

/** Write packs into a fresh folder and load them; return the error message ('' when they load). */
function loadError(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'luukku-packs-'));
  try {
    for (const [name, pack] of Object.entries(files))
      writeFileSync(join(dir, name), typeof pack === 'string' ? pack : JSON.stringify(pack));
    loadPacks(dir);
    return '';
  } catch (e) {
    assert.ok(e instanceof RulePackError, String(e));
    return e.message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the default packs load without problems', () => {
  const packs = loadPacks();
  assert.deepEqual([...packs.keys()].sort(), ['city-demo-kaupunki', 'city-demo-stad', 'fi-events', 'fi-industrial']);
  for (const p of packs.values()) {
    assert.ok(
      p.rules.every((r) => !r.verified),
      'every rule is illustrative',
    );
    assert.equal(p.translationReview.se, 'machine-drafted, not reviewed');
  }
});

test('a valid test pack loads', () => {
  assert.equal(loadError({ 'ok.json': good() }), '');
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break packs on purpose
const cases: [string, (p: Record<string, any>) => void, RegExp][] = [
  [
    'unknown question id in a condition',
    (p) => {
      p.rules[0].when = { q: 'nope', op: 'eq', value: 1 };
    },
    /broken\.json: \/rules\/0\/when\/q: unknown question id "nope"/,
  ],
  [
    'askIf referencing a later question',
    (p) => {
      p.questions[1].askIf = { q: 'size', op: 'gte', value: 1 };
    },
    /broken\.json: \/questions\/1\/askIf\/q: askIf references a later question "size"/,
  ],
  [
    'askIf referencing its own question',
    (p) => {
      p.questions[2].askIf = { q: 'size', op: 'answered' };
    },
    /broken\.json: \/questions\/2\/askIf\/q: askIf references its own question "size" \(cycle\)/,
  ],
  [
    'unknown authority id',
    (p) => {
      p.rules[0].authority = 'ghost';
    },
    /broken\.json: \/rules\/0\/authority: unknown authority id "ghost"/,
  ],
  [
    'missing translation',
    (p) => {
      delete p.rules[0].title.se;
    },
    /broken\.json: \/rules\/0\/title\/se: missing translation "se" of the title of rule "rule1"/,
  ],
  [
    'invalid condition shape',
    (p) => {
      p.rules[0].when = { all: [], q: 'size' };
    },
    /broken\.json: \/rules\/0\/when: invalid condition: expected exactly one of "all", "any", "not", "q"/,
  ],
  [
    'invalid op',
    (p) => {
      p.rules[0].when = { q: 'size', op: 'greaterish', value: 1 };
    },
    /broken\.json: \/rules\/0\/when\/op: invalid op "greaterish"/,
  ],
  [
    'value that does not fit the question',
    (p) => {
      p.rules[0].when = { q: 'kind', op: 'eq', value: 'c' };
    },
    /broken\.json: \/rules\/0\/when\/value: value for "kind" must be one of the options \(a, b\)/,
  ],
  [
    'op that does not fit the question',
    (p) => {
      p.rules[0].when = { q: 'kind', op: 'gt', value: 'a' };
    },
    /broken\.json: \/rules\/0\/when\/op: op "gt" needs a number, date or time question/,
  ],
  [
    'negative deadline',
    (p) => {
      p.rules[0].deadline.amount = -3;
    },
    /broken\.json: \/rules\/0\/deadline\/amount: invalid deadline: negative amount -3/,
  ],
  [
    'unknown deadline unit',
    (p) => {
      p.rules[0].deadline.unit = 'fortnights';
    },
    /broken\.json: \/rules\/0\/deadline\/unit: invalid deadline: unknown unit "fortnights"/,
  ],
  [
    'duplicate ids',
    (p) => {
      p.questions.push({ id: 'kind', type: 'boolean', label: T('Again') });
    },
    /broken\.json: \/questions\/3\/id: duplicate id "kind" \(first at \/questions\/1\)/,
  ],
  [
    'rule without legal basis',
    (p) => {
      delete p.rules[0].legalBasis;
    },
    /broken\.json: \/rules\/0\/legalBasis: missing legalBasis of rule "rule1"/,
  ],
  [
    'bad reference date',
    (p) => {
      p.reference.date = 'kind';
    },
    /broken\.json: \/reference\/date: reference.date "kind" is not a date question/,
  ],
];

for (const [name, breakIt, expected] of cases) {
  test(`validation: ${name}`, () => {
    const p = good();
    breakIt(p);
    const msg = loadError({ 'broken.json': p });
    assert.match(msg, /^Invalid rule packs \(\d+ problems?\):/);
    assert.match(msg, expected);
  });
}

test('validation: schema errors are reported with file and path too', () => {
  const p = good();
  p.rules[0].colour = 'red';
  const msg = loadError({ 'broken.json': p });
  assert.match(msg, /broken\.json: \/rules\/0: schema: unexpected property "colour"/);
});

test('validation: not JSON', () => {
  assert.match(loadError({ 'broken.json': '{ "id": ' }), /broken\.json: \/: not valid JSON/);
});

test('validation: extends cycle and unknown parent', () => {
  const a = { id: 'pack-a', version: '1', extends: 'pack-b' };
  const b = { id: 'pack-b', version: '1', extends: 'pack-a' };
  const msg = loadError({ 'a.json': a, 'b.json': b, 'c.json': { id: 'pack-c', version: '1', extends: 'missing-pack' } });
  assert.match(msg, /a\.json: \/extends: extends cycle: pack-a → pack-b → pack-a/);
  assert.match(msg, /b\.json: \/extends: extends cycle: pack-b → pack-a → pack-b/);
  assert.match(msg, /c\.json: \/extends: extends unknown pack "missing-pack"/);
});

test('validation: a problem in an overlay points into the overlay file, one in the parent into the parent', () => {
  const parent = good();
  parent.rules[0].summary.en = '';
  const child = {
    id: 'child-pack',
    version: '1',
    extends: 'test-pack',
    rules: [
      {
        id: 'local',
        kind: 'permit',
        authority: 'auth',
        title: { fi: 'Vain suomeksi' },
        summary: T('S'),
        legalBasis: { reference: 'x', text: T('x') },
        verified: false,
      },
      { id: 'rule1', deadline: { amount: 7 } },
    ],
  };
  const msg = loadError({ 'parent.json': parent, 'child.json': child });
  assert.match(msg, /child\.json: \/rules\/0\/title\/sv: missing translation "sv" of the title of rule "local"/);
  assert.match(msg, /parent\.json: \/rules\/0\/summary\/en: missing translation "en"/);
  // reported once, though both resolved packs contain the parent's rule
  assert.equal(msg.split('parent.json: /rules/0/summary/en: missing translation').length - 1, 1);
});

test('validatePacks never throws on garbage', () => {
  for (const junk of [
    null,
    1,
    'x',
    [],
    { id: 3 },
    { id: 'a', questions: 'no' },
    { id: 'b', rules: [null, { id: 'r', when: { all: [null] }, deadline: 'soon' }] },
  ]) {
    const r = validatePacks([{ file: 'junk.json', pack: junk }]);
    assert.ok(r.issues.length > 0);
  }
});
