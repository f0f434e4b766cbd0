/** Every questionnaire file (src/data/questionnaires/*.json) is upserted; the highest version of an id is current. */
import { readdirSync, readFileSync } from 'node:fs';
import type { Queryable } from '../db/index.js';
import { helsinkiToday } from '../../shared/helsinki-time.js';
import { monthsEnding, nextMonth } from './insights.js';
import { definitions, type QuestionnaireDef, type QuestionnaireRow } from './questionnaires.js';
import { buildRollup, mergePending, writeItemMap } from './rollup.js';

export async function seedQuestionnaires(tx: Queryable, dir: string): Promise<{ id: string; version: number }[]> {
  const questionnaires = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(dir + f, 'utf8')) as QuestionnaireDef);
  for (const q of questionnaires) {
    await tx.query(
      `INSERT INTO questionnaires (id, version, body) VALUES ($1, $2, $3)
       ON CONFLICT (id, version) DO UPDATE SET body = EXCLUDED.body, loaded_at = now()`,
      [q.id, q.version, JSON.stringify(q)],
    );
  }
  await prepareRollup(tx);
  return questionnaires.map((q) => ({ id: q.id, version: q.version }));
}

/**
 * At every start (inside the seed's transaction): the roll-up's version mapping of the stored
 * questionnaires, and the months the default insights view reads (the last 13, the current one
 * and the next, so the turn of the month finds it ready) made exact now rather than on the first
 * request, and the answers queued before the stop taken in. On a database where all is in already
 * this is a few small statements.
 */
export async function prepareRollup(tx: Queryable): Promise<void> {
  const qs = await tx.query<QuestionnaireRow>('SELECT id, version, body FROM questionnaires ORDER BY id, version DESC');
  await writeItemMap(tx, definitions(qs.rows).mappings);
  const live = helsinkiToday().slice(0, 7);
  await buildRollup(tx, [...monthsEnding(live), nextMonth(live)]);
  await mergePending(tx);
}
