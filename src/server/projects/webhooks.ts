/**
 * Notices ("herätteet") of permit projects: every recorded change is queued, in the same
 * transaction, as one delivery per subscribed host system (`project_webhook_deliveries`), and a
 * small in-process loop POSTs them, signed with HMAC-SHA256, retrying with exponential
 * back-off. Deliveries survive a restart (the loop picks up what is due at start).
 *
 * Signature: `X-Luukku-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * Back-off after attempt n: BASE × 4^(n−1) (30 s, 2 min, 8 min, 32 min, ~2 h); after
 * MAX_ATTEMPTS the delivery is marked `failed`. A 2xx answer within 10 s is a delivery.
 *
 * Several server instances on one database: each runs the loop, and each attempt is sent by
 * exactly one of them. A worker claims due deliveries with one atomic UPDATE … WHERE id IN
 * (SELECT … FOR UPDATE SKIP LOCKED) RETURNING, writing a claim token and a lease
 * (`claimed_until`); it sends a claimed delivery only while the lease outlives the attempt, and
 * writes the outcome only if the claim is still its own. A worker that dies leaves a lease that
 * expires, and the delivery is claimed again (at least once across crashes; once otherwise).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/index.js';
import type { Logger } from '../logger.js';

export const MAX_ATTEMPTS = 6;
export const BACKOFF_BASE_MS = 30_000;
const TIMEOUT_MS = 10_000;
/** Deliveries claimed per statement; the lease is CLAIM_BATCH × (TIMEOUT_MS + LEASE_MARGIN_MS). */
export const CLAIM_BATCH = 10;
const LEASE_MARGIN_MS = 5_000;

export function sign(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Queues the event for every subscriber of the organisations involved. Returns how many were queued. */
export async function enqueueDeliveries(
  tx: Queryable,
  eventId: string,
  organisations: (string | null)[],
  payload: Record<string, unknown>,
): Promise<number> {
  const orgs = [...new Set(organisations.filter((o): o is string => !!o))];
  if (orgs.length === 0) return 0;
  const { rows } = await tx.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO project_webhook_deliveries (webhook_id, event_id, payload)
       SELECT id, $1, $2::jsonb FROM project_webhooks WHERE organisation_id = ANY($3::text[])
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [eventId, JSON.stringify(payload), orgs],
  );
  return rows[0]?.n ?? 0;
}

export interface WebhookWorkerOptions {
  fetch?: typeof fetch;
  logger?: Logger;
}

/** The retry loop: one per database. `kick()` after a commit that queued deliveries. */
export class WebhookWorker {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<number> | undefined;
  #stopped = false;
  readonly #fetch: typeof fetch;

