/**
 * Permit projects ("lupahanke", issue 11), mounted by app.ts at /v1:
 * - the organiser's side, reached with the project's private token (no account):
 *   /v1/projects, /v1/projects/{token}/…, the ICS download and feed;
 * - the official's side, with the staff key of the handling organisation:
 *   /v1/authority-projects/…; host-system subscriptions at /v1/project-webhooks.
 * The state machine (states.ts) is enforced here: an illegal transition is a 409 naming the
 * allowed ones. Every change needs `If-Match` with the ETag last read (412 when stale, 428
 * when missing), is recorded in `project_events` and queued as a signed webhook delivery.
 * A decision is recorded in `permit_cases`, so the processing-time forecasts learn from it.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { buildIcs, type IcsDeadline } from '../../shared/ics.js';
import { helsinkiToday } from '../../shared/helsinki-time.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/index.js';
import { readJsonBody, requireWellFormed } from '../http/body.js';
import { isCalendarDate, type FieldError } from '../http/contract.js';
import { allowListCors } from '../http/cors.js';
import type { AppEnv } from '../http/env.js';
import { problemBody, ProblemError } from '../http/problem.js';
import { requireOrganisation } from '../http/staff.js';
import type { PermitService } from '../permits/service.js';
import { handlerFor } from './authorities.js';
import {
  applicationById,
  applicationEtag,
  assembleProject,
  insertApplication,
  one,
  projectById,
  projectByTokenHash,
  projectEtag,
  recordEvent,
  type ApplicationRow,
  type NewApplication,
  type ProjectRow,
  type Text,
  type Viewer,
} from './repository.js';
import { canTransition, allowedTransitions, TERMINAL, type Actor, type ApplicationState } from './states.js';
import { enqueueDeliveries, WebhookWorker, webhookWorkers } from './webhooks.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;
const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

interface ProjectCreate {
  title: string;
  organisation?: string;
  neededBy?: string;
  startsOn?: string;
  endsOn?: string;
  locale?: string;
  permitResult?: {
    organisation: string;
    mode: 'events' | 'industrial';
    answers?: Json;
    today?: string;
    result: { obligations: { ruleId: string }[] };
  };
  applications?: ApplicationCreate[];
  milestones?: MilestoneCreate[];
}
interface ApplicationCreate {
  title: string;
  authority: string;
  kind?: string;
  latestSubmission?: string;
  processingDays?: number;
  legalBasis?: string;
}
/** The organiser's change of one application: notes, and the facts the model lets them change. */
interface ApplicationEdit {
  notes?: string;
  title?: string;
  authority?: string;
  kind?: string;
  latestSubmission?: string | null;
  processingDays?: number | null;
  legalBasis?: string | null;
}
/** What the organiser may change of an application that came from the rule pack (the rest is the pack's). */
const PACK_EDITABLE: ReadonlySet<string> = new Set(['latestSubmission', 'processingDays']);

/** The history note of an edit: each changed fact, old → new. */
function describeEdit(a: ApplicationRow, e: ApplicationEdit): string {
  const was: Record<string, string | number | null> = {
    title: a.title.fi,
    authority: a.authority_name.fi,
    kind: a.kind,
    latestSubmission: a.latest_submission,
    processingDays: a.processing_days,
    legalBasis: (a.legal_basis as { reference?: string } | null)?.reference ?? null,
  };
  return Object.entries(e)
    .filter(([k, v]) => k !== 'notes' && was[k] !== v)
    .map(([k, v]) => `${k}: ${String(was[k] ?? '–')} → ${String((v as string | number | null | undefined) ?? '–')}`)
    .join('; ');
}

interface MilestoneCreate {
  kind: string;
  date: string;
  title?: string;
}
interface Transition {
  to: ApplicationState;
  reference?: string;
  note?: string;
  at?: string;
  outcome?: string;
}

/** Validators for this domain's bodies, compiled from the contract's schemas. */
function bodyValidators(document: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('date', isCalendarDate);
  ajv.addSchema(document, 'luukku-projects');
  return (name: string) => {
    const fn = ajv.getSchema(`luukku-projects#/components/schemas/${name}`) as ValidateFunction | undefined;
    if (!fn) throw new Error(`schema ${name} is not in the contract`);
    return (value: unknown): FieldError[] | null =>
      fn(value)
        ? null
        : (fn.errors ?? []).slice(0, 50).map((e) => {
            let pointer = e.instancePath;
            if (e.keyword === 'required') pointer += '/' + (e.params as { missingProperty: string }).missingProperty;
            if (e.keyword === 'additionalProperties') pointer += '/' + (e.params as { additionalProperty: string }).additionalProperty;
            return { pointer: pointer || '/', code: e.keyword, ...(e.message ? { message: e.message } : {}) };
          });
  };
}

const invalidDate = (pointer: string, message: string): ProblemError =>
  new ProblemError('invalid_date', message, [{ pointer, code: 'invalid_date', message }]);

/** A 409 with the states the caller may move the application to now. */
function transitionConflict(from: ApplicationState, to: string, allowed: ApplicationState[]): ProblemError {
  const err = new ProblemError(
    'invalid_transition',
    `An application in state ${from} cannot move to ${to}. Allowed now: ${allowed.join(', ') || 'none'}.`,
    [{ pointer: '/to', code: 'not_allowed', message: `allowed: ${allowed.join(', ')}` }],
  );
  (err as ProblemError & { allowed?: string[] }).allowed = allowed;
  return err;
}

/** A 409 of the state machine names the allowed states (problem+json extension member `allowed`). */
const allowedStates = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const allowed = (c.error as { allowed?: unknown } | undefined)?.allowed;
  if (c.error instanceof ProblemError && Array.isArray(allowed)) {
    const e = c.error;
    c.res = new Response(JSON.stringify({ ...problemBody(e.code, e.detail, e.errors, e.status), allowed }), {
      status: e.status,
      headers: { 'content-type': 'application/problem+json' },
    });
  }
});

