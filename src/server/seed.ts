/**
 * Seeding at start, every domain's part in one transaction, serialised across instances with
 * the same advisory lock as the migrations: questionnaires (feedback/seed.ts), the demo
 * organisations (organisations/seed.ts) and, when `permit_cases` is empty, a deterministic
 * history of past permit cases (permits/seed.ts).
 */
import { fileURLToPath } from 'node:url';
import type { Db } from './db/index.js';
import { SCHEMA_LOCK_ID } from './db/migrate.js';
import { seedQuestionnaires } from './feedback/seed.js';
import { seedFeedbackYear } from './feedback/seed-year.js';
import { seedOrganisations, type SeededKey } from './organisations/seed.js';
import { seedPermitCases, type CaseRule } from './permits/seed.js';
import { seedVenues } from './venues/seed.js';

export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));
export type { SeededKey };

export interface SeedResult {
  questionnaires: { id: string; version: number }[];
  /** Keys of the demo organisations inserted now (empty when all were already there). */
  staffKeys: SeededKey[];
  /** LUUKKU_DEMO_STAFF_KEY was given, but the database already holds another key for the first organisation. */
  demoStaffKeyIgnored: boolean;
  /** Past permit cases inserted now (0 unless permit_cases was empty). */
  permitCases: number;
  /** Demo feedback answers inserted now (0 unless LUUKKU_SEED_FEEDBACK_YEAR is on and none were seeded before). */
  feedbackYear?: number;
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
  /** Seed a year of demo feedback (feedback/seed-year.ts) when none is there yet. */
  seedFeedbackYear?: boolean;
}

export async function seed(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const dataDir = options.dataDir ?? DATA_DIR;
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_ID]);
    const questionnaires = await seedQuestionnaires(tx, dataDir + 'questionnaires/');
    const orgs = await seedOrganisations(tx, dataDir + 'demo/organisations.json', options);
    const permitCases = await seedPermitCases(tx, options.permitCaseRules ?? [], options.today ?? new Date());
    await seedVenues(tx, dataDir + 'venues/venues.json');
    const feedbackYear = options.seedFeedbackYear ? await seedFeedbackYear(tx) : 0;
    return { questionnaires, ...orgs, permitCases, feedbackYear };
  });
}
