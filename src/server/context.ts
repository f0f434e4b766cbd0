/** What every domain's routes get from the app: the database, configuration and the shared middleware. */
import type { Context, MiddlewareHandler } from 'hono';
import type { ServerConfig } from './config.js';
import type { Db } from './db/index.js';
import type { Contract } from './http/contract.js';
import type { AppEnv } from './http/env.js';
import type { RateLimiter } from './http/ratelimit.js';
import type { Logger } from './logger.js';
import type { Catalog } from './organisations/catalog.js';

export interface ServerContext {
  db: Db;
  config: ServerConfig;
  logger: Logger;
  contract: Contract;
  catalog: Catalog;
  /** Middleware: the per-client write rate limit (429 with Retry-After). */
  rateLimit: MiddlewareHandler<AppEnv>;
  /** Middleware: a valid staff key, its organisation set on the context (401; 429 after repeated failures). */
  requireStaff: MiddlewareHandler<AppEnv>;
  /** Failed sign-ins (staff keys and officials' own keys) per client: one bucket for both kinds of key. */
  authFailures: RateLimiter;
  /** The client address the rate limits key on (LUUKKU_TRUST_PROXY). */
  client(c: Context<AppEnv>): string;
  /** The server's own origin (LUUKKU_PUBLIC_ORIGIN, else the request's). */
  ownOrigin(c: Context<AppEnv>): string;
}
