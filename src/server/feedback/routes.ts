/**
 * The feedback domain: the public form and submissions (CORS for the organisations'
 * allow-lists), staff self-assessments, the staff's list and summary. Mounted by app.ts at
 * /v1/feedback and /v1/self-assessments.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { readBody, readQuery } from '../http/body.js';
import type { FieldError } from '../http/contract.js';
import { allowListCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';
import { idempotencyKey, insertOnce, receipt } from '../http/idempotency.js';
import { ProblemError } from '../http/problem.js';
import { requireOrganisation } from '../http/staff.js';
import type { OrganisationRow } from '../organisations/catalog.js';
import { maskPersonalData } from '../../shared/personal-data.js';
import { insightsRoutes } from './insights-routes.js';
import { NATIONAL_QUESTIONNAIRE_ID, versionMapping, type CurrentQuestionnaire, type Questionnaires } from './questionnaires.js';

const SUMMARY_NOTE =
  'Answers to different versions are pooled only in sharedItems (the same standard wording); every other item counts the answers of its own version only.';
import { decodeCursor, FeedbackRepository, type FeedbackSubmission, type SelfAssessmentSubmission } from './repository.js';

/** Characters as a person counts them (code points; a lone surrogate cannot get this far). */
const codePoints = (s: string): number => s.length - (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);

export function feedbackRoutes(ctx: ServerContext, questionnaires: Questionnaires) {
  const { db, config, contract, catalog, logger } = ctx;
  const repo = new FeedbackRepository(db, db.kind === 'pglite' ? 1 : config.pgPoolSize);
  const publicCors = (methods: string[]) => allowListCors((origin) => catalog.allowedOrigins.has(origin), methods);

  const lookup = (organisation: string, service: string): OrganisationRow => {
    const org = catalog.organisations.get(organisation);
    if (!org) throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
    if (!org.services.has(service)) throw new ProblemError('unknown_service', undefined, [{ pointer: '/service', code: 'unknown' }]);
    return org;
  };

  /** The checks that need the questionnaire: current version, known questions, required answers, free text length. */
  const checkAnswers = (body: FeedbackSubmission | SelfAssessmentSubmission): CurrentQuestionnaire => {
    // Any stored version is accepted (an offline outbox may deliver answers given to the previous version).
    const q = questionnaires.version(body.questionnaire.id, body.questionnaire.version);
    if (!q) {
      const current = questionnaires.current.get(body.questionnaire.id);
      throw new ProblemError(
        'questionnaire_stale',
        current ? `The current version of ${current.id} is ${current.version}; reload the form.` : 'Unknown questionnaire.',
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
    // "Does not apply to me" only where the item offers it, and never together with a score.
    const wrongNa: FieldError[] = (body.notApplicable ?? []).flatMap((id, i) =>
      !q.questionIds.has(id)
        ? [{ pointer: `/notApplicable/${i}`, code: 'unknown_question' }]
        : !q.notApplicable.has(id) || body.answers[id] !== undefined
          ? [{ pointer: `/notApplicable/${i}`, code: 'not_applicable_not_allowed' }]
          : [],
    );
    if (wrongNa.some((e) => e.code === 'unknown_question')) throw new ProblemError('unknown_question', undefined, wrongNa);
    if (wrongNa.length) {
      throw new ProblemError('validation_failed', 'An item marked "does not apply" must offer it and have no score.', wrongNa, 422);
    }
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

  const feedback = new Hono<AppEnv>()
    .route('/', insightsRoutes(ctx, questionnaires))
    .use('/form', publicCors(['GET']))
    .get('/form', (c) => {
      const q = readQuery(c, contract.query.getFeedbackForm);
      lookup(q.organisation, q.service);
      const form = questionnaires.form(q.organisation, q.service);
      if (!form) throw new Error(`no form for ${q.organisation}/${q.service}: national questionnaire missing`);
      return c.body(form, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=60' });
    })
    .options('/', publicCors(['POST']))
    .post('/', publicCors(['POST']), ctx.rateLimit, async (c) => {
      const origin = c.req.header('origin');
      const foreign = origin !== undefined && origin !== ctx.ownOrigin(c);
      if (foreign && !catalog.allowedOrigins.has(origin)) throw new ProblemError('origin_not_allowed');
      const key = idempotencyKey(c, contract.idempotencyKey);
      const body = await readBody(c, config.bodyLimitBytes, contract.body.feedbackSubmission);
      const org = catalog.organisations.get(body.organisation);
      if (!org) throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
      if (foreign && !org.allowedOrigins.has(origin)) throw new ProblemError('origin_not_allowed');
      lookup(body.organisation, body.service);
      checkAnswers(body);
      // Personal data the form could not stop (or a client that does not check) never reaches the database.
      if (body.freeText !== undefined) body.freeText = maskPersonalData(body.freeText);
      if (body.website) {
        // Honeypot filled in: a bot. Answer like a success, store nothing, log without content.
        logger.warn('honeypot: submission discarded', { requestId: c.get('requestId'), organisation: org.id });
        return c.json(receipt(randomUUID(), new Date()), 201);
      }
      const stored = await insertOnce(
        db,
        repo.feedbackInserts,
        'feedback',
        body.organisation,
        key,
        body,
        FeedbackRepository.feedbackRow(body, key),
      );
      return c.json(stored.receipt, stored.status);
    })
    .get('/', ctx.requireStaff, async (c) => {
      const q = readQuery(c, contract.query.listFeedback);
      requireOrganisation(c, q.organisation);
      let before = null;
      if (q.before !== undefined) {
        before = decodeCursor(q.before);
        if (!before) throw new ProblemError('validation_failed', 'Invalid cursor.', [{ pointer: '/before', code: 'format' }]);
      }
      const page = await repo.list(q, q.limit, before);
      return c.json(page, 200, { 'cache-control': 'no-store' });
    })
    .get('/summary', ctx.requireStaff, async (c) => {
      const q = readQuery(c, contract.query.getFeedbackSummary);
      requireOrganisation(c, q.organisation);
      const current = questionnaires.current.get(NATIONAL_QUESTIONNAIRE_ID);
      const mapping = questionnaires.mappings.get(NATIONAL_QUESTIONNAIRE_ID) ?? versionMapping([]);
      const rows = await repo.summary(q, current?.id ?? NATIONAL_QUESTIONNAIRE_ID, mapping);
      return c.json(
        {
          organisation: q.organisation,
          ...(current ? { questionnaire: { id: current.id, version: current.version } } : {}),
          comparison: { versions: mapping.versions, sharedItems: mapping.shared, note: SUMMARY_NOTE },
          rows,
        },
        200,
        { 'cache-control': 'no-store' },
      );
    });

  const selfAssessments = new Hono<AppEnv>().post('/', ctx.rateLimit, ctx.requireStaff, async (c) => {
    const key = idempotencyKey(c, contract.idempotencyKey);
    const body = await readBody(c, config.bodyLimitBytes, contract.body.selfAssessmentSubmission);
    requireOrganisation(c, body.organisation);
    lookup(body.organisation, body.service);
    checkAnswers(body);
    if (body.freeText !== undefined) body.freeText = maskPersonalData(body.freeText);
    if (body.taskFeedback?.observations !== undefined) body.taskFeedback.observations = maskPersonalData(body.taskFeedback.observations);
    const stored = await insertOnce(
      db,
      repo.selfAssessmentInserts,
      'self_assessments',
      body.organisation,
      key,
      body,
      FeedbackRepository.selfAssessmentRow(body, key),
    );
    return c.json(stored.receipt, stored.status);
  });

  return { feedback, selfAssessments };
}
