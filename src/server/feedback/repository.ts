/**
 * The SQL of the feedback domain: grouped inserts of submissions and self-assessments, the
 * staff's paged list (keyset cursor over received_at, id) and the monthly summary.
 */
import type { components } from '../../contract/schema.gen.js';
import { InsertBatcher } from '../db/batch.js';
import type { Db } from '../db/index.js';
import { toDate } from '../http/idempotency.js';
import type { VersionMapping } from './questionnaires.js';

type Schemas = components['schemas'];
export type FeedbackSubmission = Schemas['FeedbackSubmission'];
export type SelfAssessmentSubmission = Schemas['SelfAssessmentSubmission'];
export type FeedbackItem = Schemas['FeedbackItem'];
export type SummaryRow = Schemas['SummaryRow'];

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
  'not_applicable',
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
  'not_applicable',
  'task_feedback',
  'idempotency_key',
  'request_hash',
] as const;

export interface Filter {
  organisation: string;
  service?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
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
  segment: FeedbackItem['segment'];
  contact: FeedbackItem['contact'];
  locale: string | null;
  received_at: Date | string;
}

type AggregateRow = { kind: 'c' | 's'; service_id: string; month: string; question: string | null; score: number; n: number };

export class FeedbackRepository {
  /** Group inserts (see db/batch.ts): PGlite is one connection; PostgreSQL gets up to the pool size. */
  readonly feedbackInserts: InsertBatcher;
  readonly selfAssessmentInserts: InsertBatcher;

  constructor(
    private readonly db: Db,
    parallel: number,
  ) {
    this.feedbackInserts = new InsertBatcher(db, 'feedback', FEEDBACK_COLUMNS, parallel);
    this.selfAssessmentInserts = new InsertBatcher(db, 'self_assessments', SELF_ASSESSMENT_COLUMNS, parallel);
  }

  static feedbackRow(body: FeedbackSubmission, key: string) {
    return (id: string, hash: string): unknown[] => [
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
      body.locale,
      body.plainLanguage ?? false,
      body.notApplicable ?? [],
      key,
      hash,
    ];
  }

  static selfAssessmentRow(body: SelfAssessmentSubmission, key: string) {
    return (id: string, hash: string): unknown[] => [
      id,
      body.organisation,
      body.service,
      body.serviceEvent,
      body.questionnaire.id,
      body.questionnaire.version,
      JSON.stringify(body.answers),
      body.freeText ?? null,
      body.notApplicable ?? [],
      body.taskFeedback ? JSON.stringify(body.taskFeedback) : null,
      key,
      hash,
    ];
  }

  /** One page, newest first; `before` is a decoded cursor. */
  async list(f: Filter, limit: number, before: Cursor | null): Promise<{ items: FeedbackItem[]; nextBefore: string | null }> {
    const { rows } = await this.db.query<FeedbackRow>(
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
      [f.organisation, f.service ?? null, f.from ?? null, f.to ?? null, before?.receivedAt ?? null, before?.id ?? null, limit + 1],
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(toItem), nextBefore: more && last ? encodeCursor(toDate(last.received_at), last.id) : null };
  }

  /** Customer feedback and self-assessments of one questionnaire per service and month. */
  async summary(f: Filter, questionnaireId: string, mapping: VersionMapping): Promise<SummaryRow[]> {
    const questionIds = mapping.items;
    const { rows } = await this.db.query<AggregateRow>(
      `WITH m AS (
         SELECT * FROM unnest($6::int[], $7::text[], $8::text[]) AS m(version, source, item)
       ), r AS (
         SELECT 'c' AS kind, service_id, received_at, questionnaire_version AS v, answers FROM feedback
          WHERE organisation_id = $1 AND questionnaire_id = $2
         UNION ALL
         SELECT 's' AS kind, service_id, received_at, questionnaire_version AS v, answers FROM self_assessments
          WHERE organisation_id = $1 AND questionnaire_id = $2
       ), f AS (
         SELECT kind, service_id, to_char(received_at AT TIME ZONE 'Europe/Helsinki', 'YYYY-MM') AS month, v, answers FROM r
          WHERE ($3::text IS NULL OR service_id = $3::text)
            AND ($4::date IS NULL OR received_at >= ($4::date::timestamp AT TIME ZONE 'Europe/Helsinki'))
            AND ($5::date IS NULL OR received_at < (($5::date + 1)::timestamp AT TIME ZONE 'Europe/Helsinki'))
       )
       SELECT kind, service_id, month, NULL::text AS question, 0 AS score, count(*)::int AS n
         FROM f GROUP BY kind, service_id, month
       UNION ALL
       SELECT kind, service_id, month, m.item AS question, (a.value)::int AS score, count(*)::int AS n
         FROM f CROSS JOIN LATERAL jsonb_each_text(f.answers) AS a JOIN m ON m.version = f.v AND m.source = a.key
        GROUP BY kind, service_id, month, m.item, (a.value)::int`,
      [f.organisation, questionnaireId, f.service ?? null, f.from ?? null, f.to ?? null, mapping.version, mapping.source, mapping.item],
    );
    return summarise(rows, questionIds);
  }
}

function toItem(r: FeedbackRow): FeedbackItem {
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

// ---- the keyset cursor -------------------------------------------------------------------

export interface Cursor {
  receivedAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;

export function encodeCursor(receivedAt: Date, id: string): string {
  return Buffer.from(`${receivedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

/** The cursor's instant and id, or null when it is not one this server made (a real instant, year 1–9999). */
export function decodeCursor(cursor: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const [iso, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!iso || !id || extra !== undefined || !UUID.test(id)) return null;
  const m = ISO_INSTANT.exec(iso);
  if (!m || Number(m[1]) < 1) return null;
  const at = new Date(iso);
  // Date.parse rolls 2026-02-30 over to March; a real instant prints back the same.
  if (Number.isNaN(at.getTime()) || at.toISOString() !== iso) return null;
  return { receivedAt: iso, id };
}

// ---- the summary, folded from SQL aggregates ----------------------------------------------

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
export function summarise(rows: AggregateRow[], questionIds: string[]): SummaryRow[] {
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
