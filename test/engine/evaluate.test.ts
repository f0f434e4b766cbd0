import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../src/shared/permit-engine/evaluate.js';
import { loadPacks } from '../../src/server/permits/load-packs.js';
import type { Item, ResolvedPack } from '../../src/shared/permit-engine/types.js';

const packs = loadPacks();
const events = packs.get('fi-events')!;
const byId = (items: Item[]): Record<string, Item> => Object.fromEntries(items.map((i) => [i.ruleId, i]));

const concert = {
  eventType: 'public-event',
  startDate: '2027-06-12',
  startTime: '18:00',
  endDate: '2027-06-12',
  endTime: '23:30',
  venue: 'public-area',
  attendance: 5000,
  alcohol: true,
  alcoholArea: 'fixed-term',
  food: true,
  foodSeller: 'registered',
  music: true,
  amplifiedSound: true,
  soundUntil: '23:00',
  specialEffects: ['fireworks-display'],
  openFire: false,
  laser: false,
  structures: false,
  specialHazards: false,
  accommodation: false,
  trafficImpact: false,
  exitsUnusual: true,
  stewards: true,
  lottery: false,
  drones: false,
};

// Facts changed in pack 2.0.0 (valid from 2026-01-01): the alcohol licence is a fixed-term one with
// a 42-day margin (was "30 days"), security stewards are notified 14 days before (was 5), and a
// crowd over 500 brings the health-protection notice (Decree 405/2009).
test('outdoor concert for 5,000 with alcohol, food and fireworks on 2027-06-12, evaluated 2027-04-01', () => {
  const r = evaluate(events, concert, '2027-04-01');
  assert.equal(r.nextQuestion, null);
  const o = byId(r.obligations);
  const expected: Record<string, string> = {
    'alcohol-serving-licence': '2027-05-01', // 42 days recommended (processing about a month)
    'noise-notification': '2027-05-13', // 30 days, 527/2014 118 §
    'public-area-permit': '2027-05-22', // 21 days recommended
    'fireworks-display-notice': '2027-05-29', // 14 days
    'large-event-health-protection': '2027-05-29', // 14 days (municipal practice), 405/2009
    'rescue-plan': '2027-05-29', // 14 days, 379/2011 16 §
    'security-stewards': '2027-05-29', // 14 days (police guidance)
    'police-public-event-notice': '2027-06-07', // 5 days, 530/1999 14 §
    'food-sales-notification': '2027-06-08', // 4 working days before Saturday 12 June
  };
  assert.deepEqual(Object.keys(o).sort(), Object.keys(expected).sort());
  for (const [id, date] of Object.entries(expected)) {
    assert.equal(o[id]!.latestSubmission, date, id);
    assert.equal(o[id]!.light, 'green', id);
    assert.equal(o[id]!.verified, false);
  }
  assert.equal(o['rescue-plan']!.daysLeft, 58);
  assert.equal(o['rescue-plan']!.authorityId, 'rescue');
  assert.equal(o['alcohol-serving-licence']!.kind, 'licence');
  // sorted by deadline, then id
  assert.deepEqual(
    r.obligations.map((i) => i.ruleId),
    [
      'alcohol-serving-licence',
      'noise-notification',
      'public-area-permit',
      'fireworks-display-notice',
      'large-event-health-protection',
      'rescue-plan',
      'security-stewards',
      'police-public-event-notice',
      'food-sales-notification',
    ],
  );
  assert.deepEqual(r.recommendations.map((i) => i.ruleId).sort(), [
    'accessibility',
    'drone-airspace-restriction', // 5,000 outdoors: illustrative trigger
    'first-aid-plan',
    'insurance',
    'music-licences',
    'waste-plan',
  ]);
  assert.deepEqual(r.warnings, []);
});

test('the same concert evaluated late: red for passed deadlines, amber inside the window', () => {
  const r = evaluate(events, concert, '2027-06-01');
  const o = byId(r.obligations);
  assert.equal(o['rescue-plan']!.light, 'red');
  assert.equal(o['rescue-plan']!.daysLeft, -3);
  assert.equal(o['police-public-event-notice']!.light, 'amber');
  assert.equal(o['police-public-event-notice']!.daysLeft, 6);
  assert.ok(r.warnings.some((w) => w.kind === 'deadline-passed' && w.ruleId === 'rescue-plan'));
});

test('hard obstacle: lasers into the audience → red + warning', () => {
  const r = evaluate(events, { ...concert, laser: true, laserAudience: true }, '2027-04-01');
  const laser = byId(r.obligations)['laser-show-permit']!;
  assert.equal(laser.light, 'red');
  assert.deepEqual(laser.obstacles, ['laser-into-audience']);
  assert.equal(r.warnings[0]?.kind, 'obstacle');
});

