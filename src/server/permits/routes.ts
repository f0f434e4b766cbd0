/**
 * The permit-need explorer's API: each organisation's rule pack per mode (open data, ETag),
 * processing-time forecasts from past cases (open data) and server-side evaluation with the
 * shared engine (CORS for the organisations' allow-lists). Mounted by app.ts at /v1/permits.
 */
import { Hono } from 'hono';
import { helsinkiToday } from '../../shared/helsinki-time.js';
import type { ServerContext } from '../context.js';
import { readBody, readQuery } from '../http/body.js';
import { allowListCors, openDataCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';
import { ProblemError } from '../http/problem.js';
import { requireOrganisation } from '../http/staff.js';
import { CaseInputError, matchesEtag, type PermitMode, type PermitService } from './service.js';

export function permitRoutes(ctx: ServerContext, permits: PermitService) {
  const { db, config, contract, catalog } = ctx;

  const organisationPack = (organisation: string, mode: PermitMode) => {
    if (!catalog.organisations.has(organisation)) {
      throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
    }
    const entry = permits.forOrganisation(organisation, mode);
    if (!entry) throw new Error(`no rule pack for ${organisation}/${mode}`); // rebuild() guarantees one
    return entry;
  };

  return new Hono<AppEnv>()
    .use('/packs/:mode', openDataCors)
    .use('/processing-times', openDataCors)
    .get('/packs/:mode', (c) => {
      const q = readQuery(c, contract.query.getPermitPack, { mode: c.req.param('mode') });
      const entry = organisationPack(q.organisation, q.mode);
      const headers = { etag: entry.etag, 'cache-control': 'public, max-age=300' };
      if (matchesEtag(c.req.header('if-none-match'), entry.etag)) return c.body(null, 304, headers);
      return c.body(entry.body, 200, { 'content-type': 'application/json; charset=utf-8', ...headers });
    })
    .get('/processing-times', async (c) => {
      const q = readQuery(c, contract.query.getProcessingTimes);
      const entry = organisationPack(q.organisation, q.mode);
      const items = await permits.processingTimes(db, entry.pack);
      return c.json({ organisation: q.organisation, mode: q.mode, packId: entry.pack.id, minCases: permits.minCases, items }, 200, {
        'cache-control': 'public, max-age=60',
      });
    })
    .options(
      '/cases',
      allowListCors((origin) => catalog.allowedOrigins.has(origin), ['POST']),
    )
    .post(
      '/cases',
      allowListCors((origin) => catalog.allowedOrigins.has(origin), ['POST']),
      ctx.rateLimit,
      ctx.requireStaff,
      async (c) => {
        const body = await readBody(c, config.bodyLimitBytes, contract.body.permitCaseRecord);
        if (!catalog.organisations.has(body.organisation)) {
          throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
        }
        requireOrganisation(c, body.organisation);
        try {
          const receipt = await permits.recordCase(db, body, helsinkiToday());
          return c.json(receipt, 201, { 'cache-control': 'no-store' });
        } catch (e) {
          if (e instanceof CaseInputError) throw new ProblemError('validation_failed', e.message, [{ pointer: e.pointer, code: e.code }]);
          throw e;
        }
      },
    )
    .options(
      '/evaluate',
      allowListCors((origin) => catalog.allowedOrigins.has(origin), ['POST']),
    )
    .post(
      '/evaluate',
      allowListCors((origin) => catalog.allowedOrigins.has(origin), ['POST']),
      ctx.rateLimit,
      async (c) => {
        const body = await readBody(c, config.bodyLimitBytes, contract.body.permitEvaluationRequest);
        const entry = organisationPack(body.organisation, body.mode);
        const today = body.today ?? helsinkiToday();
        const result = permits.evaluate(entry.pack, body.answers, today);
        return c.json({ organisation: body.organisation, mode: body.mode, packId: entry.pack.id, today, result }, 200, {
          'cache-control': 'no-store',
        });
      },
    );
}
