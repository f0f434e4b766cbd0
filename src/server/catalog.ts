/**
 * In-memory copy of what changes only at seed time: organisations, services, the current
 * questionnaires and the union of allowed origins. Request handlers read only from here;
 * `reload()` refreshes it (called after seeding).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Queryable } from './db/index.js';

export type LocalisedText = { fi: string } & Record<string, string>;

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

export interface ServiceRow {
  id: string;
  type: string;
  name: LocalisedText;
}

export interface OrganisationRow {
  id: string;
  name: LocalisedText;
  allowedOrigins: ReadonlySet<string>;
  staffKeyHash: Buffer | null;
  services: Map<string, ServiceRow>;
  /** Permit-explorer mode → rule pack id (organisations.permit_packs); missing modes use the national defaults. */
  permitPacks: Readonly<Record<string, string>>;
}

/** The questionnaire every feedback form uses (the national question set). */
export const NATIONAL_QUESTIONNAIRE_ID = 'national-rescue-feedback';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export class Catalog {
  organisations = new Map<string, OrganisationRow>();
  questionnaires = new Map<string, CurrentQuestionnaire>();
  allowedOrigins = new Set<string>();
  /** Pre-serialised GET /v1/feedback/form answers, keyed by `organisation/service`. */
  private forms = new Map<string, string>();

  async reload(db: Queryable): Promise<void> {
    const [orgs, services, qs] = await Promise.all([
      db.query<{
        id: string;
        name: LocalisedText;
        allowed_origins: string[];
        staff_key_hash: string | null;
        permit_packs: Record<string, string> | null;
      }>('SELECT id, name, allowed_origins, staff_key_hash, permit_packs FROM organisations ORDER BY id'),
      db.query<{ organisation_id: string; id: string; type: string; name: LocalisedText }>(
        'SELECT organisation_id, id, type, name FROM services ORDER BY organisation_id, id',
      ),
      db.query<{ id: string; version: number; body: QuestionnaireDef }>(
        'SELECT DISTINCT ON (id) id, version, body FROM questionnaires ORDER BY id, version DESC',
      ),
    ]);
    const organisations = new Map<string, OrganisationRow>();
    const allowed = new Set<string>();
    for (const o of orgs.rows) {
      organisations.set(o.id, {
        id: o.id,
        name: o.name,
        allowedOrigins: new Set(o.allowed_origins),
        staffKeyHash: o.staff_key_hash ? Buffer.from(o.staff_key_hash, 'hex') : null,
        services: new Map(),
        permitPacks: o.permit_packs ?? {},
      });
      for (const origin of o.allowed_origins) allowed.add(origin);
    }
    for (const s of services.rows) {
      organisations.get(s.organisation_id)?.services.set(s.id, { id: s.id, type: s.type, name: s.name });
    }
    const questionnaires = new Map<string, CurrentQuestionnaire>();
    for (const q of qs.rows) {
      const body = q.body;
      const pub = {
        id: q.id,
        version: q.version,
        questions: body.questions,
        ...(body.freeTextMaxLength !== undefined ? { freeTextMaxLength: body.freeTextMaxLength } : {}),
      };
      questionnaires.set(q.id, {
        id: q.id,
        version: q.version,
        public: pub,
        questionIds: new Set(body.questions.map((x) => x.id)),
        required: body.questions.filter((x) => x.required).map((x) => x.id),
        freeTextMaxLength: body.freeTextMaxLength ?? 4000,
      });
    }
    const forms = new Map<string, string>();
    const national = questionnaires.get(NATIONAL_QUESTIONNAIRE_ID);
    if (national) {
      for (const o of organisations.values()) {
        for (const s of o.services.values()) {
          forms.set(
            `${o.id}/${s.id}`,
            JSON.stringify({ organisation: { id: o.id, name: o.name }, service: s, questionnaire: national.public }),
          );
        }
      }
    }
    this.organisations = organisations;
    this.allowedOrigins = allowed;
    this.questionnaires = questionnaires;
    this.forms = forms;
  }

  form(organisation: string, service: string): string | undefined {
    return this.forms.get(`${organisation}/${service}`);
  }

  /**
   * The organisation a presented staff key belongs to, or null. Every organisation's hash is
   * compared in constant time (no early exit), so timing tells nothing about the key.
   */
  staffKeyOwner(presented: string): string | null {
    const digest = Buffer.from(hashKey(presented), 'hex');
    let owner: string | null = null;
    for (const o of this.organisations.values()) {
      if (o.staffKeyHash && o.staffKeyHash.length === digest.length && timingSafeEqual(o.staffKeyHash, digest)) {
        owner = o.id;
      }
    }
    return owner;
  }
}
