/**
 * The SQL of permit projects (migration 006) and the assembly of a project as the API shows
 * it: each application with its forecast (p50–p80 from `permit_cases` for that permit type and
 * authority, or an official's override), its warnings, the transitions the viewer may make,
 * information requests, milestones and the history.
 */
import type { Queryable } from '../db/index.js';
import { allowedTransitions, DECIDED, type Actor, type ApplicationState } from './states.js';

export type Text = { fi: string } & Record<string, string>;

export interface Viewer {
  actor: Actor;
  /** The official's organisation: only its applications are shown. */
  organisation?: string;
}

export interface ProjectRow {
  id: string;
  organisation_id: string | null;
  title: string;
  needed_by: string | null;
  starts_on: string | null;
  ends_on: string | null;
  notes: string;
  locale: string;
  source: Record<string, unknown> | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  version: number;
}

export interface ApplicationRow {
  id: string;
  project_id: string;
  rule_id: string | null;
  kind: string;
  title: Text;
  authority_id: string;
  authority_name: Text;
  handler_organisation: string | null;
  legal_basis: Record<string, unknown> | null;
  latest_submission: string | null;
  processing_days: number | null;
  state: ApplicationState;
  state_changed_at: Date;
  submitted_on: string | null;
  reference: string | null;
  outcome: string | null;
  decided_on: string | null;
  notes: string;
  override_from: string | null;
  override_to: string | null;
  override_reason: string | null;
  version: number;
}

interface InfoRow {
  id: number;
  application_id: string;
  question: string;
  due_on: string;
  asked_at: Date;
  answer: string | null;
  answered_at: Date | null;
}

const PROJECT_COLS = `id::text, organisation_id, title, needed_by::text, starts_on::text, ends_on::text, notes, locale, source,
  cancelled_at, cancel_reason, version`;
export const APP_COLS = `id::text, project_id::text, rule_id, kind, title, authority_id, authority_name, handler_organisation, legal_basis,
  latest_submission::text, processing_days, state, state_changed_at, submitted_on::text, reference, outcome, decided_on::text, notes,
  override_from::text, override_to::text, override_reason, version`;

/** The first row (a RETURNING or a lookup that must find one); throws when there is none (a bug). */
export function one<T>(rows: T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('expected a row');
  return row;
}

export const projectEtag = (p: Pick<ProjectRow, 'id' | 'version'>): string => `"p${p.id}-${p.version}"`;
export const applicationEtag = (a: Pick<ApplicationRow, 'id' | 'version'>): string => `"a${a.id}-${a.version}"`;

/** Adds `days` (rounded up) to an ISO date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + Math.ceil(days)));
  return t.toISOString().slice(0, 10);
}

export async function projectByTokenHash(db: Queryable, hash: string): Promise<ProjectRow | undefined> {
  const { rows } = await db.query<ProjectRow>(`SELECT ${PROJECT_COLS} FROM projects WHERE token_hash = $1`, [hash]);
  return rows[0];
}

export async function projectById(db: Queryable, id: string, forUpdate = false): Promise<ProjectRow | undefined> {
  const { rows } = await db.query<ProjectRow>(`SELECT ${PROJECT_COLS} FROM projects WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function applicationById(db: Queryable, id: string, forUpdate = false): Promise<ApplicationRow | undefined> {
  const { rows } = await db.query<ApplicationRow>(
    `SELECT ${APP_COLS} FROM project_applications WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export interface EventInput {
  projectId: string;
  applicationId?: string | null;
  kind: string;
  actor: Actor | 'system';
  organisation?: string | null;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  happenedAt?: Date;
}

/** Records one change in the history; returns the event id. */
export async function recordEvent(db: Queryable, e: EventInput): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO project_events (project_id, application_id, kind, actor, organisation_id, from_state, to_state, note, happened_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::timestamptz, now())) RETURNING id::text`,
    [
      e.projectId,
      e.applicationId ?? null,
      e.kind,
      e.actor,
      e.organisation ?? null,
      e.from ?? null,
      e.to ?? null,
      e.note ?? null,
      e.happenedAt?.toISOString() ?? null,
    ],
  );
  return one(rows).id;
}

export interface NewApplication {
  ruleId: string | null;
  kind: string;
  title: Text;
  authorityId: string;
  authorityName: Text;
  handler: string | null;
  legalBasis: Record<string, unknown> | null;
  latestSubmission: string | null;
  processingDays: number | null;
}

export async function insertApplication(db: Queryable, projectId: string, a: NewApplication, position: number): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO project_applications (project_id, position, rule_id, kind, title, authority_id, authority_name, handler_organisation,
       legal_basis, latest_submission, processing_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::text`,
    [
      projectId,
      position,
      a.ruleId,
      a.kind,
      JSON.stringify(a.title),
      a.authorityId,
      JSON.stringify(a.authorityName),
      a.handler,
      a.legalBasis === null ? null : JSON.stringify(a.legalBasis),
      a.latestSubmission,
      a.processingDays === null ? null : Math.round(a.processingDays),
    ],
  );
  return one(rows).id;
}

