/**
 * Who is calling, and which origin is the server's own. Behind `LUUKKU_TRUST_PROXY=N`
 * trusted proxies the client is the N-th address from the right of X-Forwarded-For: each
 * proxy appends the address it was connected from, so what the client wrote itself sits
 * further left and is ignored (rotating it does not escape the rate limit). The server's own
 * origin is `LUUKKU_PUBLIC_ORIGIN` when set, else the request URL's; X-Forwarded-Host and
 * X-Forwarded-Proto are never read, so a forged header cannot make a foreign origin pass as ours.
 */
import type { Context } from 'hono';
import type { AppEnv } from './env.js';

/** The client address behind `trustedHops` proxies (0: the socket's peer). */
export function clientAddress(c: Context<AppEnv>, trustedHops: number): string {
  const env = c.env as AppEnv['Bindings'] | undefined; // undefined under app.request()
  const peer = env?.incoming?.socket.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (hops.length === 0) return peer;
  // Fewer entries than trusted proxies: every entry was written by one of them; take the first.
  return hops[Math.max(0, hops.length - trustedHops)] ?? peer;
}

/** The server's own origin: configured, or the one the request was addressed to. */
export function ownOrigin(c: Context<AppEnv>, publicOrigin: string | undefined): string {
  return publicOrigin ?? new URL(c.req.url).origin;
}
