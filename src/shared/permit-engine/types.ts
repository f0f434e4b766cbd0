/**
 * The permit-need rule pack model ("lupatarpeen tunnustelu") and the evaluation result.
 *
 * A pack is data (JSON in `src/data/rule-packs/`), never code. The same engine runs in the
 * browser and on the server, so this folder has no runtime dependencies, no Node APIs and no
 * DOM APIs. See docs/rule-packs.md for the format.
 */

/** Locales every user-visible text must carry in the default packs. */
export const REQUIRED_LOCALES = ['fi', 'fi-plain', 'sv', 'se', 'en'] as const;
export type RequiredLocale = (typeof REQUIRED_LOCALES)[number];
/** Optional extra reading levels. */
export type OptionalLocale = 'sv-plain';
export type TextLocale = RequiredLocale | OptionalLocale;

/** A user-visible text: fi, fi-plain (plain-language Finnish), sv, se (Northern Sámi), en. */
export type LocalisedText = Record<RequiredLocale, string> & Partial<Record<OptionalLocale, string>>;

export type QuestionType = 'date' | 'time' | 'number' | 'boolean' | 'choice' | 'multiChoice' | 'text';

export interface QuestionOption {
  value: string;
  label: LocalisedText;
}

export interface Question {
  id: string;
  type: QuestionType;
  label: LocalisedText;
  help?: LocalisedText;
  /** For `choice` and `multiChoice`. */
  options?: QuestionOption[];
  /** For `number`: accepted range (answers outside it count as unanswered). */
  min?: number;
  max?: number;
  /** Ask only when this holds; may reference earlier questions only. */
  askIf?: Condition;
  /**
   * For `date` and `time`: an earlier question of the same type this answer may not precede
   * (an end date before the start date is refused with a message). For a `time`, the check
   * applies only when the two `sameDay` date questions are answered with the same day.
   */
  notBefore?: string;
  /** For `time` with `notBefore`: the two date questions that must hold the same day for the check. */
  sameDay?: [string, string];
}

/** A well-typed answer value. Wrong-typed values are treated as unanswered. */
export type AnswerValue = string | number | boolean | string[];
/** Raw answers keyed by question id. Anything may come in; the engine never trusts it. */
export type Answers = Readonly<Record<string, unknown>>;

export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'notIn' | 'between' | 'includes' | 'answered' | 'notAnswered';

export type ConditionValue = string | number | boolean | ReadonlyArray<string | number>;

