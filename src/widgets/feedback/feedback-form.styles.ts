import { css } from 'lit';

export const feedbackStyles = css`
  :host {
    --_accent: var(--luukku-feedback-accent, var(--_primary));
    --_max-width: var(--luukku-feedback-max-width, 42rem);
    --_scale-width: var(--luukku-feedback-scale-width, 30rem);
    max-width: var(--_max-width);
  }
  [part~='base'] {
    display: grid;
    gap: calc(var(--_space) * 1.25);
  }
  h2,
  h3,
  p {
    margin: 0;
  }
  h2 {
    font-size: 1.625rem;
    line-height: 1.25;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  h3 {
    font-size: 1.125rem;
    line-height: 1.3;
    margin-block-end: 0.25rem;
  }
  header {
    display: grid;
    gap: 0.75rem;
  }
  .header-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_focus);
  }
  [part~='intro'] {
    color: var(--_text);
    max-width: 38rem;
  }
  .switch {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-height: var(--_target);
    padding: 0 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
    font-size: 0.9375rem;
    cursor: pointer;
  }
  .switch-track {
    position: relative;
    width: 2.25rem;
    height: 1.25rem;
    border-radius: 999px;
    background: var(--_border);
    transition: background var(--_duration);
  }
  .switch-thumb {
    position: absolute;
    top: 2px;
    left: 2px;
    width: calc(1.25rem - 4px);
    height: calc(1.25rem - 4px);
    border-radius: 50%;
    background: var(--_bg);
    transition: transform var(--_duration);
  }
  .switch[aria-pressed='true'] .switch-track {
    background: var(--_accent);
  }
  .switch[aria-pressed='true'] .switch-thumb {
    transform: translateX(1rem);
  }
  .context {
    border-inline-start: 4px solid var(--_accent);
    background: var(--_surface);
    padding: 0.75rem 1rem;
    border-radius: 0 var(--_radius) var(--_radius) 0;
  }
  .context-title {
    font-weight: 600;
    margin-block-end: 0.25rem;
  }
  dl {
    margin: 0;
    display: grid;
    gap: 0.125rem;
  }
  dl > div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5rem;
  }
  dt {
    color: var(--_muted);
  }
  dt::after {
    content: ':';
  }
  dd {
    margin: 0;
    font-weight: 600;
  }
  .ref {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-weight: 600;
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }
  .required-note,
  .hint {
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
    display: grid;
    gap: 0.5rem;
  }
  /* Long form: the browser skips layout and paint of blocks outside the viewport until
     they come near it (start-up cost); they stay in the accessibility tree and findable. */
  form > fieldset,
  form > .field {
    content-visibility: auto;
    contain-intrinsic-size: auto 9rem;
  }
  legend {
    padding: 0;
    margin-block-end: 0.5rem;
    font-weight: 600;
    font-size: 1.0625rem;
  }
  .req {
    color: var(--_danger);
  }
  .question.invalid,
  .field.invalid {
    border-inline-start: 4px solid var(--_danger);
    padding-inline-start: 0.75rem;
  }
  .scale,
  .scale-labels {
    max-width: var(--_scale-width);
  }
  .scale {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(var(--_target), 1fr));
    gap: 0.5rem;
  }
  .option {
    position: relative;
    display: inline-grid;
  }
  .option input {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .box {
    display: grid;
    place-items: center;
    min-height: var(--_target);
    padding: 0 0.25rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    font-weight: 600;
    font-size: 1.0625rem;
    transition: background var(--_duration), border-color var(--_duration);
  }
  .option:hover .box {
    border-color: var(--_accent);
    background: var(--_surface);
  }
  .option input:checked + .box {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-primary);
  }
  .option input:focus-visible + .box {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    box-shadow: 0 0 0 2px var(--_focus-halo);
  }
  .option input[aria-invalid='true'] + .box {
    border-color: var(--_danger);
  }
  .scale-labels {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .scale-labels span:last-child {
    text-align: end;
  }
  .field {
    display: grid;
    gap: 0.375rem;
  }
  label {
    font-weight: 600;
  }
  textarea,
  input[type='text'],
  input[type='email'],
  input[type='tel'],
  input[type='password'] {
    width: 100%;
    min-height: var(--_target);
    padding: 0.5rem 0.75rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
  }
  textarea {
    resize: vertical;
    min-height: 8rem;
  }
  [aria-invalid='true']:is(textarea, input) {
    border-color: var(--_danger);
  }
  .counter {
    color: var(--_muted);
    font-size: 0.875rem;
    text-align: end;
  }
  .counter.over {
    color: var(--_danger);
    font-weight: 600;
  }
  .privacy {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    padding: 0.5rem 0.75rem;
    background: var(--_notice-surface);
    border-inline-start: 4px solid var(--_notice-border);
    font-size: 0.9375rem;
  }
  .privacy-icon,
  .error-icon {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 1.25rem;
    height: 1.25rem;
    border-radius: 50%;
    font-size: 0.8125rem;
    font-weight: 700;
    margin-block-start: 0.125rem;
  }
  .privacy-icon {
    border: 2px solid var(--_notice-border);
    color: var(--_notice-border);
  }
  .choices {
    display: grid;
    gap: 0.25rem;
  }
  .choice {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: var(--_target);
    font-weight: 400;
    cursor: pointer;
  }
  .choice input {
    flex: none;
    width: 1.5rem;
    height: 1.5rem;
    margin: 0;
    accent-color: var(--_accent);
    cursor: pointer;
  }
  .contact {
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .contact legend {
    float: left;
    width: 100%;
  }
  .contact-fields {
    display: grid;
    gap: 0.75rem;
    padding-inline-start: 2.25rem;
  }
  .contact-fields[hidden] {
    display: none;
  }
  .error {
    display: flex;
    gap: 0.5rem;
    color: var(--_danger);
    font-weight: 600;
  }
  .error-icon {
    background: var(--_danger);
    color: var(--_on-primary);
  }
  .hp {
    position: absolute;
    left: -10000px;
    top: auto;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .primary,
  .secondary {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: var(--_target);
    padding: 0.5rem 1.5rem;
    border-radius: var(--_radius);
    font-weight: 600;
  }
  .primary {
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_on-primary);
  }
  .primary:hover:not([disabled]) {
    background: var(--_primary-hover);
    border-color: var(--_primary-hover);
  }
  .primary[disabled] {
    cursor: progress;
    opacity: 0.85;
  }
  .secondary {
    justify-self: start;
    border: 2px solid var(--_accent);
    background: var(--_bg);
    color: var(--_accent);
  }
  .secondary:hover {
    background: var(--_surface);
  }
  .panel {
    display: grid;
    gap: 0.5rem;
    padding: 1rem 1.25rem;
    border: 1px solid var(--_border);
    border-inline-start-width: 6px;
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .panel:focus {
    outline: none;
  }
  .panel:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .panel.danger {
    border-color: var(--_danger);
    background: var(--_danger-surface);
  }
  .panel.success {
    border-color: var(--_success);
    background: var(--_success-surface);
  }
  .panel.notice {
    border-color: var(--_notice-border);
    background: var(--_notice-surface);
  }
  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .error-summary a {
    color: var(--_danger);
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  .status.loading {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    color: var(--_muted);
    min-height: 6rem;
  }
  .spinner {
    width: 1.25rem;
    height: 1.25rem;
    border: 3px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (forced-colors: active) {
    .option input:checked + .box {
      background: Highlight;
      color: HighlightText;
      forced-color-adjust: none;
    }
    .switch[aria-pressed='true'] .switch-track {
      background: Highlight;
      forced-color-adjust: none;
    }
    .switch-track {
      border: 1px solid CanvasText;
    }
    .panel,
    .context {
      border: 2px solid CanvasText;
    }
  }
`;
