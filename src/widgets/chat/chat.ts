import { html, type PropertyDeclarations, type TemplateResult } from 'lit';
import { LuukkuElement } from '../../core/base-element.js';
import { uiStyles } from '../../ui/styles.js';
import { chatStyles } from './chat.styles.js';
import type { ChatPanel } from './chat-panel.js';

/**
 * `<luukku-chat>`: the chat advisor for the public. Closed, it is a small launcher button;
 * the open chat (knowledge-base suggestions while typing, "Ask an official", the real-time
 * conversation, leave-a-message, transcript and satisfaction question) is a separate chunk
 * loaded on the first click — or at once with `inline`. Nothing is stored and no connection
 * opens before the person agrees on the consent screen; reading the knowledge base needs no
 * consent. No cookies, ever; the conversation token is kept in sessionStorage after consent.
 *
 * @element luukku-chat
 * @attr organisation - The organisation whose desks and knowledge base the chat uses (required).
 * @attr inline - Show the open chat in place instead of a launcher button.
 * @attr topic - The desk topic selected first (e.g. `events`).
 * @attr page - The page the person is on, shown to the official (default: this page's address without query).
 * @fires luukku-chat-open - The open chat is shown.
 * @csspart launcher - The launcher button.
 * @csspart base - The open chat.
 * @csspart heading - The chat's heading.
 * @csspart log - The conversation (`role="log"`).
 */
export class LuukkuChat extends LuukkuElement {
  static override namespace = 'chat';
  static override states = [
    'closed',
    'loading',
    'load-error',
    'ready',
    'consent',
    'ask',
    'queue',
    'connected',
    'message-sent',
    'ended',
  ] as const;
  static override styles = [...LuukkuElement.styles, uiStyles, chatStyles];
  static override properties: PropertyDeclarations = {
    ...LuukkuElement.properties,
    organisation: { type: String },
    inline: { type: Boolean },
    topic: { type: String },
    page: { type: String },
    _open: { state: true },
  };

  declare organisation: string | undefined;
  declare inline: boolean;
  declare topic: string | undefined;
  declare page: string | undefined;
  declare private _open: boolean;
  #panel: ChatPanel | undefined;

  constructor() {
    super();
    this.inline = false;
    this._open = false;
    this.state = 'closed';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#panel?.resume();
    if (this.inline) void this.open();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#panel?.pause();
  }

  /** Opens the chat (loads its code on first use). */
  async open(): Promise<void> {
    if (this.#panel) {
      this._open = true;
      return;
    }
    this._open = true;
    this.state = 'loading';
    const { ChatPanel } = await import('./chat-panel.js');
    this.#panel ??= new ChatPanel(this);
    this.requestUpdate();
    this.dispatchEvent(new CustomEvent('luukku-chat-open', { bubbles: true, composed: true }));
  }

  /** Closes the launcher's panel (the conversation goes on in the background). */
  close(): void {
    if (this.inline) return;
    this._open = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="launcher"]')?.focus());
  }

  /** For the open chat's module: the pieces of the element it works with. */
  get host(): {
    t: (key: string, o?: Record<string, unknown>) => string;
    language: string;
    plain: boolean;
    level: { heading: number; sub: number };
    api: string;
    announce: (text: string, assertive?: boolean) => void;
    setState: (s: string) => void;
    togglePlain: () => void;
  } {
    return {
      t: (key, o) => this.localize.t(key, o),
      language: this.localize.language,
      plain: this.localize.plain,
      level: this.level,
      api: this.apiBase.replace(/\/+$/, ''),
      announce: (text, assertive) => this.announcer.announce(text, assertive ? 'assertive' : 'polite'),
      setState: (s) => {
        this.state = s;
      },
      togglePlain: () => {
        this.plainLanguage = !this.localize.plain;
      },
    };
  }

  override render(): TemplateResult {
    if (!this.localize.ready) return html`<div part="base" aria-busy="true"></div>`;
    const launcher = this.inline
      ? html``
      : html`<button type="button" part="launcher" class="launcher primary" aria-expanded=${this._open ? 'true' : 'false'}
          @click=${() => (this._open ? this.close() : void this.open())}>
          <span aria-hidden="true" class="bubble">?</span> ${this.localize.t(this._open ? 'launcher.close' : 'launcher.open')}
        </button>`;
    if (!this._open) return launcher;
    return html`${launcher}${
      this.#panel
        ? this.#panel.render()
        : html`<section part="base" aria-busy="true"><div part="status" class="status loading">${this.localize.t('loading')}</div></section>`
    }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luukku-chat': LuukkuChat;
  }
}
