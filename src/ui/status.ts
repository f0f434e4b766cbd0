import { html, nothing, type TemplateResult } from 'lit';
import { heading } from './heading.js';

/** The loading state: a spinner and its text (focusable from script, so a retry keeps focus in the widget). */
export function loadingPanel(text: string): TemplateResult {
  return html`<div part="status" class="status loading" tabindex="-1"><span class="spinner" aria-hidden="true"></span>${text}</div>`;
}

export interface MessagePanelOptions {
  level: number;
  title: string;
  body: unknown;
  tone: 'danger' | 'notice' | 'success' | 'offline' | 'empty';
  /** `role="alert"` for a load error the user did not ask for; a focused panel needs no role. */
  alert?: boolean;
  /** The part names of the panel (default `status`). */
  part?: string;
  /** Focusable from script (queued, delivered, server error). */
  focusable?: boolean;
  action?: { label: string; onClick: () => void } | undefined;
  extra?: unknown;
}

/**
 * A status panel: load error (with retry), offline, empty, notice or success. Its
 * icon carries the meaning in text and shape too (never only the colour), also in forced colours.
 */
export function messagePanel(o: MessagePanelOptions): TemplateResult {
  return html`
    <div part=${o.part ?? 'status'} class="status panel ${o.tone}" role=${o.alert ? 'alert' : nothing} tabindex=${o.focusable ? '-1' : nothing}>
      ${heading(o.level, html`<span class="icon" aria-hidden="true">${icons[o.tone]}</span>${o.title}`, { class: 'panel-title' })}
      ${typeof o.body === 'string' ? html`<p>${o.body}</p>` : o.body}
      ${o.extra ?? nothing}
      ${o.action ? html`<button type="button" part="button" class="secondary" @click=${o.action.onClick}>${o.action.label}</button>` : nothing}
    </div>
  `;
}

/** Load error: the title, why, and a retry button unless the page's configuration is at fault. */
export function loadErrorPanel(o: {
  level: number;
  title: string;
  body: string;
  retry?: { label: string; onClick: () => void } | undefined;
}): TemplateResult {
  return messagePanel({ level: o.level, title: o.title, body: o.body, tone: 'danger', alert: true, action: o.retry });
}

// Shapes, not colours: ! for a problem, i for a notice, ✓ for success, a crossed wave for offline, ∅ for empty.
const icons: Record<MessagePanelOptions['tone'], string> = { danger: '!', notice: 'i', success: '✓', offline: '⊘', empty: '∅' };
