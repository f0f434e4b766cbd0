/**
 * Token bucket per client, in memory. Per instance: behind a load balancer every instance
 * limits on its own (documented in docs/server.md). `rateLimit` is the middleware a write
 * route names.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.js';
import { ProblemError } from './problem.js';

export interface RateLimiter {
  /** Takes one token; returns 0 when allowed, otherwise the seconds to wait (Retry-After). */
  take(client: string, now?: number): number;
  /** The seconds to wait before a token is there (0: one is), without taking it. */
  peek(client: string, now?: number): number;
  size(): number;
}

/** 429 with Retry-After once the client (as `client` names it) has used up its bucket. */
export function rateLimit(limiter: RateLimiter, client: (c: Context<AppEnv>) => string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const wait = limiter.take(client(c));
    if (wait > 0) {
      throw new ProblemError('rate_limited', `Try again in ${wait} s.`, undefined, 429, { 'retry-after': String(wait) });
    }
    await next();
  });
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(perMinute: number, burst: number, maxClients = 100_000): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const perMs = perMinute / 60_000;
  const fullAfterMs = perMs > 0 ? burst / perMs : Infinity;
  let lastSweep = 0;

  const sweep = (now: number) => {
    lastSweep = now;
    for (const [k, b] of buckets) if (now - b.at >= fullAfterMs) buckets.delete(k);
    // Still too many distinct clients: drop the oldest entries (Map keeps insertion order).
    if (buckets.size > maxClients) {
      let excess = buckets.size - maxClients;
      for (const k of buckets.keys()) {
        if (excess-- <= 0) break;
        buckets.delete(k);
      }
    }
  };

  return {
    take(client, now = Date.now()) {
      if (perMinute <= 0) return 0;
      if (now - lastSweep > 60_000 || buckets.size > maxClients) sweep(now);
      let b = buckets.get(client);
      if (!b) {
        b = { tokens: burst, at: now };
        buckets.set(client, b);
      } else {
        b.tokens = Math.min(burst, b.tokens + (now - b.at) * perMs);
        b.at = now;
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
    },
    peek(client, now = Date.now()) {
      if (perMinute <= 0) return 0;
      const b = buckets.get(client);
      if (!b) return 0;
      const tokens = Math.min(burst, b.tokens + (now - b.at) * perMs);
      return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
    },
    size: () => buckets.size,
  };
}
