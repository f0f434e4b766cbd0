/** Every questionnaire file (src/data/questionnaires/*.json) is upserted; the highest version of an id is current. */
import { readdirSync, readFileSync } from 'node:fs';
import type { Queryable } from '../db/index.js';
import type { QuestionnaireDef } from './questionnaires.js';

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
  return questionnaires.map((q) => ({ id: q.id, version: q.version }));
}
