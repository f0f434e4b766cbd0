import { html, nothing, type TemplateResult } from 'lit';
import { heading } from './heading.js';

export interface ErrorSummaryItem {
  /** The id of the field the link goes to. */
  target: string;
  /** The field's name (in `lang` when it comes in a fallback language). */
  name: string;
  lang?: string | undefined;
  message: string;
  onClick: () => void;
}

/**
 * The error summary after a failed submit: a region named by its heading, which takes focus
 * (as GOV.UK and HDS do: the count is read once, then the links). Each link moves focus to
 * its field.
 */
export function errorSummary(o: { level: number; title: string; items: ErrorSummaryItem[] }): TemplateResult | typeof nothing {
  if (!o.items.length) return nothing;
  return html`
    <div part="error-summary" class="panel danger error-summary" role="region" aria-labelledby="error-summary-title">
      ${heading(o.level, o.title, { id: 'error-summary-title', focusable: true })}
      <ul>
        ${o.items.map(
          (item) => html`<li>
            <a href="#${item.target}" @click=${(e: Event) => {
              e.preventDefault();
              item.onClick();
            }}><span lang=${item.lang ?? nothing}>${item.name}</span> – ${item.message}</a>
          </li>`,
        )}
      </ul>
    </div>
  `;
}

/** Focuses the summary's heading once it is rendered (after a failed submit). */
export function focusErrorSummary(root: ParentNode): void {
  root.querySelector<HTMLElement>('#error-summary-title')?.focus();
}
