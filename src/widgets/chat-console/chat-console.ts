import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { LuukkuElement } from '../../core/base-element.js';
import { formatDateTime } from '../../core/i18n/intl.js';
import { header } from '../../ui/header.js';
import { heading } from '../../ui/heading.js';
import { loadErrorPanel, messagePanel } from '../../ui/status.js';
import { uiStyles } from '../../ui/styles.js';
import { chatStyles } from '../chat/chat.styles.js';

interface QueueItem {
  id: string;
  topic: string;
  language: string;
  status: 'queued' | 'active' | 'message';
  position?: number;
  officialId?: string;
  officialName?: string;
  originPage?: string;
  transferNote?: string;
  preview?: string;
}
interface Message {
  seq: number;
  author: 'person' | 'official' | 'system';
  clientId: string;
  text: string;
  attachment?: { id: string; name: string };
  /** An answer to a left message: its delivery by email. */
  email?: { status: 'pending' | 'sent' | 'failed'; attempts: number; lastError?: string; sentAt?: string };
}
interface Conversation {
  id: string;
  topic: string;
  language: string;
  status: string;
  originPage?: string;
  transferNote?: string;
  hasEmail?: boolean;
  officialId?: string;
  personReadSeq: number;
  officialReadSeq?: number;
  messages: Message[];
}
interface Article {
  id: string;
  title: string;
  body: string;
  language: string;
  createdBy?: string;
  review: string;
}
interface Topic {
  id: string;
  name: Record<string, string>;
  languages?: string[];
}
/** Another authority's chat desk (the queue's `transferTargets`). */
interface Authority {
  organisation: string;
  name: Record<string, string>;
  topics: Topic[];
}
interface OwnKeyOfficial {
  id: string;
  name: string;
  languages: string[];
  keyIssuedAt?: string;
  keyRevokedAt?: string;
}

const LANGS = ['fi', 'sv', 'en', 'se'] as const;
/** An official's own key (the server's `lko_` keys); anything else is the organisation's staff key. */
const OWN_KEY = /^lko_/;

/**
 * `<luukku-chat-console>`: the officials' side of the chat advisor. An official signs in with
 * the organisation's staff key (kept in memory only), their name and the languages they serve
 * in; sees the organisation's queue per topic and language, claims a conversation (exactly one
 * official wins), answers with knowledge-base suggestions (one click inserts one), sees the
 * person's language and origin page, transfers with a note or closes; "Save as an answer"
 * makes a draft article that another official reviews and publishes here. A conversation can
 * also be transferred to another authority's desk (one that serves the person's language).
 * Signed in with the staff key, an official issues and revokes officials' own keys (`lko_…`),
 * with which an official signs in without the staff key.
 * Its event stream authenticates with a short-lived stream token (EventSource sends no headers).
 *
 * @element luukku-chat-console
 * @attr organisation - The organisation whose queues the console shows (required).
 * @csspart base - The console.
 * @csspart heading - Its heading.
 * @csspart queue - The queue list.
 * @csspart log - The open conversation (`role="log"`).
 * @csspart transfer - The transfer form.
 * @csspart keys - The officials' keys view.
 * @csspart offline - The offline notice.
 * @csspart email-state - The email delivery of an answer to a left message (pending, retrying, failed, sent).
 */
export class LuukkuChatConsole extends LuukkuElement {
  static override namespace = 'chat-console';
  static override states = ['sign-in', 'load-error', 'queue', 'claimed', 'transfer', 'keys'] as const;
  static override styles = [...LuukkuElement.styles, uiStyles, chatStyles];
  static override properties: PropertyDeclarations = {
    ...LuukkuElement.properties,
    organisation: { type: String },
    _tick: { state: true },
  };
  declare organisation: string | undefined;
  declare private _tick: number;

