/**
 * Exactly-once storage of a submission: the client's Idempotency-Key (checked against the
 * contract) and one `INSERT … ON CONFLICT DO NOTHING` through an InsertBatcher. A repeat with
 * the same key and the same body (canonical JSON, hashed) gets the first receipt again (200);
 * the same key with another body is a 409.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { InsertBatcher } from '../db/batch.js';
import type { Queryable } from '../db/index.js';
import { canonicalJson } from './body.js';
import type { Validator } from './contract.js';
import type { AppEnv } from './env.js';
import { ProblemError } from './problem.js';

export interface Receipt {
  id: string;
  receivedAt: string;
}

export function idempotencyKey(c: Context<AppEnv>, validator: Validator): string {
  const key = c.req.header('idempotency-key');
  if (key === undefined) throw new ProblemError('idempotency_key_missing', 'Send an Idempotency-Key header (a UUID).');
  const errors = validator(key);
  if (errors) throw new ProblemError('idempotency_key_missing', 'The Idempotency-Key is not valid.', errors);
  return key;
}

export const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
export const receipt = (id: string, receivedAt: Date | string): Receipt => ({ id, receivedAt: toDate(receivedAt).toISOString() });

/**
 * Stores `row(id, hash)` once per (organisation, key) in `table`; answers 201 with a new
 * receipt, 200 with the stored one, or throws 409.
 */
export async function insertOnce(
  db: Queryable,
  batcher: InsertBatcher,
  table: string,
  organisation: string,
  key: string,
  body: unknown,
  row: (id: string, hash: string) => unknown[],
): Promise<{ status: 200 | 201; receipt: Receipt }> {
  const hash = createHash('sha256').update(canonicalJson(body)).digest('base64url');
  const id = randomUUID();
  const outcome = await batcher.insert(row(id, hash));
  if (outcome.inserted && outcome.receivedAt) return { status: 201, receipt: receipt(id, outcome.receivedAt) };
  const existing = (
    await db.query<{ id: string; received_at: Date; request_hash: string }>(
      `SELECT id, received_at, request_hash FROM ${table} WHERE organisation_id = $1 AND idempotency_key = $2`,
      [organisation, key],
    )
  ).rows[0];
  if (!existing) throw new Error('idempotency conflict without a stored row');
  if (existing.request_hash !== hash) {
    throw new ProblemError('idempotency_conflict', 'This Idempotency-Key was already used for a different submission.');
  }
  return { status: 200, receipt: receipt(existing.id, existing.received_at) };
}
