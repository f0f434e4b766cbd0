import { nothing, type TemplateResult } from 'lit';
import { html, unsafeStatic } from 'lit/static-html.js';

const tags = [1, 2, 3, 4, 5, 6].map((n) => unsafeStatic(`h${n}`));

export interface HeadingOptions {
  id?: string;
  part?: string;
  class?: string;
  /** Focusable from script only (the target of focus after a step, a retry or a failed submit). */
  focusable?: boolean;
  lang?: string;
  /** Id of a text read with the heading when it takes focus (e.g. the step's progress). */
  describedBy?: string;
}

/** A heading of the given level (clamped to 1–6), so a widget fits the host page's outline (`heading-level`). */
export function heading(level: number, content: unknown, options: HeadingOptions = {}): TemplateResult {
  const tag = tags[Math.min(Math.max(Math.trunc(level) || 2, 1), 6) - 1];
  return html`<${tag} id=${options.id ?? nothing} part=${options.part ?? nothing} class=${options.class ?? nothing}
    tabindex=${options.focusable ? '-1' : nothing} lang=${options.lang ?? nothing}
    aria-describedby=${options.describedBy ?? nothing}>${content}</${tag}>`;
}
