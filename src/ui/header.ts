import { html, nothing, type TemplateResult } from 'lit';
import { heading } from './heading.js';

export interface HeaderOptions {
  level: number;
  title: string;
  /** Whether plain language is on (the switch's pressed state). */
  plain: boolean;
  /** The switch's label ("Selkokieli"). */
  plainLabel: string;
  onTogglePlain: () => void;
  /** Introduction and context under the heading row. */
  below?: unknown;
}

/**
 * The widget header: its heading (`part="heading"`, focusable from script) and the
 * plain-language switch (`part="plain-toggle"`, a toggle button with `aria-pressed`).
 */
export function header(o: HeaderOptions): TemplateResult {
  return html`
    <header part="header" class="header">
      <div class="header-row">
        ${heading(o.level, o.title, { id: 'heading', part: 'heading', focusable: true })}
        <button type="button" part="plain-toggle" class="switch" aria-pressed=${o.plain ? 'true' : 'false'} @click=${o.onTogglePlain}>
          <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
          <span>${o.plainLabel}</span>
        </button>
      </div>
      ${o.below ?? nothing}
    </header>
  `;
}