  constructor(
    private readonly db: Db,
    private readonly options: WebhookWorkerOptions = {},
  ) {
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Runs soon (and again when the next retry falls due). */
  kick(delayMs = 0): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.runOnce().catch(() => {});
    }, delayMs);
    this.#timer.unref();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** Sends every delivery due by `now`; returns how many were delivered. Concurrent calls share one run. */
  runOnce(now = new Date()): Promise<number> {
    this.#running ??= this.#run(now).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #run(now: Date): Promise<number> {
    let delivered = 0;
    // Claim a small batch at a time, so a lease covers the batch's sends with room to spare.
    for (;;) {
      const batch = await this.#claim(now);
      for (const [i, d] of batch.rows.entries()) {
        // Send only while the lease outlives the attempt; give the rest back for anyone to claim.
        if (Date.now() + TIMEOUT_MS + LEASE_MARGIN_MS > batch.until) {
          await this.db.query(
            `UPDATE project_webhook_deliveries SET claim_token = NULL, claimed_until = NULL WHERE id = ANY($1::bigint[]) AND claim_token = $2`,
            [batch.rows.slice(i).map((r) => r.id), batch.token],
          );
          break;
        }
        if (await this.#send(d, batch.token, now)) delivered++;
      }
      if (batch.rows.length < CLAIM_BATCH) break;
    }
    // Schedule the next due retry (if any), so the loop sleeps between retries.
    const next = await this.db.query<{ at: Date | null }>(
      `SELECT min(GREATEST(next_attempt_at, COALESCE(claimed_until, next_attempt_at))) AS at FROM project_webhook_deliveries WHERE status = 'pending'`,
    );
    const at = next.rows[0]?.at;
    if (at) this.kick(Math.max(1000, Math.min(at.getTime() - Date.now(), 2 ** 31 - 1)));
    return delivered;
  }

  /**
   * Claims up to CLAIM_BATCH due deliveries for this worker with one atomic statement: rows another
   * instance is claiming right now are skipped (`FOR UPDATE SKIP LOCKED`), rows under a live lease
   * are not due. The lease (`claimed_until`) expires if this process dies mid-batch.
   */
  async #claim(now: Date): Promise<{ token: string; until: number; rows: Claimed[] }> {
    const token = randomUUID();
    const until = Date.now() + CLAIM_BATCH * (TIMEOUT_MS + LEASE_MARGIN_MS);
    const { rows } = await this.db.query<Claimed>(
      `WITH claimed AS (
         UPDATE project_webhook_deliveries SET claim_token = $2, claimed_until = $3
          WHERE id IN (
            SELECT id FROM project_webhook_deliveries
             WHERE status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
             ORDER BY next_attempt_at, id
             LIMIT ${CLAIM_BATCH}
             FOR UPDATE SKIP LOCKED)
          RETURNING id, webhook_id, payload, attempts, next_attempt_at)
       SELECT c.id::text, w.url, w.secret, c.payload, c.attempts
         FROM claimed c JOIN project_webhooks w ON w.id = c.webhook_id
        ORDER BY c.next_attempt_at, c.id`,
      [now.toISOString(), token, new Date(Math.max(until, now.getTime() + 1)).toISOString()],
    );
    return { token, until, rows };
  }

  /** One attempt of one claimed delivery; the outcome is written only while the claim is still this worker's. */
  async #send(d: Claimed, token: string, now: Date): Promise<boolean> {
    const body = JSON.stringify(d.payload);
    const t = Math.floor(Date.now() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.#fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-luukku-event': eventType(d.payload),
          'x-luukku-delivery': d.id,
          'x-luukku-signature': sign(d.secret, t, body),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      status = res.status;
      await res.body?.cancel().catch(() => {});
    } catch (err) {
      error = err instanceof Error ? err.message.slice(0, 300) : 'error';
    }
    const attempts = d.attempts + 1;
    if (status !== null && status >= 200 && status < 300) {
      await this.db.query(
        `UPDATE project_webhook_deliveries
            SET status = 'delivered', attempts = $2, last_status = $3, last_error = NULL, delivered_at = now(), claim_token = NULL, claimed_until = NULL
          WHERE id = $1 AND claim_token = $4`,
        [d.id, attempts, status, token],
      );
      return true;
    }
    const giveUp = attempts >= MAX_ATTEMPTS;
    const next = new Date(now.getTime() + BACKOFF_BASE_MS * 4 ** (attempts - 1));
    await this.db.query(
      `UPDATE project_webhook_deliveries
          SET status = $2, attempts = $3, last_status = $4, last_error = $5, next_attempt_at = $6, claim_token = NULL, claimed_until = NULL
        WHERE id = $1 AND claim_token = $7`,
      [d.id, giveUp ? 'failed' : 'pending', attempts, status, error ?? `HTTP ${status}`, next.toISOString(), token],
    );
    this.options.logger?.warn('project webhook delivery failed', { delivery: d.id, attempts, status, giveUp });
    return false;
  }
}

interface Claimed {
  id: string;
  url: string;
  secret: string;
  payload: unknown;
  attempts: number;
}

const eventType = (payload: unknown): string => {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'change';
};

/** The worker of each database (tests reach it to run deliveries now). */
export const webhookWorkers = new WeakMap<Db, WebhookWorker>();
