/**
 * Staff self-assessment mode of <luukku-feedback respondent="staff">: the staff key and
 * service-event fields, their checks and the self-assessment body. A module of its own,
 * loaded with the question set only in staff mode, so customers never download it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { staffKeyField } from '../../ui/staff-key-field.js';
import type { FeedbackSubmission, SelfAssessmentSubmission } from '../../core/api/client.js';
import type { FeedbackKey } from '../../core/i18n/keys.js';
import { SERVICE_EVENT, type FeedbackValues, type FieldError, type FieldKey, type Validator } from './validation.js';

type StaffField = 'staffKey' | 'serviceEvent';

/** What the staff mode needs from the element. */
export interface StaffContext {
  t: (key: FeedbackKey) => string;
  values: FeedbackValues;
  errors: ReadonlyMap<FieldKey, FieldError>;
  /** The page set no `staffKey` property: ask for the key. */
  askKey: boolean;
  /** Neither the attribute nor the URL gave a service event: ask for it. */
  askEvent: boolean;
  /** Stores a typed value and clears the field's error. */
  set: (field: StaffField, value: string) => void;
}

/** Checks of the staff fields; they sit above the questions, so they come first. */
export const validators = (c: StaffContext): Validator[] => [
  { field: 'staffKey', check: (v) => (c.askKey && !v.staffKey ? { key: 'error.staffKey' } : undefined) },
  {
    field: 'serviceEvent',
    check: (v) => (c.askEvent && !SERVICE_EVENT.test(v.serviceEvent.trim()) ? { key: 'error.serviceEvent' } : undefined),
  },
];

function field(c: StaffContext, name: StaffField, type: 'password' | 'text'): TemplateResult {
  const error = c.errors.get(name);
  return staffKeyField({
    name,
    type,
    label: c.t(name),
    value: c.values[name],
    error: error ? { message: c.t(error.key), prefix: c.t('common:errorPrefix') } : undefined,
    onInput: (value) => c.set(name, value),
  });
}

/** The staff key (memory only: a password field without autocomplete) and the service event, when not given. */
export const fields = (c: StaffContext): TemplateResult =>
  html`${c.askKey ? field(c, 'staffKey', 'password') : nothing}${c.askEvent ? field(c, 'serviceEvent', 'text') : nothing}`;

/** The SelfAssessmentSubmission: the customer body without its customer-only fields, with the required service event. */
export function selfAssessment(body: FeedbackSubmission, values: FeedbackValues): SelfAssessmentSubmission {
  const { organisation, service, questionnaire, answers, freeText, serviceEvent } = body;
  return {
    organisation,
    service,
    serviceEvent: serviceEvent ?? values.serviceEvent.trim(),
    questionnaire,
    answers,
    ...(freeText ? { freeText } : {}),
  };
}

/** The message of a refused staff key: 401 → wrong key, 403 → another organisation's key. */
export const keyProblem = (code: string): FeedbackKey | undefined =>
  code === 'unauthorized' ? 'error.staffKeyWrong' : code === 'forbidden' ? 'error.staffKeyForbidden' : undefined;