  #key = '';
  #name = '';
  #languages = new Set<string>(['fi']);
  #official: { id: string; name: string } | undefined;
  #error = '';
  #notice = '';
  #queue: QueueItem[] = [];
  #topics: Topic[] = [];
  #drafts: Article[] = [];
  #open: Conversation | undefined;
  #answer = '';
  #suggestions: Article[] = [];
  #suggestAbort: AbortController | undefined;
  #transfer = { organisation: '', topic: '', note: '' };
  #transferring = false;
  #transferError = '';
  #authorities: Authority[] = [];
  #keysOpen = false;
  #officials: OwnKeyOfficial[] = [];
  #keyForm = { name: '', languages: new Set<string>(['fi']) };
  #keyError = '';
  #issued: { name: string; key: string } | undefined;
  #confirmRevoke = '';
  #offline = false;
  #onOnline = (): void => {
    this.#offline = false;
    if (this.#official) void this.#loadQueue();
    else this.#refresh();
  };
  #onOffline = (): void => {
    this.#offline = true;
    this.#refresh();
  };
  #typingUntil = 0;
  #source: EventSource | undefined;
  #problem = false;

  constructor() {
    super();
    this.state = 'sign-in';
    this._tick = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.#onOnline);
    window.addEventListener('offline', this.#onOffline);
  }

  /** Without an organisation the console cannot work: say so at once, not after the sign-in. */
  override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if ((!this.hasUpdated || changed.has('organisation')) && this.#problem !== !this.organisation) {
      this.#problem = !this.organisation;
      this.#refresh();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.#onOnline);
    window.removeEventListener('offline', this.#onOffline);
    this.#source?.close();
    this.#source = undefined;
  }

  #t = (key: string, o?: Record<string, unknown>): string => this.localize.t(key, o);
  #refresh(): void {
    this._tick++;
    this.state = !this.#official
      ? this.#problem
        ? 'load-error'
        : 'sign-in'
      : this.#open
        ? this.#transferring
          ? 'transfer'
          : 'claimed'
        : this.#keysOpen
          ? 'keys'
          : 'queue';
  }
  #url(path: string, q: Record<string, string | undefined> = {}): string {
    const u = new URL(this.apiBase.replace(/\/+$/, '') + path, document.baseURI);
    for (const [k, v] of Object.entries(q)) if (v !== undefined) u.searchParams.set(k, v);
    return u.href;
  }
  async #api<T>(
    path: string,
    init: { method?: string; body?: unknown; query?: Record<string, string | undefined>; signal?: AbortSignal } = {},
  ): Promise<T> {
    const res = await fetch(this.#url(path, init.query), {
      method: init.method ?? 'GET',
      credentials: 'omit',
      ...(init.signal ? { signal: init.signal } : {}),
      headers: {
        accept: 'application/json, application/problem+json',
        authorization: `Bearer ${this.#key}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    if (!res.ok) {
      const p = (await res.json().catch(() => ({}))) as { code?: string };
      throw Object.assign(new Error(p.code ?? String(res.status)), { status: res.status, code: p.code });
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
  /** Empties a field after its text was sent (its `.value` binding may still hold '' from before). */
  #clear(selector: string): void {
    const f = this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
    if (f) f.value = '';
  }
  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  async #signIn(): Promise<void> {
    this.#error = '';
    if (!this.organisation) {
      this.#problem = true;
      this.#refresh();
      return;
    }
    const ownKey = OWN_KEY.test(this.#key);
    if (!this.#key || (!ownKey && (!this.#name.trim() || !this.#languages.size))) {
      this.#error = this.#t('signIn.required');
      this.#refresh();
      this.#focus('#f-key');
      return;
    }
    // A renewed session (the stream token lasts 15 minutes) must not take focus from an answer being written.
    const first = !this.#official;
    try {
      const s = await this.#api<{ official: { id: string; name: string }; streamToken: string }>('/v1/chat/console/sessions', {
        method: 'POST',
        body: {
          organisation: this.organisation,
          ...(ownKey ? {} : { name: this.#name.trim(), languages: [...this.#languages] }),
          ...(this.#official && !ownKey ? { official: this.#official.id } : {}),
        },
      });
      this.#official = s.official;
      this.#stream(s.streamToken);
      await this.#loadQueue();
      if (first) this.#focus('[part~="step-heading"]');
    } catch {
      if (!first) {
        // The renewal failed: the console stays as it is and says that it has no connection.
        this.#offline = true;
        this.#refresh();
        return;
      }
      this.#error = this.#t('signIn.failed');
      this.#refresh();
      this.#focus('#f-key');
    }
  }
  #stream(token: string): void {
    this.#source?.close();
    const src = new EventSource(this.#url('/v1/chat/console/events', { streamToken: token }));
    this.#source = src;
    src.addEventListener('queue', () => void this.#loadQueue());
    src.addEventListener('state', () => void this.#loadQueue());
    src.addEventListener('message', (e) => {
      const m = JSON.parse((e as MessageEvent<string>).data) as Message & { conversation: string };
      const c = this.#open;
      if (c && m.conversation === c.id && !c.messages.some((x) => x.seq === m.seq)) {
        c.messages.push(m);
        c.messages.sort((a, b) => a.seq - b.seq);
        if (m.author === 'person') {
          this.announcer.announce(this.#t('conv.newMessage'));
          this.#typingUntil = 0;
          void this.#suggest(m.text);
          this.#markRead(c.id, m.seq);
        }
        this.#refresh();
      } else void this.#loadQueue();
    });
    src.addEventListener('typing', (e) => {
      const d = JSON.parse((e as MessageEvent<string>).data) as { conversation: string; author: string };
      if (d.author === 'person' && d.conversation === this.#open?.id) {
        this.#typingUntil = Date.now() + 4000;
        this.#refresh();
        setTimeout(() => this.#refresh(), 4100);
      }
    });
    // The stream token lasts 15 minutes: when the stream fails, start a new session (same official).
    src.addEventListener('error', () => {
      if (src.readyState === EventSource.CLOSED && this.#official) void this.#signIn();
    });
  }
  async #loadQueue(): Promise<void> {
    try {
      const q = await this.#api<{ conversations: QueueItem[]; desks: { topics: Topic[] }; transferTargets?: Authority[] }>(
        '/v1/chat/console/queue',
        { query: { organisation: this.organisation } },
      );
      this.#offline = false;
      this.#queue = q.conversations;
      this.#topics = q.desks.topics;
      this.#authorities = q.transferTargets ?? [];
      this.#drafts = (
        await this.#api<{ articles: Article[] }>('/v1/chat/kb/drafts', { query: { organisation: this.organisation } })
      ).articles;
      if (this.#open) {
        const fresh = await this.#api<Conversation>(`/v1/chat/console/conversations/${this.#open.id}`);
        this.#open = fresh;
      }
    } catch (e) {
      // Keep the last queue; a network failure (no HTTP answer) is said as offline.
      if (!(e as { status?: number }).status) this.#offline = true;
    }
    this.#refresh();
  }
  async #claim(item: QueueItem): Promise<void> {
    this.#notice = '';
    try {
      if (item.officialId !== this.#official?.id) {
        this.#open = await this.#api<Conversation>(`/v1/chat/console/conversations/${item.id}/claim`, {
          method: 'POST',
          body: { official: this.#official?.id },
        });
      } else this.#open = await this.#api<Conversation>(`/v1/chat/console/conversations/${item.id}`);
      this.#answer = '';
      const last = [...this.#open.messages].reverse().find((m) => m.author === 'person');
      if (last) {
        void this.#suggest(last.text);
        // What the person wrote while waiting is read now that the official has the conversation open.
        if (last.seq > (this.#open.officialReadSeq ?? 0) && this.#open.status !== 'closed') this.#markRead(this.#open.id, last.seq);
      }
      this.#focus('[part~="step-heading"]');
    } catch (e) {
      this.#notice = (e as { code?: string }).code === 'already_claimed' ? this.#t('queue.claimed') : this.#t('loadError.body');
      await this.#loadQueue();
    }
    this.#refresh();
  }
  #markRead(conversation: string, seq: number): void {
    void this.#api(`/v1/chat/console/conversations/${conversation}/read`, {
      method: 'POST',
      body: { official: this.#official?.id, seq },
    }).catch(() => {});
  }
  async #suggest(q: string): Promise<void> {
    const c = this.#open;
    if (!c || q.trim().length < 2) return;
    this.#suggestAbort?.abort();
    const abort = new AbortController();
    this.#suggestAbort = abort;
    try {
      const r = await this.#api<{ results: Article[] }>('/v1/chat/kb/search', {
        query: { organisation: this.organisation, q: q.slice(0, 200), lang: c.language, limit: '3' },
        signal: abort.signal,
      });
      this.#suggestions = r.results;
      this.#refresh();
    } catch {
      /* suggestions are a help only */
    }
  }
  async #send(): Promise<void> {
    const c = this.#open;
    if (!c || !this.#answer.trim()) return;
    const text = this.#answer;
    const clientId = crypto.randomUUID();
    try {
      const m = await this.#api<Message>(`/v1/chat/console/conversations/${c.id}/messages`, {
        method: 'POST',
        body: { official: this.#official?.id, clientId, text },
      });
      if (!c.messages.some((x) => x.seq === m.seq)) c.messages.push(m);
      this.#answer = '';
      this.#clear('#f-answer');
    } catch {
      this.#notice = this.#t('loadError.body');
    }
    this.#refresh();
    this.#focus('#f-answer');
  }
  async #saveAnswer(m: Message): Promise<void> {
    const c = this.#open;
    if (!c) return;
    const question = [...c.messages].filter((x) => x.author === 'person' && x.seq < m.seq).pop()?.text ?? m.text;
    await this.#api('/v1/chat/kb/articles', {
      method: 'POST',
      body: {
        organisation: this.organisation,
        official: this.#official?.id,
        conversation: c.id,
        language: c.language,
        topic: c.topic,
        title: question.slice(0, 200),
        body: m.text.slice(0, 8000),
      },
    })
      .then(() => {
        this.#notice = this.#t('conv.saved');
        this.announcer.announce(this.#notice);
      })
      .catch(() => (this.#notice = this.#t('loadError.body')));
    await this.#loadQueue();
  }
  async #publish(a: Article): Promise<void> {
    await this.#api(`/v1/chat/kb/articles/${a.id}/publish`, {
      method: 'POST',
      body: { organisation: this.organisation, official: this.#official?.id },
    })
      .then(() => {
        this.#notice = this.#t('drafts.published');
        this.announcer.announce(this.#notice);
      })
      .catch(() => (this.#notice = this.#t('drafts.own')));
    await this.#loadQueue();
  }
  /** The topics the conversation can go to at the chosen authority ('' = this organisation). */
  #transferTopics(c: Conversation): Topic[] {
    const to = this.#transfer.organisation;
    if (!to) return this.#topics.filter((x) => x.id !== c.topic);
    return (this.#authorities.find((a) => a.organisation === to)?.topics ?? []).filter(
      (x) => !x.languages || x.languages.includes(c.language),
    );
  }
  #localName(name: Record<string, string>, fallback: string): string {
    return name[this.localize.language] ?? name.fi ?? fallback;
  }
  async #doTransfer(): Promise<void> {
    const c = this.#open;
    if (!c) return;
    const { organisation, topic, note } = this.#transfer;
    if (!topic || !this.#transferTopics(c).some((x) => x.id === topic)) {
      this.#transferError = this.#t('transfer.pick');
      this.#refresh();
      this.#focus('#f-topic');
      return;
    }
    this.#transferError = '';
    try {
      await this.#api(`/v1/chat/console/conversations/${c.id}/transfer`, {
        method: 'POST',
        body: { official: this.#official?.id, topic, note, ...(organisation ? { organisation } : {}) },
      });
    } catch {
      // The form stays as it was (topic and note kept) with the reason.
      this.#transferError = this.#t('transfer.failed');
      this.#refresh();
      this.#focus('#f-topic');
      return;
    }
    const authority = this.#authorities.find((a) => a.organisation === organisation);
    const topicName = authority
      ? `${this.#localName(authority.name, organisation)}: ${this.#localName(authority.topics.find((x) => x.id === topic)?.name ?? {}, topic)}`
      : this.#topicName(topic);
    this.#notice = this.#t('transfer.done', { to: topicName });
    this.announcer.announce(this.#notice);
    this.#open = undefined;
    this.#transferring = false;
    this.#transfer = { organisation: '', topic: '', note: '' };
    await this.#loadQueue();
    this.#focus('[part~="step-heading"]');
  }

  // ——— officials' own keys (staff key only) ———
  async #openKeys(): Promise<void> {
    this.#keysOpen = true;
    this.#notice = '';
    this.#keyError = '';
    this.#issued = undefined;
    await this.#loadOfficials();
    this.#focus('[part~="step-heading"]');
  }
  async #loadOfficials(): Promise<void> {
    try {
      this.#officials = (
        await this.#api<{ officials: OwnKeyOfficial[] }>('/v1/chat/console/officials', { query: { organisation: this.organisation } })
      ).officials;
    } catch (e) {
      this.#keyError = this.#t('keys.failed');
      if (!(e as { status?: number }).status) this.#offline = true;
    }
    this.#refresh();
  }
  async #issueKey(): Promise<void> {
    const name = this.#keyForm.name.trim();
    if (!name || !this.#keyForm.languages.size) {
      this.#keyError = this.#t('keys.required');
      this.#refresh();
      this.#focus(name ? '#k-languages input' : '#k-name');
      return;
    }
    this.#keyError = '';
    try {
      const r = await this.#api<{ official: OwnKeyOfficial; key: string }>('/v1/chat/console/officials', {
        method: 'POST',
        body: { organisation: this.organisation, name, languages: [...this.#keyForm.languages] },
      });
      this.#issued = { name: r.official.name, key: r.key };
      this.#keyForm = { name: '', languages: new Set(['fi']) };
      this.#clear('#k-name');
      await this.#loadOfficials();
      this.#focus('#k-issued');
    } catch {
      this.#keyError = this.#t('keys.failed');
      this.#refresh();
      this.#focus('#k-name');
    }
  }
  async #revokeKey(o: OwnKeyOfficial): Promise<void> {
    this.#keyError = '';
    try {
      await this.#api(`/v1/chat/console/officials/${o.id}`, { method: 'DELETE' });
      this.#confirmRevoke = '';
      this.#notice = this.#t('keys.revoked');
      this.announcer.announce(this.#notice);
      await this.#loadOfficials();
      this.#focus('[part~="step-heading"]');
    } catch {
      this.#keyError = this.#t('keys.failed');
      this.#refresh();
    }
  }
  /** A language's name in the console's language ("ruotsi"); an unknown code as itself. */
  #langName(code: string): string {
    return (LANGS as readonly string[]).includes(code) ? this.#t(`lang.${code as (typeof LANGS)[number]}`) : code;
  }
  #date(iso: string): string {
    return formatDateTime(iso, this.localize.language, { dateStyle: 'short', timeStyle: 'short' });
  }
  async #close(): Promise<void> {
    const c = this.#open;
    if (!c) return;
    await this.#api(`/v1/chat/console/conversations/${c.id}/close`, { method: 'POST', body: { official: this.#official?.id } }).catch(
      () => {},
    );
    this.#open = undefined;
    await this.#loadQueue();
    this.#focus('[part~="heading"]');
  }
  #onAnswer(v: string): void {
    this.#answer = v;
    const c = this.#open;
    if (c && v && Date.now() - this.#typingUntil > 3000) {
      this.#typingUntil = Date.now();
      void this.#api(`/v1/chat/console/conversations/${c.id}/typing`, { method: 'POST', body: { official: this.#official?.id } }).catch(
        () => {},
      );
    }
  }
  #topicName(id: string): string {
    const t = this.#topics.find((x) => x.id === id);
    return t?.name[this.localize.language] ?? t?.name.fi ?? id;
  }

  override render(): TemplateResult {
    if (!this.localize.ready) return html`<div part="base" aria-busy="true"></div>`;
    return html`<section part="base" lang=${this.localize.language} aria-labelledby="heading">
      ${header({
        level: this.level.heading,
        title: this.#t('title'),
        plain: this.localize.plain,
        plainLabel: this.#t('common:plainLanguage'),
        onTogglePlain: () => (this.plainLanguage = !this.localize.plain),
      })}
      ${this.#offline ? html`<p part="offline" role="status">${this.#t('offline')}</p>` : nothing}
      ${this.#notice ? html`<p part="notice" role="status">${this.#notice}</p>` : nothing}
      ${
        this.#problem
          ? loadErrorPanel({ level: this.level.sub, title: this.#t('loadError.title'), body: this.#t('loadError.config') })
          : !this.#official
            ? this.#renderSignIn()
            : this.#open
              ? this.#renderConversation(this.#open)
              : this.#keysOpen
                ? this.#renderKeys()
                : this.#renderQueue()
      }
    </section>`;
  }

  #renderSignIn(): TemplateResult {
    const t = this.#t;
    return html`<form @submit=${(e: Event) => {
      e.preventDefault();
      void this.#signIn();
    }}>
      ${heading(this.level.sub, t('signIn.title'), { part: 'step-heading' })}
      ${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : nothing}
      <div class="field"><label for="f-key">${t('signIn.key')}</label>
        <input id="f-key" type="password" autocomplete="off" aria-describedby="f-key-hint" .value=${this.#key} @input=${(e: InputEvent) => (this.#key = (e.target as HTMLInputElement).value)} />
        <p class="meta" id="f-key-hint">${t('signIn.ownKeyHint')}</p></div>
      <div class="field"><label for="f-name">${t('signIn.name')}</label>
        <input id="f-name" type="text" maxlength="80" autocomplete="name" .value=${this.#name} @input=${(e: InputEvent) => (this.#name = (e.target as HTMLInputElement).value)} /></div>
      <fieldset><legend>${t('signIn.languages')}</legend>
        <div class="actions">${LANGS.map(
          (l) => html`<label class="choice"><input type="checkbox" name="lang" value=${l} .checked=${this.#languages.has(l)}
            @change=${(e: Event) => ((e.target as HTMLInputElement).checked ? this.#languages.add(l) : this.#languages.delete(l))} /> ${t(`lang.${l}`)}</label>`,
        )}</div>
      </fieldset>
      <button class="primary" type="submit" part="button sign-in">${t('signIn.submit')}</button>
    </form>`;
  }

  #renderQueue(): TemplateResult {
    const t = this.#t;
    const sub = this.level.sub;
    return html`
      ${heading(sub, t('queue.title'), { part: 'step-heading', focusable: true })}
      ${
        OWN_KEY.test(this.#key)
          ? nothing
          : html`<div class="actions"><button type="button" class="secondary" part="button keys" @click=${() => void this.#openKeys()}>${t('keys.open')}</button></div>`
      }
      ${
        this.#queue.length
          ? html`<ul class="topics" part="queue">
            ${this.#queue.map(
              (q) => html`<li class="topic">
                <p><strong>${this.#topicName(q.topic)}</strong> · ${t('queue.language')}: ${this.#langName(q.language)} · ${t(`queue.status.${q.status}`)}
                  ${q.position ? html` · #${q.position}` : nothing} ${q.officialName ? html` · ${q.officialName}` : nothing}</p>
                ${q.preview ? html`<p lang=${q.language}>${q.preview}</p>` : nothing}
                ${q.originPage ? html`<p class="meta">${t('queue.from')}: ${q.originPage}</p>` : nothing}
                ${q.transferNote ? html`<p class="meta">${t('queue.note')}: ${q.transferNote}</p>` : nothing}
                ${
                  !q.officialId || q.officialId === this.#official?.id
                    ? html`<button class="primary" type="button" part="button claim" @click=${() => void this.#claim(q)}>${q.officialId ? t('queue.open') : t('queue.claim')}</button>`
                    : nothing
                }
              </li>`,
            )}
          </ul>`
          : html`<p>${t('queue.empty')}</p>`
      }
      ${heading(sub, t('drafts.title'))}
      ${
        this.#drafts.length
          ? html`<ul class="suggestions" part="drafts">${this.#drafts.map(
              (a) => html`<li class="article" lang=${a.language}>
              ${heading(sub + 1, a.title)}<p>${a.body}</p>
              ${
                a.createdBy === this.#official?.id
                  ? html`<p class="meta" lang=${this.localize.language}>${t('drafts.own')}</p>`
                  : html`<button class="primary" type="button" part="button publish" @click=${() => void this.#publish(a)}>${t('drafts.publish')}</button>`
              }
            </li>`,
            )}</ul>`
          : html`<p>${t('drafts.empty')}</p>`
      }
    `;
  }

  #renderConversation(c: Conversation): TemplateResult {
    const t = this.#t;
    const sub = this.level.sub;
    const closed = c.status === 'closed';
    return html`
      ${heading(sub, `${t('conv.title')}: ${this.#topicName(c.topic)}`, { part: 'step-heading', focusable: true })}
      <p class="meta">${t('queue.language')}: ${this.#langName(c.language)}${c.originPage ? html` · ${t('queue.from')}: ${c.originPage}` : nothing}</p>
      ${c.transferNote ? html`<p class="meta">${t('queue.note')}: ${c.transferNote}</p>` : nothing}
      ${c.hasEmail ? html`<p>${t('conv.email')}</p>` : nothing}
      <div class="log" role="log" part="log" tabindex="0" aria-label=${t('conv.title')}>
        <ol class="log-list">
        ${c.messages.map(
          (
            m,
          ) => html`<li class="msg ${m.author === 'person' ? 'official' : m.author === 'official' ? 'person' : 'system'}" lang=${m.author === 'system' ? this.localize.language : c.language}>
            <span class="meta" lang=${this.localize.language}>${m.author === 'person' ? t('conv.person') : m.author === 'official' ? t('conv.you') : t('conv.system')}</span>
            ${m.text ? html`<p>${m.text}</p>` : nothing}
            ${m.attachment ? html`<p><a href=${this.#url(`/v1/chat/console/conversations/${c.id}/attachments/${m.attachment.id}`)} download>${m.attachment.name}</a></p>` : nothing}
            ${m.email ? this.#renderEmail(m.email) : nothing}
            ${m.author === 'official' ? html`<button type="button" class="secondary" part="button save-answer" lang=${this.localize.language} @click=${() => void this.#saveAnswer(m)}>${t('conv.saveAnswer')}</button>` : nothing}
          </li>`,
        )}
      </ol>
      </div>
      <p class="typing">${this.#typingUntil > Date.now() ? t('conv.typing') : nothing}</p>
      ${
        closed
          ? messagePanel({ level: sub + 1, title: t('conv.closed'), body: '', tone: 'notice' })
          : html`
            ${
              this.#suggestions.length
                ? html`${heading(sub + 1, t('conv.suggestions'))}<ul class="suggestions" part="kb-suggestions">${this.#suggestions.map(
                    (a) => html`<li class="article" lang=${a.language}><strong>${a.title}</strong><p>${a.body}</p>
                    <button type="button" class="secondary" part="button insert" @click=${() => {
                      this.#answer = (this.#answer ? this.#answer + '\n\n' : '') + a.body;
                      this.#refresh();
                      this.#focus('#f-answer');
                    }}>${t('conv.insert')}<span class="visually-hidden">: ${a.title}</span></button></li>`,
                  )}</ul>`
                : nothing
            }
            <div class="field"><label for="f-answer">${t('conv.compose')}</label>
              <textarea id="f-answer" rows="4" maxlength="2000" .value=${this.#answer} @input=${(e: InputEvent) => this.#onAnswer((e.target as HTMLTextAreaElement).value)}></textarea></div>
            <div class="actions">
              <button class="primary" type="button" part="button send" @click=${() => void this.#send()}>${t('conv.send')}</button>
              <button type="button" class="secondary" part="button transfer" aria-expanded=${this.#transferring ? 'true' : 'false'} @click=${() => {
                this.#transferring = !this.#transferring;
                this.#refresh();
              }}>${t('conv.transfer')}</button>
              <button type="button" class="secondary" part="button close" @click=${() => void this.#close()}>${t('conv.close')}</button>
            </div>
            ${this.#transferring ? this.#renderTransfer(c) : nothing}
          `
      }
      <button type="button" class="secondary" @click=${() => {
        this.#open = undefined;
        this.#transferring = false;
        this.#transferError = '';
        this.#refresh();
        this.#focus('[part~="step-heading"]');
      }}>${t('conv.back')}</button>
    `;
  }
  /** The delivery of an answer to a left message, in words (the console's `state` event refreshes it). */
  #renderEmail(e: NonNullable<Message['email']>): TemplateResult {
    const t = this.#t;
    const text =
      e.status === 'sent'
        ? t('email.sent', { time: e.sentAt ? this.#date(e.sentAt) : '' })
        : e.status === 'failed'
          ? t('email.failed', { count: e.attempts })
          : e.attempts
            ? t('email.retrying', { count: e.attempts })
            : t('email.pending');
    // A failed delivery also has the shared "!" mark: bold and colour alone vanish in forced colours.
    return html`<p class="meta email ${e.status}" part="email-state" lang=${this.localize.language}>${
      e.status === 'failed' ? html`<span class="icon" aria-hidden="true">!</span> ` : nothing
    }${text}${
      e.lastError && e.status !== 'sent' ? html`<br />${t('email.lastError')}: <span lang="en">${e.lastError}</span>` : nothing
    }</p>`;
  }
  #renderTransfer(c: Conversation): TemplateResult {
    const t = this.#t;
    const topics = this.#transferTopics(c);
    const tr = this.#transfer;
    return html`<form part="transfer" aria-labelledby="transfer-heading" @submit=${(e: Event) => {
      e.preventDefault();
      void this.#doTransfer();
    }}>
      ${heading(this.level.sub + 1, t('transfer.title'), { id: 'transfer-heading' })}
      ${this.#transferError ? html`<p class="error" role="alert">${this.#transferError}</p>` : nothing}
      ${
        this.#authorities.length
          ? html`<div class="field"><label for="f-authority">${t('transfer.authority')}</label>
            <select id="f-authority" @change=${(e: Event) => {
              tr.organisation = (e.target as HTMLSelectElement).value;
              tr.topic = '';
              this.#transferError = '';
              this.#refresh();
            }}>
              <option value="" ?selected=${!tr.organisation}>${t('transfer.here')}</option>
              ${this.#authorities.map(
                (a) =>
                  html`<option value=${a.organisation} ?selected=${tr.organisation === a.organisation}>${this.#localName(a.name, a.organisation)}</option>`,
              )}
            </select></div>`
          : nothing
      }
      ${
        topics.length
          ? html`<div class="field"><label for="f-topic">${t('transfer.topic')}</label>
            <select id="f-topic" aria-invalid=${this.#transferError && !tr.topic ? 'true' : 'false'} @change=${(e: Event) => (tr.topic = (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!tr.topic}>—</option>
              ${topics.map((x) => html`<option value=${x.id} ?selected=${tr.topic === x.id}>${this.#localName(x.name, x.id)}</option>`)}
            </select></div>`
          : html`<p id="f-topic" tabindex="-1">${t('transfer.noTopic')}</p>`
      }
      <div class="field"><label for="f-note">${t('conv.transferNote')}</label>
        <textarea id="f-note" rows="2" maxlength="1000" .value=${tr.note} @input=${(e: InputEvent) => (tr.note = (e.target as HTMLTextAreaElement).value)}></textarea></div>
      <div class="actions">
        <button class="primary" type="submit" part="button do-transfer" ?disabled=${!topics.length}>${t('transfer.submit')}</button>
        <button type="button" class="secondary" part="button cancel-transfer" @click=${() => {
          this.#transferring = false;
          this.#transferError = '';
          this.#refresh();
          this.#focus('[part~="transfer"]');
        }}>${t('transfer.cancel')}</button>
      </div>
    </form>`;
  }

  #renderKeys(): TemplateResult {
    const t = this.#t;
    const sub = this.level.sub;
    const f = this.#keyForm;
    return html`<div part="keys">
      ${heading(sub, t('keys.title'), { part: 'step-heading', focusable: true })}
      <p>${t('keys.intro')}</p>
      ${this.#keyError ? html`<p class="error" role="alert">${this.#keyError}</p>` : nothing}
      ${
        this.#issued
          ? html`<div class="field" part="issued-key"><label for="k-issued">${t('keys.issued', { name: this.#issued.name })}</label>
            <input id="k-issued" type="text" readonly .value=${this.#issued.key} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
            <div class="actions"><button type="button" class="secondary" part="button copy-key" @click=${() => {
              const key = this.#issued?.key ?? '';
              // Not there outside secure contexts: the key stays selectable in its field.
              void (navigator.clipboard as Clipboard | undefined)?.writeText(key).then(
                () => this.announcer.announce(t('keys.copied')),
                () => {},
              );
            }}>${t('keys.copy')}</button></div></div>`
          : nothing
      }
      ${heading(sub + 1, t('keys.list'))}
      ${
        this.#officials.length
          ? html`<ul class="topics" part="officials">${this.#officials.map(
              (o) => html`<li class="topic">
              <p><strong>${o.name}</strong> · ${o.languages.map((l) => this.#langName(l)).join(', ')}
                ${o.keyIssuedAt ? html` · ${t('keys.issuedAt', { date: this.#date(o.keyIssuedAt) })}` : nothing}
                ${o.keyRevokedAt ? html` · <strong>${t('keys.revokedAt', { date: this.#date(o.keyRevokedAt) })}</strong>` : nothing}</p>
              ${
                o.keyRevokedAt
                  ? nothing
                  : this.#confirmRevoke === o.id
                    ? html`<p id="confirm-${o.id}">${t('keys.confirm', { name: o.name })}</p>
                      <div class="actions">
                        <button class="primary" type="button" part="button confirm-revoke" aria-describedby="confirm-${o.id}" @click=${() => void this.#revokeKey(o)}>${t('keys.confirmYes')}</button>
                        <button type="button" class="secondary" part="button cancel-revoke" @click=${() => {
                          this.#confirmRevoke = '';
                          this.#refresh();
                          this.#focus(`[data-official="${o.id}"]`);
                        }}>${t('keys.cancel')}</button>
                      </div>`
                    : html`<button type="button" class="secondary" part="button revoke" data-official=${o.id} @click=${() => {
                        this.#confirmRevoke = o.id;
                        this.#refresh();
                        this.#focus('[part~="confirm-revoke"]');
                      }}>${t('keys.revoke')}<span class="visually-hidden">: ${o.name}</span></button>`
              }
            </li>`,
            )}</ul>`
          : html`<p>${t('keys.empty')}</p>`
      }
      <form @submit=${(e: Event) => {
        e.preventDefault();
        void this.#issueKey();
      }}>
        ${heading(sub + 1, t('keys.new'))}
        <div class="field"><label for="k-name">${t('keys.name')}</label>
          <input id="k-name" type="text" maxlength="80" autocomplete="off" .value=${f.name} @input=${(e: InputEvent) => (f.name = (e.target as HTMLInputElement).value)} /></div>
        <fieldset id="k-languages"><legend>${t('keys.languages')}</legend>
          <div class="actions">${LANGS.map(
            (l) => html`<label class="choice"><input type="checkbox" value=${l} .checked=${f.languages.has(l)}
              @change=${(e: Event) => ((e.target as HTMLInputElement).checked ? f.languages.add(l) : f.languages.delete(l))} /> ${t(`lang.${l}`)}</label>`,
          )}</div>
        </fieldset>
        <button class="primary" type="submit" part="button issue-key">${t('keys.issue')}</button>
      </form>
      <button type="button" class="secondary" part="button keys-back" @click=${() => {
        this.#keysOpen = false;
        this.#issued = undefined;
        this.#confirmRevoke = '';
        this.#keyError = '';
        void this.#loadQueue();
        this.#focus('[part~="step-heading"]');
      }}>${t('keys.back')}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luukku-chat-console': LuukkuChatConsole;
  }
}
