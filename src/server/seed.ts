/**
 * Seeding at start: every questionnaire file is upserted (the highest version of an id is
 * current); when the organisations table is empty the demo organisations and their
 * services are inserted, each with a staff key. Runs in one transaction, serialised across
 * instances with the same advisory lock as the migrations.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db/index.js';
import { SCHEMA_LOCK_ID } from './db/migrate.js';
import { hashKey, type LocalisedText, type QuestionnaireDef } from './catalog.js';

export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

interface DemoFile {
  organisations: {
    id: string;
    name: LocalisedText;
    allowedOrigins: string[];
    services: { id: string; type: string; name: LocalisedText }[];
  }[];
}

export interface SeededKey {
  organisation: string;
  key: string;
  /** Where the key came from: LUUKKU_DEMO_STAFF_KEY, derived from it, or generated now. */
  source: 'env' | 'derived' | 'generated';
}

export interface SeedResult {
  questionnaires: { id: string; version: number }[];
  /** Empty unless the organisations table was empty and the demo data was inserted now. */
  staffKeys: SeededKey[];
}

export interface SeedOptions {
  demoStaffKey?: string | undefined;
  dataDir?: string;
}

export function generateKey(): string {
  return randomBytes(24).toString('base64url');
}

/** The demo key of an organisation: the first one gets the base key, the others `<base>-<organisation id>`. */
export function demoKeyFor(base: string, index: number, organisationId: string): string {
  return index === 0 ? base : `${base}-${organisationId}`;
}

export async function seed(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const dataDir = options.dataDir ?? DATA_DIR;
  const qDir = dataDir + 'questionnaires/';
  const questionnaires = readdirSync(qDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(qDir + f, 'utf8')) as QuestionnaireDef);
  const demo = JSON.parse(readFileSync(dataDir + 'demo/organisations.json', 'utf8')) as DemoFile;

  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_ID]);
    for (const q of questionnaires) {
      await tx.query(
        `INSERT INTO questionnaires (id, version, body) VALUES ($1, $2, $3)
         ON CONFLICT (id, version) DO UPDATE SET body = EXCLUDED.body, loaded_at = now()`,
        [q.id, q.version, JSON.stringify(q)],
      );
    }
    const staffKeys: SeededKey[] = [];
    const count = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
    if ((count.rows[0]?.n ?? 0) === 0) {
      const base = options.demoStaffKey;
      for (const [i, o] of demo.organisations.entries()) {
        const key = base ? demoKeyFor(base, i, o.id) : generateKey();
        staffKeys.push({ organisation: o.id, key, source: base ? (i === 0 ? 'env' : 'derived') : 'generated' });
        await tx.query(
          'INSERT INTO organisations (id, name, allowed_origins, staff_key_hash) VALUES ($1, $2, $3, $4)',
          [o.id, JSON.stringify(o.name), o.allowedOrigins, hashKey(key)],
        );
        for (const s of o.services) {
          await tx.query('INSERT INTO services (organisation_id, id, type, name) VALUES ($1, $2, $3, $4)', [
            o.id,
            s.id,
            s.type,
            JSON.stringify(s.name),
          ]);
        }
      }
    }
    return { questionnaires: questionnaires.map((q) => ({ id: q.id, version: q.version })), staffKeys };
  });
}
