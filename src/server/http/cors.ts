/**
 * CORS as middleware a route names. Two kinds:
 * - `allowListCors`: the widget endpoints. A browser on an origin that is on some
 *   organisation's allow-list may call them (the handler checks the organisation's own list
 *   where it knows the organisation); every answer carries `Vary: Origin`. Staff endpoints
 *   pass `{ staff: true }`: an intranet page on another origin sends the staff key as
 *   `Authorization: Bearer` (never a cookie, so CORS opens no CSRF hole) and `If-Match`,
 *   and reads `ETag`.
 * - `openDataCors`: read-only open data (rule packs, forecasts): any origin, no credentials.
 * A preflight with an Origin is answered here; one without falls through to the app's
 * OPTIONS fallback (204 with `Allow`).
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.js';
import { ProblemError } from './problem.js';

const MAX_AGE = '600';

export interface AllowListCorsOptions {
  /** Staff endpoints: also allow `Authorization` and `If-Match`, expose `ETag`. */
  staff?: boolean;
  /** Further request headers a browser may send (for example `Last-Event-ID` from a reconnecting `EventSource`). */
  allowHeaders?: readonly string[];
  /** Further response headers a page may read (for example `Content-Disposition` of a download). */
  exposeHeaders?: readonly string[];
}

export function allowListCors(
  isAllowed: (origin: string) => boolean,
  methods: readonly string[],
  { staff = false, allowHeaders: moreAllowed = [], exposeHeaders: moreExposed = [] }: AllowListCorsOptions = {},
) {
  const allowHeaders = [
    'Content-Type',
    'Idempotency-Key',
    'X-Request-Id',
    ...(staff ? ['Authorization', 'If-Match'] : []),
    ...moreAllowed,
  ].join(', ');
  const exposeHeaders = ['Retry-After', 'X-Request-Id', ...(staff ? ['ETag'] : []), ...moreExposed].join(', ');
  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS' && origin !== undefined) {
      if (!isAllowed(origin)) {
        throw new ProblemError(
          'origin_not_allowed',
          'Cross-origin calls are allowed only from the organisations’ allow-lists.',
          undefined,
          403,
          {
            vary: 'Origin',
          },
        );
      }
      return c.body(null, 204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': methods.join(', '),
        'access-control-allow-headers': allowHeaders,
        'access-control-max-age': MAX_AGE,
        vary: 'Origin',
      });
    }
    await next();
    // A stream written straight to the socket (Server-Sent Events) has sent its own headers.
    if (c.res.headers.get('x-hono-already-sent')) return;
    // Whether CORS headers are sent depends on the Origin: caches must key on it.
    c.res.headers.append('vary', 'Origin');
    if (origin !== undefined && isAllowed(origin) && c.req.method !== 'OPTIONS') {
      c.res.headers.set('access-control-allow-origin', origin);
      c.res.headers.set('access-control-expose-headers', exposeHeaders);
    }
  });
}

export const openDataCors = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'OPTIONS' && c.req.header('origin') !== undefined) {
    return c.body(null, 204, {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': 'Content-Type, If-None-Match, X-Request-Id',
      'access-control-max-age': MAX_AGE,
    });
  }
  await next();
  c.res.headers.set('access-control-allow-origin', '*');
  c.res.headers.set('access-control-expose-headers', 'ETag, X-Request-Id');
});
