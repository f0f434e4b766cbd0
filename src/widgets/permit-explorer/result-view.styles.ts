import { css } from 'lit';

/**
 * Styles of the summary and the result (and their print and forced-colours rules). They load
 * with the result view's chunk and are adopted by the element when it arrives (in parallel with
 * the rule pack), so the first question's code stays small.
 */
export const resultViewStyles = css`
  .event-box {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .event {
    display: grid;
    gap: 0.25rem;
    margin: 0;
  }
  .event > div {
    display: grid;
    grid-template-columns: 7rem minmax(0, 1fr);
    gap: 0 1rem;
  }
  .event dt {
    font-weight: 600;
  }
  .event dd {
    margin: 0;
  }
  @media (max-width: 36rem) {
    .event > div {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .valid-from {
    display: block;
  }
  .severity {
    margin: 0;
  }
  .done-toggle {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-height: var(--_target);
    font-weight: 600;
  }
  .done-toggle input {
    width: 1.25rem;
    height: 1.25rem;
    accent-color: var(--_accent);
  }
  /* A ticked item keeps full contrast; the checked box and a dashed edge say it is done. */
  .item.done {
    border-inline-start-style: dashed;
  }
  .status:empty {
    display: none;
  }

  /* summary */
  .summary {
    margin: 0;
    border-top: 1px solid var(--_border);
  }
  .summary-row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto;
    gap: 0.25rem 1rem;
    align-items: baseline;
    padding: 0.75rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .summary dt {
    font-weight: 600;
  }
  .summary dd {
    margin: 0;
  }
  .summary dd.unanswered {
    color: var(--_muted);
    font-style: italic;
  }
  .summary-change a {
    display: inline-flex;
    align-items: center;
    min-height: var(--_target);
    padding: 0 0.25rem;
  }
  @media (max-width: 36rem) {
    .summary-row {
      grid-template-columns: minmax(0, 1fr) auto;
    }
    .summary dt {
      grid-column: 1 / -1;
    }
  }

  /* result */
  .count {
    font-weight: 400;
    color: var(--_muted);
  }
  .items,
  .warnings,
  .recommendations,
  .missing {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 1rem;
  }
  .item {
    border: 1px solid var(--_border);
    border-inline-start: 6px solid var(--_light, var(--_border));
    border-radius: var(--_radius);
    background: var(--_bg);
    padding: 1rem 1.25rem;
  }
  .item.green {
    --_light: var(--_green);
  }
  .item.amber {
    --_light: var(--_amber);
  }
  .item.red {
    --_light: var(--_red);
  }
  article {
    display: grid;
    gap: 0.5rem;
  }
  .item-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: flex-start;
    gap: 0.5rem 1rem;
  }
  .light {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.125rem 0.625rem 0.125rem 0.375rem;
    border: 2px solid currentColor;
    border-radius: 999px;
    font-weight: 700;
    font-size: 0.9375rem;
    white-space: normal;
    background: var(--_bg);
  }
  .light.green,
  .warning.green {
    color: var(--_green);
  }
  .light.amber,
  .warning.amber {
    color: var(--_amber);
  }
  .light.red,
  .warning.red {
    color: var(--_red);
  }
  .light-icon {
    flex: none;
    fill: currentColor;
  }
  .kind {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    font-size: 0.875rem;
  }
  .kind-label {
    text-transform: uppercase;
    letter-spacing: 0.04em;
    font-weight: 600;
    color: var(--_muted);
  }
  .badge {
    padding: 0.0625rem 0.5rem;
    border: 1px dashed var(--_notice-border);
    border-radius: var(--_radius);
    background: var(--_notice-surface);
    color: var(--_text);
  }
  .details {
    margin: 0.25rem 0 0;
    display: grid;
    gap: 0.5rem;
  }
  .details > div {
    display: grid;
    grid-template-columns: 11rem minmax(0, 1fr);
    gap: 0 1rem;
  }
  .details dt {
    color: var(--_muted);
    font-weight: 600;
  }
  .details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  @media (max-width: 36rem) {
    .details > div {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .days.late {
    color: var(--_red);
    font-weight: 700;
  }
  .warnings-box,
  .recommendations-box {
    display: grid;
    gap: 0.75rem;
  }
  .warnings-box {
    padding: 1rem 1.25rem;
    border: 1px solid var(--_notice-border);
    border-inline-start-width: 6px;
    border-radius: var(--_radius);
    background: var(--_notice-surface);
  }
  .warning {
    display: flex;
    gap: 0.625rem;
    align-items: flex-start;
  }
  .warning > div {
    display: grid;
    gap: 0.25rem;
    color: var(--_text);
  }
  .warning .light-icon {
    margin-top: 0.125rem;
  }
  .missing {
    gap: 0;
    padding-inline-start: 0.25rem;
  }
  .missing a {
    display: inline-flex;
    align-items: center;
    min-height: var(--_target);
  }
  .recommendation {
    display: grid;
    gap: 0.25rem;
    padding: 0.75rem 1rem;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .advice-tag {
    display: inline-block;
    padding: 0 0.375rem;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    font-size: 0.8125rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_muted);
  }
  .actions {
    padding-top: 0.5rem;
    border-top: 1px solid var(--_border);
  }

  @media (forced-colors: active) {
    .item {
      border-inline-start-style: double;
    }
    /* The shape in the text colour, its mark (tick, bar, cross) in the background colour: both
       system colours, so the icon keeps its shape in the light and the dark palette alike. */
    .light-icon {
      fill: CanvasText;
      forced-color-adjust: none;
    }
    .light-icon .glyph {
      stroke: Canvas;
    }
    .light-icon .glyph-dot {
      fill: Canvas;
    }
    .btn-icon {
      forced-color-adjust: auto;
    }
  }

  @media print {
    .item,
    .recommendation,
    .warnings-box {
      break-inside: avoid;
      background: none;
    }
    /* Traffic lights print in black (shape + text carry the meaning), whatever their colour on screen. */
    .light,
    .light.green,
    .light.amber,
    .light.red,
    .warning,
    .warning.green,
    .warning.amber,
    .warning.red,
    .days.late {
      border-style: solid;
      color: #000;
    }
    .light-icon {
      fill: #000;
    }
    .light-icon .glyph {
      stroke: #fff;
    }
    .badge {
      color: #000;
    }
    .done-toggle input {
      accent-color: #000;
    }
    .event-box {
      background: none;
      border-color: #000;
    }
    a {
      color: #000;
    }
    a[href^='http']::after,
    a[href^='mailto:']::after {
      content: ' (' attr(href) ')';
      font-size: 0.875em;
      overflow-wrap: anywhere;
    }
  }
`;
