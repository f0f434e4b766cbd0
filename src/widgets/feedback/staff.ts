/**
 * Staff self-assessment mode of <luukku-feedback respondent="staff">: the staff key and
 * service-event fields, their checks and the self-assessment body. A module of its own,
 * loaded with the question set only in staff mode, so customers never download it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { staffKeyField } from '../../ui/staff-key-field.js';
import type { FeedbackForm, FeedbackSubmission, SelfAssessmentSubmission } from '../../core/api/client.js';
import { pickedLanguage, pickText } from '../../core/i18n/localised-text.js';
import type { Language } from '../../core/i18n/languages.js';
import { fieldError } from '../../ui/field-error.js';
import type { FeedbackKey } from '../../core/i18n/keys.js';
import { SERVICE_EVENT, personalDataError, type FeedbackValues, type FieldError, type FieldKey, type Validator } from './validation.js';

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
  /** Stores a task-feedback value. */
  setTask: <K extends 'deviation' | 'nearMiss' | 'observations'>(field: K, value: FeedbackValues[K]) => void;
  /** The widget's language and plain-language setting (the task-feedback texts come with the question set). */
  lng?: Language;
  plain?: boolean;
}

/** Checks of the staff fields; they sit above the questions, so they come first. */
export const validators = (c: StaffContext): Validator[] => [
  { field: 'staffKey', check: (v) => (c.askKey && !v.staffKey ? { key: 'error.staffKey' } : undefined) },
  {
    field: 'serviceEvent',
    check: (v) => (c.askEvent && !SERVICE_EVENT.test(v.serviceEvent.trim()) ? { key: 'error.serviceEvent' } : undefined),
  },
  { field: 'observations', check: (v) => personalDataError(v.observations) },
];

/**
 * Staff task feedback (question set v2, seed 000): a deviation, a near miss, observations. The
 * texts come with the question set; a question set without `taskFeedback` (version 1) shows none.
 */
export function taskFields(c: StaffContext, form: FeedbackForm): TemplateResult | typeof nothing {
  const texts = form.questionnaire.taskFeedback;
  if (!texts) return nothing;
  const lng = c.lng ?? 'fi';
  const t = (key: string) => html`<span lang=${pickedLanguage(texts[key], lng)}>${pickText(texts[key], lng, c.plain ?? false)}</span>`;
  const error = c.errors.get('observations');
  return html`
    <fieldset part="question" class="question task-feedback">
      <legend>${c.t('taskFeedback.legend')}</legend>
      <label class="choice"><input type="checkbox" .checked=${c.values.deviation}
        @change=${(e: Event) => c.setTask('deviation', (e.target as HTMLInputElement).checked)} /> ${t('deviation')}</label>
      <label class="choice"><input type="checkbox" .checked=${c.values.nearMiss}
        @change=${(e: Event) => c.setTask('nearMiss', (e.target as HTMLInputElement).checked)} /> ${t('nearMiss')}</label>
      <div class="field ${error ? 'invalid' : ''}">
        <label for="f-observations">${t('observations')}</label>
        <p id="f-observations-hint" class="hint">${t('observationsHint')}</p>
        ${error ? fieldError({ id: 'f-observations-error', prefix: c.t('common:errorPrefix'), message: c.t(error.key) }) : nothing}
        <textarea id="f-observations" data-field="observations" rows="4" maxlength="2000" .value=${c.values.observations}
          aria-describedby=${error ? 'f-observations-hint f-observations-error' : 'f-observations-hint'} aria-invalid=${error ? 'true' : 'false'}
          @input=${(e: InputEvent) => c.setTask('observations', (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
    </fieldset>
  `;
}

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
  const { organisation, service, questionnaire, answers, freeText, serviceEvent, notApplicable } = body;
  const observations = values.observations.trim();
  const task = values.deviation || values.nearMiss || observations;
  return {
    organisation,
    service,
    serviceEvent: serviceEvent ?? values.serviceEvent.trim(),
    questionnaire,
    answers,
    ...(freeText ? { freeText } : {}),
    ...(notApplicable ? { notApplicable } : {}),
    ...(task
      ? { taskFeedback: { deviation: values.deviation, nearMiss: values.nearMiss, ...(observations ? { observations } : {}) } }
      : {}),
  };
}

/** The message of a refused staff key: 401 → wrong key, 403 → another organisation's key. */
export const keyProblem = (code: string): FeedbackKey | undefined =>
  code === 'unauthorized' ? 'error.staffKeyWrong' : code === 'forbidden' ? 'error.staffKeyForbidden' : undefined;
