/**
 * The reference server as a Hono app. `createApp` migrates and seeds the database, loads the
 * catalog into memory and returns the app; `app.request()` runs it without a socket (tests),
 * `listen()` in http.ts puts it on a port (main.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import { canonicalJson, readJsonBody } from './body.js';
import { Catalog, NATIONAL_QUESTIONNAIRE_ID, type CurrentQuestionnaire, type OrganisationRow } from './catalog.js';
import type { ServerConfig } from './config.js';
import { loadContract, type Contract, type FieldError, type Validator } from './contract.js';
import { InsertBatcher } from './db/batch.js';
import { migrate, type Db } from './db/index.js';
import { errorFields, type Logger } from './logger.js';
import { helsinkiToday } from '../shared/helsinki-time.js';
import { PermitService, loadRulePacks, matchesEtag, type PermitMode } from './permits.js';
import { ProblemError, problemBody, problemResponse } from './problem.js';
import { createRateLimiter, type RateLimiter } from './ratelimit.js';
import { seed, type SeedResult } from './seed.js';
import { BUNDLE_HEADERS, safeRelativePath, serveFile } from './http/static.js';

export interface AppDeps {
  db: Db;
  config: ServerConfig;
  logger: Logger;
  /** Loaded from src/contract/openapi.yaml unless given (tests share one). */
  contract?: Contract;
  /** Where newly created staff keys are announced (once, at first seed). Default: stdout. */
  announce?: (line: string) => void;
}

export interface LuukkuApp {
  app: Hono<Env>;
  catalog: Catalog;
  contract: Contract;
  rateLimiter: RateLimiter;
  /** Rule packs, each organisation's pack per mode, forecasts. */
  permits: PermitService;
  /** What the start-up seed did (staff keys only when the demo organisations were created now). */
  seeded: SeedResult;
  /** Seeds again and refreshes the in-memory catalog. */
  reseed(): Promise<SeedResult>;
}

type Env = {
  Bindings: { incoming?: IncomingMessage };
  Variables: { requestId: string };
};
type Ctx = Context<Env>;

/** API paths and their methods, for 405 answers and the Allow header. */
const ROUTES: Record<string, string[]> = {
  '/health': ['GET', 'HEAD'],
  '/openapi.json': ['GET', 'HEAD'],
  '/v1/feedback/form': ['GET', 'HEAD', 'OPTIONS'],
  '/v1/feedback': ['GET', 'HEAD', 'POST', 'OPTIONS'],
  '/v1/self-assessments': ['POST', 'OPTIONS'],
  '/v1/feedback/summary': ['GET', 'HEAD'],
  '/v1/permits/processing-times': ['GET', 'HEAD', 'OPTIONS'],
  '/v1/permits/evaluate': ['POST', 'OPTIONS'],
};
const PERMIT_PACK_PATH = /^\/v1\/permits\/packs\/[^/]+$/;
/** The methods of an API path (exact paths, then the one templated path), or undefined. */
function routeFor(path: string): string[] | undefined {
  return ROUTES[path] ?? (PERMIT_PACK_PATH.test(path) ? ['GET', 'HEAD', 'OPTIONS'] : undefined);
}
/** Paths a browser on an allowed origin may call cross-origin (the public widget endpoints). */
const PUBLIC_CORS_PATHS = new Set(['/v1/feedback/form', '/v1/feedback', '/v1/permits/evaluate']);
/** Public read-only data (rule packs, forecasts): any origin may read it, no credentials. */
const isOpenDataPath = (path: string): boolean => path === '/v1/permits/processing-times' || PERMIT_PACK_PATH.test(path);
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const FEEDBACK_COLUMNS = [
  'id',
  'organisation_id',
  'service_id',
  'service_event',
  'questionnaire_id',
  'questionnaire_version',
  'answers',
  'free_text',
  'segment',
  'contact',
  'locale',
  'plain_language',
  'idempotency_key',
  'request_hash',
] as const;
const SELF_ASSESSMENT_COLUMNS = [
  'id',
  'organisation_id',
  'service_id',
  'service_event',
  'questionnaire_id',
  'questionnaire_version',
  'answers',
  'free_text',
  'idempotency_key',
  'request_hash',
] as const;

