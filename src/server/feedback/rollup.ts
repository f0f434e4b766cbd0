/**
 * The insights roll-up (migration 013): feedback_rollup_items (per organisation, questionnaire,
 * month, service, respondent and reported item) and feedback_rollup_national (customer score
 * counts per questionnaire, month, service type, item and organisation). Triggers on feedback
 * and self_assessments queue every inserted answer in its own transaction (and subtract a
 * deleted one); readers take the queue in before they read (mergePending, or
 * feedback_rollup_prepare in insights.ts). This module writes the version mapping they apply (feedback_item_map) and recomputes months that
 * are not known to be exact (not in feedback_rollup_months): after the migration, after the
 * mapping changed, or after someone emptied the list to force it.
 */
import type { Queryable } from '../db/index.js';
import type { VersionMapping } from './questionnaires.js';

/**
 * Writes the version mappings into feedback_item_map when they differ from what is there, and
 * then forgets every month (each is recomputed with the new mapping when next needed). Returns
 * whether anything changed. Run inside a transaction.
 */
export async function writeItemMap(tx: Queryable, mappings: ReadonlyMap<string, VersionMapping>): Promise<boolean> {
  const q: string[] = [];
  const version: number[] = [];
  const source: string[] = [];
  const item: string[] = [];
  for (const [id, m] of mappings) {
    m.version.forEach((v, i) => {
      q.push(id);
      version.push(v);
      source.push(m.source[i] ?? '');
      item.push(m.item[i] ?? '');
    });
  }
  const key = (a: string, v: number, s: string, i: string): string => `${a}\u0000${v}\u0000${s}\u0000${i}`;
  const want = q.map((id, i) => key(id, version[i] ?? 0, source[i] ?? '', item[i] ?? '')).sort();
  const have = await tx.query<{ questionnaire_id: string; version: number; source: string; item: string }>(
    'SELECT questionnaire_id, version, source, item FROM feedback_item_map',
  );
  const got = have.rows.map((r) => key(r.questionnaire_id, r.version, r.source, r.item)).sort();
  if (got.length === want.length && got.every((k, i) => k === want[i])) return false;
  // No answer may be counted with half a mapping: the queue's lock holds inserts and merges back until this commits.
  await tx.query('LOCK TABLE feedback_rollup_pending IN EXCLUSIVE MODE');
  await tx.query('DELETE FROM feedback_item_map');
  await tx.query(
    `INSERT INTO feedback_item_map (questionnaire_id, version, source, item)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
    [q, version, source, item],
  );
  await tx.query('DELETE FROM feedback_rollup_months');
  return true;
}

/** Takes the answers queued by the insert triggers into the roll-up; returns how many. */
export async function mergePending(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT feedback_rollup_merge() AS n');
  return rows[0]?.n ?? 0;
}

/**
 * Recomputes those of `months` (YYYY-MM) that are not yet exact, in one pass over their answers,
 * and lists them as exact from now on (the triggers keep them so). Returns the recomputed months.
 * Run inside a transaction.
 */
export async function buildRollup(tx: Queryable, months: string[]): Promise<string[]> {
  const { rows } = await tx.query<{ month: string }>(
    "SELECT to_char(m, 'YYYY-MM') AS month FROM feedback_rollup_rebuild($1::date[]) AS m",
    [months.map((m) => `${m}-01`)],
  );
  // Fresh statistics: without them the planner guesses one row and loops (PGlite has no autovacuum).
  if (rows.length) await tx.query('ANALYZE feedback_rollup_items, feedback_rollup_national');
  return rows.map((r) => r.month).sort();
}
