import type { FeedbackKey } from '../../core/i18n/keys.js';
import type { FeedbackForm } from '../../core/api/client.js';

/** Customer segments: declared once, in the contract's values (checked against the generated types). */
import { CUSTOMER_SEGMENTS, type CustomerSegment } from '../../contract/values.js';
export { CUSTOMER_SEGMENTS, type CustomerSegment };

/** Who answers: a customer (feedback) or staff (self-assessment of the same service event). */
export const RESPONDENTS = ['customer', 'staff'] as const;
export type Respondent = (typeof RESPONDENTS)[number];

/** The contract's ServiceEventRef pattern. */
export const SERVICE_EVENT = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,63}$/;

/** Everything the person has typed or chosen; never thrown away on a failure. */
export interface FeedbackValues {
  answers: Record<string, number>;
  freeText: string;
  segment: CustomerSegment | '';
  wantsContact: boolean;
  name: string;
  email: string;
  phone: string;
  /** Honeypot: people never see it. */
  website: string;
  /** Staff mode: the typed staff key (kept in memory only) and service event reference. */
  staffKey: string;
  serviceEvent: string;
  /** Staff task feedback (question set v2): a deviation, a near miss, observations without personal data. */
  deviation: boolean;
  nearMiss: boolean;
  observations: string;
}

export const emptyValues = (): FeedbackValues => ({
  answers: {},
  freeText: '',
  segment: '',
  wantsContact: false,
  name: '',
  email: '',
  phone: '',
  website: '',
  staffKey: '',
  serviceEvent: '',
  deviation: false,
  nearMiss: false,
  observations: '',
});

let findPersonalData: typeof import('../../shared/personal-data.js').findPersonalData | undefined;

/**
 * Loads the personal-data detector (src/shared/personal-data.ts) on first use, so a form's first
 * view does not carry it: the form starts it when a free text is typed and awaits it before
 * validating a submission that has free text. If it cannot load (offline), nothing is flagged in
 * the browser; the server masks what still arrives (docs/feedback.md).
 */
export async function loadPersonalDataCheck(): Promise<void> {
  if (findPersonalData) return;
  try {
    findPersonalData = (await import('../../shared/personal-data.js')).findPersonalData;
  } catch {
    // Offline or the chunk is gone: the server's masking still applies.
  }
}

/** An error when `text` holds a personal identity code, a phone number or an email address (asked to be removed before sending). */
export const personalDataError = (text: string): FieldError | undefined =>
  findPersonalData?.(text).length ? { key: 'error.personalData' } : undefined;

/** A field key: `answers.<question id>`, `freeText`, `segment`, `contact.name|email|phone`, `staffKey`, `serviceEvent`. */
export type FieldKey = string;

/** An error to show next to a field: a key in the feedback namespace, with an optional count. */
export interface FieldError {
  key: FeedbackKey;
  count?: number;
}

/** A validator is a small object: which field it guards and how. */
export interface Validator {
  field: FieldKey;
  check(values: FeedbackValues, form: FeedbackForm): FieldError | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,20}$/;
export const DEFAULT_FREE_TEXT_MAX = 2000;

function validatorsFor(form: FeedbackForm): Validator[] {
  const scale: Validator[] = form.questionnaire.questions
    .filter((q) => q.required)
    .map((q) => ({
      field: `answers.${q.id}`,
      check: (v) => (v.answers[q.id] ? undefined : { key: 'error.requiredScale' }),
    }));
  return [
    ...scale,
    {
      field: 'freeText',
      check: (v, f) => {
        const over = v.freeText.length - (f.questionnaire.freeTextMaxLength ?? DEFAULT_FREE_TEXT_MAX);
        return over > 0 ? { key: 'error.freeTextTooLong', count: over } : personalDataError(v.freeText);
      },
    },
    { field: 'contact.name', check: (v) => (v.wantsContact && !v.name.trim() ? { key: 'error.contactName' } : undefined) },
    {
      field: 'contact.email',
      check: (v) => {
        if (!v.wantsContact) return undefined;
        const email = v.email.trim();
        if (!email && !v.phone.trim()) return { key: 'error.contactReach' };
        return email && !EMAIL.test(email) ? { key: 'error.email' } : undefined;
      },
    },
    {
      field: 'contact.phone',
      check: (v) => (v.wantsContact && v.phone.trim() && !PHONE.test(v.phone.trim()) ? { key: 'error.phone' } : undefined),
    },
  ];
}

/** Runs every validator (`first` before the form's own); the map keeps the order of the form. */
export function validate(values: FeedbackValues, form: FeedbackForm, first: Validator[] = []): Map<FieldKey, FieldError> {
  const errors = new Map<FieldKey, FieldError>();
  for (const validator of [...first, ...validatorsFor(form)]) {
    const error = validator.check(values, form);
    if (error) errors.set(validator.field, error);
  }
  return errors;
}

/** Maps a JSON Pointer of a problem response back to a field ('/contact' → the email field). */
export function fieldForPointer(pointer: string): FieldKey | undefined {
  const parts = pointer.split('/').slice(1);
  const [head, sub] = parts;
  if (head === 'answers') return sub ? `answers.${sub}` : 'answers.overall';
  if (head === 'freeText' || head === 'segment' || head === 'notApplicable') return head === 'notApplicable' ? undefined : head;
  if (head === 'taskFeedback') return 'observations';
  if (head === 'contact') return sub === 'name' || sub === 'phone' ? `contact.${sub}` : 'contact.email';
  return undefined;
}