interface Submission {
  organisation: string;
  service: string;
  serviceEvent?: string;
  questionnaire: { id: string; version: number };
  answers: Record<string, number>;
  freeText?: string;
  segment?: string;
  contact?: Record<string, string>;
  locale?: string;
  plainLanguage?: boolean;
  website?: string;
}

export async function createApp(deps: AppDeps): Promise<LuukkuApp> {
  const { db, config, logger } = deps;
  const contract = deps.contract ?? loadContract();
  const announce = deps.announce ?? ((line: string) => process.stdout.write(line + '\n'));
  const catalog = new Catalog();
  const limiter = createRateLimiter(config.rateLimitPerMinute, config.rateLimitBurst);
  // Rule packs first: a bad pack stops the start before the database is touched (RulePackError
  // names every file, JSON pointer and reason).
  const permits = new PermitService(loadRulePacks(config.rulePackDir), {
    minCases: config.forecastMinCases,
    cacheSeconds: config.forecastCacheSeconds,
  });

  // Group inserts (see db/batch.ts): PGlite is one connection; PostgreSQL gets up to the pool size.
  const parallel = db.kind === 'pglite' ? 1 : config.pgPoolSize;
  const feedbackInserts = new InsertBatcher(db, 'feedback', FEEDBACK_COLUMNS, parallel);
  const selfAssessmentInserts = new InsertBatcher(db, 'self_assessments', SELF_ASSESSMENT_COLUMNS, parallel);

  const applied = await migrate(db);
  if (applied.length) logger.info('migrations applied', { migrations: applied, database: db.kind });

  const reseed = async (): Promise<SeedResult> => {
    const result = await seed(db, {
      demoStaffKey: config.demoStaffKey,
      demoAllowedOrigins: config.demoAllowedOrigins,
      permitCaseRules: permits.caseRules() });
    await catalog.reload(db);
    permits.rebuild(catalog);
    for (const k of result.staffKeys) {
      if (k.source === 'env') continue;
      announce(
        `Staff key for demo organisation ${k.organisation}${k.source === 'derived' ? ' (derived from LUUKKU_DEMO_STAFF_KEY)' : ' (generated; shown only once)'}: ${k.key}`,
      );
    }
    return result;
  };
  const seeded = await reseed();

  if (!existsSync(config.distDir)) {
    logger.warn('dist/ not found: /luukku/* answers 404. Run `npm run build` to build the browser bundles.', {
      distDir: config.distDir,
    });
  }

  const app = new Hono<Env>();

  // ---- helpers ---------------------------------------------------------------------------

  const clientId = (c: Ctx): string => {
    if (config.trustProxy) {
      const xff = c.req.header('x-forwarded-for');
      const first = xff?.split(',')[0]?.trim();
      if (first) return first;
    }
    const env = c.env as Env['Bindings'] | undefined; // undefined under app.request()
    return env?.incoming?.socket.remoteAddress ?? 'unknown';
  };

  const selfOrigin = (c: Ctx): string => {
    const url = new URL(c.req.url);
    if (config.trustProxy) {
      const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
      const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
      if (proto || host) return `${proto ?? url.protocol.replace(':', '')}://${host ?? url.host}`;
    }
    return url.origin;
  };

  const rateLimit = (c: Ctx) => {
    const wait = limiter.take(clientId(c));
    if (wait > 0) {
      throw new ProblemError('rate_limited', `Try again in ${wait} s.`, undefined, 429, { 'retry-after': String(wait) });
    }
  };

  /** Query parameters (and `path`, the route's path parameters) against the operation's contract. */
  const validateQuery = (c: Ctx, validator: Validator, path: Record<string, string> = {}): Record<string, unknown> => {
    const query: Record<string, unknown> = { ...c.req.query(), ...path };
    const errors = validator(query);
    if (errors) throw new ProblemError('validation_failed', 'Invalid query parameters.', errors);
    return query;
  };

  const idempotencyKey = (c: Ctx): string => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) throw new ProblemError('idempotency_key_missing', 'Send an Idempotency-Key header (a UUID).');
    const errors = contract.idempotencyKey(key);
    if (errors) throw new ProblemError('idempotency_key_missing', 'The Idempotency-Key is not valid.', errors);
    return key;
  };

  /** 401 unless the request carries some organisation's staff key; returns that organisation. */
  const staffOwner = (c: Ctx): string => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ ]+([\x21-\x7e]{1,512})\s*$/i.exec(header);
    const owner = match?.[1] ? catalog.staffKeyOwner(match[1]) : null;
    if (!owner) {
      throw new ProblemError('unauthorized', 'Send the organisation staff key as Authorization: Bearer <key>.', undefined, 401, {
        'www-authenticate': 'Bearer realm="luukku"',
      });
    }
    return owner;
  };

  const requireOrganisationAccess = (owner: string, organisation: string) => {
    if (owner !== organisation) throw new ProblemError('forbidden', 'The staff key belongs to another organisation.');
  };

  const lookup = (organisation: string, service: string): OrganisationRow => {
    const org = catalog.organisations.get(organisation);
    if (!org) throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
    if (!org.services.has(service)) throw new ProblemError('unknown_service', undefined, [{ pointer: '/service', code: 'unknown' }]);
    return org;
  };

  /** The checks that need the questionnaire: current version, known questions, required answers, free text length. */
  const checkAnswers = (body: Submission): CurrentQuestionnaire => {
    const q = catalog.questionnaires.get(body.questionnaire.id);
    if (!q || q.version !== body.questionnaire.version) {
      throw new ProblemError(
        'questionnaire_stale',
        q ? `The current version of ${q.id} is ${q.version}; reload the form.` : 'Unknown questionnaire.',
        [{ pointer: '/questionnaire/version', code: 'stale' }],
      );
    }
    const unknown: FieldError[] = Object.keys(body.answers)
      .filter((id) => !q.questionIds.has(id))
      .map((id) => ({ pointer: `/answers/${id}`, code: 'unknown_question' }));
    if (unknown.length) throw new ProblemError('unknown_question', undefined, unknown);
    const missing: FieldError[] = q.required
      .filter((id) => body.answers[id] === undefined)
      .map((id) => ({ pointer: `/answers/${id}`, code: 'required' }));
    if (missing.length) throw new ProblemError('missing_required_answer', undefined, missing);
    if (body.freeText !== undefined && codePoints(body.freeText) > q.freeTextMaxLength) {
      throw new ProblemError(
        'validation_failed',
        `Free text may be at most ${q.freeTextMaxLength} characters.`,
        [{ pointer: '/freeText', code: 'maxLength' }],
        422,
      );
    }
    return q;
  };

  const readBody = async (c: Ctx, validator: Validator): Promise<Submission> => {
    const env = c.env as Env['Bindings'] | undefined;
    const body = await readJsonBody(c.req.raw, config.bodyLimitBytes, env?.incoming);
    const errors = validator(body);
    if (errors) throw new ProblemError('validation_failed', 'The body does not match the contract.', errors);
    return body as Submission;
  };

  /** Exactly-once storage: one INSERT … ON CONFLICT DO NOTHING; on conflict compare the body hash. */
  const store = async (
    table: 'feedback' | 'self_assessments',
    key: string,
    body: Submission,
    c: Ctx,
  ): Promise<Response> => {
    const hash = createHash('sha256').update(canonicalJson(body)).digest('base64url');
    const id = randomUUID();
    const outcome =
      table === 'feedback'
        ? await feedbackInserts.insert([
            id,
            body.organisation,
            body.service,
            body.serviceEvent ?? null,
            body.questionnaire.id,
            body.questionnaire.version,
            JSON.stringify(body.answers),
            body.freeText ?? null,
            body.segment ?? null,
            body.contact ? JSON.stringify(body.contact) : null,
            body.locale ?? null,
            body.plainLanguage ?? false,
            key,
            hash,
          ])
        : await selfAssessmentInserts.insert([
            id,
            body.organisation,
            body.service,
            body.serviceEvent ?? null,
            body.questionnaire.id,
            body.questionnaire.version,
            JSON.stringify(body.answers),
            body.freeText ?? null,
            key,
            hash,
          ]);
    if (outcome.inserted && outcome.receivedAt) return c.json(receipt(id, outcome.receivedAt), 201);
    const existing = (
      await db.query<{ id: string; received_at: Date; request_hash: string }>(
        `SELECT id, received_at, request_hash FROM ${table} WHERE organisation_id = $1 AND idempotency_key = $2`,
        [body.organisation, key],
      )
    ).rows[0];
    if (!existing) throw new Error('idempotency conflict without a stored row');
    if (existing.request_hash !== hash) {
      throw new ProblemError('idempotency_conflict', 'This Idempotency-Key was already used for a different submission.');
    }
    return c.json(receipt(existing.id, existing.received_at), 200);
  };

  // ---- middleware ------------------------------------------------------------------------

  app.use('*', async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('x-request-id', requestId);
    if (!c.res.headers.has('x-content-type-options')) c.res.headers.set('x-content-type-options', 'nosniff');
    if (!c.res.headers.has('referrer-policy')) c.res.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    if (logger.level === 'debug' || logger.level === 'info') {
      logger.info('request', {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
      });
    }
  });

  // CORS for the public widget endpoints: the origin must be on some organisation's allow-list
  // (the organisation-specific check is in the POST handler).
  app.use('/v1/*', async (c, next) => {
    const origin = c.req.header('origin');
    const path = c.req.path;
    if (c.req.method === 'OPTIONS') {
      const allowed = routeFor(path);
      if (!allowed) throw new ProblemError('not_found');
      if (origin === undefined) return c.body(null, 204, { allow: allowed.join(', ') });
      if (isOpenDataPath(path)) {
        return c.body(null, 204, {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, HEAD',
          'access-control-allow-headers': 'Content-Type, If-None-Match, X-Request-Id',
          'access-control-max-age': '600',
        });
      }
      if (!PUBLIC_CORS_PATHS.has(path) || !catalog.allowedOrigins.has(origin)) {
        throw new ProblemError('origin_not_allowed', 'Cross-origin calls are allowed only from the organisations’ allow-lists.', undefined, 403, {
          vary: 'Origin',
        });
      }
      return c.body(null, 204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': path === '/v1/feedback' || path === '/v1/permits/evaluate' ? 'POST' : 'GET',
        'access-control-allow-headers': 'Content-Type, Idempotency-Key, X-Request-Id',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    try {
      await next();
    } finally {
      // Whether CORS headers are sent depends on the Origin: caches must key on it.
      if (PUBLIC_CORS_PATHS.has(path)) c.res.headers.append('vary', 'Origin');
    }
    if (isOpenDataPath(path)) {
      c.res.headers.set('access-control-allow-origin', '*');
      c.res.headers.set('access-control-expose-headers', 'ETag, X-Request-Id');
      return;
    }
    const isPublic =
      ((path === '/v1/feedback' || path === '/v1/permits/evaluate') && c.req.method === 'POST') || path === '/v1/feedback/form';
    if (origin !== undefined && isPublic && catalog.allowedOrigins.has(origin)) {
      c.res.headers.set('access-control-allow-origin', origin);
      c.res.headers.set('access-control-expose-headers', 'Retry-After, X-Request-Id');
    }
  });

  // ---- routes ----------------------------------------------------------------------------

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

  app.get('/health', async (c) => {
    try {
      await pingDb();
      return c.json({ status: 'ok', database: db.kind, version: config.version }, 200, { 'cache-control': 'no-store' });
    } catch (err) {
      logger.error('health check: database does not answer', errorFields(err));
      return c.json({ status: 'degraded', database: db.kind, version: config.version }, 503, { 'cache-control': 'no-store' });
    }
  });

  app.get('/openapi.json', (c) =>
    c.body(contract.json, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }),
  );

  app.get('/v1/feedback/form', (c) => {
    const q = validateQuery(c, contract.query.getFeedbackForm) as { organisation: string; service: string };
    lookup(q.organisation, q.service);
    const form = catalog.form(q.organisation, q.service);
    if (!form) throw new Error(`no form for ${q.organisation}/${q.service}: national questionnaire missing`);
    return c.body(form, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=60' });
  });

  app.post('/v1/feedback', async (c) => {
    rateLimit(c);
    const origin = c.req.header('origin');
    const foreign = origin !== undefined && origin !== selfOrigin(c);
    if (foreign && !catalog.allowedOrigins.has(origin)) throw new ProblemError('origin_not_allowed');
    const key = idempotencyKey(c);
    const body = await readBody(c, contract.body.feedbackSubmission);
    const org = catalog.organisations.get(body.organisation);
    if (!org) throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
    if (foreign && !org.allowedOrigins.has(origin)) throw new ProblemError('origin_not_allowed');
    lookup(body.organisation, body.service);
    checkAnswers(body);
    if (body.website) {
      // Honeypot filled in: a bot. Answer like a success, store nothing, log without content.
      logger.warn('honeypot: submission discarded', { requestId: c.get('requestId'), organisation: org.id });
      return c.json(receipt(randomUUID(), new Date()), 201);
    }
    return store('feedback', key, body, c);
  });

  app.post('/v1/self-assessments', async (c) => {
    rateLimit(c);
    const owner = staffOwner(c);
    const key = idempotencyKey(c);
    const body = await readBody(c, contract.body.selfAssessmentSubmission);
    requireOrganisationAccess(owner, body.organisation);
    lookup(body.organisation, body.service);
    checkAnswers(body);
    return store('self_assessments', key, body, c);
  });

  app.get('/v1/feedback', async (c) => {
    const owner = staffOwner(c);
    const q = validateQuery(c, contract.query.listFeedback) as {
      organisation: string;
      service?: string;
      from?: string;
      to?: string;
      limit: number;
      before?: string;
    };
    requireOrganisationAccess(owner, q.organisation);
    let cursor: [string, string] | [null, null] = [null, null];
    if (q.before !== undefined) {
      const decoded = decodeCursor(q.before);
      if (!decoded) throw new ProblemError('validation_failed', 'Invalid cursor.', [{ pointer: '/before', code: 'format' }]);
      cursor = decoded;
    }
    const { rows } = await db.query<FeedbackRow>(
      `SELECT id, organisation_id, service_id, service_event, questionnaire_id, questionnaire_version, answers,
              free_text, segment, contact, locale, received_at
         FROM feedback
        WHERE organisation_id = $1
          AND ($2::text IS NULL OR service_id = $2::text)
          AND ($3::date IS NULL OR received_at >= ($3::date::timestamp AT TIME ZONE 'Europe/Helsinki'))
          AND ($4::date IS NULL OR received_at < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/Helsinki'))
          AND ($5::timestamptz IS NULL OR (received_at, id) < ($5::timestamptz, $6::uuid))
        ORDER BY received_at DESC, id DESC
        LIMIT $7`,
      [q.organisation, q.service ?? null, q.from ?? null, q.to ?? null, cursor[0], cursor[1], q.limit + 1],
    );
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return c.json(
      {
        items: page.map(toItem),
        nextBefore: more && last ? encodeCursor(toDate(last.received_at), last.id) : null,
      },
      200,
      { 'cache-control': 'no-store' },
    );
  });

  app.get('/v1/feedback/summary', async (c) => {
    const owner = staffOwner(c);
    const q = validateQuery(c, contract.query.getFeedbackSummary) as {
      organisation: string;
      service?: string;
      from?: string;
      to?: string;
    };
    requireOrganisationAccess(owner, q.organisation);
    const current = catalog.questionnaires.get(NATIONAL_QUESTIONNAIRE_ID);
    const questionnaireId = current?.id ?? NATIONAL_QUESTIONNAIRE_ID;
    const { rows } = await db.query<{ kind: 'c' | 's'; service_id: string; month: string; question: string | null; score: number; n: number }>(
      `WITH r AS (
         SELECT 'c' AS kind, service_id, received_at, answers FROM feedback
          WHERE organisation_id = $1 AND questionnaire_id = $2
         UNION ALL
         SELECT 's' AS kind, service_id, received_at, answers FROM self_assessments
          WHERE organisation_id = $1 AND questionnaire_id = $2
       ), f AS (
         SELECT kind, service_id, to_char(received_at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS month, answers FROM r
          WHERE ($3::text IS NULL OR service_id = $3::text)
            AND ($4::date IS NULL OR received_at >= ($4::date::timestamp AT TIME ZONE 'Europe/Helsinki'))
            AND ($5::date IS NULL OR received_at < (($5::date + 1)::timestamp AT TIME ZONE 'Europe/Helsinki'))
       )
       SELECT kind, service_id, month, NULL::text AS question, 0 AS score, count(*)::int AS n
         FROM f GROUP BY kind, service_id, month
       UNION ALL
       SELECT kind, service_id, month, a.key AS question, (a.value)::int AS score, count(*)::int AS n
         FROM f, jsonb_each_text(f.answers) AS a GROUP BY kind, service_id, month, a.key, (a.value)::int`,
      [q.organisation, questionnaireId, q.service ?? null, q.from ?? null, q.to ?? null],
    );
    return c.json(
      {
        organisation: q.organisation,
        ...(current ? { questionnaire: { id: current.id, version: current.version } } : {}),
        rows: summarise(rows, current ? [...current.questionIds] : []),
      },
      200,
      { 'cache-control': 'no-store' },
    );
  });


  // ---- permit-need explorer --------------------------------------------------------------

  const permitOrganisation = (organisation: string, pointer = '/organisation'): OrganisationRow => {
    const org = catalog.organisations.get(organisation);
    if (!org) throw new ProblemError('unknown_organisation', undefined, [{ pointer, code: 'unknown' }]);
    return org;
  };

  const organisationPack = (organisation: string, mode: PermitMode, pointer?: string) => {
    permitOrganisation(organisation, pointer);
    const entry = permits.forOrganisation(organisation, mode);
    if (!entry) throw new Error(`no rule pack for ${organisation}/${mode}`); // rebuild() guarantees one
    return entry;
  };

  app.get('/v1/permits/packs/:mode', (c) => {
    const q = validateQuery(c, contract.query.getPermitPack, { mode: c.req.param('mode') }) as {
      organisation: string;
      mode: PermitMode;
    };
    const entry = organisationPack(q.organisation, q.mode);
    const headers = { etag: entry.etag, 'cache-control': 'public, max-age=300' };
    if (matchesEtag(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304, headers);
    return c.body(entry.body, 200, { 'content-type': 'application/json; charset=utf-8', ...headers });
  });

  app.get('/v1/permits/processing-times', async (c) => {
    const q = validateQuery(c, contract.query.getProcessingTimes) as { organisation: string; mode: PermitMode };
    const entry = organisationPack(q.organisation, q.mode);
    const items = await permits.processingTimes(db, entry.pack);
    return c.json(
      { organisation: q.organisation, mode: q.mode, packId: entry.pack.id, minCases: permits.minCases, items },
      200,
      { 'cache-control': 'public, max-age=60' },
    );
  });

  app.post('/v1/permits/evaluate', async (c) => {
    rateLimit(c);
    const env = c.env as Env['Bindings'] | undefined;
    const raw = await readJsonBody(c.req.raw, config.bodyLimitBytes, env?.incoming);
    const errors = contract.body.permitEvaluationRequest(raw);
    if (errors) throw new ProblemError('validation_failed', 'The body does not match the contract.', errors);
    const body = raw as { organisation: string; mode: PermitMode; answers: Record<string, unknown>; today?: string };
    const entry = organisationPack(body.organisation, body.mode);
    const today = body.today ?? helsinkiToday();
    const result = permits.evaluate(entry.pack, body.answers, today);
    return c.json({ organisation: body.organisation, mode: body.mode, packId: entry.pack.id, today, result }, 200, {
      'cache-control': 'no-store',
    });
  });

  // ---- fallbacks: 405, static files, 404 --------------------------------------------------

  // The bundles: any site may load them as module scripts (CORS `*`, no credentials).
  app.options('/luukku/*', (c) =>
    c.body(null, 204, {
      ...BUNDLE_HEADERS,
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-max-age': '86400',
      allow: 'GET, HEAD, OPTIONS',
    }),
  );

  app.all('*', async (c) => {
    const path = c.req.path;
    const allowed = routeFor(path);
    if (allowed) {
      throw new ProblemError('method_not_allowed', undefined, undefined, 405, { allow: allowed.join(', ') });
    }
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && !path.startsWith('/v1/')) {
      const mounted = path === '/luukku' || path.startsWith('/luukku/');
      const root = mounted ? config.distDir : config.demoDir;
      let rel = safeRelativePath(mounted ? path.slice('/luukku'.length) : path);
      if (rel === null) throw new ProblemError('not_found', undefined, undefined, 404, mounted ? BUNDLE_HEADERS : {});
      if (rel === '' || path.endsWith('/')) rel = rel === '' ? 'index.html' : `${rel}/index.html`;
      const result = await serveFile(root, rel, {
        maxAge: mounted ? 300 : 0,
        headers: mounted ? BUNDLE_HEADERS : {},
        ifNoneMatch: c.req.header('if-none-match'),
        ifModifiedSince: c.req.header('if-modified-since'),
        headOnly: c.req.method === 'HEAD',
      });
      if (result.kind === 'file') return result.response;
      if (mounted && !existsSync(config.distDir)) {
        throw new ProblemError('not_found', 'The browser bundles are not built: run `npm run build`.', undefined, 404, BUNDLE_HEADERS);
      }
      if (mounted) throw new ProblemError('not_found', undefined, undefined, 404, BUNDLE_HEADERS);
    }
    throw new ProblemError('not_found');
  });

  app.notFound(() => problemResponse(new ProblemError('not_found')));

  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemResponse(err);
    logger.error('unhandled error', { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, ...errorFields(err) });
    return new Response(JSON.stringify(problemBody('internal_error', 'An unexpected error; it has been logged.')), {
      status: 500,
      headers: { 'content-type': 'application/problem+json' },
    });
  });

  return { app, catalog, contract, rateLimiter: limiter, permits, seeded, reseed };
}

