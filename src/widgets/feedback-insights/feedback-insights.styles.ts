import { css } from 'lit';

export const insightsStyles = css`
  :host {
    --_accent: var(--_primary);
    --_customer: var(--luukku-insights-customer, var(--_primary));
    --_staff: var(--luukku-insights-staff, light-dark(#8a4b00, #ffb366));
    max-width: 64rem;
  }
  section > section {
    margin-block-start: calc(var(--_space) * 2);
    border-block-start: 1px solid var(--_border);
    padding-block-start: var(--_space);
  }
  .filters fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    /* A fieldset's default min-inline-size is min-content: it would push the page wider than 320 px. */
    min-inline-size: 0;
  }
  .filter {
    display: inline-flex;
    flex-direction: column;
    max-inline-size: 100%;
    gap: 0.25rem;
    font-weight: 600;
  }
  select {
    font: inherit;
    min-height: var(--_target);
    min-width: 10rem;
    max-width: 100%;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0 0.5rem;
  }
  select:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .key {
    display: grid;
    gap: var(--_space);
    max-width: 24rem;
  }
  .hint,
  .proposal,
  .meta {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .warnings.has {
    border-inline-start: 4px solid var(--_danger);
    padding-inline-start: var(--_space);
  }
  .warnings ul,
  .texts,
  .contacts {
    list-style: none;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }
  .warnings .icon {
    display: inline-grid;
    place-items: center;
    width: 1.4em;
    height: 1.4em;
    margin-inline-end: 0.4em;
    border: 2px solid currentColor;
    border-radius: 50%;
    font-weight: 700;
    color: var(--_danger);
  }
  .texts li,
  .contacts li {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
  }
  .texts .tone-praise {
    border-inline-start: 4px solid var(--_success);
  }
  .texts .tone-criticism {
    border-inline-start: 4px dashed var(--_danger);
  }
  .badge {
    font-weight: 700;
    color: var(--_text);
  }
  .free {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .few {
    color: var(--_muted);
    font-style: italic;
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  .scroll:focus-visible {
    outline: 3px solid var(--_focus);
  }
  table {
    border-collapse: collapse;
    font-size: 0.9em;
    min-width: 100%;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block: 0.25rem;
  }
  th,
  td {
    border: 1px solid var(--_border);
    padding: 0.25rem 0.5rem;
    text-align: start;
    vertical-align: top;
    /* Painted on the cell itself: a cell scrolled out of view is still on the widget's background. */
    background: var(--_bg);
    color: var(--_text);
  }
  td {
    font-variant-numeric: tabular-nums;
  }
  .chart {
    margin: var(--_space) 0;
  }
  .chart svg {
    width: 100%;
    height: auto;
    max-height: 18rem;
    overflow: visible;
  }
  .grid {
    stroke: var(--_border);
    stroke-width: 1;
    opacity: 0.5;
  }
  .tick,
  .seg-label {
    fill: currentColor;
    font-size: 12px;
  }
  .line {
    fill: none;
    stroke-width: 2.5;
  }
  .line.dashed {
    stroke-dasharray: 6 4;
  }
  .s0 {
    stroke: var(--_customer);
    fill: var(--_customer);
  }
  .s1 {
    stroke: var(--_staff);
    fill: var(--_staff);
  }
  path.s0,
  path.s1,
  line.s0,
  line.s1 {
    fill: none;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    font-weight: 400;
  }
  .key {
    align-items: center;
  }
  .legend .key {
    display: inline-flex;
    gap: 0.4rem;
  }
  .seg {
    stroke: var(--_bg);
    stroke-width: 1;
  }
  .g1 {
    fill: light-dark(#b3261e, #ff8a80);
  }
  .g2 {
    fill: light-dark(#e07b39, #ffb074);
  }
  .g3 {
    fill: light-dark(#9e9e9e, #8d8d8d);
  }
  .g4 {
    fill: light-dark(#6b9bd1, #7fb2ea);
  }
  .g5 {
    fill: light-dark(#0a4f9e, #b9d4ff);
  }
  .seg-label {
    fill: light-dark(#fff, #000);
  }
  .g3 + .seg-label,
  .g4 + .seg-label {
    fill: #000;
  }
  .export {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  @media (forced-colors: active) {
    .s0,
    .s1,
    .tick,
    .seg-label {
      stroke: CanvasText;
      fill: CanvasText;
    }
    path.s0,
    path.s1,
    line.s0,
    line.s1 {
      fill: none;
    }
    .seg {
      fill: Canvas;
      stroke: CanvasText;
    }
    .grid {
      stroke: GrayText;
    }
  }
`;
