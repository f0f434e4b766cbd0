/**
 * In-memory copy of the organisations (changed only at seed time): their services, staff
 * key hashes, allowed origins (and the union of all) and permit-pack mapping. Request
 * handlers of every domain read only from here; `reload()` refreshes it after seeding.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/index.js';

export type LocalisedText = { fi: string } & Record<string, string>;

export interface ServiceRow {
  id: string;
  type: string;
  name: LocalisedText;
}

export interface OrganisationRow {
  id: string;
  name: LocalisedText;
  allowedOrigins: ReadonlySet<string>;
  staffKeyHash: Buffer | null;
  services: Map<string, ServiceRow>;
  /** Permit-explorer mode → rule pack id (organisations.permit_packs); missing modes use the national defaults. */
  permitPacks: Readonly<Record<string, string>>;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export class Catalog {
  organisations = new Map<string, OrganisationRow>();
  allowedOrigins = new Set<string>();

  async reload(db: Queryable): Promise<void> {
    const [orgs, services] = await Promise.all([
      db.query<{
        id: string;
        name: LocalisedText;
        allowed_origins: string[];
        staff_key_hash: string | null;
        permit_packs: Record<string, string> | null;
      }>('SELECT id, name, allowed_origins, staff_key_hash, permit_packs FROM organisations ORDER BY id'),
      db.query<{ organisation_id: string; id: string; type: string; name: LocalisedText }>(
        'SELECT organisation_id, id, type, name FROM services ORDER BY organisation_id, id',
      ),
    ]);
    const organisations = new Map<string, OrganisationRow>();
    const allowed = new Set<string>();
    for (const o of orgs.rows) {
      organisations.set(o.id, {
        id: o.id,
        name: o.name,
        allowedOrigins: new Set(o.allowed_origins),
        staffKeyHash: o.staff_key_hash ? Buffer.from(o.staff_key_hash, 'hex') : null,
        services: new Map(),
        permitPacks: o.permit_packs ?? {},
      });
      for (const origin of o.allowed_origins) allowed.add(origin);
    }
    for (const s of services.rows) {
      organisations.get(s.organisation_id)?.services.set(s.id, { id: s.id, type: s.type, name: s.name });
    }
    this.organisations = organisations;
    this.allowedOrigins = allowed;
  }

  /**
   * The organisation a presented staff key belongs to, or null. Every organisation's hash is
   * compared in constant time (no early exit), so timing tells nothing about the key.
   */
  staffKeyOwner(presented: string): string | null {
    const digest = Buffer.from(hashKey(presented), 'hex');
    let owner: string | null = null;
    for (const o of this.organisations.values()) {
      if (o.staffKeyHash && o.staffKeyHash.length === digest.length && timingSafeEqual(o.staffKeyHash, digest)) {
        owner = o.id;
      }
    }
    return owner;
  }
}
