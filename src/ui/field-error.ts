import { html, type TemplateResult } from 'lit';

/**
 * A field's error message, referenced by the field's `aria-describedby`. A visually hidden
 * prefix ("Virhe:", "Fel:", "Error:", "Meattáhus:") says it is an error to a screen reader;
 * the icon says it on screen.
 */
export function fieldError(o: { id: string; prefix: string; message: string }): TemplateResult {
  return html`<p id=${o.id} part="error" class="error"><span class="error-icon" aria-hidden="true">!</span><span class="visually-hidden">${o.prefix} </span>${o.message}</p>`;
}
