import { css } from 'lit';

/**
 * The timeline's own rules: a hand-written grid with CSS bars (no Gantt library), the table,
 * the details and the tools. Works at 320 px (the name column is sticky, the rest scrolls), at
 * 200 % zoom, in dark mode (the tokens) and in forced colours (bars and lines get system
 * colours and borders; meaning is also in text and shapes), and prints as the table.
 */
export const projectTimelineStyles = css`
  :host {
    --_bar: var(--luukku-project-timeline-bar, var(--_primary));
    --_today: var(--luukku-project-timeline-today, var(--_danger));
    --_name: 14rem;
    max-width: 100%;
  }
  .intro {
    max-width: 44rem;
  }
  .box,
  .details,
  .warnings,
  .tools,
  .official-project {
    display: grid;
    gap: 0.75rem;
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .box.success {
    background: var(--_success-surface);
  }
  .box.notice,
  .warnings.has {
    background: var(--_notice-surface);
    border-color: var(--_notice-border);
  }
  .warnings ul,
  .notices,
  .requests,
  .milestones,
  .history {
    margin: 0;
    padding-left: 1.25rem;
    display: grid;
    gap: 0.5rem;
  }
  .warnings li {
    list-style: none;
    margin-left: -1.25rem;
  }
  .warn-icon {
    display: inline-grid;
    place-items: center;
    width: 1.25em;
    height: 1.25em;
    margin-right: 0.25rem;
    border: 2px solid currentColor;
    border-radius: 50%;
    font-weight: 700;
    font-size: 0.8em;
    color: var(--_danger);
  }
  .toolbar,
  .calendar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .sep {
    width: 1px;
    align-self: stretch;
    background: var(--_border);
  }
  .toggle[aria-pressed='true'] {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  form,
  .actions {
    display: grid;
    gap: 0.75rem;
    justify-items: start;
  }
  .actions.inline {
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
    align-items: end;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    width: 100%;
    max-width: 28rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    min-height: var(--_target);
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    max-width: 100%;
    box-sizing: border-box;
  }
  textarea {
    min-height: 4.5rem;
    width: 100%;
  }
  #feed,
  #private-link {
    width: 100%;
  }
  .button {
    display: inline-flex;
    align-items: center;
    min-height: var(--_target);
    padding: 0 1rem;
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    text-decoration: none;
  }
  .btn-danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_bg);
  }
  .danger-text {
    color: var(--_danger);
    border-color: var(--_danger);
    justify-self: start;
  }
  .link {
    border: 0;
    background: none;
    padding: 0;
    min-height: var(--_target);
    color: var(--_primary);
    text-decoration: underline;
    text-align: start;
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .state {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    white-space: nowrap;
  }
  .dot {
    width: 0.625rem;
    height: 0.625rem;
    border-radius: 50%;
    border: 2px solid currentColor;
  }
  .s-received .dot,
  .s-in-processing .dot,
  .s-decision .dot,
  .s-appeal-period .dot,
  .s-final .dot {
    background: currentColor;
  }
  .s-information-requested,
  .s-cancelled {
    color: var(--_danger);
  }
  .ref,
  .sub {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .sub {
    display: block;
  }
  .action-error {
    color: var(--_danger);
  }

  /* table and grid share the scroll container */
  .scroll {
    overflow-x: auto;
    max-width: 100%;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  /* Fixed layout: the columns' widths come from the header, so the rows added as the table grows
     (in blocks, after its first screenful) do not make the browser measure every row again. */
  table {
    border-collapse: collapse;
    width: 100%;
    min-width: 40rem;
    table-layout: fixed;
  }
  thead th:nth-child(1) {
    width: 22%;
  }
  thead th:nth-child(2),
  thead th:nth-child(3) {
    width: 15%;
  }
  thead th:nth-child(4) {
    width: 11%;
  }
  thead th:nth-child(5) {
    width: 20%;
  }
  th,
  td {
    overflow-wrap: anywhere;
  }
  caption {
    text-align: start;
    padding: 0.5rem;
    font-weight: 700;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: 0.5rem;
    border-top: 1px solid var(--_border);
  }
  tr.group th {
    background: var(--_surface);
  }
  tr.warn th[scope='row'] {
    box-shadow: inset 4px 0 0 var(--_danger);
  }

  /* the grid */
  /* Block, not grid: an outer grid of 200 rows measures every row more than once; each row is its own grid. */
  .grid {
    display: block;
    position: relative;
  }
  /* A block of rows (windowed: an empty slot of the rows' height when far from the viewport). */
  .slot {
    display: block;
  }
  .row {
    display: grid;
    grid-template-columns: var(--_name) 8rem 1fr;
    border-top: 1px solid var(--_border);
  }
  .row.head {
    border-top: 0;
    font-weight: 700;
  }
  .row.group {
    grid-template-columns: 1fr;
    background: var(--_surface);
  }
  .row > [role] {
    padding: 0.375rem 0.5rem;
    min-height: 2.75rem;
    box-sizing: border-box;
  }
  .row > [role]:focus {
    outline: 3px solid var(--_focus);
    outline-offset: -3px;
  }
  .c-name {
    position: sticky;
    left: 0;
    z-index: 2;
    background: var(--_bg);
    overflow-wrap: anywhere;
    border-right: 1px solid var(--_border);
  }
  .c-group {
    position: sticky;
    left: 0;
    font-weight: 700;
  }
  .row.warn .c-name {
    box-shadow: inset 4px 0 0 var(--_danger);
  }
  .row.cancelled .c-name {
    text-decoration: line-through;
  }
  .c-time {
    position: relative;
    padding: 0 !important;
  }
  .track {
    position: absolute;
    inset: 0;
  }
  /* A row's track has its marks in days from the scale's start (--a bar start, --b p50, --c the day
     after p80, --dl latest submission); --px, pixels per day, comes from the grid's zoom class on
     each track (14 by week, 4 by month: PX_PER_DAY in model.ts, checked by the browser test), so a
     zoom re-styles the tracks and their marks, not every element of the grid. */
  .zoom-week .track {
    --px: 14px;
  }
  .zoom-month .track {
    --px: 4px;
  }
  .row:not(.head) .bar {
    left: calc(var(--a) * var(--px));
    width: max(2px, calc((var(--b) - var(--a)) * var(--px)));
  }
  .row:not(.head) .bar.range {
    left: calc(var(--b) * var(--px));
    width: max(4px, calc((var(--c) - var(--b)) * var(--px)));
  }
  .row:not(.head) .deadline {
    left: calc(var(--dl) * var(--px));
  }
  /* One today line over every row (not one per row), under the sticky name column. */
  .today-line {
    position: absolute;
    top: 0;
    bottom: 0;
    z-index: 1;
    border-left: 2px dashed var(--_today);
    pointer-events: none;
  }
  .tick {
    position: absolute;
    top: 0.25rem;
    padding-left: 0.25rem;
    border-left: 1px solid var(--_border);
    font-size: 0.75rem;
    font-weight: 400;
    white-space: nowrap;
  }
  .ms {
    position: absolute;
    bottom: 0;
    transform: translateX(-50%);
    color: var(--_text);
  }
  .today {
    position: absolute;
    top: 0;
    bottom: 0;
    border-left: 2px dashed var(--_today);
  }
  .head .today {
    padding-left: 0.25rem;
    color: var(--_today);
    font-size: 0.75rem;
    top: 1.5rem;
  }
  .bar {
    position: absolute;
    top: 35%;
    height: 30%;
    background: var(--_bar);
    border: 1px solid var(--_bar);
    box-sizing: border-box;
  }
  /* p50–p80: a tint with the bar colour's border (a flat fill: no gradient to paint per row); forced colours: outlined. */
  .bar.range {
    background: color-mix(in srgb, var(--_bar) 30%, transparent);
    border-radius: 0 999px 999px 0;
  }
  .bar.range.override {
    border-width: 2px;
    border-style: dashed;
  }
  /* ▼ the latest submission day, drawn with borders (no glyph to shape, no transform per row). */
  .deadline {
    position: absolute;
    top: 0.25rem;
    width: 0;
    height: 0;
    margin-left: -0.375rem;
    border-left: 0.375rem solid transparent;
    border-right: 0.375rem solid transparent;
    border-top: 0.625rem solid var(--_text);
  }
  .deadline.late {
    border-top-color: var(--_danger);
  }
  /* Below the grid: laid out and painted when scrolled near (stays in the accessibility tree and findable). */
  .tools {
    content-visibility: auto;
    contain-intrinsic-size: auto 40rem;
  }
  .details dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
  }
  .details dd {
    margin: 0;
  }
  @media (max-width: 30rem) {
    :host {
      --_name: 9rem;
    }
    .details dl {
      grid-template-columns: 1fr;
    }
  }
  @media (forced-colors: active) {
    .bar {
      background: CanvasText;
      border-color: CanvasText;
      forced-color-adjust: none;
    }
    .bar.range {
      background: Canvas;
      border: 2px solid CanvasText;
    }
    .today,
    .today-line {
      border-left-color: Highlight;
    }
    .deadline {
      forced-color-adjust: none;
      border-left-color: transparent;
      border-right-color: transparent;
      border-top-color: CanvasText;
    }
    .toggle[aria-pressed='true'] {
      border: 3px double ButtonText;
    }
    .row > [role]:focus {
      outline-color: Highlight;
    }
  }
  @media print {
    .toolbar,
    .tools form,
    .calendar,
    .danger-text,
    [part~='plain-toggle'],
    .details button,
    .actions {
      display: none !important;
    }
    .scroll {
      overflow: visible;
      border: 0;
    }
  }
`;
