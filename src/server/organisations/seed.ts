/**
 * The demo organisations (src/data/demo/organisations.json): those not in the database yet
 * are inserted with their services, permit-pack mapping and a staff key of their own — the
 * first one's from LUUKKU_DEMO_STAFF_KEY when set, every other one random (never derived from
 * another key). LUUKKU_DEMO_ALLOWED_ORIGINS joins every demo organisation's allow-list on
 * every seed, so an existing database gets it too.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Queryable } from '../db/index.js';
import { hashKey, type LocalisedText } from './catalog.js';

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
  /** Where the key came from: LUUKKU_DEMO_STAFF_KEY (the first organisation only) or generated now. */
  source: 'env' | 'generated';
}

export interface OrganisationSeed {
  /** Keys of the demo organisations inserted now (empty when all were already there). */
  staffKeys: SeededKey[];
  /** LUUKKU_DEMO_STAFF_KEY is set but the first organisation already has another key. */
  demoStaffKeyIgnored: boolean;
}

export function generateKey(): string {
  return randomBytes(24).toString('base64url');
}

export async function seedOrganisations(
  tx: Queryable,
  file: string,
  options: { demoStaffKey?: string | undefined; demoAllowedOrigins?: readonly string[] },
): Promise<OrganisationSeed> {
  const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoFile;
  const extraOrigins = [...new Set(options.demoAllowedOrigins ?? [])];
  const staffKeys: SeededKey[] = [];
  let demoStaffKeyIgnored = false;
  for (const [i, o] of demo.organisations.entries()) {
    const fromEnv = i === 0 && options.demoStaffKey !== undefined;
    const key = fromEnv && options.demoStaffKey ? options.demoStaffKey : generateKey();
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
    if (inserted.rows.length === 0) {
      if (fromEnv) {
        const stored = await tx.query<{ staff_key_hash: string | null }>('SELECT staff_key_hash FROM organisations WHERE id = $1', [o.id]);
        demoStaffKeyIgnored = stored.rows[0]?.staff_key_hash !== hashKey(key);
      }
      continue;
    }
    staffKeys.push({ organisation: o.id, key, source: fromEnv ? 'env' : 'generated' });
    for (const s of o.services) {
      await tx.query('INSERT INTO services (organisation_id, id, type, name) VALUES ($1, $2, $3, $4)', [
        o.id,
        s.id,
        s.type,
        JSON.stringify(s.name),
      ]);
    }
  }
  return { staffKeys, demoStaffKeyIgnored };
}
