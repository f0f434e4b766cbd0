/**
 * Notices ("herätteet") of permit projects: every recorded change is queued, in the same
 * transaction, as one delivery per subscribed host system (`project_webhook_deliveries`), and a
 * small in-process loop POSTs them, signed with HMAC-SHA256, retrying with exponential
 * back-off. Deliveries survive a restart (the loop picks up what is due at start).
 *
 * Signature: `X-Luukku-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * Back-off after attempt n: BASE × 4^(n−1) (30 s, 2 min, 8 min, 32 min, ~2 h); after
 * MAX_ATTEMPTS the delivery is marked `failed`. A 2xx answer within 10 s is a delivery.
 */
import { createHmac } from 'node:crypto';
import type { Db, Queryable } from '../db/index.js';
import type { Logger } from '../logger.js';

export const MAX_ATTEMPTS = 6;
export const BACKOFF_BASE_MS = 30_000;
const TIMEOUT_MS = 10_000;

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
    const { rows } = await this.db.query<{ id: string; url: string; secret: string; payload: unknown; attempts: number; event_id: string }>(
      `SELECT d.id::text, w.url, w.secret, d.payload, d.attempts, d.event_id::text
         FROM project_webhook_deliveries d JOIN project_webhooks w ON w.id = d.webhook_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1
        ORDER BY d.next_attempt_at, d.id LIMIT 50`,
      [now.toISOString()],
    );
    let delivered = 0;
    for (const d of rows) {
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
        delivered++;
        await this.db.query(
          `UPDATE project_webhook_deliveries SET status = 'delivered', attempts = $2, last_status = $3, last_error = NULL, delivered_at = now()
            WHERE id = $1`,
          [d.id, attempts, status],
        );
      } else {
        const giveUp = attempts >= MAX_ATTEMPTS;
        const next = new Date(now.getTime() + BACKOFF_BASE_MS * 4 ** (attempts - 1));
        await this.db.query(
          `UPDATE project_webhook_deliveries SET status = $2, attempts = $3, last_status = $4, last_error = $5, next_attempt_at = $6
            WHERE id = $1`,
          [d.id, giveUp ? 'failed' : 'pending', attempts, status, error ?? `HTTP ${status}`, next.toISOString()],
        );
        this.options.logger?.warn('project webhook delivery failed', { delivery: d.id, attempts, status, giveUp });
      }
    }
    // Schedule the next due retry (if any), so the loop sleeps between retries.
    const next = await this.db.query<{ at: Date | null }>(
      `SELECT min(next_attempt_at) AS at FROM project_webhook_deliveries WHERE status = 'pending'`,
    );
    const at = next.rows[0]?.at;
    if (at) this.kick(Math.max(1000, Math.min(at.getTime() - Date.now(), 2 ** 31 - 1)));
    return delivered;
  }
}

const eventType = (payload: unknown): string => {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'change';
};

/** The worker of each database (tests reach it to run deliveries now). */
export const webhookWorkers = new WeakMap<Db, WebhookWorker>();
