/**
 * Token bucket per client, in memory. Per instance: behind a load balancer every instance
 * limits on its own (documented in docs/server.md).
 */
export interface RateLimiter {
  /** Takes one token; returns 0 when allowed, otherwise the seconds to wait (Retry-After). */
  take(client: string, now?: number): number;
  size(): number;
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
    size: () => buckets.size,
  };
}
