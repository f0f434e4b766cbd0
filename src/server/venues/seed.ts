/**
 * The demo venues (src/data/venues/venues.json): those not in the database yet are inserted;
 * an existing venue is left as it is, so an official's edits survive a restart. A venue whose
 * organisation is not in the database is skipped.
 */
import { readFileSync } from 'node:fs';
import type { Queryable } from '../db/index.js';
import type { VenueFacts } from './service.js';

export interface VenueSeedFile {
  venues: { id: string; organisation: string; lon: number; lat: number; maxStayDays: number; holdDays: number; facts: VenueFacts }[];
}

export async function seedVenues(tx: Queryable, file: string): Promise<number> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as VenueSeedFile;
  let inserted = 0;
  for (const v of data.venues) {
    const r = await tx.query(
      `INSERT INTO venues (id, organisation_id, facts, lon, lat, max_stay_days, hold_days)
       SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM organisations WHERE id = $2)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [v.id, v.organisation, JSON.stringify(v.facts), v.lon, v.lat, v.maxStayDays, v.holdDays],
    );
    inserted += r.rows.length;
  }
  return inserted;
}