export function projectRoutes(ctx: ServerContext, permits: PermitService) {
  const { db, config, contract, catalog, logger } = ctx;
  const validator = bodyValidators(contract.document);
  const v = {
    create: validator('ProjectCreate'),
    update: validator('ProjectUpdate'),
    application: validator('ApplicationCreate'),
    applicationUpdate: validator('ApplicationUpdate'),
    transition: validator('Transition'),
    answer: validator('InformationAnswer'),
    request: validator('InformationRequestCreate'),
    override: validator('ForecastOverride'),
    milestone: validator('MilestoneCreate'),
    cancel: validator('ProjectCancel'),
    webhook: validator('WebhookCreate'),
  };
  const worker = webhookWorkers.get(db) ?? new WebhookWorker(db, { logger });
  webhookWorkers.set(db, worker);
  worker.kick(1000); // what a previous run left pending

  const mustProject = async (q: Queryable, id: string, forUpdate = false): Promise<ProjectRow> => {
    const p = await projectById(q, id, forUpdate);
    if (!p) throw new ProblemError('not_found', 'No such project.');
    return p;
  };
  const minCases = (): number => permits.minCases;
  const today = (): string => helsinkiToday();

  async function body<T>(c: Context<AppEnv>, check: (v: unknown) => FieldError[] | null): Promise<T> {
    const env = c.env as AppEnv['Bindings'] | undefined;
    const value = await readJsonBody(c.req.raw, config.bodyLimitBytes, env?.incoming);
    requireWellFormed(value, 'body');
    const errors = check(value);
    if (errors) throw new ProblemError('validation_failed', 'The body does not match the contract.', errors);
    return value as T;
  }

  const tokenOf = (c: Context<AppEnv>): string => {
    const token = c.req.param('token') ?? '';
    if (!/^[A-Za-z0-9_-]{32,64}$/.test(token)) throw new ProblemError('not_found', 'No project has this link.');
    return token;
  };
  const appIdOf = (c: Context<AppEnv>): string => {
    const id = c.req.param('applicationId') ?? '';
    if (!/^[1-9][0-9]{0,15}$/.test(id)) throw new ProblemError('not_found', 'No such application.');
    return id;
  };
  const ifMatch = (c: Context<AppEnv>): string => {
    const h = c.req.header('if-match');
    if (!h) throw new ProblemError('precondition_required', 'Send If-Match with the ETag you last read.');
    return h.trim();
  };
  const checkEtag = (header: string, current: string): void => {
    if (header !== '*' && !header.split(',').some((t) => t.trim().replace(/^W\//, '') === current)) {
      throw new ProblemError(
        'precondition_failed',
        'Someone changed this in the meantime; read it again. Nothing was changed.',
        undefined,
        412,
        {
          etag: current,
        },
      );
    }
  };
  const projectOf = async (c: Context<AppEnv>, q: Queryable = db, forUpdate = false): Promise<ProjectRow> => {
    const found = await projectByTokenHash(q, hashToken(tokenOf(c)));
    if (!found) throw new ProblemError('not_found', 'No project has this link.');
    return forUpdate ? ((await projectById(q, found.id, true)) ?? found) : found;
  };

  const answer = async (c: Context<AppEnv>, projectId: string, viewer: Viewer, status: 200 | 201 = 200) => {
    const p = await projectById(db, projectId);
    if (!p) throw new ProblemError('not_found');
    const view = await assembleProject(db, p, viewer, minCases(), today());
    return c.json(view, status, { etag: projectEtag(p), 'cache-control': 'no-store' });
  };

  /** Records the event, queues its webhook deliveries; returns the event id. */
  const notify = async (
    tx: Queryable,
    p: ProjectRow,
    app: Pick<ApplicationRow, 'id' | 'handler_organisation' | 'state'> | null,
    e: {
      kind: string;
      actor: Actor | 'system';
      organisation?: string | null;
      from?: string | null;
      to?: string | null;
      note?: string | null;
      at?: Date;
    },
  ): Promise<void> => {
    const eventId = await recordEvent(tx, {
      projectId: p.id,
      applicationId: app?.id ?? null,
      kind: e.kind,
      actor: e.actor,
      organisation: e.organisation ?? null,
      from: e.from ?? null,
      to: e.to ?? null,
      note: e.note ?? null,
      ...(e.at ? { happenedAt: e.at } : {}),
    });
    await enqueueDeliveries(tx, eventId, [p.organisation_id, app?.handler_organisation ?? null], {
      id: eventId,
      type: e.kind,
      project: { id: p.id, title: p.title, organisation: p.organisation_id },
      application: app ? { id: app.id, state: e.to ?? app.state, handler: app.handler_organisation } : null,
      actor: e.actor,
      organisation: e.organisation ?? null,
      from: e.from ?? null,
      to: e.to ?? null,
      note: e.note ?? null,
      happenedAt: (e.at ?? new Date()).toISOString(),
    });
  };
  /** After a committed change: deliver what it queued now (a run with nothing due is one cheap query). */
  const afterCommit = (): void => worker.kick(0);

  const checkDates = (d: { neededBy?: string | null; startsOn?: string | null; endsOn?: string | null }): void => {
    if (d.startsOn && d.endsOn && d.endsOn < d.startsOn) throw invalidDate('/endsOn', 'The end is before the start.');
  };

  /** Moves an application, with every rule the machine and the dates impose. */
  const transition = async (
    tx: Queryable,
    p: ProjectRow,
    a: ApplicationRow,
    t: Transition,
    actor: Actor,
    organisation: string | null,
  ): Promise<void> => {
    if (p.cancelled_at) throw transitionConflict(a.state, t.to, []);
    const selfRecorded = a.handler_organisation === null;
    if (!canTransition(a.state, t.to, actor, selfRecorded))
      throw transitionConflict(a.state, t.to, allowedTransitions(a.state, actor, selfRecorded));
    const at = t.at ? new Date(t.at) : new Date();
    if (at.getTime() > Date.now() + 5 * 60_000) throw invalidDate('/at', 'The time is in the future.');
    if (at.getTime() < a.state_changed_at.getTime() - 1000)
      throw invalidDate('/at', 'The time is before the previous step of this application.');
    if (t.to === 'received' && actor === 'official' && !t.reference && !a.reference) {
      throw new ProblemError('validation_failed', 'Confirming receipt needs the reference number.', [
        { pointer: '/reference', code: 'required' },
      ]);
    }
    const day = helsinkiToday(at);
    let outcome: string | null = null;
    if (t.to === 'decision') outcome = t.outcome ?? (a.kind === 'notification' ? 'acknowledged' : 'granted');
    await tx.query(
      `UPDATE project_applications SET state = $2, state_changed_at = $3, version = version + 1,
              reference = COALESCE($4, reference),
              submitted_on = CASE WHEN $2 = 'submitted' THEN $5::date ELSE submitted_on END,
              decided_on = CASE WHEN $2 = 'decision' THEN $5::date ELSE decided_on END,
              outcome = COALESCE($6, outcome)
        WHERE id = $1`,
      [a.id, t.to, at.toISOString(), t.reference ?? null, day, outcome],
    );
    // A decided case feeds the processing-time history (permit_cases, migration 002).
    if (t.to === 'decision' && a.rule_id && a.submitted_on && day >= a.submitted_on) {
      await tx.query(
        `INSERT INTO permit_cases (organisation_id, rule_id, authority_id, submitted_on, decided_on, outcome)
         VALUES ((SELECT id FROM organisations WHERE id = $1), $2, $3, $4, $5, $6)`,
        [a.handler_organisation ?? p.organisation_id, a.rule_id, a.authority_id, a.submitted_on, day, outcome],
      );
    }
    const note = [t.reference ?? null, t.note ?? null].filter(Boolean).join(' — ') || null;
    await notify(tx, p, a, { kind: 'transition', actor, organisation, from: a.state, to: t.to, note, at });
  };

  const organiser: Viewer = { actor: 'organiser' };

  // The widget on an allow-listed origin and an official's intranet page: Authorization and
  // If-Match allowed, ETag readable (the same staff CORS as the other widgets' staff routes).
  const cors = allowListCors((origin) => catalog.allowedOrigins.has(origin), ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], {
    staff: true,
  });

  // ---------------------------------------------------------------- the organiser's side (token)

  const projects = new Hono<AppEnv>()
    .use('*', cors)
    .use('*', allowedStates)
    .post('/', ctx.rateLimit, async (c) => {
      const input = await body<ProjectCreate>(c, v.create);
      const organisation = input.organisation ?? input.permitResult?.organisation ?? null;
      if (organisation !== null && !catalog.organisations.has(organisation)) {
        throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
      }
      const apps: NewApplication[] = [];
      const milestones: MilestoneCreate[] = [...(input.milestones ?? [])];
      let neededBy = input.neededBy ?? null;
      let startsOn = input.startsOn ?? null;
      let source: Json | null = null;
      const known = (id: string): boolean => catalog.organisations.has(id);
      if (input.permitResult) {
        const r = input.permitResult;
        const entry = permits.forOrganisation(r.organisation, r.mode);
        if (!entry) throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/permitResult/organisation', code: 'unknown' }]);
        const pack = entry.pack;
        // The server evaluates the answers itself: titles, authorities and deadlines come from the pack, not the client.
        const evaluated = permits.evaluate(pack, r.answers ?? {}, today());
        const wanted = new Set(r.result.obligations.map((o) => o.ruleId));
        const items = evaluated.obligations.filter((o) => wanted.size === 0 || wanted.has(o.ruleId));
        for (const item of items) {
          const rule = pack.rules.find((x) => x.id === item.ruleId);
          if (!rule) continue;
          const authority = pack.authorities.find((x) => x.id === rule.authority);
          apps.push({
            ruleId: rule.id,
            kind: rule.kind,
            title: rule.title,
            authorityId: rule.authority,
            authorityName: authority?.name ?? { fi: rule.authority },
            handler: handlerFor(r.organisation, rule.authority, known),
            legalBasis: rule.legalBasis
              ? { reference: rule.legalBasis.reference, url: rule.legalBasis.url ?? null, text: rule.legalBasis.text }
              : null,
            latestSubmission: item.latestSubmission,
            processingDays: item.processingDays,
          });
        }
        const refDate = r.answers?.[pack.reference.date];
        if (typeof refDate === 'string' && isCalendarDate(refDate)) {
          neededBy ??= refDate;
          startsOn ??= refDate;
          if (!milestones.some((m) => m.kind === 'event')) milestones.push({ kind: 'event', date: refDate });
        }
        source = { organisation: r.organisation, mode: r.mode, packId: pack.id, packVersion: pack.version };
      }
      for (const a of input.applications ?? []) {
        apps.push({
          ruleId: null,
          kind: a.kind ?? 'permit',
          title: { fi: a.title },
          authorityId: 'other',
          authorityName: { fi: a.authority },
          handler: null,
          legalBasis: a.legalBasis ? { reference: a.legalBasis } : null,
          latestSubmission: a.latestSubmission ?? null,
          processingDays: a.processingDays ?? null,
        });
      }
      checkDates({ startsOn, endsOn: input.endsOn ?? null });
      const token = randomBytes(32).toString('base64url');
      const projectId = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO projects (token_hash, organisation_id, title, needed_by, starts_on, ends_on, locale, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
          [
            hashToken(token),
            organisation,
            input.title,
            neededBy,
            startsOn,
            input.endsOn ?? null,
            input.locale ?? 'fi',
            source && JSON.stringify(source),
          ],
        );
        const id = one(rows).id;
        let i = 0;
        for (const a of apps) await insertApplication(tx, id, a, i++);
        for (const m of milestones) {
          await tx.query('INSERT INTO project_milestones (project_id, kind, on_date, title) VALUES ($1, $2, $3, $4)', [
            id,
            m.kind,
            m.date,
            m.title ?? '',
          ]);
        }
        const p = await mustProject(tx, id);
        await notify(tx, p, null, { kind: 'project-created', actor: 'organiser', note: `${apps.length}` });
        return id;
      });
      afterCommit();
      const p = await mustProject(db, projectId);
      const project = await assembleProject(db, p, organiser, minCases(), today());
      return c.json({ token, project }, 201, { etag: projectEtag(p), 'cache-control': 'no-store' });
    })
    .get('/:token', async (c) => {
      const p = await projectOf(c);
      return answer(c, p.id, organiser);
    })
    .patch('/:token', async (c) => {
      const match = ifMatch(c);
      const input = await body<{
        title?: string;
        neededBy?: string | null;
        startsOn?: string | null;
        endsOn?: string | null;
        notes?: string;
      }>(c, v.update);
      const id = await db.transaction(async (tx) => {
        const p = await projectOf(c, tx, true);
        checkEtag(match, projectEtag(p));
        if (p.cancelled_at) throw new ProblemError('invalid_transition', 'The project is cancelled.');
        const next = {
          startsOn: input.startsOn === undefined ? p.starts_on : input.startsOn,
          endsOn: input.endsOn === undefined ? p.ends_on : input.endsOn,
        };
        checkDates(next);
        await tx.query(
          `UPDATE projects SET title = COALESCE($2, title),
                  needed_by = CASE WHEN $3 THEN $4::date ELSE needed_by END,
                  starts_on = $5, ends_on = $6, notes = COALESCE($7, notes), version = version + 1, updated_at = now()
            WHERE id = $1`,
          [
            p.id,
            input.title ?? null,
            input.neededBy !== undefined,
            input.neededBy ?? null,
            next.startsOn,
            next.endsOn,
            input.notes ?? null,
          ],
        );
        await notify(tx, p, null, {
          kind: input.notes !== undefined && Object.keys(input).length === 1 ? 'notes-changed' : 'project-updated',
          actor: 'organiser',
        });
        return p.id;
      });
      afterCommit();
      return answer(c, id, organiser);
    })
    .post('/:token/applications', ctx.rateLimit, async (c) => {
      const input = await body<ApplicationCreate>(c, v.application);
      const id = await db.transaction(async (tx) => {
        const p = await projectOf(c, tx, true);
        if (p.cancelled_at) throw new ProblemError('invalid_transition', 'The project is cancelled.');
        const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM project_applications WHERE project_id = $1', [p.id]);
        if ((rows[0]?.n ?? 0) >= 200)
          throw new ProblemError(
            'validation_failed',
            'A project may have at most 200 applications.',
            [{ pointer: '/', code: 'maxItems' }],
            422,
          );
        const appId = await insertApplication(
          tx,
          p.id,
          {
            ruleId: null,
            kind: input.kind ?? 'permit',
            title: { fi: input.title },
            authorityId: 'other',
            authorityName: { fi: input.authority },
            handler: null,
            legalBasis: input.legalBasis ? { reference: input.legalBasis } : null,
            latestSubmission: input.latestSubmission ?? null,
            processingDays: input.processingDays ?? null,
          },
          rows[0]?.n ?? 0,
        );
        await notify(
          tx,
          p,
          { id: appId, handler_organisation: null, state: 'draft' },
          { kind: 'application-added', actor: 'organiser', to: 'draft' },
        );
        return p.id;
      });
      afterCommit();
      return answer(c, id, organiser, 201);
    })
    .post('/:token/milestones', ctx.rateLimit, async (c) => {
      const input = await body<MilestoneCreate>(c, v.milestone);
      const id = await db.transaction(async (tx) => {
        const p = await projectOf(c, tx, true);
        if (p.cancelled_at) throw new ProblemError('invalid_transition', 'The project is cancelled.');
        await tx.query('INSERT INTO project_milestones (project_id, kind, on_date, title) VALUES ($1, $2, $3, $4)', [
          p.id,
          input.kind,
          input.date,
          input.title ?? '',
        ]);
        await tx.query('UPDATE projects SET version = version + 1, updated_at = now() WHERE id = $1', [p.id]);
        await notify(tx, p, null, { kind: 'milestone-added', actor: 'organiser', note: `${input.title || input.kind} ${input.date}` });
        return p.id;
      });
      afterCommit();
      return answer(c, id, organiser, 201);
    })
    .patch('/:token/applications/:applicationId', async (c) => {
      const match = ifMatch(c);
      const input = await body<ApplicationEdit>(c, v.applicationUpdate);
      const id = await db.transaction(async (tx) => {
        const { p, a } = await organiserApplication(c, tx);
        checkEtag(match, applicationEtag(a));
        const facts = Object.keys(input).filter((k) => k !== 'notes') as (keyof ApplicationEdit)[];
        if (facts.length > 0) {
          if (p.cancelled_at || TERMINAL.has(a.state))
            throw new ProblemError(
              'invalid_transition',
              'The facts of a cancelled project or a final or cancelled application do not change.',
            );
          // An application from the rule pack keeps the pack's name, authority (its handler) and legal basis.
          const fixed = a.rule_id === null ? [] : facts.filter((k) => !PACK_EDITABLE.has(k));
          if (fixed.length)
            throw new ProblemError(
              'validation_failed',
              'The name, kind, authority and legal basis of an application from the rule pack come from the pack.',
              fixed.map((k) => ({ pointer: `/${k}`, code: 'from_rule_pack' })),
              422,
            );
        }
        const changes = describeEdit(a, input);
        await tx.query(
          `UPDATE project_applications SET version = version + 1,
                  notes = COALESCE($2, notes),
                  title = COALESCE($3::jsonb, title),
                  authority_name = COALESCE($4::jsonb, authority_name),
                  kind = COALESCE($5, kind),
                  latest_submission = CASE WHEN $6 THEN $7::date ELSE latest_submission END,
                  processing_days = CASE WHEN $8 THEN $9::int ELSE processing_days END,
                  legal_basis = CASE WHEN $10 THEN $11::jsonb ELSE legal_basis END
            WHERE id = $1`,
          [
            a.id,
            input.notes ?? null,
            input.title === undefined ? null : JSON.stringify({ fi: input.title }),
            input.authority === undefined ? null : JSON.stringify({ fi: input.authority }),
            input.kind ?? null,
            input.latestSubmission !== undefined,
            input.latestSubmission ?? null,
            input.processingDays !== undefined,
            input.processingDays ?? null,
            input.legalBasis !== undefined,
            input.legalBasis ? JSON.stringify({ reference: input.legalBasis }) : null,
          ],
        );
        if (input.notes !== undefined) await notify(tx, p, a, { kind: 'notes-changed', actor: 'organiser' });
        if (facts.length) await notify(tx, p, a, { kind: 'application-edited', actor: 'organiser', note: changes || null });
        return p.id;
      });
      afterCommit();
      return answer(c, id, organiser);
    })
    .delete('/:token/milestones/:milestoneId', async (c) => {
      const match = ifMatch(c);
      const milestoneId = c.req.param('milestoneId');
      if (!/^[1-9][0-9]{0,15}$/.test(milestoneId)) throw new ProblemError('not_found', 'No such milestone.');
      const id = await db.transaction(async (tx) => {
        const p = await projectOf(c, tx, true);
        checkEtag(match, projectEtag(p));
        if (p.cancelled_at) throw new ProblemError('invalid_transition', 'The project is cancelled.');
        const { rows } = await tx.query<{ kind: string; date: string; title: string }>(
          'DELETE FROM project_milestones WHERE id = $1 AND project_id = $2 RETURNING kind, on_date::text AS date, title',
          [milestoneId, p.id],
        );
        const gone = rows[0];
        if (!gone) throw new ProblemError('not_found', 'No such milestone in this project.');
        await tx.query('UPDATE projects SET version = version + 1, updated_at = now() WHERE id = $1', [p.id]);
        await notify(tx, p, null, { kind: 'milestone-deleted', actor: 'organiser', note: `${gone.title || gone.kind} ${gone.date}` });
        return p.id;
      });
      afterCommit();
      return answer(c, id, organiser);
    })
    .post('/:token/applications/:applicationId/transitions', async (c) => {
      const match = ifMatch(c);
      const input = await body<Transition>(c, v.transition);
      const id = await db.transaction(async (tx) => {
        const { p, a } = await organiserApplication(c, tx);
        checkEtag(match, applicationEtag(a));
        await transition(tx, p, a, input, 'organiser', null);
        return p.id;
      });
      afterDecision();
      afterCommit();
      return answer(c, id, organiser);
    })
    .post('/:token/applications/:applicationId/answers', async (c) => {
      const match = ifMatch(c);
      const input = await body<{ requestId: number; answer: string }>(c, v.answer);
      const id = await db.transaction(async (tx) => {
        const { p, a } = await organiserApplication(c, tx);
        checkEtag(match, applicationEtag(a));
        if (p.cancelled_at) throw transitionConflict(a.state, 'in-processing', []);
        const { rows } = await tx.query<{ id: string; answer: string | null }>(
          'SELECT id::text, answer FROM project_info_requests WHERE id = $1 AND application_id = $2 FOR UPDATE',
          [input.requestId, a.id],
        );
        const req = rows[0];
        if (!req)
          throw new ProblemError('not_found', 'No such information request on this application.', [
            { pointer: '/requestId', code: 'unknown' },
          ]);
        if (req.answer !== null)
          throw new ProblemError('invalid_transition', 'This request has already been answered.', [
            { pointer: '/requestId', code: 'answered' },
          ]);
        await tx.query('UPDATE project_info_requests SET answer = $2, answered_at = now() WHERE id = $1', [req.id, input.answer]);
        const open = await tx.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM project_info_requests WHERE application_id = $1 AND answer IS NULL',
          [a.id],
        );
        const back = a.state === 'information-requested' && (open.rows[0]?.n ?? 0) === 0;
        await tx.query(
          `UPDATE project_applications SET version = version + 1, state = $2, state_changed_at = CASE WHEN $3 THEN now() ELSE state_changed_at END WHERE id = $1`,
          [a.id, back ? 'in-processing' : a.state, back],
        );
        await notify(tx, p, a, {
          kind: 'information-answered',
          actor: 'organiser',
          from: a.state,
          to: back ? 'in-processing' : a.state,
          note: input.answer,
        });
        return p.id;
      });
      afterCommit();
      return answer(c, id, organiser);
    })
    .post('/:token/cancellation', async (c) => {
      const match = ifMatch(c);
      const input = await body<{ reason?: string }>(c, v.cancel);
      const id = await db.transaction(async (tx) => {
        const p = await projectOf(c, tx, true);
        checkEtag(match, projectEtag(p));
        if (p.cancelled_at) throw new ProblemError('invalid_transition', 'The project is already cancelled.');
        const { rows } = await tx.query<ApplicationRow>(
          `UPDATE project_applications SET state = 'cancelled', state_changed_at = now(), version = version + 1
            WHERE project_id = $1 AND state NOT IN ('final', 'cancelled')
            RETURNING id::text, handler_organisation, (SELECT state FROM project_applications x WHERE x.id = project_applications.id) AS state`,
          [p.id],
        );
        await tx.query(
          'UPDATE projects SET cancelled_at = now(), cancel_reason = $2, version = version + 1, updated_at = now() WHERE id = $1',
          [p.id, input.reason ?? null],
        );
        for (const a of rows)
          await notify(tx, p, a, { kind: 'transition', actor: 'organiser', to: 'cancelled', note: input.reason ?? null });
        await notify(tx, p, null, { kind: 'project-cancelled', actor: 'organiser', note: input.reason ?? null });
        return p.id;
      });
      afterCommit();
      return answer(c, id, organiser);
    })
    .get('/:token/calendar.ics', async (c) => {
      const p = await projectOf(c);
      const text = await projectIcs(p, `${ctx.ownOrigin(c)}/v1/projects/${tokenOf(c)}/calendar.ics`, new Date());
      const headers: Record<string, string> = { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'no-store' };
      if (c.req.query('download') === '1') headers['content-disposition'] = `attachment; filename="project-${p.id}.ics"`;
      return c.body(text, 200, headers);
    })
    // ---- the read-only calendar feed (migration 012): its own token, derived from the project token
    .get('/:token/feed', async (c) => {
      const p = await projectOf(c);
      return c.json(await feedAnswer(c, p.id), 200, { 'cache-control': 'no-store' });
    })
    .post('/:token/feed', ctx.rateLimit, async (c) => {
      const token = tokenOf(c);
      await db.transaction(async (tx) => {
        const p = await projectOf(c, tx, true);
        if (p.cancelled_at) throw new ProblemError('invalid_transition', 'The project is cancelled.');
        await tx.query('UPDATE project_feed_tokens SET revoked_at = now() WHERE project_id = $1 AND revoked_at IS NULL', [p.id]);
        const nonce = randomBytes(16).toString('base64url');
        await tx.query('INSERT INTO project_feed_tokens (project_id, token_hash, nonce) VALUES ($1, $2, $3)', [
          p.id,
          hashToken(feedToken(token, nonce)),
          nonce,
        ]);
      });
      const p = await projectOf(c);
      return c.json(await feedAnswer(c, p.id), 201, { 'cache-control': 'no-store' });
    })
    .delete('/:token/feed', async (c) => {
      const p = await projectOf(c);
      await db.query('UPDATE project_feed_tokens SET revoked_at = now() WHERE project_id = $1 AND revoked_at IS NULL', [p.id]);
      return c.json(await feedAnswer(c, p.id), 200, { 'cache-control': 'no-store' });
    })
    .get('/feed/:feed', async (c) => {
      const m = /^([A-Za-z0-9_-]{43})\.ics$/.exec(c.req.param('feed'));
      if (!m?.[1]) throw new ProblemError('not_found', 'No calendar feed has this address.');
      const { rows } = await db.query<{ project_id: string; revoked_at: Date | null }>(
        'SELECT project_id::text, revoked_at FROM project_feed_tokens WHERE token_hash = $1',
        [hashToken(m[1])],
      );
      const row = rows[0];
      if (!row) throw new ProblemError('not_found', 'No calendar feed has this address.');
      if (row.revoked_at)
        throw new ProblemError('feed_revoked', 'This calendar feed address was renewed or revoked; ask the organiser for the new one.');
      const p = await mustProject(db, row.project_id);
      // The feed changes with every recorded change of the project, and with the day (forecasts count from today).
      const { rows: last } = await db.query<{ id: string | null; at: Date | null }>(
        'SELECT max(id)::text AS id, max(happened_at) AS at FROM project_events WHERE project_id = $1',
        [p.id],
      );
      const changed = last[0]?.at ?? new Date(0);
      const etag = `W/"f${p.id}-${p.version}-${last[0]?.id ?? 0}-${today()}"`;
      const headers: Record<string, string> = {
        etag,
        'last-modified': changed.toUTCString(),
        // A calendar app asks again with If-None-Match whenever it refreshes; the address is a secret, so no shared cache keeps it.
        'cache-control': 'private, no-cache',
        'x-robots-tag': 'noindex',
      };
      const inm = c.req.header('if-none-match');
      if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === etag.slice(2))) return c.body(null, 304, headers);
      const url = `${ctx.ownOrigin(c)}/v1/projects/feed/${m[1]}.ics`;
      const text = await projectIcs(p, url, changed, true);
      return c.body(text, 200, { ...headers, 'content-type': 'text/calendar; charset=utf-8' });
    });

  /** The feed token of a project token and a nonce: only the organiser (who has the project token) can make it. */
  const feedToken = (projectToken: string, nonce: string): string =>
    createHmac('sha256', projectToken).update(`luukku-project-feed:${nonce}`).digest('base64url');

  /** The live feed address of the project (null when there is none: never made, or revoked). */
  async function feedAnswer(c: Context<AppEnv>, projectId: string): Promise<{ url: string | null; createdAt: string | null }> {
    const { rows } = await db.query<{ nonce: string; created_at: Date }>(
      'SELECT nonce, created_at FROM project_feed_tokens WHERE project_id = $1 AND revoked_at IS NULL',
      [projectId],
    );
    const live = rows[0];
    if (!live) return { url: null, createdAt: null };
    return {
      url: `${ctx.ownOrigin(c)}/v1/projects/feed/${feedToken(tokenOf(c), live.nonce)}.ics`,
      createdAt: live.created_at.toISOString(),
    };
  }

  /** The project as iCalendar: latest submission days, forecast decisions, open information requests, milestones. */
  async function projectIcs(p: ProjectRow, url: string, now: Date, feed = false): Promise<string> {
    const view = await assembleProject(db, p, organiser, minCases(), today());
    const events: IcsDeadline[] = [];
    const lang = (t: Text): string => t[p.locale] ?? t.fi;
    for (const a of view.applications) {
      if (a.state === 'cancelled') continue;
      const title = lang(a.title);
      if (a.latestSubmission && a.state === 'draft') {
        events.push({
          key: `project-${p.id}-a${a.id}-submit`,
          date: a.latestSubmission,
          summary: `⏰ ${title}`,
          description: lang(a.authority.name),
          alarmDaysBefore: 3,
        });
      }
      if (a.forecast.to && !a.decidedOn) {
        events.push({
          key: `project-${p.id}-a${a.id}-decision`,
          date: a.forecast.to,
          summary: `⚖ ${title} (p80)`,
          description: `${a.forecast.from ?? ''} – ${a.forecast.to} · ${a.forecast.source}${a.forecast.cases ? ` · n=${a.forecast.cases}` : ''}`,
        });
      }
      for (const r of a.informationRequests) {
        if (r.answer === null)
          events.push({
            key: `project-${p.id}-r${r.id}`,
            date: r.dueOn,
            summary: `❓ ${title}`,
            description: r.question,
            alarmDaysBefore: 2,
          });
      }
    }
    for (const m of view.milestones) events.push({ key: `project-${p.id}-m${m.id}`, date: m.date, summary: m.title || m.kind });
    const text = buildIcs({
      prodId: '-//Luukku//Project timeline//FI',
      name: p.title,
      now,
      domain: 'luukku.project-timeline',
      events: events.map((e) => ({ ...e, url })),
    });
    // A subscribed feed asks calendar apps to refresh hourly (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL for older clients).
    return feed
      ? text.replace('\r\nMETHOD:PUBLISH\r\n', '\r\nMETHOD:PUBLISH\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n')
      : text;
  }

  async function organiserApplication(c: Context<AppEnv>, tx: Queryable): Promise<{ p: ProjectRow; a: ApplicationRow }> {
    const p = await projectOf(c, tx, true);
    const a = await applicationById(tx, appIdOf(c), true);
    if (!a || a.project_id !== p.id) throw new ProblemError('not_found', 'No such application in this project.');
    return { p, a };
  }

  /** A decision may have added a case: the explorer's cached forecasts are recomputed. */
  const afterDecision = (): void => permits.clearForecasts();

  // ---------------------------------------------------------------- the official's side (staff key)

  async function officialApplication(c: Context<AppEnv>, tx: Queryable): Promise<{ p: ProjectRow; a: ApplicationRow; org: string }> {
    const org = c.get('organisation');
    const a = await applicationById(tx, appIdOf(c), true);
    if (!a) throw new ProblemError('not_found', 'No such application.');
    if (a.handler_organisation !== org) throw new ProblemError('forbidden', 'This application is not handled by your organisation.');
    const p = await mustProject(tx, a.project_id, true);
    return { p, a, org };
  }

  const authority = new Hono<AppEnv>()
    .use('*', cors)
    .use('*', allowedStates)
    .get('/', ctx.requireStaff, async (c) => {
      const organisation = c.req.query('organisation') ?? '';
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(organisation)) {
        throw new ProblemError('validation_failed', 'Invalid query parameters.', [{ pointer: '/organisation', code: 'pattern' }]);
      }
      requireOrganisation(c, organisation);
      const { rows } = await db.query<{ id: string }>(
        `SELECT p.id::text FROM projects p
          WHERE EXISTS (SELECT 1 FROM project_applications a WHERE a.project_id = p.id AND a.handler_organisation = $1)
          ORDER BY p.id DESC LIMIT 200`,
        [organisation],
      );
      const viewer: Viewer = { actor: 'official', organisation };
      const list = [];
      for (const r of rows) {
        const p = await projectById(db, r.id);
        if (p) list.push(await assembleProject(db, p, viewer, minCases(), today()));
      }
      return c.json({ organisation, projects: list }, 200, { 'cache-control': 'no-store' });
    })
    .post('/applications/:applicationId/transitions', ctx.requireStaff, async (c) => {
      const match = ifMatch(c);
      const input = await body<Transition>(c, v.transition);
      const { id, org } = await db.transaction(async (tx) => {
        const { p, a, org } = await officialApplication(c, tx);
        checkEtag(match, applicationEtag(a));
        if (input.to === 'information-requested') {
          throw new ProblemError('validation_failed', 'Send an information request with its question and due date.', [
            { pointer: '/to', code: 'use_information_requests' },
          ]);
        }
        await transition(tx, p, a, input, 'official', org);
        return { id: p.id, org };
      });
      afterDecision();
      afterCommit();
      return answer(c, id, { actor: 'official', organisation: org });
    })
    .post('/applications/:applicationId/information-requests', ctx.requireStaff, async (c) => {
      const match = ifMatch(c);
      const input = await body<{ question: string; dueOn: string }>(c, v.request);
      if (input.dueOn < today()) throw invalidDate('/dueOn', 'The due date is before today.');
      const { id, org } = await db.transaction(async (tx) => {
        const { p, a, org } = await officialApplication(c, tx);
        checkEtag(match, applicationEtag(a));
        if (p.cancelled_at) throw transitionConflict(a.state, 'information-requested', []);
        if (a.state !== 'information-requested' && !canTransition(a.state, 'information-requested', 'official', false)) {
          throw transitionConflict(a.state, 'information-requested', allowedTransitions(a.state, 'official', false));
        }
        await tx.query('INSERT INTO project_info_requests (application_id, question, due_on, asked_by) VALUES ($1, $2, $3, $4)', [
          a.id,
          input.question,
          input.dueOn,
          org,
        ]);
        await tx.query(
          `UPDATE project_applications SET state = 'information-requested', state_changed_at = now(), version = version + 1 WHERE id = $1`,
          [a.id],
        );
        await notify(tx, p, a, {
          kind: 'information-requested',
          actor: 'official',
          organisation: org,
          from: a.state,
          to: 'information-requested',
          note: `${input.dueOn}: ${input.question}`,
        });
        return { id: p.id, org };
      });
      afterCommit();
      return answer(c, id, { actor: 'official', organisation: org }, 201);
    })
    .put('/applications/:applicationId/forecast', ctx.requireStaff, async (c) => {
      const match = ifMatch(c);
      const input = await body<{ from: string | null; to: string | null; reason?: string }>(c, v.override);
      const clearing = input.from === null && input.to === null;
      if (!clearing) {
        if (!input.from || !input.to)
          throw invalidDate(input.from ? '/to' : '/from', 'Give both dates, or neither to remove the override.');
        if (input.to < input.from) throw invalidDate('/to', 'The end is before the start.');
        if (!input.reason)
          throw new ProblemError('validation_failed', 'An override needs a reason.', [{ pointer: '/reason', code: 'required' }]);
      }
      const { id, org } = await db.transaction(async (tx) => {
        const { p, a, org } = await officialApplication(c, tx);
        checkEtag(match, applicationEtag(a));
        await tx.query(
          'UPDATE project_applications SET override_from = $2, override_to = $3, override_reason = $4, version = version + 1 WHERE id = $1',
          [a.id, input.from, input.to, clearing ? null : input.reason],
        );
        await notify(tx, p, a, {
          kind: 'forecast-overridden',
          actor: 'official',
          organisation: org,
          note: clearing ? null : `${input.from} – ${input.to}: ${input.reason}`,
        });
        return { id: p.id, org };
      });
      afterCommit();
      return answer(c, id, { actor: 'official', organisation: org });
    });

  const webhooks = new Hono<AppEnv>()
    .use('*', cors)
    .get('/deliveries', ctx.requireStaff, async (c) => {
      const organisation = c.req.query('organisation') ?? '';
      const limitText = c.req.query('limit') ?? '50';
      const before = c.req.query('before');
      const status = c.req.query('status');
      const errors: FieldError[] = [];
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(organisation)) errors.push({ pointer: '/organisation', code: 'pattern' });
      const limit = /^[0-9]{1,3}$/.test(limitText) ? Number(limitText) : NaN;
      if (!(limit >= 1 && limit <= 200)) errors.push({ pointer: '/limit', code: 'range', message: 'between 1 and 200' });
      if (before !== undefined && !/^[1-9][0-9]{0,17}$/.test(before)) errors.push({ pointer: '/before', code: 'pattern' });
      if (status !== undefined && !['pending', 'delivered', 'failed'].includes(status))
        errors.push({ pointer: '/status', code: 'enum', message: 'pending, delivered or failed' });
      if (errors.length) throw new ProblemError('validation_failed', 'Invalid query parameters.', errors);
      requireOrganisation(c, organisation);
      // Newest first; one more row than asked tells whether there is a next page.
      const { rows } = await db.query<{
        id: string;
        webhook_id: string;
        url: string;
        event_id: string;
        type: string | null;
        status: 'pending' | 'delivered' | 'failed';
        attempts: number;
        last_status: number | null;
        last_error: string | null;
        next_attempt_at: Date | string;
        delivered_at: Date | string | null;
        created_at: Date | string;
      }>(
        `SELECT d.id::text, d.webhook_id::text, w.url, d.event_id::text, d.payload->>'type' AS type, d.status, d.attempts,
                d.last_status, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at
           FROM project_webhook_deliveries d JOIN project_webhooks w ON w.id = d.webhook_id
          WHERE w.organisation_id = $1 AND ($2::bigint IS NULL OR d.id < $2::bigint) AND ($3::text IS NULL OR d.status = $3)
          ORDER BY d.id DESC LIMIT $4`,
        [organisation, before ?? null, status ?? null, limit + 1],
      );
      const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
      const page = rows.slice(0, limit);
      return c.json(
        {
          deliveries: page.map((r) => ({
            id: r.id,
            webhook: r.webhook_id,
            url: r.url,
            event: r.event_id,
            type: r.type,
            status: r.status,
            attempts: r.attempts,
            lastStatus: r.last_status,
            lastError: r.last_error,
            nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
            deliveredAt: iso(r.delivered_at),
            createdAt: new Date(r.created_at).toISOString(),
          })),
          next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
        },
        200,
        { 'cache-control': 'no-store' },
      );
    })
    .post('/', ctx.rateLimit, ctx.requireStaff, async (c) => {
      const input = await body<{ organisation: string; url: string }>(c, v.webhook);
      requireOrganisation(c, input.organisation);
      const secret = randomBytes(32).toString('base64url');
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO project_webhooks (organisation_id, url, secret) VALUES ($1, $2, $3)
       ON CONFLICT (organisation_id, url) DO UPDATE SET secret = EXCLUDED.secret RETURNING id::text`,
        [input.organisation, input.url, secret],
      );
      return c.json({ id: one(rows).id, organisation: input.organisation, url: input.url, secret }, 201, { 'cache-control': 'no-store' });
    });

  return new Hono<AppEnv>().route('/projects', projects).route('/authority-projects', authority).route('/project-webhooks', webhooks);
}
