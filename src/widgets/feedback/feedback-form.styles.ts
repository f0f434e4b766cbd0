import { css } from 'lit';

export const feedbackStyles = css`
  :host {
    --_accent: var(--luukku-feedback-accent, var(--_primary));
    --_max-width: var(--luukku-feedback-max-width, 42rem);
    --_scale-width: var(--luukku-feedback-scale-width, 30rem);
    max-width: var(--_max-width);
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
  @media (forced-colors: active) {
    .option input:checked + .box {
      background: Highlight;
      color: HighlightText;
      forced-color-adjust: none;
    }
    .context {
      border: 2px solid CanvasText;
    }
    .privacy-icon {
      color: CanvasText;
      border-color: CanvasText;
    }
  }
`;
