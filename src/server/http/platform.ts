/**
 * What every answer of the server gets: a request id (the client's when it is sane), the
 * security headers, one log line, and the error handler that turns any thrown error into
 * problem+json (ProblemError as is, database faults as 4xx/503, the rest 500 and logged).
 * Also the fallback for contract paths: OPTIONS → 204 with `Allow` (403 for a cross-origin
 * preflight no route allowed), other methods → 405 with `Allow`, both from the contract.
 */
import { randomUUID } from 'node:crypto';
import type { Context, ErrorHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Logger } from '../logger.js';
import { errorFields } from '../logger.js';
import type { Contract } from './contract.js';
import type { AppEnv } from './env.js';
import { databaseProblem, problemBody, problemResponse, ProblemError } from './problem.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function platform(logger: Logger) {
  const logRequests = logger.level === 'debug' || logger.level === 'info';
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('x-request-id', requestId);
    if (!c.res.headers.has('x-content-type-options')) c.res.headers.set('x-content-type-options', 'nosniff');
    if (!c.res.headers.has('referrer-policy')) c.res.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    if (logRequests) {
      logger.info('request', {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
      });
    }
  });
}

/** OPTIONS and wrong methods on a path of the contract; other paths go on (static files, 404). */
export function contractMethods(contract: Contract) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const allowed = contract.allowedMethods(c.req.path);
    if (!allowed) return next();
    const allow = { allow: allowed.join(', ') };
    if (c.req.method !== 'OPTIONS') throw new ProblemError('method_not_allowed', undefined, undefined, 405, allow);
    if (c.req.header('origin') === undefined) return c.body(null, 204, allow);
    throw new ProblemError('origin_not_allowed', 'This endpoint is not open to cross-origin calls.', undefined, 403, { vary: 'Origin' });
  });
}

export function onError(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c: Context<AppEnv>) => {
    if (err instanceof ProblemError) return problemResponse(err);
    const mapped = databaseProblem(err);
    if (mapped) {
      const fields = { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, code: mapped.code, error: err.message };
      if (mapped.status >= 500) logger.error('database unavailable', fields);
      else logger.warn('database refused a value', fields);
      return problemResponse(mapped);
    }
    logger.error('unhandled error', { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, ...errorFields(err) });
    return new Response(JSON.stringify(problemBody('internal_error', 'An unexpected error; it has been logged.')), {
      status: 500,
      headers: { 'content-type': 'application/problem+json' },
    });
  };
}
