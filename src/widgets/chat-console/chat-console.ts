import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { LuukkuElement } from '../../core/base-element.js';
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
}

const LANGS = ['fi', 'sv', 'en', 'se'] as const;

/**
 * `<luukku-chat-console>`: the officials' side of the chat advisor. An official signs in with
 * the organisation's staff key (kept in memory only), their name and the languages they serve
 * in; sees the organisation's queue per topic and language, claims a conversation (exactly one
 * official wins), answers with knowledge-base suggestions (one click inserts one), sees the
 * person's language and origin page, transfers with a note or closes; "Save as an answer"
 * makes a draft article that another official reviews and publishes here.
 * Its event stream authenticates with a short-lived stream token (EventSource sends no headers).
 *
 * @element luukku-chat-console
 * @attr organisation - The organisation whose queues the console shows (required).
 * @csspart base - The console.
 * @csspart heading - Its heading.
 * @csspart queue - The queue list.
 * @csspart log - The open conversation (`role="log"`).
 */
export class LuukkuChatConsole extends LuukkuElement {
  static override namespace = 'chat-console';
  static override states = ['sign-in', 'load-error', 'queue', 'claimed', 'transfer'] as const;
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
  #transfer = { topic: '', note: '' };
  #transferring = false;
  #typingUntil = 0;
  #source: EventSource | undefined;
  #problem = false;