test('missing critical information → amber warning while the rule could still apply', () => {
  const r = evaluate(events, { eventType: 'public-event', startDate: '2027-06-12', venue: 'private-outdoor' }, '2027-04-01');
  const w = r.warnings.find((x) => x.kind === 'missing-critical' && x.ruleId === 'rescue-plan');
  assert.ok(w && w.kind === 'missing-critical');
  assert.deepEqual(w.questions, ['attendance', 'specialEffects', 'openFire', 'exitsUnusual']);
  assert.ok(r.undecided.includes('rescue-plan'));
  assert.equal(r.nextQuestion, 'startTime');
});

// Fact changed: 530/1999 7 § as amended by 435/2019 requires 24 hours (was 6).
test('public meeting: notice 24 hours before the start time (530/1999 7 §, 435/2019)', () => {
  const r = evaluate(
    events,
    { eventType: 'public-meeting', startDate: '2027-05-01', startTime: '03:00', venue: 'public-area' },
    '2027-04-01',
  );
  const m = byId(r.obligations)['police-public-meeting-notice']!;
  assert.equal(m.latestSubmission, '2027-04-30');
  assert.equal(m.latestSubmissionTime, '03:00');
  assert.ok(!r.visibleQuestions.includes('alcohol'));
});

test('adaptivity: follow-up questions appear only after the answers that need them', () => {
  const base = evaluate(events, {}, '2027-04-01');
  assert.ok(!base.visibleQuestions.includes('soundUntil'));
  assert.ok(!base.visibleQuestions.includes('amplifiedSound'));
  assert.equal(base.nextQuestion, 'eventType');
  const r = evaluate(events, { venue: 'public-area', music: true }, '2027-04-01');
  assert.ok(r.visibleQuestions.includes('amplifiedSound'));
  assert.ok(!r.visibleQuestions.includes('soundUntil'));
  const r2 = evaluate(events, { venue: 'public-area', music: true, amplifiedSound: true }, '2027-04-01');
  assert.ok(r2.visibleQuestions.includes('soundUntil'));
});

test('answers to hidden questions are ignored', () => {
  // Indoors: the outdoor-sound questions are hidden, so the noise rule must not fire.
  const hidden = {
    eventType: 'public-event',
    startDate: '2027-06-12',
    venue: 'indoors',
    music: true,
    amplifiedSound: true,
    soundUntil: '23:00',
    laser: false,
    laserAudience: true,
  };
  const r = evaluate(events, hidden, '2027-04-01');
  assert.ok(!r.visibleQuestions.includes('amplifiedSound'));
  assert.ok(!r.obligations.some((i) => i.ruleId === 'noise-notification'));
  assert.ok(!r.warnings.some((w) => w.kind === 'obstacle'));
  const visibleOnly = Object.fromEntries(
    Object.entries(hidden).filter(([k]) => !['amplifiedSound', 'soundUntil', 'laserAudience'].includes(k)),
  );
  assert.deepEqual(evaluate(events, visibleOnly, '2027-04-01'), r);
});

test('wrong-typed answers count as unanswered', () => {
  const r = evaluate(
    events,
    { eventType: 42, startDate: '2027-02-30', attendance: '5000', alcohol: 'yes', specialEffects: ['fireworks-display', 7] },
    '2027-04-01',
  );
  assert.equal(r.nextQuestion, 'eventType');
  assert.deepEqual(r.obligations, []);
  const r2 = evaluate(events, { eventType: 'public-event', attendance: Number.NaN }, '2027-04-01');
  assert.ok(!r2.obligations.some((i) => i.ruleId === 'rescue-plan'));
});

test('no event date yet → no latest date and amber', () => {
  const r = evaluate(events, { eventType: 'public-event', venue: 'public-area' }, '2027-04-01');
  const n = byId(r.obligations)['police-public-event-notice']!;
  assert.equal(n.latestSubmission, null);
  assert.equal(n.daysLeft, null);
  assert.equal(n.light, 'amber');
});

test('industrial pack: Natura + emissions is a hard obstacle; production start is the reference date', () => {
  const ind = packs.get('fi-industrial') as ResolvedPack;
  const r = evaluate(
    ind,
    {
      productionStart: '2029-01-15',
      newBuilding: true,
      chemicals: true,
      chemicalScale: 'small',
      explosives: false,
      nearHousing: false,
      pressureEquipment: true,
      airEmissions: true,
      waterEmissions: false,
      permitScale: 'large',
      eiaProject: false,
      nearGroundwater: true,
      nearNatura: true,
      waterWorks: false,
      groundwaterPerDay: 0,
    },
    '2027-04-01',
  );
  const o = byId(r.obligations);
  assert.deepEqual(Object.keys(o).sort(), ['building-permit', 'chemicals-notice-rescue', 'environmental-permit-avi', 'pressure-equipment']);
  assert.equal(o['environmental-permit-avi']!.light, 'red');
  assert.deepEqual(o['environmental-permit-avi']!.obstacles, ['natura-emissions', 'groundwater-risk']);
  assert.equal(o['environmental-permit-avi']!.latestSubmission, '2028-01-16');
  assert.equal(o['chemicals-notice-rescue']!.light, 'amber'); // groundwater caution
  assert.equal(r.warnings[0]?.kind === 'obstacle' && r.warnings[0].severity, 'hard');
});
