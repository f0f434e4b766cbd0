import { html, nothing, type TemplateResult } from 'lit';

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

/**
 * A heading of the given level (clamped to 1–6), so a widget fits the host page's outline
 * (`heading-level`). Six plain templates rather than lit/static-html: smaller, and the same.
 */
export function heading(level: number, content: unknown, o: HeadingOptions = {}): TemplateResult {
  const id = o.id ?? nothing;
  const part = o.part ?? nothing;
  const cls = o.class ?? nothing;
  const tabindex = o.focusable ? '-1' : nothing;
  const lang = o.lang ?? nothing;
  const describedBy = o.describedBy ?? nothing;
  switch (Math.min(Math.max(Math.trunc(level) || 2, 1), 6)) {
    case 1:
      return html`<h1 id=${id} part=${part} class=${cls} tabindex=${tabindex} lang=${lang} aria-describedby=${describedBy}>${content}</h1>`;
    case 2:
      return html`<h2 id=${id} part=${part} class=${cls} tabindex=${tabindex} lang=${lang} aria-describedby=${describedBy}>${content}</h2>`;
    case 3:
      return html`<h3 id=${id} part=${part} class=${cls} tabindex=${tabindex} lang=${lang} aria-describedby=${describedBy}>${content}</h3>`;
    case 4:
      return html`<h4 id=${id} part=${part} class=${cls} tabindex=${tabindex} lang=${lang} aria-describedby=${describedBy}>${content}</h4>`;
    case 5:
      return html`<h5 id=${id} part=${part} class=${cls} tabindex=${tabindex} lang=${lang} aria-describedby=${describedBy}>${content}</h5>`;
    default:
      return html`<h6 id=${id} part=${part} class=${cls} tabindex=${tabindex} lang=${lang} aria-describedby=${describedBy}>${content}</h6>`;
  }
}
