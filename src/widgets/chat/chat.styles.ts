import { css } from 'lit';

export const chatStyles = css`
  :host {
    --_accent: var(--luukku-chat-accent, var(--_primary));
    max-width: var(--luukku-chat-max-width, 32rem);
  }
  .launcher {
    display: inline-flex;
    justify-content: center;
    align-items: center;
    gap: 0.5rem;
    min-height: 44px;
    padding: 0.5rem 1rem;
    border-radius: 999px;
    font-weight: 600;
  }
  .bubble {
    display: inline-grid;
    place-items: center;
    inline-size: 1.5rem;
    block-size: 1.5rem;
    border-radius: 50%;
    border: 2px solid currentColor;
  }
  [part~='base'] {
    margin-block-start: 0.75rem;
    display: grid;
    gap: 1rem;
  }
  .suggestions,
  .log-list,
  .topics {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  .article,
  .topic {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem 1rem;
  }
  .article p,
  .msg p {
    margin: 0.25rem 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .meta,
  .badge {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .badge.unreviewed {
    font-weight: 600;
  }
  .msg {
    max-width: 85%;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
  }
  .msg.person {
    justify-self: end;
    border-inline-end: 4px solid var(--_accent);
  }
  .msg.official {
    justify-self: start;
    border-inline-start: 4px solid var(--_accent);
  }
  .msg.system {
    justify-self: center;
    border-style: dashed;
  }
  .log {
    max-block-size: 24rem;
    overflow-y: auto;
    padding: 0.25rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  textarea,
  select,
  input[type='text'],
  input[type='email'],
  input[type='password'],
  input[type='search'] {
    inline-size: 100%;
    box-sizing: border-box;
    min-block-size: var(--_target);
    padding: 0.5rem 0.75rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
  }
  textarea {
    resize: vertical;
  }
  [aria-invalid='true']:is(textarea, input) {
    border-color: var(--_danger);
  }
  .primary[disabled] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-block-size: var(--_target);
    padding-inline-end: 0.5rem;
  }
  .choice input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0;
  }
  .email.failed {
    color: var(--_danger);
    font-weight: 600;
  }
  .email.failed .icon {
    display: inline-grid;
    vertical-align: middle;
    margin-inline-end: 0.25rem;
  }
  .rating label {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    min-block-size: var(--_target);
    min-inline-size: var(--_target);
  }
  .rating input,
  .topic input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0;
  }
  .field,
  [part~='leave-message'],
  [part~='consent'] {
    display: grid;
    gap: 0.25rem;
  }
  [part~='leave-message'] {
    gap: 1rem;
  }
  .field label {
    font-weight: 600;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
  }
  .typing {
    min-block-size: 1.5em;
    font-style: italic;
  }
  @media (forced-colors: active) {
    .msg,
    .article,
    .topic {
      border-color: CanvasText;
    }
  }
`;
