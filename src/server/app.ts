/**
 * The reference server as a Hono app: platform middleware, one `app.route()` per domain,
 * the fallbacks. `createApp` migrates and seeds the database, loads what the domains keep in
 * memory and returns the app; `app.request()` runs it without a socket (tests), `listen()` in
 * serve.ts puts it on a port (main.ts).
 */
import { existsSync } from 'node:fs';
import { Hono } from 'hono';
import type { ServerConfig } from './config.js';
import type { ServerContext } from './context.js';
import { chatOptionsFromEnv, chatRoutes } from './chat/routes.js';
import { migrate, type Db } from './db/index.js';
import { feedbackRoutes } from './feedback/routes.js';
import { Questionnaires } from './feedback/questionnaires.js';
import { clientAddress, ownOrigin } from './http/client.js';
import { loadContract, type Contract } from './http/contract.js';
import type { AppEnv } from './http/env.js';
import { contractMethods, onError, platform } from './http/platform.js';
import { ProblemError } from './http/problem.js';
import { createRateLimiter, rateLimit, type RateLimiter } from './http/ratelimit.js';
import { requireStaff } from './http/staff.js';
import { bundles, demoPages } from './http/static.js';
import type { Logger } from './logger.js';
import { opsRoutes } from './ops/routes.js';
import { Catalog } from './organisations/catalog.js';
import { permitRoutes } from './permits/routes.js';
import { projectRoutes } from './projects/routes.js';
import { PermitService, loadRulePacks } from './permits/service.js';
import { seed, type SeedResult } from './seed.js';
import { venueRoutes } from './venues/routes.js';
import type { VenueOptions } from './venues/service.js';

export interface AppDeps {
  db: Db;
  config: ServerConfig;
  logger: Logger;
  /** Loaded from src/contract/openapi.yaml unless given (tests share one). */
  contract?: Contract;
  /** Where plain lines for the person running the server go (new staff keys, a key that no longer applies). Default: stderr. */
  announce?: (line: string) => void;
  /** Venue reservations: the clock (tests move it), the cancel page, the webhook and its sender. */
  venues?: Partial<VenueOptions>;
}

export interface LuukkuApp {
  app: Hono<AppEnv>;
  catalog: Catalog;
  questionnaires: Questionnaires;
  contract: Contract;
  rateLimiter: RateLimiter;
  /** Rule packs, each organisation's pack per mode, forecasts. */
  permits: PermitService;
  /** What the start-up seed did (staff keys only when the demo organisations were created now). */
  seeded: SeedResult;
  /** Seeds again and refreshes what the domains keep in memory. */
  reseed(): Promise<SeedResult>;
  /** The chat advisor: its fan-out hub (open streams) and `close()` (stops listening). */
  chat: ReturnType<typeof chatRoutes>;
  /** Venue reservations: the service and the expiry sweeper (`sweeper.stop()` at shutdown). */
  venues: ReturnType<typeof venueRoutes>;
  /** Stops the background work that uses the database (the venue sweep, the chat's streams and mail sender); call before closing it. */
  stop: () => Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<LuukkuApp> {
  const { db, config, logger } = deps;
  const contract = deps.contract ?? loadContract();
  const announce = deps.announce ?? ((line: string) => process.stderr.write(line + '\n'));
  const catalog = new Catalog();
  const questionnaires = new Questionnaires();
  // Rule packs first: a bad pack stops the start before the database is touched (RulePackError
  // names every file, JSON pointer and reason).
  const permits = new PermitService(loadRulePacks(config.rulePackDir), {
    minCases: config.forecastMinCases,
    cacheSeconds: config.forecastCacheSeconds,
  });

  const applied = await migrate(db);
  if (applied.length) logger.info('migrations applied', { migrations: applied, database: db.kind });

  const reseed = async (): Promise<SeedResult> => {
    const result = await seed(db, {
      demoStaffKey: config.demoStaffKey,
      demoAllowedOrigins: config.demoAllowedOrigins,
      permitCaseRules: permits.caseRules(),
      seedFeedbackYear: config.seedFeedbackYear,
    });
    await catalog.reload(db);
    await questionnaires.reload(db, catalog);
    permits.rebuild(catalog);
    for (const k of result.staffKeys) {
      if (k.source === 'env') continue;
      announce(`Staff key for demo organisation ${k.organisation} (generated now; also kept in the staff keys file): ${k.key}`);
    }
    if (result.demoStaffKeyIgnored) {
      announce('LUUKKU_DEMO_STAFF_KEY is ignored: this database already has staff keys (they were set when it was created).');
    }
    return result;
  };
  const seeded = await reseed();

  if (!existsSync(config.distDir)) {
    logger.warn('dist/ not found: /luukku/* answers 404. Run `npm run build` to build the browser bundles.', {
      distDir: config.distDir,
    });
  }

  const client = (c: Parameters<typeof clientAddress>[0]) => clientAddress(c, config.trustProxyHops);
  const rateLimiter = createRateLimiter(config.rateLimitPerMinute, config.rateLimitBurst);
  const authFailures = createRateLimiter(config.authFailuresPerMinute, Math.max(1, config.authFailuresPerMinute));
  const ctx: ServerContext = {
    db,
    config,
    logger,
    contract,
    catalog,
    rateLimit: rateLimit(rateLimiter, client),
    requireStaff: requireStaff({ ownerOf: (key) => catalog.staffKeyOwner(key), failures: authFailures, client }),
    authFailures,
    client,
    ownOrigin: (c) => ownOrigin(c, config.publicOrigin),
  };
  const { feedback, selfAssessments } = feedbackRoutes(ctx, questionnaires);
  const demo = demoPages(config.demoDir);
  const venues = venueRoutes(ctx, deps.venues);
  const chat = chatRoutes(ctx, chatOptionsFromEnv());

  const app = new Hono<AppEnv>();
  app
    .use(platform(logger))
    .route('/', opsRoutes(ctx))
    .route('/v1/feedback', feedback)
    .route('/v1/self-assessments', selfAssessments)
    .route('/v1/permits', permitRoutes(ctx, permits))
    .route('/v1', projectRoutes(ctx, permits))
    .route('/v1/venues', venues.venues)
    .route('/v1/venue-reservations', venues.reservations)
    .route('/v1/chat', chat.routes)
    // Fallbacks: a contract path with another method (405, OPTIONS), the bundles, the demo pages, 404.
    .use(contractMethods(contract))
    .on(['GET', 'OPTIONS'], ['/luukku', '/luukku/*'], bundles(config.distDir))
    .get('*', (c, next) => (c.req.path.startsWith('/v1/') ? next() : demo(c)))
    .all('*', () => {
      throw new ProblemError('not_found');
    });
  app.onError(onError(logger));

  const stop = async () => {
    await venues.sweeper.stop();
    await chat.close();
  };
  return { app, catalog, questionnaires, contract, rateLimiter, permits, seeded, reseed, chat, venues, stop };
}
