/**
 * The current questionnaires (the highest version of each id) in memory, and the
 * GET /v1/feedback/form answer of every organisation's service, serialised once per reload.
 */
import type { Db, Queryable } from '../db/index.js';
import { writeItemMap } from './rollup.js';
import type { Catalog, LocalisedText } from '../organisations/catalog.js';

export interface QuestionDef {
  id: string;
  kind: 'scale';
  required: boolean;
  scaleMin?: number;
  scaleMax?: number;
  label: LocalisedText;
  minLabel?: LocalisedText;
  maxLabel?: LocalisedText;
  /** The form offers "does not apply to me" (version 2). */
  notApplicable?: boolean;
  /** Version → the id of the item with the same standard wording in that version. */
  comparable?: Record<string, string>;
  [extra: string]: unknown;
}

export interface QuestionnaireDef {
  id: string;
  version: number;
  questions: QuestionDef[];
  freeTextMaxLength?: number;
  [extra: string]: unknown;
}

export interface CurrentQuestionnaire {
  id: string;
  version: number;
  /** The body as the contract's `Questionnaire` schema describes it (no internal fields). */
  public: {
    id: string;
    version: number;
    questions: QuestionDef[];
    freeTextMaxLength?: number;
    status?: LocalisedText;
    taskFeedback?: Record<string, LocalisedText>;
  };
  questionIds: ReadonlySet<string>;
  required: readonly string[];
  freeTextMaxLength: number;
  /** Items that may be marked "does not apply to me". */
  notApplicable: ReadonlySet<string>;
  /** Item ids in order. */
  items: readonly string[];
}

/**
 * Which stored answers count in which item when versions are compared: for every version, its
 * item id → the item reported. An item of the current version pools the older versions' answers
 * only when it declares them `comparable` (same standard wording); an older item that no newer
 * version shares keeps its own id (its history stays readable) and is never pooled with a newer
 * item of another meaning. `shared` lists the current items that pool more than one version.
 */
export interface VersionMapping {
  versions: number[];
  /** Parallel arrays for SQL unnest(): version, the stored answer key, the item it counts in. */
  version: number[];
  source: string[];
  item: string[];
  shared: string[];
  /** Every reported item: the current version's in order, then older items no newer version shares. */
  items: string[];
}

/** The questionnaire every feedback form uses (the national question set). */
export const NATIONAL_QUESTIONNAIRE_ID = 'national-rescue-feedback';

export class Questionnaires {
  current = new Map<string, CurrentQuestionnaire>();
  /** Every stored version of every questionnaire (answers to an older version are accepted: an offline outbox may hold them). */
  versions = new Map<string, Map<number, CurrentQuestionnaire>>();
  /** Per questionnaire id: how its versions' answers map onto reported items. */
  mappings = new Map<string, VersionMapping>();
  /** Pre-serialised GET /v1/feedback/form answers, keyed by `organisation/service`. */
  private forms = new Map<string, string>();

  async reload(db: Queryable, catalog: Catalog): Promise<void> {
    const qs = await db.query<QuestionnaireRow>('SELECT id, version, body FROM questionnaires ORDER BY id, version DESC');
    const { current, versions, mappings } = definitions(qs.rows);
    // The roll-up's copy of the mappings (a questionnaire inserted since the seed changes them).
    await ('transaction' in db ? (db as Db).transaction((tx) => writeItemMap(tx, mappings)) : writeItemMap(db, mappings));
    const forms = new Map<string, string>();
    const national = current.get(NATIONAL_QUESTIONNAIRE_ID);
    if (national) {
      for (const o of catalog.organisations.values()) {
        for (const s of o.services.values()) {
          forms.set(
            `${o.id}/${s.id}`,
            JSON.stringify({ organisation: { id: o.id, name: o.name }, service: s, questionnaire: national.public }),
          );
        }
      }
    }
    this.current = current;
    this.versions = versions;
    this.mappings = mappings;
    this.forms = forms;
  }

  /** The version a submission names, or undefined (unknown id or version). */
  version(id: string, version: number): CurrentQuestionnaire | undefined {
    return this.versions.get(id)?.get(version);
  }

  form(organisation: string, service: string): string | undefined {
    return this.forms.get(`${organisation}/${service}`);
  }
}

/** A row of the questionnaires table. */
export interface QuestionnaireRow {
  id: string;
  version: number;
  body: QuestionnaireDef;
}

/** The questionnaires' definitions (rows newest version first per id): current ones, every version, and the version mappings. */
export function definitions(rows: QuestionnaireRow[]): {
  current: Map<string, CurrentQuestionnaire>;
  versions: Map<string, Map<number, CurrentQuestionnaire>>;
  mappings: Map<string, VersionMapping>;
} {
  const current = new Map<string, CurrentQuestionnaire>();
  const versions = new Map<string, Map<number, CurrentQuestionnaire>>();
  for (const q of rows) {
    const body = q.body;
    const pub = {
      id: q.id,
      version: q.version,
      questions: body.questions,
      ...(body.freeTextMaxLength !== undefined ? { freeTextMaxLength: body.freeTextMaxLength } : {}),
      ...(body.status !== undefined ? { status: body.status as LocalisedText } : {}),
      ...(body.taskFeedback !== undefined ? { taskFeedback: body.taskFeedback as Record<string, LocalisedText> } : {}),
    };
    const def: CurrentQuestionnaire = {
      id: q.id,
      version: q.version,
      public: pub,
      questionIds: new Set(body.questions.map((x) => x.id)),
      required: body.questions.filter((x) => x.required).map((x) => x.id),
      freeTextMaxLength: body.freeTextMaxLength ?? 4000,
      notApplicable: new Set(body.questions.filter((x) => x.notApplicable).map((x) => x.id)),
      items: body.questions.map((x) => x.id),
    };
    if (!current.has(q.id)) current.set(q.id, def);
    let byVersion = versions.get(q.id);
    if (!byVersion) versions.set(q.id, (byVersion = new Map<number, CurrentQuestionnaire>()));
    byVersion.set(q.version, def);
  }
  const mappings = new Map<string, VersionMapping>();
  for (const [id, byVersion] of versions) mappings.set(id, versionMapping([...byVersion.values()]));
  return { current, versions, mappings };
}

/** See VersionMapping; `defs` newest first. */
export function versionMapping(defs: CurrentQuestionnaire[]): VersionMapping {
  const sorted = [...defs].sort((a, b) => b.version - a.version);
  const m: VersionMapping = { versions: sorted.map((d) => d.version).reverse(), version: [], source: [], item: [], shared: [], items: [] };
  /** Stored keys of older versions already claimed by a newer item (comparable) or shadowed by a newer id. */
  const claimed = new Set<string>();
  for (const [i, def] of sorted.entries()) {
    for (const q of def.public.questions) {
      const key = `${def.version}\u0000${q.id}`;
      if (claimed.has(key)) continue;
      if (i > 0 && m.items.includes(q.id)) continue; // a newer item of the same id but another meaning: not pooled
      m.items.push(q.id);
      m.version.push(def.version);
      m.source.push(q.id);
      m.item.push(q.id);
      let pooled = false;
      for (const [v, sourceId] of Object.entries(q.comparable ?? {})) {
        const older = Number(v);
        if (!sorted.some((d) => d.version === older && d.questionIds.has(sourceId))) continue;
        claimed.add(`${older}\u0000${sourceId}`);
        m.version.push(older);
        m.source.push(sourceId);
        m.item.push(q.id);
        pooled = true;
      }
      if (pooled) m.shared.push(q.id);
    }
  }
  return m;
}
