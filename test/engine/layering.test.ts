import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePack, PackResolutionError, deepMerge } from '../../src/shared/permit-engine/resolve.js';
import { evaluate } from '../../src/shared/permit-engine/evaluate.js';
import { loadPacks } from '../../src/server/permits/load-packs.js';
import type { Pack } from '../../src/shared/permit-engine/types.js';

const T = (s: string) => ({ fi: s, 'fi-plain': s, sv: s, se: s, en: s });

const base: Pack = {
  id: 'base',
  version: '1',
  title: T('Base'),
  translationReview: { fi: 'x' },
  reference: { date: 'start' },
  questions: [
    { id: 'start', type: 'date', label: T('Start') },
    { id: 'big', type: 'boolean', label: T('Big?') },
  ],
  authorities: [{ id: 'a', name: T('A'), url: 'https://a.example/', contact: { phone: '+358 1 234 567', email: 'a@a.example' } }],
  rules: [
    {
      id: 'r1',
      kind: 'permit',
      authority: 'a',
      when: { q: 'big', op: 'eq', value: true },
      title: T('R1'),
      summary: T('S1'),
      deadline: { amount: 30, unit: 'days', basis: 'statutory' },
      links: { apply: 'https://a.example/apply', info: 'https://a.example/info' },
      verified: false,
    },
    { id: 'r2', kind: 'notification', authority: 'a', title: T('R2'), summary: T('S2'), verified: false },
  ],
};

test('child overrides by id with deep merge, adds entries, and disables inherited rules', () => {
  const child: Pack = {
    id: 'child',
    version: '1',
    extends: 'base',
    questions: [{ id: 'local', after: 'start', type: 'boolean', label: T('Local?') }],
    authorities: [{ id: 'a', contact: { email: 'city@city.example' } }],
    rules: [
      { id: 'r1', deadline: { amount: 14 }, links: { apply: 'https://city.example/apply' }, title: { fi: 'Paikallinen' } },
      { id: 'r2', disabled: true },
      {
        id: 'r3',
        kind: 'permit',
        authority: 'a',
        when: { q: 'local', op: 'eq', value: true },
        title: T('R3'),
        summary: T('S3'),
        verified: false,
      },
    ],
  };
  const r = resolvePack(
    new Map([
      ['base', base],
      ['child', child],
    ]),
    'child',
  );
  assert.deepEqual(
    r.questions.map((q) => q.id),
    ['start', 'local', 'big'],
  );
  assert.deepEqual(r.authorities[0]!.contact, { phone: '+358 1 234 567', email: 'city@city.example' });
  const r1 = r.rules.find((x) => x.id === 'r1')!;
  assert.deepEqual(r1.deadline, { amount: 14, unit: 'days', basis: 'statutory' });
  assert.deepEqual(r1.links, { apply: 'https://city.example/apply', info: 'https://a.example/info' });
  assert.equal(r1.title.fi, 'Paikallinen');
  assert.equal(r1.title.en, 'R1');
  assert.deepEqual(
    r.rules.map((x) => x.id),
    ['r1', 'r3'],
  );
  assert.equal(r.title.fi, 'Base');
  // the parent object is untouched
  assert.equal((base.rules![0]!.deadline as { amount: number }).amount, 30);
  assert.deepEqual(r.provenance!.chain, ['base', 'child']);
});

test('conditions are replaced whole, never merged key by key', () => {
  const merged = deepMerge({ when: { all: [{ q: 'a', op: 'answered' }] } }, { when: { q: 'b', op: 'answered' } }) as { when: unknown };
  assert.deepEqual(merged.when, { q: 'b', op: 'answered' });
});

test('extends cycles and unknown parents are detected', () => {
  const a: Pack = { id: 'a', version: '1', extends: 'b' };
  const b: Pack = { id: 'b', version: '1', extends: 'a' };
  assert.throws(
    () =>
      resolvePack(
        new Map([
          ['a', a],
          ['b', b],
        ]),
        'a',
      ),
    (e: unknown) => e instanceof PackResolutionError && e.reason === 'cycle' && /a → b → a/.test(e.message),
  );
  assert.throws(
    () => resolvePack(new Map([['a', { id: 'a', version: '1', extends: 'zz' }]]), 'a'),
    (e: unknown) => e instanceof PackResolutionError && e.reason === 'unknown-parent',
  );
  assert.throws(() => resolvePack(new Map(), 'nope'), PackResolutionError);
});

test('demo cities: shorter noise lead time and the daytime exemption', () => {
  const packs = loadPacks();
  const city = packs.get('city-demo-kaupunki')!;
  const national = packs.get('fi-events')!;
  const day = {
    eventType: 'public-event',
    startDate: '2027-06-12',
    venue: 'public-area',
    music: true,
    amplifiedSound: true,
    soundUntil: '21:00',
  };
  const night = { ...day, soundUntil: '23:30' };
  const noise = (p: typeof city, a: Record<string, unknown>) =>
    evaluate(p, a, '2027-04-01').obligations.find((i) => i.ruleId === 'noise-notification');
  assert.equal(noise(national, day)?.latestSubmission, '2027-05-13');
  assert.equal(noise(city, day), undefined);
  assert.equal(noise(city, night)?.latestSubmission, '2027-05-29');
  // after midnight is night, not "before 22:00"
  assert.equal(noise(city, { ...day, soundUntil: '01:00' })?.latestSubmission, '2027-05-29');
  // the local rule and question
  const r = evaluate(city, { ...day, marketSquare: true }, '2027-04-01');
  assert.equal(r.visibleQuestions[r.visibleQuestions.indexOf('venue') + 1], 'marketSquare');
  assert.equal(r.obligations.find((i) => i.ruleId === 'market-square-booking')?.latestSubmission, '2027-05-13');
  assert.equal(city.authorities.find((a) => a.id === 'city-events')?.contact?.email, 'tapahtumat@esimerkkikaupunki.example');
  assert.equal(city.authorities.find((a) => a.id === 'police')?.url, 'https://poliisi.fi/');
  const stad = packs.get('city-demo-stad')!;
  const t = evaluate(stad, { ...day, storaTorget: true }, '2027-04-01').obligations.find((i) => i.ruleId === 'torg-booking');
  assert.equal(t?.latestSubmission, '2027-05-14'); // 21 working days (Mon–Fri) before Sat 12 June 2027
});
