/** Operations: GET /health (for load balancers) and GET /openapi.json (the contract). */
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { errorFields } from '../logger.js';

export function opsRoutes({ db, config, logger, contract }: ServerContext) {
  // The database ping is shared by concurrent health checks and a success is trusted for 1 s,
  // so /health stays cheap under load yet turns 503 within a second of the database failing.
  let pingOkUntil = 0;
  let ping: Promise<unknown> | undefined;
  const pingDb = async () => {
    if (performance.now() < pingOkUntil) return;
    ping ??= db.query('SELECT 1').finally(() => (ping = undefined));
    await ping;
    pingOkUntil = performance.now() + 1000;
  };

  return new Hono<AppEnv>()
    .get('/health', async (c) => {
      try {
        await pingDb();
        return c.json({ status: 'ok', database: db.kind, version: config.version }, 200, { 'cache-control': 'no-store' });
      } catch (err) {
        logger.error('health check: database does not answer', errorFields(err));
        return c.json({ status: 'degraded', database: db.kind, version: config.version }, 503, { 'cache-control': 'no-store' });
      }
    })
    .get('/openapi.json', (c) =>
      c.body(contract.json, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }),
    );
}
