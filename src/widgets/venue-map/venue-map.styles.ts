import { css } from 'lit';

export const venueMapStyles = css`
  :host {
    --_accent: var(--luukku-venue-map-accent, var(--_primary));
    --_map-height: var(--luukku-venue-map-height, 26rem);
    max-width: var(--luukku-venue-map-max-width, 80rem);
  }
  section,
  form {
    display: grid;
    gap: 0.75rem;
    min-width: 0;
    /* Beside a taller map (the loading list), the rows stay at the top instead of sharing its height. */
    align-content: start;
  }
  .filters,
  .overlays,
  .card {
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-block: 0.75rem;
  }
  .pager [aria-disabled='true'] {
    border-style: dashed;
    cursor: not-allowed;
  }
  .filter-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1.25rem;
    align-items: flex-start;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    min-width: min(100%, 12rem);
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    display: grid;
    gap: 0.25rem;
  }
  legend {
    font-weight: 700;
    padding: 0 0 0.25rem;
  }
  label {
    font-weight: 600;
  }
  input:not([type='checkbox']),
  select {
    font: inherit;
    min-height: var(--_target);
    padding: 0 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    max-width: 100%;
    box-sizing: border-box;
  }
  [aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    min-height: var(--_target);
    font-weight: 400;
  }
  .check input {
    width: 1.25rem;
    height: 1.25rem;
    accent-color: var(--_accent);
  }
  .req {
    color: var(--_danger);
  }
  .hint,
  .attribution {
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  .overlay-list {
    margin: 0;
    padding-left: 1.25rem;
  }
  .layout {
    display: grid;
    gap: 1.25rem;
  }
  @media (min-width: 64rem) {
    .layout:not(.no-map) {
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    }
  }
  /* Scroll shadows at an edge with more columns (docs/venue-map.md, "The list"). */
  .table-wrap {
    overflow-x: auto;
    --_shade: color-mix(in srgb, var(--_text) 35%, transparent);
    background:
      linear-gradient(to right, var(--_bg) 30%, transparent) left / 2.5rem 100% no-repeat local,
      linear-gradient(to left, var(--_bg) 30%, transparent) right / 2.5rem 100% no-repeat local,
      radial-gradient(farthest-side at 0 50%, var(--_shade), transparent) left / 0.875rem 100% no-repeat scroll,
      radial-gradient(farthest-side at 100% 50%, var(--_shade), transparent) right / 0.875rem 100% no-repeat scroll
      var(--_bg);
  }
  table.venues {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.9375rem;
  }
  .venues :is(th, td) {
    text-align: start;
    padding: 0.375rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  .venues tr.selected {
    background: var(--_notice-surface);
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  .sort,
  .link {
    font: inherit;
    font-weight: 700;
    min-height: var(--_target);
    padding: 0 0.25rem;
    border: 0;
    background: none;
    color: var(--_accent);
    cursor: pointer;
    text-align: start;
  }
  .link {
    text-decoration: underline;
  }
  .map {
    position: relative;
    height: var(--_map-height);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
    background: #d4e4f1;
  }
  /* MapLibre's container, over the box (the placeholder text shows through until the map is made). */
  /* #map's child: stronger than MapLibre's own .maplibregl-map { position: relative } on the same element. */
  #map > .map-host {
    position: absolute;
    inset: 0;
  }
  .map-placeholder {
    padding: 1rem;
    color: #1a1a1a;
  }
  .map-tools,
  .actions,
  .card-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .card-head {
    justify-content: space-between;
  }
  .marker {
    display: flex;
    align-items: center;
    gap: 0.25rem;
    min-width: 24px;
    min-height: 24px;
    padding: 0 0.25rem;
    border: 2px solid #fff;
    border-radius: 999px;
    background: var(--_accent);
    color: #fff;
    font: inherit;
    font-size: 0.8125rem;
    font-weight: 700;
    cursor: pointer;
    white-space: nowrap;
  }
  .marker .dot {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: currentColor;
  }
  .marker.cluster {
    background: #1a1a1a;
  }
  .marker.selected {
    background: #b3261e;
    outline: 3px solid #1a1a1a;
  }
  .marker:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 3px;
    box-shadow: 0 0 0 6px #fff;
  }
  .facts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
    gap: 0.5rem 1rem;
    margin: 0;
  }
  .facts dt {
    font-weight: 700;
  }
  .facts dd {
    margin: 0;
  }
  .photo {
    max-width: 100%;
    height: auto;
    border-radius: var(--_radius);
  }
  .cal-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    justify-content: space-between;
  }
  .calendar table {
    border-collapse: collapse;
    width: 100%;
    max-width: 30rem;
    table-layout: fixed;
  }
  .calendar th {
    font-size: 0.8125rem;
    padding: 0.25rem 0;
  }
  .day {
    text-align: center;
    padding: 0.125rem;
    min-width: 2.5rem;
    height: var(--_target);
    border: 1px solid var(--_border);
    cursor: pointer;
    line-height: 1.1;
  }
  .day .num {
    display: block;
    font-weight: 700;
  }
  .day .sym {
    font-size: 0.75rem;
  }
  .day.other {
    color: var(--_muted);
  }
  .day.past {
    color: var(--_muted);
    cursor: default;
  }
  .day.held {
    background: var(--_notice-surface);
  }
  .day.booked,
  .day.closed {
    background: var(--_danger-surface);
  }
  .day.selected {
    background: var(--_accent);
    color: var(--_on-primary);
  }
  .day:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: -3px;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .conflicts ul {
    margin: 0.25rem 0 0;
    padding-left: 1.25rem;
  }
  @media (forced-colors: active) {
    .day.selected,
    .marker.selected {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    .venues tr.selected {
      outline-color: Highlight;
    }
  }
`;
