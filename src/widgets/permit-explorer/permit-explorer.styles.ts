import { css } from 'lit';

export const permitExplorerStyles = css`
  :host {
    --_accent: var(--luukku-permit-explorer-accent, var(--_primary));
    --_max-width: var(--luukku-permit-explorer-max-width, 48rem);
    --_green: var(--luukku-permit-explorer-green, var(--_success));
    --_amber: var(--luukku-permit-explorer-amber, #8a5a00);
    --_red: var(--luukku-permit-explorer-red, var(--_danger));
    max-width: var(--_max-width);
  }
  [part~='step-heading'] {
    font-size: 1.375rem;
  }
  /* WCAG 1.4.10 reflow at 320 px, also with the 1.4.12 text-spacing override: long Finnish
     compounds ("liikennejärjestelysuunnitelma") hyphenate (lang is set on every text) or wrap. */
  .step,
  .step h1,
  .step h2,
  .step h3,
  .step h4,
  .step h5,
  .step h6,
  legend,
  label,
  dd,
  dt,
  p,
  li {
    overflow-wrap: anywhere;
    hyphens: auto;
    min-width: 0;
  }
  .light {
    white-space: normal;
  }
  .minor {
    font-size: 1.125rem;
  }
  .hint,
  .legend {
    color: var(--_muted);
    font-size: 0.9375rem;
  }


  /* steps */
  .step {
    display: grid;
    gap: 1rem;
  }
  .step-top {
    display: grid;
    gap: 0.5rem;
  }
  .link {
    justify-self: start;
    min-height: var(--_target);
    padding: 0 0.25rem;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .progress p {
    color: var(--_muted);
    font-size: 0.9375rem;
    font-weight: 600;
  }
  /* A native <progress> (no inline styles, so a strict CSP is fine); the text above it says the same. */
  .bar {
    appearance: none;
    display: block;
    width: 100%;
    height: 0.5rem;
    margin-top: 0.375rem;
    border-radius: 999px;
    background: var(--_surface);
    border: 1px solid var(--_border);
    overflow: hidden;
  }
  .bar::-webkit-progress-bar {
    background: var(--_surface);
  }
  .bar::-webkit-progress-value {
    background: var(--_accent);
    transition: width var(--_duration);
  }
  .bar::-moz-progress-bar {
    background: var(--_accent);
  }
  form {
    display: grid;
    gap: 1.5rem;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  legend {
    padding: 0;
  }
  .question {
    display: grid;
    gap: 0.75rem;
  }
  .question.invalid {
    padding-inline-start: 1rem;
    border-inline-start: 4px solid var(--_danger);
  }
  .options {
    display: grid;
    gap: 0.5rem;
    max-width: 34rem;
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: var(--_target);
    padding: 0.5rem 0.875rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    cursor: pointer;
  }
  .option:hover {
    background: var(--_surface);
  }
  .option:has(input:checked) {
    border-color: var(--_accent);
    box-shadow: inset 0 0 0 1px var(--_accent);
    background: var(--_surface);
  }
  .option input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    flex: none;
    accent-color: var(--_accent);
  }
  .input {
    min-height: var(--_target);
    padding: 0.5rem 0.75rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
    max-width: 100%;
  }
  .input-number {
    width: 12rem;
  }
  .input-time {
    width: 8rem;
  }
  /* GOV.UK date input: day, month, year side by side, wrapping on narrow screens. */
  .date-parts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1rem;
  }
  .date-part {
    display: grid;
    gap: 0.25rem;
  }
  .date-part label {
    font-weight: 600;
  }
  .date-input.w2 {
    width: calc(2ch + 1.5rem + 4px);
  }
  .date-input.w4 {
    width: calc(4ch + 1.5rem + 4px);
  }
  .input-text {
    width: 30rem;
  }
  .input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .nav {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }
  .btn-icon {
    flex: none;
    vertical-align: -0.2em;
    margin-inline-end: 0.375rem;
  }
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
    white-space: nowrap;
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
    :host {
      max-width: none;
      color: #000;
      background: #fff;
    }
    .switch,
    .nav,
    .step-top,
    .bar,
    .summary-change {
      display: none !important;
    }
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
