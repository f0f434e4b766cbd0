/**
 * The current questionnaires (the highest version of each id) in memory, and the
 * GET /v1/feedback/form answer of every organisation's service, serialised once per reload.
 */
import type { Queryable } from '../db/index.js';
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
  public: { id: string; version: number; questions: QuestionDef[]; freeTextMaxLength?: number };
  questionIds: ReadonlySet<string>;
  required: readonly string[];
  freeTextMaxLength: number;
}

/** The questionnaire every feedback form uses (the national question set). */
export const NATIONAL_QUESTIONNAIRE_ID = 'national-rescue-feedback';

export class Questionnaires {
  current = new Map<string, CurrentQuestionnaire>();
  /** Pre-serialised GET /v1/feedback/form answers, keyed by `organisation/service`. */
  private forms = new Map<string, string>();

  async reload(db: Queryable, catalog: Catalog): Promise<void> {
    const qs = await db.query<{ id: string; version: number; body: QuestionnaireDef }>(
      'SELECT DISTINCT ON (id) id, version, body FROM questionnaires ORDER BY id, version DESC',
    );
    const current = new Map<string, CurrentQuestionnaire>();
    for (const q of qs.rows) {
      const body = q.body;
      const pub = {
        id: q.id,
        version: q.version,
        questions: body.questions,
        ...(body.freeTextMaxLength !== undefined ? { freeTextMaxLength: body.freeTextMaxLength } : {}),
      };
      current.set(q.id, {
        id: q.id,
        version: q.version,
        public: pub,
        questionIds: new Set(body.questions.map((x) => x.id)),
        required: body.questions.filter((x) => x.required).map((x) => x.id),
        freeTextMaxLength: body.freeTextMaxLength ?? 4000,
      });
    }
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
    this.forms = forms;
  }

  form(organisation: string, service: string): string | undefined {
    return this.forms.get(`${organisation}/${service}`);
  }
}
