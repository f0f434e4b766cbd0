/**
 * Puts the app on a port and shuts it down gracefully: stop accepting, let in-flight
 * requests finish (up to `graceMs`), stop background work (`beforeDbClose`), then close the database.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Db } from './db/index.js';
import type { Logger } from './logger.js';

export interface RunningServer {
  server: Server;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  /** Idempotent; resolves when the server is closed and the database too. */
  shutdown(reason?: string): Promise<void>;
}

// The Hono generic differs per app; the server only needs `fetch`.
type FetchApp = { fetch: (request: Request, ...rest: never[]) => Response | Promise<Response> };
type FetchCallback = Parameters<typeof serve>[0]['fetch'];

export function listen(
  app: FetchApp,
  opts: { port: number; host: string; db: Db; logger: Logger; graceMs?: number; beforeDbClose?: () => Promise<void> },
): Promise<RunningServer> {
  const { db, logger } = opts;
  const graceMs = opts.graceMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch as FetchCallback, port: opts.port, hostname: opts.host }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const url = `http://${host}:${info.port}`;
      let closing: Promise<void> | undefined;
      const shutdown = (reason = 'shutdown'): Promise<void> =>
        (closing ??= (async () => {
          logger.info('shutting down', { reason });
          await new Promise<void>((done) => {
            const timer = setTimeout(() => {
              logger.warn('grace period over: closing remaining connections', { graceMs });
              server.closeAllConnections();
            }, graceMs);
            timer.unref();
            // Keep-alive connections with no request in flight would hold close() open:
            // close them now, and again as in-flight requests finish.
            const idle = setInterval(() => server.closeIdleConnections(), 50);
            server.close(() => {
              clearTimeout(timer);
              clearInterval(idle);
              done();
            });
            server.closeIdleConnections();
          });
          await opts.beforeDbClose?.();
          await db.close();
          logger.info('stopped', { reason });
        })());
      logger.info('listening', { url, database: db.kind });
      resolve({ server, url, port: info.port, shutdown });
    }) as Server;
    server.once('error', reject);
    // Slowloris protection: a client has this long to send the headers and the body.
    server.headersTimeout = 20_000;
    server.requestTimeout = 30_000;
    server.keepAliveTimeout = 5_000;
  });
}
