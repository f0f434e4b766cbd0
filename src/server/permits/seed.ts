/**
 * A plausible, deterministic history of past permit cases for the demo database, so that the
 * processing-time forecasts (GET /v1/permits/processing-times) have something to show.
 *
 * For every rule of the national event and industrial packs that has a typical processing time,
 * decided cases are drawn around that time with a long tail (log-normal), spread over the last
 * ~3 years, plus a few pending and withdrawn ones. A few rule types deliberately get fewer cases
 * than the default `minCases` (10), so the demo also shows the fallback to the pack's value;
 * rules without a typical time get none (`source: none`). The generator is a seeded PRNG
 * (mulberry32), never Math.random: the same rules give the same durations on every start.
 */
import type { Queryable } from '../db/index.js';

export interface CaseRule {
  ruleId: string;
  authorityId: string;
  kind: string;
  processingDays: number | null | undefined;
}

export interface PermitCase {
  organisationId: string | null;
  ruleId: string;
  authorityId: string;
  submittedOn: string;
  decidedOn: string | null;
  outcome: string | null;
}

/** Rule types that get only this many cases (fewer than the default minCases of 10). */
export const SPARSE_RULES: Readonly<Record<string, number>> = {
  'laser-show-permit': 6,
  'consumer-fireworks-notice': 4,
  'eia-procedure': 3,
  'water-permit': 7,
};

/** Which demo organisations record the cases of an authority (alternately), if they exist. */
const RECORDED_BY: Readonly<Record<string, readonly string[]>> = {
  rescue: ['demo-pelastuslaitos', 'demo-raddningsverk'],
  city: ['demo-kaupunki', 'demo-stad'],
  'city-building-control': ['demo-kaupunki', 'demo-stad'],
  'city-events': ['demo-kaupunki', 'demo-stad'],
  'municipal-environment': ['demo-kaupunki', 'demo-stad'],
  'municipal-food-control': ['demo-kaupunki', 'demo-stad'],
};

const HISTORY_DAYS = 3 * 365;
const DAY_MS = 86_400_000;

/** mulberry32: a tiny, good-enough 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function hashString(s: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

function isoDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The case history for `rules`, ending at `today` (UTC day). `organisations` are the ids that
 * exist in the database (cases refer only to those; the others get organisation NULL).
 */
export function generatePermitCases(rules: readonly CaseRule[], today: Date, organisations: ReadonlySet<string>): PermitCase[] {
  const todayN = Math.floor(today.getTime() / DAY_MS);
  const out: PermitCase[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const typical = rule.processingDays;
    if (typeof typical !== 'number' || !(typical > 0)) continue;
    const pairKey = `${rule.ruleId}\u0000${rule.authorityId}`;
    if (seen.has(pairKey)) continue;
    seen.add(pairKey);
    // One stream per (rule, authority): adding a rule does not change the others' figures.
    const rnd = mulberry32(hashString(pairKey));
    const normal = () => {
      const u = 1 - rnd(); // (0, 1]
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
    };
    const count = SPARSE_RULES[rule.ruleId] ?? 18 + Math.floor(rnd() * 28);
    const recorders = (RECORDED_BY[rule.authorityId] ?? []).filter((o) => organisations.has(o));
    const permitLike = rule.kind === 'permit' || rule.kind === 'licence';
    for (let i = 0; i < count; i++) {
      const organisationId = recorders.length ? (recorders[i % recorders.length] ?? null) : null;
      // Log-normal around ~0.9 × the typical time: most cases a little faster, a long slow tail.
      const days = Math.max(1, Math.round(typical * 0.9 * Math.exp(0.45 * normal())));
      const decidedN = todayN - Math.floor(rnd() * HISTORY_DAYS);
      const r = rnd();
      const outcome = permitLike ? (r < 0.8 ? 'granted' : r < 0.93 ? 'granted-with-conditions' : 'refused') : 'acknowledged';
      out.push({
        organisationId,
        ruleId: rule.ruleId,
        authorityId: rule.authorityId,
        submittedOn: isoDay(decidedN - days),
        decidedOn: isoDay(decidedN),
        outcome,
      });
    }
    // A couple of open cases and, for permits, one withdrawn: they must not count in the figures.
    const open = 1 + Math.floor(rnd() * 2);
    for (let i = 0; i < open; i++) {
      out.push({
        organisationId: recorders[0] ?? null,
        ruleId: rule.ruleId,
        authorityId: rule.authorityId,
        submittedOn: isoDay(todayN - Math.floor(rnd() * typical)),
        decidedOn: null,
        outcome: null,
      });
    }
    if (permitLike) {
      out.push({
        organisationId: recorders[0] ?? null,
        ruleId: rule.ruleId,
        authorityId: rule.authorityId,
        submittedOn: isoDay(todayN - 30 - Math.floor(rnd() * HISTORY_DAYS)),
        decidedOn: null,
        outcome: 'withdrawn',
      });
    }
  }
  return out;
}

/** Inserts the cases in one statement (arrays through unnest); returns how many. */
export async function insertPermitCases(db: Queryable, cases: readonly PermitCase[]): Promise<number> {
  if (cases.length === 0) return 0;
  await db.query(
    `INSERT INTO permit_cases (organisation_id, rule_id, authority_id, submitted_on, decided_on, outcome)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::date[], $6::text[])`,
    [
      cases.map((c) => c.organisationId),
      cases.map((c) => c.ruleId),
      cases.map((c) => c.authorityId),
      cases.map((c) => c.submittedOn),
      cases.map((c) => c.decidedOn),
      cases.map((c) => c.outcome),
    ],
  );
  return cases.length;
}

/** Seeds the case history once: only while `permit_cases` is empty. Returns the cases inserted. */
export async function seedPermitCases(tx: Queryable, rules: readonly CaseRule[], today: Date): Promise<number> {
  if (!rules.length) return 0;
  const cases = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM permit_cases LIMIT 1) c');
  if ((cases.rows[0]?.n ?? 0) > 0) return 0;
  const orgs = await tx.query<{ id: string }>('SELECT id FROM organisations');
  return insertPermitCases(tx, generatePermitCases(rules, today, new Set(orgs.rows.map((r) => r.id))));
}
