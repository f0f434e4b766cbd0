import { html, nothing, type TemplateResult } from 'lit';
import { fieldError } from './field-error.js';

export interface StaffFieldOptions {
  /** The field key (`staffKey`, `serviceEvent`): the input's id is `f-<name>`, its `data-field` is the name. */
  name: string;
  label: string;
  /** `password` for the key (memory only: no autocomplete), `text` for a reference. */
  type: 'password' | 'text';
  value: string;
  /** The message and its hidden "Virhe:" prefix, when the field is invalid. */
  error?: { message: string; prefix: string } | undefined;
  onInput: (value: string) => void;
}

/**
 * A required field of the staff mode: the staff key (a password field without autocomplete,
 * so the key stays in memory only) or the service-event reference. Ids follow the form's
 * other fields (`f-<name>`), so error-summary links and focus work the same.
 */
export function staffKeyField(o: StaffFieldOptions): TemplateResult {
  const errorId = `f-${o.name}-error`;
  return html`
    <div class="field ${o.error ? 'invalid' : ''}">
      <label for="f-${o.name}">${o.label} <span class="req" aria-hidden="true">*</span></label>
      ${o.error ? fieldError({ id: errorId, prefix: o.error.prefix, message: o.error.message }) : nothing}
      <input id="f-${o.name}" data-field=${o.name} type=${o.type} autocomplete="off" required .value=${o.value}
        aria-invalid=${o.error ? 'true' : 'false'} aria-describedby=${o.error ? errorId : nothing}
        @input=${(e: InputEvent) => o.onInput((e.target as HTMLInputElement).value)} />
    </div>
  `;
}
