/**
 * The SQL behind <luukku-feedback-insights>: per service and month counts, means and
 * distributions (customer and staff self-assessment), the national comparison, free texts with
 * their tone, and contact requests. Every figure is aggregated in SQL; this module only folds
 * the grouped rows and applies the anonymity rules (docs/feedback-insights.md):
 *
 * - a group (service × month × respondent) or an item in it with fewer than `min` answers is
 *   suppressed: no n, no mean, no distribution;
 * - every derived figure (period totals, early-warning baselines) pools only cells that are
 *   themselves shown, so subtracting shown figures can never reveal a suppressed one;
 * - the national figure of a service type, item and month is shown only when at least
 *   MIN_ORGANISATIONS organisations each have `min` answers in it, so national minus own still
 *   pools two or more other departments; no other department's own figure is ever returned.
 */
import type { components } from '../../contract/schema.gen.js';
import type { Db } from '../db/index.js';
import { helsinkiToday } from '../../shared/helsinki-time.js';
import type { VersionMapping } from './questionnaires.js';
import { buildRollup } from './rollup.js';

type Schemas = components['schemas'];
export type ItemStats = Schemas['ItemStats'];
export type InsightsCell = Schemas['InsightsCell'];
export type EarlyWarning = Schemas['EarlyWarning'];
export type NationalRow = Schemas['NationalRow'];
export type FeedbackText = Schemas['FeedbackText'];
export type ContactRequest = Schemas['ContactRequest'];
export type Tone = Schemas['FeedbackTone'];
type Respondent = 'customer' | 'staff';

/** The national figure needs this many organisations, each with at least `min` answers. */
export const MIN_ORGANISATIONS = 3;
/** Early warning: the latest month's mean must be this many standard errors below its baseline. */
export const WARNING_Z = 2;
/** Early warning: the baseline needs this many shown months among the previous twelve. */
export const WARNING_MIN_MONTHS = 3;

