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
  /* Print: no controls, black on white (the result's own print rules come with its styles). */
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
  }
`;
