/**
 * Seeding at start: every questionnaire file is upserted (the highest version of an id is
 * current); demo organisations (by id) that are not in the database yet are inserted with
 * their services, permit-pack mapping and a staff key — so an existing database gets demo
 * organisations added to the file later, and keys are announced only for those inserted now.
 * When `permit_cases` is empty, a deterministic history of past permit cases is inserted
 * (seed-permit-cases.ts). Runs in one transaction, serialised across instances with the same
 * advisory lock as the migrations.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db/index.js';
import { SCHEMA_LOCK_ID } from './db/migrate.js';
import { hashKey, type LocalisedText, type QuestionnaireDef } from './catalog.js';
import { generatePermitCases, insertPermitCases, type CaseRule } from './seed-permit-cases.js';

export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));

interface DemoFile {
  organisations: {
    id: string;
    name: LocalisedText;
    allowedOrigins: string[];
    /** Permit-explorer mode → rule pack id; missing modes use the national defaults. */
    permitPacks?: Record<string, string>;
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
  /** Keys of the demo organisations inserted now (empty when all were already there). */
  staffKeys: SeededKey[];
  /** Past permit cases inserted now (0 unless permit_cases was empty). */
  permitCases: number;
}

export interface SeedOptions {
  demoStaffKey?: string | undefined;
  /** Added to every demo organisation's allow-list, also on an existing database. */
  demoAllowedOrigins?: readonly string[];
  dataDir?: string;
  /** Rules to seed past permit cases for (those of the national packs); none → no cases. */
  permitCaseRules?: readonly CaseRule[];
  /** The day the seeded case history ends (default: today, UTC). */
  today?: Date;
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
    const base = options.demoStaffKey;
    const extraOrigins = [...new Set(options.demoAllowedOrigins ?? [])];
    for (const [i, o] of demo.organisations.entries()) {
      const key = base ? demoKeyFor(base, i, o.id) : generateKey();
      const inserted = await tx.query(
        `INSERT INTO organisations (id, name, allowed_origins, staff_key_hash, permit_packs) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [o.id, JSON.stringify(o.name), o.allowedOrigins, hashKey(key), o.permitPacks ? JSON.stringify(o.permitPacks) : null],
      );
      if (extraOrigins.length) {
        await tx.query(
          `UPDATE organisations SET allowed_origins = allowed_origins || ARRAY(
             SELECT o FROM unnest($2::text[]) AS o WHERE o <> ALL (allowed_origins)) WHERE id = $1`,
          [o.id, extraOrigins],
        );
      }
      if (inserted.rows.length === 0) continue;
      staffKeys.push({ organisation: o.id, key, source: base ? (i === 0 ? 'env' : 'derived') : 'generated' });
      for (const s of o.services) {
        await tx.query('INSERT INTO services (organisation_id, id, type, name) VALUES ($1, $2, $3, $4)', [
          o.id,
          s.id,
          s.type,
          JSON.stringify(s.name),
        ]);
      }
    }
    let permitCases = 0;
    const cases = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM permit_cases LIMIT 1) c');
    if (options.permitCaseRules?.length && (cases.rows[0]?.n ?? 0) === 0) {
      const orgs = await tx.query<{ id: string }>('SELECT id FROM organisations');
      const existing = new Set(orgs.rows.map((r) => r.id));
      permitCases = await insertPermitCases(tx, generatePermitCases(options.permitCaseRules, options.today ?? new Date(), existing));
    }
    return { questionnaires: questionnaires.map((q) => ({ id: q.id, version: q.version })), staffKeys, permitCases };
  });
}