  constructor() {
    super();
    this.state = 'sign-in';
    this._tick = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
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
    if (!this.#key || !this.#name.trim() || !this.#languages.size) {
      this.#error = this.#t('signIn.required');
      this.#refresh();
      this.#focus('#f-key');
      return;
    }
    try {
      const s = await this.#api<{ official: { id: string; name: string }; streamToken: string }>('/v1/chat/console/sessions', {
        method: 'POST',
        body: {
          organisation: this.organisation,
          name: this.#name.trim(),
          languages: [...this.#languages],
          ...(this.#official ? { official: this.#official.id } : {}),
        },
      });
      this.#official = s.official;
      this.#stream(s.streamToken);
      await this.#loadQueue();
      this.#focus('[part~="heading"]');
    } catch {
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
          void this.#api(`/v1/chat/console/conversations/${c.id}/read`, {
            method: 'POST',
            body: { official: this.#official?.id, seq: m.seq },
          }).catch(() => {});
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
      const q = await this.#api<{ conversations: QueueItem[]; desks: { topics: Topic[] } }>('/v1/chat/console/queue', {
        query: { organisation: this.organisation },
      });
      this.#queue = q.conversations;
      this.#topics = q.desks.topics;
      this.#drafts = (
        await this.#api<{ articles: Article[] }>('/v1/chat/kb/drafts', { query: { organisation: this.organisation } })
      ).articles;
      if (this.#open) {
        const fresh = await this.#api<Conversation>(`/v1/chat/console/conversations/${this.#open.id}`);
        this.#open = fresh;
      }
    } catch {
      /* keep the last queue */
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
      if (last) void this.#suggest(last.text);
      this.#focus('[part~="step-heading"]');
    } catch (e) {
      this.#notice = (e as { code?: string }).code === 'already_claimed' ? this.#t('queue.claimed') : this.#t('loadError.body');
      await this.#loadQueue();
    }
    this.#refresh();
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
  async #doTransfer(): Promise<void> {
    const c = this.#open;
    if (!c || !this.#transfer.topic) return;
    await this.#api(`/v1/chat/console/conversations/${c.id}/transfer`, {
      method: 'POST',
      body: { official: this.#official?.id, ...this.#transfer },
    }).catch(() => {});
    this.#open = undefined;
    this.#transferring = false;
    await this.#loadQueue();
    this.#focus('[part~="heading"]');
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
      ${this.#notice ? html`<p part="notice" role="status">${this.#notice}</p>` : nothing}
      ${
        this.#problem
          ? loadErrorPanel({ level: this.level.sub, title: this.#t('loadError.title'), body: this.#t('loadError.config') })
          : !this.#official
            ? this.#renderSignIn()
            : this.#open
              ? this.#renderConversation(this.#open)
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
        <input id="f-key" type="password" autocomplete="off" .value=${this.#key} @input=${(e: InputEvent) => (this.#key = (e.target as HTMLInputElement).value)} /></div>
      <div class="field"><label for="f-name">${t('signIn.name')}</label>
        <input id="f-name" type="text" maxlength="80" autocomplete="name" .value=${this.#name} @input=${(e: InputEvent) => (this.#name = (e.target as HTMLInputElement).value)} /></div>
      <fieldset><legend>${t('signIn.languages')}</legend>
        <div class="actions">${LANGS.map(
          (l) => html`<label><input type="checkbox" name="lang" value=${l} .checked=${this.#languages.has(l)}
            @change=${(e: Event) => ((e.target as HTMLInputElement).checked ? this.#languages.add(l) : this.#languages.delete(l))} /> ${l}</label>`,
        )}</div>
      </fieldset>
      <button type="submit" part="button sign-in">${t('signIn.submit')}</button>
    </form>`;
  }

  #renderQueue(): TemplateResult {
    const t = this.#t;
    const sub = this.level.sub;
    return html`
      ${heading(sub, t('queue.title'), { part: 'step-heading', focusable: true })}
      ${
        this.#queue.length
          ? html`<ul class="topics" part="queue">
            ${this.#queue.map(
              (q) => html`<li class="topic">
                <p><strong>${this.#topicName(q.topic)}</strong> · ${t('queue.language')}: <span lang=${q.language}>${q.language}</span> · ${t(`queue.status.${q.status}`)}
                  ${q.position ? html` · #${q.position}` : nothing} ${q.officialName ? html` · ${q.officialName}` : nothing}</p>
                ${q.preview ? html`<p lang=${q.language}>${q.preview}</p>` : nothing}
                ${q.originPage ? html`<p class="meta">${t('queue.from')}: ${q.originPage}</p>` : nothing}
                ${q.transferNote ? html`<p class="meta">${t('queue.note')}: ${q.transferNote}</p>` : nothing}
                ${
                  !q.officialId || q.officialId === this.#official?.id
                    ? html`<button type="button" part="button claim" @click=${() => void this.#claim(q)}>${q.officialId ? t('queue.open') : t('queue.claim')}</button>`
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
                  : html`<button type="button" part="button publish" @click=${() => void this.#publish(a)}>${t('drafts.publish')}</button>`
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
      <p class="meta">${t('queue.language')}: <span lang=${c.language}>${c.language}</span>${c.originPage ? html` · ${t('queue.from')}: ${c.originPage}` : nothing}</p>
      ${c.transferNote ? html`<p class="meta">${t('queue.note')}: ${c.transferNote}</p>` : nothing}
      ${c.hasEmail ? html`<p>${t('conv.email')}</p>` : nothing}
      <div class="log" role="log" part="log" tabindex="0" aria-label=${t('conv.title')}>
        <ol class="log-list">
        ${c.messages.map(
          (
            m,
          ) => html`<li class="msg ${m.author === 'person' ? 'official' : m.author === 'official' ? 'person' : 'system'}" lang=${m.author === 'person' ? c.language : this.localize.language}>
            <span class="meta">${m.author === 'person' ? t('conv.person') : m.author === 'official' ? t('conv.you') : t('conv.system')}</span>
            ${m.text ? html`<p>${m.text}</p>` : nothing}
            ${m.attachment ? html`<p><a href=${this.#url(`/v1/chat/console/conversations/${c.id}/attachments/${m.attachment.id}`)} download>${m.attachment.name}</a></p>` : nothing}
            ${m.author === 'official' ? html`<button type="button" class="secondary" part="button save-answer" @click=${() => void this.#saveAnswer(m)}>${t('conv.saveAnswer')}</button>` : nothing}
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
              <button type="button" part="button send" @click=${() => void this.#send()}>${t('conv.send')}</button>
              <button type="button" class="secondary" part="button transfer" aria-expanded=${this.#transferring ? 'true' : 'false'} @click=${() => {
                this.#transferring = !this.#transferring;
                this.#refresh();
              }}>${t('conv.transfer')}</button>
              <button type="button" class="secondary" part="button close" @click=${() => void this.#close()}>${t('conv.close')}</button>
            </div>
            ${
              this.#transferring
                ? html`<div part="transfer">
                  <div class="field"><label for="f-topic">${t('conv.transferTopic')}</label>
                    <select id="f-topic" @change=${(e: Event) => (this.#transfer.topic = (e.target as HTMLSelectElement).value)}>
                      <option value="">—</option>
                      ${this.#topics.filter((x) => x.id !== c.topic).map((x) => html`<option value=${x.id}>${this.#topicName(x.id)}</option>`)}
                    </select></div>
                  <div class="field"><label for="f-note">${t('conv.transferNote')}</label>
                    <textarea id="f-note" rows="2" maxlength="1000" @input=${(e: InputEvent) => (this.#transfer.note = (e.target as HTMLTextAreaElement).value)}></textarea></div>
                  <button type="button" part="button do-transfer" @click=${() => void this.#doTransfer()}>${t('conv.transfer')}</button>
                </div>`
                : nothing
            }
          `
      }
      <button type="button" class="secondary" @click=${() => {
        this.#open = undefined;
        this.#transferring = false;
        this.#refresh();
        this.#focus('[part~="step-heading"]');
      }}>${t('conv.back')}</button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'luukku-chat-console': LuukkuChatConsole;
  }
}