export interface Comparison {
  q: string;
  op: ComparisonOp;
  /** Not used by `answered` / `notAnswered`. `between` takes [min, max] (inclusive). */
  value?: ConditionValue;
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Comparison;

export type DeadlineUnit = 'days' | 'workingDays' | 'hours';

export interface Deadline {
  /** How much before the reference moment the submission must be in. Non-negative integer. */
  amount: number;
  /** `days` = calendar days, `workingDays` = Mon–Fri excluding Finnish public holidays, `hours`. */
  unit: DeadlineUnit;
  /** `statutory` = the law sets it; `recommended` = a lead time the authority advises. */
  basis: 'statutory' | 'recommended';
  /** Date question the deadline counts back from; defaults to the pack's `reference.date`. */
  from?: string;
  /** Move a result that lands on a non-working day back to the previous working day. */
  adjust?: 'none' | 'previousWorkingDay';
}

export interface LegalBasis {
  /** e.g. "530/1999 14 §" */
  reference: string;
  text: LocalisedText;
  /** Finlex or other official source. */
  url?: string;
}

export interface Obstacle {
  id: string;
  when: Condition;
  /** `hard` = likely ground for refusal (red); `caution` = needs attention (amber). */
  severity: 'hard' | 'caution';
  text: LocalisedText;
  /** What to do next (seed 001: "ohjeistukset jatkotoimenpiteiksi"). */
  advice?: LocalisedText;
}

export type ItemKind = 'permit' | 'notification' | 'plan' | 'licence' | 'advice';

export interface Links {
  apply?: string;
  info?: string;
  /** true = the authority has no e-service for this: the result says so instead of an apply link. */
  noEService?: boolean;
}

export interface Rule {
  id: string;
  kind: ItemKind;
  authority: string;
  /** The rule applies when this holds. Omitted = always. */
  when?: Condition;
  title: LocalisedText;
  summary: LocalisedText;
  /** Required for rules, optional for recommendations. */
  legalBasis?: LegalBasis;
  deadline?: Deadline | null;
  /** Typical processing time in calendar days, or null when not known. */
  processingDays?: number | null;
  links?: Links;
  /** Questions whose answers may change the outcome; unanswered → amber warning. */
  criticalQuestions?: string[];
  obstacles?: Obstacle[];
  /** Days before the deadline at which the light turns amber; defaults to the pack's. */
  amberDays?: number;
  /** false = illustrative, verify with your authority. */
  verified: boolean;
  /** In an overlay: remove the inherited rule. */
  disabled?: boolean;
  /** Pages the facts were checked against (maintainers' evidence; not shown to users). */
  sources?: string[];
  /** What could not be confirmed (a figure, a section, a link), in English, for maintainers. */
  unverified?: string;
}

export interface Contact {
  phone?: string;
  email?: string;
  address?: string;
  hours?: LocalisedText;
}

export interface Authority {
  id: string;
  name: LocalisedText;
  url: string;
  contact?: Contact;
}

export interface PackDefaults {
  /** Amber window before a deadline, in days. */
  amberDays: number;
}

export interface PackReference {
  /** Date question deadlines count back from (event start, start of production). */
  date: string;
  /** Optional time question for `hours` deadlines on the reference date (00:00 if unanswered). */
  time?: string;
}

/** Deep partial: overlays may give only the fields (and locales) they change. Arrays are replaced whole. */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Per-entry patch used by overlays: `id` names the entry it adds or overrides. */
export type Patch<T> = { id: string; disabled?: boolean } & DeepPartial<Omit<T, 'id'>>;

/** A pack as written in a JSON file. An overlay (`extends`) may give partial entries. */
export interface Pack {
  $schema?: string;
  $comment?: string;
  id: string;
  version: string;
  /** The date (YYYY-MM-DD) from which the pack's facts hold; shown with every result. */
  validFrom?: string;
  extends?: string;
  title?: LocalisedText;
  description?: LocalisedText;
  translationReview?: Partial<Record<TextLocale, string>>;
  defaults?: Partial<PackDefaults>;
  reference?: PackReference;
  questions?: (Patch<Question> & { after?: string })[];
  authorities?: Patch<Authority>[];
  rules?: Patch<Rule>[];
  recommendations?: Patch<Rule>[];
}

/** Where each resolved entry came from, so validation can point into the right file. */
export interface Provenance {
  /** Pack ids from the root to this pack. */
  chain: string[];
  /** section → entry id → contributions in order (later wins), with the keys each gave. */
  entries: Record<Section, Record<string, { pack: string; index: number; keys: string[] }[]>>;
}

export type Section = 'questions' | 'authorities' | 'rules' | 'recommendations';

/** A pack after layering: complete and ready to evaluate. */
export interface ResolvedPack {
  id: string;
  version: string;
  /** The date (YYYY-MM-DD) from which the facts hold (the latest of the chain's), or undefined when no pack states one. */
  validFrom?: string;
  title: LocalisedText;
  description?: LocalisedText;
  translationReview: Partial<Record<TextLocale, string>>;
  defaults: PackDefaults;
  reference: PackReference;
  questions: Question[];
  authorities: Authority[];
  rules: Rule[];
  recommendations: Rule[];
  provenance?: Provenance;
}

export type Light = 'green' | 'amber' | 'red';

export interface Item {
  ruleId: string;
  kind: ItemKind;
  authorityId: string;
  /** Latest day to submit (YYYY-MM-DD), or null when there is no deadline or no reference date yet. */
  latestSubmission: string | null;
  /** For `hours` deadlines: latest time (HH:MM) on `latestSubmission`; otherwise null. */
  latestSubmissionTime: string | null;
  /** Calendar days from `today` to `latestSubmission` (negative = passed), or null. */
  daysLeft: number | null;
  light: Light;
  processingDays: number | null;
  /** Ids of matched obstacles. */
  obstacles: string[];
  /** Critical questions still unanswered for this rule. */
  missing: string[];
  verified: boolean;
}

export type Warning =
  | { kind: 'obstacle'; ruleId: string; obstacleId: string; severity: 'hard' | 'caution'; light: Light }
  | { kind: 'deadline-passed'; ruleId: string; latestSubmission: string; light: 'red' }
  | { kind: 'missing-critical'; ruleId: string; questions: string[]; light: 'amber' };

export interface Result {
  visibleQuestions: string[];
  /** First visible question without a valid answer, or null. */
  nextQuestion: string | null;
  obligations: Item[];
  recommendations: Item[];
  warnings: Warning[];
  /** Rules (and recommendations) that may still apply once more questions are answered. */
  undecided: string[];
}