interface Stats {
  n: number;
  p50: number | null;
  p80: number | null;
}

/** Decided past cases per rule and authority: count, median and 80th percentile of days to decision. */
async function caseStats(db: Queryable, ruleIds: string[]): Promise<Map<string, Stats>> {
  if (ruleIds.length === 0) return new Map();
  const { rows } = await db.query<{
    rule_id: string;
    authority_id: string;
    n: number;
    p50: number | string | null;
    p80: number | string | null;
  }>(
    `SELECT rule_id, authority_id, count(*)::int AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY decided_on - submitted_on) AS p50,
            percentile_cont(0.8) WITHIN GROUP (ORDER BY decided_on - submitted_on) AS p80
       FROM permit_cases
      WHERE decided_on IS NOT NULL AND rule_id = ANY($1::text[])
      GROUP BY rule_id, authority_id`,
    [ruleIds],
  );
  return new Map(
    rows.map((r) => [
      `${r.rule_id}\u0000${r.authority_id}`,
      { n: r.n, p50: r.p50 === null ? null : Number(r.p50), p80: r.p80 === null ? null : Number(r.p80) },
    ]),
  );
}

export interface Forecast {
  source: 'override' | 'history' | 'pack' | 'none';
  from: string | null;
  to: string | null;
  p50Days: number | null;
  p80Days: number | null;
  cases: number;
  reason?: string;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export function forecastFor(a: ApplicationRow, stats: Stats | undefined, minCases: number, today: string): Forecast {
  const cases = stats?.n ?? 0;
  if (a.override_from && a.override_to) {
    return {
      source: 'override',
      from: a.override_from,
      to: a.override_to,
      p50Days: null,
      p80Days: null,
      cases,
      ...(a.override_reason ? { reason: a.override_reason } : {}),
    };
  }
  // Counted from the day it was submitted; before that, from today (if it were sent now).
  const base = a.submitted_on ?? today;
  if (stats && cases >= minCases && stats.p50 !== null && stats.p80 !== null) {
    return {
      source: 'history',
      from: addDays(base, stats.p50),
      to: addDays(base, stats.p80),
      p50Days: round1(stats.p50),
      p80Days: round1(stats.p80),
      cases,
    };
  }
  if (a.processing_days !== null) {
    const d = addDays(base, a.processing_days);
    return { source: 'pack', from: d, to: d, p50Days: a.processing_days, p80Days: a.processing_days, cases };
  }
  return { source: 'none', from: null, to: null, p50Days: null, p80Days: null, cases };
}

export type Warning =
  | { kind: 'forecast-after-needed'; date: string }
  | { kind: 'submission-passed'; date: string }
  | { kind: 'information-overdue'; date: string };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The project as the API shows it to `viewer`. */
export async function assembleProject(db: Queryable, p: ProjectRow, viewer: Viewer, minCases: number, today: string) {
  const official = viewer.actor === 'official';
  const [apps, milestones] = await Promise.all([
    db.query<ApplicationRow>(
      `SELECT ${APP_COLS} FROM project_applications WHERE project_id = $1 ${official ? 'AND handler_organisation = $2' : ''}
        ORDER BY position, id`,
      official ? [p.id, viewer.organisation] : [p.id],
    ),
    db.query<{ id: number; kind: string; date: string; title: string }>(
      'SELECT id::int, kind, on_date::text AS date, title FROM project_milestones WHERE project_id = $1 ORDER BY on_date, id',
      [p.id],
    ),
  ]);
  const appIds = apps.rows.map((a) => a.id);
  const [infos, history, stats] = await Promise.all([
    appIds.length
      ? db.query<InfoRow>(
          `SELECT id::int, application_id::text, question, due_on::text, asked_at, answer, answered_at
             FROM project_info_requests WHERE application_id = ANY($1::bigint[]) ORDER BY id`,
          [appIds],
        )
      : Promise.resolve({ rows: [] as InfoRow[] }),
    db.query<{
      id: number;
      application_id: string | null;
      kind: string;
      actor: string;
      organisation_id: string | null;
      from_state: string | null;
      to_state: string | null;
      note: string | null;
      happened_at: Date;
    }>(
      `SELECT id::int, application_id::text, kind, actor, organisation_id, from_state, to_state, note, happened_at
         FROM project_events
        WHERE project_id = $1 ${official ? 'AND (application_id = ANY($2::bigint[]) OR application_id IS NULL)' : ''}
        ORDER BY id DESC LIMIT 300`,
      official ? [p.id, appIds] : [p.id],
    ),
    caseStats(db, [...new Set(apps.rows.map((a) => a.rule_id).filter((x): x is string => x !== null))]),
  ]);
  const byApp = new Map<string, InfoRow[]>();
  for (const r of infos.rows) byApp.set(r.application_id, [...(byApp.get(r.application_id) ?? []), r]);

  const applications = apps.rows.map((a) => {
    const forecast = forecastFor(a, a.rule_id ? stats.get(`${a.rule_id}\u0000${a.authority_id}`) : undefined, minCases, today);
    const requests = byApp.get(a.id) ?? [];
    const warnings: Warning[] = [];
    const open = !DECIDED.has(a.state) && a.state !== 'cancelled';
    if (open && p.needed_by && forecast.to && forecast.to > p.needed_by)
      warnings.push({ kind: 'forecast-after-needed', date: forecast.to });
    if (a.state === 'draft' && a.latest_submission && a.latest_submission < today) {
      warnings.push({ kind: 'submission-passed', date: a.latest_submission });
    }
    for (const r of requests)
      if (r.answer === null && r.due_on < today && open) warnings.push({ kind: 'information-overdue', date: r.due_on });
    return {
      id: a.id,
      etag: applicationEtag(a),
      ruleId: a.rule_id,
      kind: a.kind,
      title: a.title,
      authority: { id: a.authority_id, name: a.authority_name, organisation: a.handler_organisation },
      legalBasis: a.legal_basis,
      latestSubmission: a.latest_submission,
      processingDays: a.processing_days,
      state: a.state,
      stateChangedAt: a.state_changed_at.toISOString(),
      submittedOn: a.submitted_on,
      reference: a.reference,
      outcome: a.outcome,
      decidedOn: a.decided_on,
      notes: a.notes,
      allowed: p.cancelled_at ? [] : allowedTransitions(a.state, viewer.actor, a.handler_organisation === null),
      forecast,
      warnings,
      informationRequests: requests.map((r) => ({
        id: r.id,
        question: r.question,
        dueOn: r.due_on,
        askedAt: r.asked_at.toISOString(),
        answer: r.answer,
        answeredAt: iso(r.answered_at),
      })),
    };
  });

  return {
    id: p.id,
    etag: projectEtag(p),
    title: p.title,
    organisation: p.organisation_id,
    neededBy: p.needed_by,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    notes: official ? '' : p.notes,
    source: p.source,
    cancelled: p.cancelled_at !== null,
    cancelReason: p.cancel_reason,
    today,
    minCases,
    applications,
    milestones: milestones.rows,
    history: history.rows.map((h) => ({
      id: h.id,
      applicationId: h.application_id,
      kind: h.kind,
      actor: h.actor,
      organisation: h.organisation_id,
      from: h.from_state,
      to: h.to_state,
      note: h.note,
      happenedAt: h.happened_at.toISOString(),
    })),
  };
}

export type ProjectView = Awaited<ReturnType<typeof assembleProject>>;
