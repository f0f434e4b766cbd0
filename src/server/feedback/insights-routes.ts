/**
 * Staff endpoints of <luukku-feedback-insights>, mounted inside the feedback routes
 * (/v1/feedback/insights, /national, /texts, /contact-requests). Every one needs the staff key
 * and answers only for the key's own organisation (403 otherwise). An intranet page on another
 * origin may call them when that origin is on some organisation's allow-list (staff CORS: the key
 * travels as `Authorization: Bearer`, never as a cookie).
 */
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readQuery } from '../http/body.js';
import { allowListCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';
import { ProblemError } from '../http/problem.js';
import { requireOrganisation } from '../http/staff.js';
import { InsightsRepository, MIN_ORGANISATIONS, monthsEnding, type RollupSpan } from './insights.js';
import { NATIONAL_QUESTIONNAIRE_ID, versionMapping, type Questionnaires } from './questionnaires.js';

const NO_STORE = { 'cache-control': 'no-store' };

export function insightsRoutes(ctx: ServerContext, questionnaires: Questionnaires) {
  const { db, config, contract } = ctx;
  const repo = new InsightsRepository(db);
  /**
   * Serialised answers over closed months (they never change), valid in the repository's cache
   * generation; the roll-up check still runs on every request. Bounded like the repository's cache.
   */
  const bodies = new Map<string, { generation: number; body: string }>();
  const respond = async (key: string, months: string[], build: (span: RollupSpan) => Promise<unknown>): Promise<string> => {
    // The one roll-up check of this request: its span goes to every query the answer needs.
    const span = await repo.ensureRollup(months);
    const { closed } = span;
    const hit = closed ? bodies.get(key) : undefined;
    if (hit && hit.generation === repo.generation) return hit.body;
    const generation = repo.generation;
    const body = JSON.stringify(await build(span));
    if (closed) {
      if (bodies.size >= InsightsRepository.CACHE_ENTRIES) bodies.delete(bodies.keys().next().value ?? '');
      bodies.set(key, { generation, body });
    }
    return body;
  };
  const JSON_NO_STORE = { 'content-type': 'application/json; charset=utf-8', ...NO_STORE };
  const min = config.feedbackMinGroup;
  const national = () => {
    const current = questionnaires.current.get(NATIONAL_QUESTIONNAIRE_ID);
    const mapping = questionnaires.mappings.get(NATIONAL_QUESTIONNAIRE_ID) ?? versionMapping([]);
    const labels = Object.fromEntries((current?.public.questions ?? []).map((x) => [x.id, x.label]));
    return {
      id: current?.id ?? NATIONAL_QUESTIONNAIRE_ID,
      version: current?.version ?? 0,
      mapping,
      items: current?.items ?? [],
      labels,
      status: current?.public.status,
    };
  };

  const staffCors = (methods: string[]) => allowListCors((origin) => ctx.catalog.allowedOrigins.has(origin), methods, { staff: true });
  return new Hono<AppEnv>()
    .use('/insights', staffCors(['GET']))
    .use('/national', staffCors(['GET']))
    .use('/texts', staffCors(['GET']))
    .use('/contact-requests', staffCors(['GET']))
    .use('/contact-requests/*', staffCors(['POST']))
    .get('/insights', ctx.requireStaff, async (c) => {
      const q = readQuery(c, contract.query.getFeedbackInsights);
      requireOrganisation(c, q.organisation);
      const set = national();
      const months = monthsEnding(q.to);
      const key = `insights\u0000${q.organisation}\u0000${q.service ?? ''}\u0000${months.join()}`;
      const body = await respond(key, months, async (span) => {
        const raw = await repo.cells(q.organisation, set.id, set.mapping, span, q.service);
        const folded = InsightsRepository.fold(raw, set.items, months, min);
        return {
          organisation: q.organisation,
          questionnaire: { id: set.id, version: set.version },
          items: set.items,
          labels: set.labels,
          ...(set.status ? { status: set.status } : {}),
          services: [...(ctx.catalog.organisations.get(q.organisation)?.services.values() ?? [])],
          minGroupSize: min,
          comparison: { versions: set.mapping.versions, sharedItems: set.mapping.shared },
          ...folded,
        };
      });
      return c.body(body, 200, JSON_NO_STORE);
    })
    .get('/national', ctx.requireStaff, async (c) => {
      const q = readQuery(c, contract.query.getFeedbackNational);
      requireOrganisation(c, q.organisation);
      const set = national();
      const months = monthsEnding(q.to).slice(1); // the 12 months ending with `to`
      const body = await respond(`national\u0000${q.organisation}\u0000${months.join()}`, months, async (span) => ({
        organisation: q.organisation,
        from: months[0],
        to: months[months.length - 1],
        minGroupSize: min,
        minOrganisations: MIN_ORGANISATIONS,
        rows: InsightsRepository.foldNational(await repo.national(q.organisation, set.id, set.mapping, span, min), set.items, min),
      }));
      return c.body(body, 200, JSON_NO_STORE);
    })
    .get('/texts', ctx.requireStaff, async (c) => {
      const q = readQuery(c, contract.query.listFeedbackTexts);
      requireOrganisation(c, q.organisation);
      if (q.from && q.to && q.from > q.to) {
        throw new ProblemError('validation_failed', '`from` is after `to`.', [{ pointer: '/from', code: 'range' }]);
      }
      return c.json({ items: await repo.texts(q) }, 200, NO_STORE);
    })
    .get('/contact-requests', ctx.requireStaff, async (c) => {
      const q = readQuery(c, contract.query.listContactRequests);
      requireOrganisation(c, q.organisation);
      return c.json(await repo.contactRequests(q.organisation, q.status, q.limit), 200, NO_STORE);
    })
    .post('/contact-requests/:id/handled', ctx.rateLimit, ctx.requireStaff, async (c) => {
      const q = readQuery(c, contract.query.markContactRequestHandled, { id: c.req.param('id') });
      requireOrganisation(c, q.organisation);
      const handledAt = await repo.markHandled(q.organisation, q.id);
      if (!handledAt) throw new ProblemError('not_found', 'No contact request with this id in this organisation.');
      return c.json({ id: q.id, handledAt }, 200, NO_STORE);
    });
}