/** The last complete month in Helsinki (the default end of the view: a partial month is not comparable). */
export function lastCompleteMonth(now = new Date()): string {
  const [y, m] = helsinkiToday(now).split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 2, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The 13 months (YYYY-MM) ending with `to` (default: the last complete month in Helsinki), oldest first. */
export function monthsEnding(to?: string): string[] {
  const last = to ?? lastCompleteMonth();
  const [y, m] = last.split('-').map(Number) as [number, number];
  return Array.from({ length: 13 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - 12 + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
// Kept free of Node imports: the browser tests' fake API folds its data with InsightsRepository.fold.
const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

const signatures = new WeakMap<VersionMapping, string>();
/** A mapping's identity for cache keys. */
function signature(m: VersionMapping): string {
  let s = signatures.get(m);
  if (s === undefined) signatures.set(m, (s = `${m.version.join()}|${m.source.join()}|${m.item.join()}`));
  return s;
}

/** The month (YYYY-MM) after `month`. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Score counts (index 0 = score 1) and "does not apply" count of one item in one cell. */
interface Tally {
  d: number[];
  na: number;
}
const tally = (): Tally => ({ d: [0, 0, 0, 0, 0], na: 0 });
/** Adds `n` answers of `score` (1–5). */
const bump = (t: Tally, score: number, n: number): void => {
  t.d[score - 1] = (t.d[score - 1] ?? 0) + n;
};
/** Adds every score count of `from` into `into`. */
const addInto = (into: Tally, from: Tally): void => {
  from.d.forEach((n, i) => bump(into, i + 1, n));
};
const lastOf = (months: string[]): string => months[months.length - 1] ?? '';
const count = (t: Tally): number => t.d.reduce((a, b) => a + b, 0);

function moments(t: Tally): { n: number; mean: number; sd: number } {
  const n = count(t);
  const sum = t.d.reduce((a, k, i) => a + k * (i + 1), 0);
  const sq = t.d.reduce((a, k, i) => a + k * (i + 1) * (i + 1), 0);
  const mean = n ? sum / n : 0;
  const sd = n > 1 ? Math.sqrt(Math.max(0, (sq - n * mean * mean) / (n - 1))) : 0;
  return { n, mean, sd };
}

/** Stats of one item, or suppressed when fewer than `min` answered it (its "does not apply" count too). */
export function itemStats(t: Tally, min: number): ItemStats {
  const { n, mean, sd } = moments(t);
  // "Does not apply" is a count of people too: shown only when it is 0 or reaches the minimum.
  if (n < min) return t.na >= min ? { n: null, suppressed: true, notApplicable: t.na } : { n: null, suppressed: true };
  const s: ItemStats = { n, suppressed: false, mean: round2(mean), sd: round2(sd), distribution: [...t.d] };
  if (t.na === 0 || t.na >= min) s.notApplicable = t.na;
  return s;
}

interface Cell {
  service: string;
  month: string;
  respondent: Respondent;
  n: number;
  items: Map<string, Tally>;
}

/** One item of one cell (item null: the cell's number of answers in `answers`). */
type CellRow = {
  kind: Respondent;
  service_id: string;
  month: string;
  item: string | null;
  answers: number;
  na: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
};

/** A CellRow as the query sends it: [kind, service_id, month, item, answers, na, s1, s2, s3, s4, s5]. */
type CellTuple = [Respondent, string, string, string | null, number, number, number, number, number, number, number];

/** The national counts of one service type, item and month: score counts, the own organisation's, and how many organisations have `min`. */
export type NationalCellRow = {
  type: string;
  month: string;
  item: string;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
  o1: number | null;
  o2: number | null;
  o3: number | null;
  o4: number | null;
  o5: number | null;
  orgs: number;
};

/** The months to read from the roll-up ([from, to) as dates) and whether they are all closed. */
export interface RollupSpan {
  /** The months asked for, oldest first (they key the cache). */
  months: string[];
  from: string;
  to: string;
  closed: boolean;
}

export interface InsightsResult {
  months: string[];
  cells: InsightsCell[];
  warnings: EarlyWarning[];
}

export class InsightsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Results over closed months only, kept in memory: a closed month never changes (received_at is
   * the server's now()), so the same request gives the same rows. Cleared whenever the roll-up
   * gains a month; bounded (oldest entries go first). A window that reaches the current month is
   * never cached.
   */
  readonly #cache = new Map<string, Promise<unknown>>();
  static readonly CACHE_ENTRIES = 500;
  /** Bumped whenever the cache is cleared: a response kept by the routes is valid only in its generation. */
  generation = 0;

  #cached<T>(key: string, cacheable: boolean, compute: () => Promise<T>): Promise<T> {
    if (!cacheable) return compute();
    const hit = this.#cache.get(key) as Promise<T> | undefined;
    if (hit) return hit;
    const value = compute();
    value.catch(() => this.#cache.delete(key));
    if (this.#cache.size >= InsightsRepository.CACHE_ENTRIES) this.#cache.delete(this.#cache.keys().next().value ?? '');
    this.#cache.set(key, value);
    return value;
  }

  /**
   * The grouped counts of one organisation (customer and staff) over `months`, every month (the
   * current one too) from the roll-up, whose rows already carry the reported item (migration 013).
   * `mapping` only keys the cache: the roll-up applies the same mapping (feedback_item_map).
   * `span` comes from {@link ensureRollup}, called once per request.
   */
  async cells(organisation: string, questionnaireId: string, mapping: VersionMapping, span: RollupSpan, service?: string): Promise<Cell[]> {
    const key = `cells\u0000${organisation}\u0000${questionnaireId}\u0000${service ?? ''}\u0000${span.months.join()}\u0000${signature(mapping)}`;
    const rows = await this.#cached(key, span.closed, () => this.#cellRows(organisation, questionnaireId, span, service));
    return foldCells(rows);
  }

  /**
   * The rows come back as one JSON array of arrays: the query itself takes about 1 ms on
   * PostgreSQL for a year of one department (about 1,300 rows), and the client's per-field
   * parsing of that many rows cost ten times more than one JSON.parse.
   */
  async #cellRows(organisation: string, questionnaireId: string, span: RollupSpan, service?: string): Promise<CellRow[]> {
    const { rows } = await this.db.query<{ rows: CellTuple[] }>(
      `SELECT coalesce(json_agg(json_build_array(kind, service_id, to_char(month, 'YYYY-MM'), NULLIF(item, ''), answers, na, s1, s2, s3, s4, s5)), '[]') AS rows
         FROM feedback_rollup_items
        WHERE organisation_id = $1 AND questionnaire_id = $2 AND ($3::text IS NULL OR service_id = $3::text)
          AND month >= $4::date AND month < $5::date`,
      [organisation, questionnaireId, service ?? null, span.from, span.to],
    );
    return (rows[0]?.rows ?? []).map(([kind, service_id, month, item, answers, na, s1, s2, s3, s4, s5]) => ({
      kind,
      service_id,
      month,
      item,
      answers,
      na,
      s1,
      s2,
      s3,
      s4,
      s5,
    }));
  }

  /** Cells with suppression applied, period totals of the shown cells, and early warnings. */
  static fold(raw: Cell[], items: readonly string[], months: string[], min: number): InsightsResult {
    const out: InsightsCell[] = [];
    const warnings: EarlyWarning[] = [];
    const groups = new Map<string, Cell[]>();
    for (const c of raw) {
      const key = `${c.service}\u0000${c.respondent}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const latest = lastOf(months);
    const keys = [...groups.keys()].sort();
    for (const key of keys) {
      const list = (groups.get(key) ?? []).sort((a, b) => a.month.localeCompare(b.month));
      const first = list[0];
      if (!first) continue;
      const { service, respondent } = first;
      const total = { n: 0, items: new Map<string, Tally>() };
      /** Per item, the shown monthly tallies (the only ones derived figures may pool). */
      const shown = new Map<string, { month: string; t: Tally }[]>();
      for (const c of list) {
        if (c.n < min) {
          out.push({ service, month: c.month, respondent, group: { n: null, suppressed: true, items: {} } });
          continue;
        }
        total.n += c.n;
        const stats: Record<string, ItemStats> = {};
        for (const id of items) {
          const t = c.items.get(id) ?? tally();
          const s = itemStats(t, min);
          stats[id] = s;
          if (s.suppressed) continue;
          shown.set(id, [...(shown.get(id) ?? []), { month: c.month, t }]);
          const sum = total.items.get(id) ?? tally();
          addInto(sum, t);
          sum.na += t.na;
          total.items.set(id, sum);
        }
        out.push({ service, month: c.month, respondent, group: { n: c.n, suppressed: false, items: stats } });
      }
      const totalStats: Record<string, ItemStats> = {};
      for (const id of items) totalStats[id] = itemStats(total.items.get(id) ?? tally(), min);
      out.push({
        service,
        month: 'total',
        respondent,
        group: total.n >= min ? { n: total.n, suppressed: false, items: totalStats } : { n: null, suppressed: true, items: {} },
      });
      // Early warning: the latest month against the shown months before it.
      for (const id of items) {
        const cellsOf = shown.get(id) ?? [];
        const last = cellsOf.find((x) => x.month === latest);
        const before = cellsOf.filter((x) => x.month < latest);
        if (!last || before.length < WARNING_MIN_MONTHS) continue;
        const base = tally();
        for (const b of before) addInto(base, b.t);
        const w = warning(last.t, base, min);
        if (w) warnings.push({ service, respondent, item: id, month: latest, ...w });
      }
    }
    return { months, cells: out, warnings };
  }

  /** Customer answers of every organisation per service type, item and month, pooled in SQL from the national roll-up. */
  async national(organisation: string, questionnaireId: string, mapping: VersionMapping, span: RollupSpan, min: number) {
    const key = `national\u0000${organisation}\u0000${questionnaireId}\u0000${min}\u0000${span.months.join()}\u0000${signature(mapping)}`;
    return this.#cached(key, span.closed, () => this.#nationalRows(organisation, questionnaireId, span, min));
  }

  /**
   * One row per service type, month and item: the national score counts, the own organisation's,
   * and how many organisations have at least `min` answers in it. feedback_rollup_national holds
   * one row per organisation there (mapping applied, only rows with a score), so this is one
   * GROUP BY over about 8,500 rows for a year of 22 departments.
   */
  async #nationalRows(organisation: string, questionnaireId: string, span: RollupSpan, min: number): Promise<NationalCellRow[]> {
    const own = (k: number): string => `(sum(s${k}) FILTER (WHERE organisation_id = $2))::int AS o${k}`;
    // One JSON row, as in #cellRows: the grouped rows are many, each cheap for the server.
    const { rows } = await this.db.query<{ rows: NationalCellRow[] }>(
      `SELECT coalesce(json_agg(g), '[]') AS rows FROM (
         SELECT service_type AS type, to_char(month, 'YYYY-MM') AS month, item,
                sum(s1)::int AS s1, sum(s2)::int AS s2, sum(s3)::int AS s3, sum(s4)::int AS s4, sum(s5)::int AS s5,
                ${[1, 2, 3, 4, 5].map(own).join(', ')},
                (count(*) FILTER (WHERE s1 + s2 + s3 + s4 + s5 >= $3))::int AS orgs
           FROM feedback_rollup_national
          WHERE questionnaire_id = $1 AND month >= $4::date AND month < $5::date
          GROUP BY service_type, month, item
         HAVING sum(s1 + s2 + s3 + s4 + s5) > 0) AS g`,
      [questionnaireId, organisation, min, span.from, span.to],
    );
    return rows[0]?.rows ?? [];
  }

  /**
   * Takes the answers queued since the last read into the roll-up, makes sure every month of
   * `months` up to the next one is exact in it (normally done at start, see seed.ts; a month
   * missing from feedback_rollup_months is recomputed here, once, in one transaction) and returns the span to read, and whether the answer may be cached: only
   * when every month is closed, an hour after it ended (an insert still in flight at midnight
   * lands in the month before).
   */
  async ensureRollup(months: string[]): Promise<RollupSpan> {
    const now = helsinkiToday().slice(0, 7);
    const wanted = months.filter((m) => m <= nextMonth(now));
    // One round trip: the answers queued since the last read go in, and the months not yet exact come back.
    const missing = await this.db.query<{ month: string }>(
      "SELECT to_char(m, 'YYYY-MM') AS month FROM feedback_rollup_prepare($1::date[]) AS m",
      [wanted.map((m) => `${m}-01`)],
    );
    if (missing.rows.length) {
      const built = await this.db.transaction((tx) =>
        buildRollup(
          tx,
          missing.rows.map((r) => r.month),
        ),
      );
      if (built.length) {
        this.#cache.clear();
        this.generation++;
      }
    }
    const closedBefore = helsinkiToday(new Date(Date.now() - 3_600_000)).slice(0, 7);
    return { months, from: `${months[0]}-01`, to: `${nextMonth(lastOf(months))}-01`, closed: lastOf(months) < closedBefore };
  }

  /** Own against national per service type and item: each side pools only its own shown months. */
  static foldNational(rows: Awaited<ReturnType<InsightsRepository['national']>>, items: readonly string[], min: number): NationalRow[] {
    const pooled = new Map<string, { type: string; item: string; own: Tally; national: Tally }>();
    for (const r of rows) {
      const k = `${r.type}\u0000${r.item}`;
      let p = pooled.get(k);
      if (!p) pooled.set(k, (p = { type: r.type, item: r.item, own: tally(), national: tally() }));
      const own = { d: [r.o1 ?? 0, r.o2 ?? 0, r.o3 ?? 0, r.o4 ?? 0, r.o5 ?? 0], na: 0 };
      if (count(own) >= min) addInto(p.own, own);
      if (r.orgs >= MIN_ORGANISATIONS) addInto(p.national, { d: [r.s1, r.s2, r.s3, r.s4, r.s5], na: 0 });
    }
    const order = new Map(items.map((id, i) => [id, i]));
    return [...pooled.values()]
      .filter((p) => order.has(p.item))
      .sort((a, b) => a.type.localeCompare(b.type) || (order.get(a.item) ?? 0) - (order.get(b.item) ?? 0))
      .map((p) => ({
        serviceType: p.type as NationalRow['serviceType'],
        item: p.item,
        own: strip(itemStats(p.own, min)),
        national: strip(itemStats(p.national, min)),
      }));
  }

  /** Free texts, newest first; tone from the answer's own scores. */
  async texts(q: {
    organisation: string;
    service?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    tone?: Tone | undefined;
    respondent: Respondent;
    limit: number;
  }): Promise<FeedbackText[]> {
    const table = q.respondent === 'staff' ? 'self_assessments' : 'feedback';
    const text = q.respondent === 'staff' ? `concat_ws(' — ', free_text, NULLIF(task_feedback->>'observations', ''))` : 'free_text';
    const locale = q.respondent === 'staff' ? 'NULL::text' : 'locale';
    const { rows } = await this.db.query<{
      id: string;
      service_id: string;
      received_at: Date | string;
      text: string;
      locale: string | null;
      overall: number | null;
      tone: Tone;
    }>(
      `SELECT * FROM (
         SELECT id, service_id, received_at, ${text} AS text, ${locale} AS locale, (answers->>'overall')::int AS overall,
                CASE WHEN (answers->>'overall')::int <= 2
                       OR EXISTS (SELECT 1 FROM jsonb_each_text(answers) AS a WHERE a.value = '1') THEN 'criticism'
                     WHEN (answers->>'overall')::int >= 4
                       AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(answers) AS a WHERE a.value IN ('1', '2')) THEN 'praise'
                     ELSE 'mixed' END AS tone
           FROM ${table}
          WHERE organisation_id = $1 AND ($2::text IS NULL OR service_id = $2::text)
            AND ($3::date IS NULL OR received_at >= ($3::date::timestamp AT TIME ZONE 'Europe/Helsinki'))
            AND ($4::date IS NULL OR received_at < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/Helsinki'))
       ) AS t
       WHERE t.text IS NOT NULL AND t.text <> '' AND ($5::text IS NULL OR t.tone = $5::text)
       ORDER BY received_at DESC, id DESC
       LIMIT $6`,
      [q.organisation, q.service ?? null, q.from ?? null, q.to ?? null, q.tone ?? null, q.limit],
    );
    return rows.map((r) => ({
      id: r.id,
      service: r.service_id,
      receivedAt: toDate(r.received_at).toISOString(),
      tone: r.tone,
      ...(r.overall !== null ? { overall: r.overall } : {}),
      freeText: r.text,
      locale: r.locale,
    }));
  }

  async contactRequests(
    organisation: string,
    status: 'waiting' | 'handled',
    limit: number,
  ): Promise<{ waiting: number; items: ContactRequest[] }> {
    const waiting = status === 'waiting';
    const [list, total] = await Promise.all([
      this.db.query<{
        id: string;
        service_id: string;
        received_at: Date | string;
        overall: number | null;
        free_text: string | null;
        contact: ContactRequest['contact'];
        locale: string | null;
        contact_handled_at: Date | string | null;
      }>(
        `SELECT id, service_id, received_at, (answers->>'overall')::int AS overall, free_text, contact, locale, contact_handled_at
           FROM feedback
          WHERE organisation_id = $1 AND contact IS NOT NULL AND (contact_handled_at IS NULL) = $2
          ORDER BY ${waiting ? 'received_at ASC, id ASC' : 'contact_handled_at DESC, id DESC'}
          LIMIT $3`,
        [organisation, waiting, limit],
      ),
      this.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM feedback WHERE organisation_id = $1 AND contact IS NOT NULL AND contact_handled_at IS NULL',
        [organisation],
      ),
    ]);
    return {
      waiting: total.rows[0]?.n ?? 0,
      items: list.rows.map((r) => ({
        id: r.id,
        service: r.service_id,
        receivedAt: toDate(r.received_at).toISOString(),
        ...(r.overall !== null ? { overall: r.overall } : {}),
        freeText: r.free_text,
        contact: r.contact,
        locale: r.locale,
        handledAt: r.contact_handled_at === null ? null : toDate(r.contact_handled_at).toISOString(),
      })),
    };
  }

  /** Marks handled once (a repeat keeps the first time); null when the organisation has no such contact request. */
  async markHandled(organisation: string, id: string): Promise<string | null> {
    const { rows } = await this.db.query<{ at: Date | string }>(
      `UPDATE feedback SET contact_handled_at = COALESCE(contact_handled_at, date_trunc('milliseconds', now()))
        WHERE id = $1 AND organisation_id = $2 AND contact IS NOT NULL
        RETURNING contact_handled_at AS at`,
      [id, organisation],
    );
    return rows[0] ? toDate(rows[0].at).toISOString() : null;
  }
}

/** Folds the grouped rows into cells (service × month × respondent) with their tallies. */
function foldCells(rows: CellRow[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const r of rows) {
    const key = `${r.kind}\u0000${r.service_id}\u0000${r.month}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { service: r.service_id, month: r.month, respondent: r.kind, n: 0, items: new Map() }));
    if (r.item === null) {
      cell.n += r.answers;
      continue;
    }
    let t = cell.items.get(r.item);
    if (!t) cell.items.set(r.item, (t = tally()));
    t.na += r.na;
    [r.s1, r.s2, r.s3, r.s4, r.s5].forEach((n, i) => bump(t, i + 1, n));
  }
  return [...cells.values()];
}

/** The national comparison carries no "does not apply" counts. */
function strip(s: ItemStats): ItemStats {
  const rest = { ...s };
  delete rest.notApplicable;
  return rest;
}

/**
 * The early-warning rule: the latest month's mean is below the baseline (the shown months of
 * the previous twelve, pooled) by more than WARNING_Z standard errors of the difference,
 * SE = √(s₁²/n₁ + s₀²/n₀), with both n ≥ min (docs/feedback-insights.md says why).
 */
export function warning(
  latest: Tally,
  baseline: Tally,
  min: number,
): { mean: number; n: number; baselineMean: number; baselineN: number; standardError: number } | null {
  const a = moments(latest);
  const b = moments(baseline);
  if (a.n < min || b.n < min) return null;
  const se = Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
  const drop = b.mean - a.mean;
  if (!(drop > 0 && drop > WARNING_Z * se)) return null;
  return { mean: round2(a.mean), n: a.n, baselineMean: round2(b.mean), baselineN: b.n, standardError: round2(se) };
}
