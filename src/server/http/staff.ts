/**
 * Staff authentication as middleware: `Authorization: Bearer <organisation staff key>`.
 * `requireStaff` sets `organisation` on the context (the key's owner); the handler checks
 * that the organisation asked for is that one (`requireOrganisation`). Failed attempts are
 * rate-limited per client: once a client has used up its failures, every attempt (right key
 * or wrong) answers 429 with Retry-After until the bucket refills, so guessing is slow.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.js';
import { ProblemError } from './problem.js';
import type { RateLimiter } from './ratelimit.js';

const BEARER = /^Bearer[ ]+([\x21-\x7e]{1,512})\s*$/i;

export interface StaffAuth {
  /** The organisation a presented key belongs to, or null. */
  ownerOf(key: string): string | null;
  failures: RateLimiter;
  client(c: Context<AppEnv>): string;
}

export function requireStaff(auth: StaffAuth) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const client = auth.client(c);
    const wait = auth.failures.peek(client);
    if (wait > 0) {
      throw new ProblemError('rate_limited', `Too many failed staff authentications; try again in ${wait} s.`, undefined, 429, {
        'retry-after': String(wait),
      });
    }
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    const owner = match?.[1] ? auth.ownerOf(match[1]) : null;
    if (!owner) {
      auth.failures.take(client);
      throw new ProblemError('unauthorized', 'Send the organisation staff key as Authorization: Bearer <key>.', undefined, 401, {
        'www-authenticate': 'Bearer realm="luukku"',
      });
    }
    c.set('organisation', owner);
    await next();
  });
}

/** 403 unless the staff key's organisation is `organisation`. */
export function requireOrganisation(c: Context<AppEnv>, organisation: string): void {
  if (c.get('organisation') !== organisation) throw new ProblemError('forbidden', 'The staff key belongs to another organisation.');
}
