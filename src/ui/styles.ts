import { css } from 'lit';

/**
 * The styles of the shared pieces (header, plain-language switch, headings, buttons,
 * status panels, field error, error summary), so every widget looks the same where it does
 * the same thing. A widget's own styles keep only its own rules. Icons use `currentColor`
 * and shapes, so they keep their meaning in forced colours.
 */
export const uiStyles = css`
  [part~='base'] {
    display: grid;
    /* One column that never grows past the widget: a wide table scrolls in its own region instead of widening the page. */
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 1.25);
  }
  :is(h1, h2, h3, h4, h5, h6, p) {
    margin: 0;
  }
  :is(h1, h2, h3, h4, h5, h6) {
    line-height: 1.3;
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  [part~='heading'] {
    font-size: 1.625rem;
    line-height: 1.25;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 4px;
  }
  .header {
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
  [part~='intro'] {
    max-width: 40rem;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  a {
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  a:hover {
    text-decoration-thickness: 2px;
  }
  button {
    font: inherit;
    cursor: pointer;
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
    font-size: 0.9375rem;
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
  .primary,
  .secondary {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: var(--_target);
    padding: 0.5rem 1.5rem;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    font-weight: 600;
  }
  .primary {
    background: var(--_accent);
    color: var(--_on-primary);
  }
  .primary:hover:not([aria-disabled='true']) {
    background: var(--_primary-hover);
    border-color: var(--_primary-hover);
  }
  .primary[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.85;
  }
  .secondary {
    justify-self: start;
    background: var(--_bg);
    color: var(--_accent);
  }
  .secondary:hover:not([disabled]) {
    background: var(--_surface);
  }
  .secondary[disabled] {
    cursor: not-allowed;
    opacity: 0.6;
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
  .panel-title {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 1.125rem;
  }
  .panel.danger {
    border-color: var(--_danger);
    background: var(--_danger-surface);
  }
  .panel.success {
    border-color: var(--_success);
    background: var(--_success-surface);
  }
  .panel.notice,
  .panel.offline {
    border-color: var(--_notice-border);
    background: var(--_notice-surface);
  }
  .icon,
  .error-icon {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 1.375rem;
    height: 1.375rem;
    border: 2px solid currentColor;
    border-radius: 50%;
    font-size: 0.875rem;
    font-weight: 700;
    line-height: 1;
  }
  .danger .icon,
  .error {
    color: var(--_danger);
  }
  .success .icon {
    color: var(--_success);
  }
  .notice .icon,
  .offline .icon {
    color: var(--_notice-border);
  }
  .status.loading {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    min-height: 6rem;
    color: var(--_muted);
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
  .error {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: 600;
  }
  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }
  .error-summary a {
    color: var(--_danger);
    font-weight: 600;
  }
  @media (forced-colors: active) {
    .switch[aria-pressed='true'] .switch-track {
      background: Highlight;
      forced-color-adjust: none;
    }
    .switch-track {
      border: 1px solid CanvasText;
    }
    .panel {
      border: 2px solid CanvasText;
    }
    .icon,
    .error-icon {
      color: CanvasText;
      border-color: CanvasText;
    }
  }
`;