// ---- pure helpers ------------------------------------------------------------------------

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(v);
}

function receipt(id: string, receivedAt: Date | string) {
  return { id, receivedAt: toDate(receivedAt).toISOString() };
}

export function encodeCursor(receivedAt: Date, id: string): string {
  return Buffer.from(`${receivedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const [iso, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!iso || !id || extra !== undefined || !UUID.test(id)) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(iso) || Number.isNaN(Date.parse(iso))) return null;
  return [iso, id];
}

interface FeedbackRow {
  id: string;
  organisation_id: string;
  service_id: string;
  service_event: string | null;
  questionnaire_id: string;
  questionnaire_version: number;
  answers: Record<string, number>;
  free_text: string | null;
  segment: string | null;
  contact: Record<string, string> | null;
  locale: string | null;
  received_at: Date | string;
}

function toItem(r: FeedbackRow) {
  return {
    id: r.id,
    organisation: r.organisation_id,
    service: r.service_id,
    serviceEvent: r.service_event,
    questionnaire: { id: r.questionnaire_id, version: r.questionnaire_version },
    answers: r.answers,
    freeText: r.free_text,
    segment: r.segment,
    contact: r.contact,
    locale: r.locale,
    receivedAt: toDate(r.received_at).toISOString(),
  };
}

interface ScoreStats {
  count: number;
  mean: number | null;
  distribution: [number, number, number, number, number];
}
interface GroupSummary {
  count: number;
  questions: Record<string, ScoreStats>;
}

function emptyGroup(questionIds: string[]): GroupSummary {
  const questions: Record<string, ScoreStats> = {};
  for (const id of questionIds) questions[id] = { count: 0, mean: null, distribution: [0, 0, 0, 0, 0] };
  return { count: 0, questions };
}

/** Folds the SQL aggregates into rows per service and month; means are rounded to 2 decimals. */
export function summarise(
  rows: { kind: 'c' | 's'; service_id: string; month: string; question: string | null; score: number; n: number }[],
  questionIds: string[],
) {
  const byKey = new Map<string, { service: string; month: string; customer: GroupSummary; selfAssessment: GroupSummary }>();
  for (const r of rows) {
    const key = `${r.service_id}\u0000${r.month}`;
    let row = byKey.get(key);
    if (!row) {
      row = { service: r.service_id, month: r.month, customer: emptyGroup(questionIds), selfAssessment: emptyGroup(questionIds) };
      byKey.set(key, row);
    }
    const group = r.kind === 'c' ? row.customer : row.selfAssessment;
    const n = r.n;
    if (r.question === null) {
      group.count += n;
      continue;
    }
    const score = r.score;
    if (!Number.isInteger(score) || score < 1 || score > 5) continue;
    const stats = (group.questions[r.question] ??= { count: 0, mean: null, distribution: [0, 0, 0, 0, 0] });
    stats.count += n;
    stats.distribution[score - 1] = (stats.distribution[score - 1] ?? 0) + n;
  }
  for (const row of byKey.values()) {
    for (const group of [row.customer, row.selfAssessment]) {
      for (const s of Object.values(group.questions)) {
        const sum = s.distribution.reduce((acc, n, i) => acc + n * (i + 1), 0);
        s.mean = s.count ? Math.round((sum / s.count) * 100) / 100 : null;
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.service.localeCompare(b.service) || a.month.localeCompare(b.month));
}
