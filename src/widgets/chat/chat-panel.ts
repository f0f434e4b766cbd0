/**
 * The open chat of `<luukku-chat>` (its own chunk, loaded on the launcher's first click):
 * knowledge-base suggestions while typing (debounced; a new keystroke aborts the previous
 * request), consent, "Ask an official" (topics with opening hours, officials on duty per
 * language, queue position and expected wait), the conversation over Server-Sent Events
 * (one stream per conversation per browser, shared through a Web Lock and BroadcastChannel,
 * stream.ts; resumes from the last message seq; messages carry a client id, so a retry never
 * duplicates), leave-a-message, transcript and the satisfaction question that feeds the
 * customer feedback of `<luukku-feedback>` (its form read from the API, never hard-coded).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { header } from '../../ui/header.js';
import { heading } from '../../ui/heading.js';
import { loadErrorPanel, loadingPanel, messagePanel } from '../../ui/status.js';
import type { FeedbackForm } from '../../core/api/client.js';
import type { LuukkuChat } from './chat.js';
import { SharedStream } from './stream.js';

type Lang = 'fi' | 'sv' | 'en' | 'se';
interface Article {
  id: string;
  slug: string;
  language: Lang;
  plain: boolean;
  title: string;
  body: string;
  source?: string;
  review: 'reviewed' | 'unreviewed';
}
interface Topic {
  id: string;
  name: Record<string, string>;
  hours: Record<string, [string, string]>;
  languages: string[];
  open: boolean;
  nextOpening?: { weekday: number; time: string };
  officialsOnDuty: Record<string, number>;
  waiting: Record<string, number>;
}
interface Message {
  seq: number;
  author: 'person' | 'official' | 'system';
  clientId: string;
  text: string;
  attachment?: { id: string; name: string; mediaType: string; size: number };
  sentAt: string;
  /** Client side: not yet stored (sending) or refused / unreachable (failed). */
  local?: 'sending' | 'failed';
}
interface Conversation {
  id: string;
  topic: string;
  language: Lang;
  status: 'queued' | 'active' | 'message' | 'closed';
  position?: number;
  expectedWaitMinutes?: number;
  official?: { name: string };
  officialReadSeq: number;
  messages: Message[];
}
/** The feedback form as the contract gives it (its organisation and service are objects with ids). */
type FormQuestion = FeedbackForm['questionnaire']['questions'][number];

const STORE = 'luukku-chat:';
const CONSENT = 'luukku-chat-consent';
const WEEKDAY_DATE = (d: number) => new Date(Date.UTC(2024, 0, d)); // 2024-01-01 was a Monday

export class ChatPanel {
  #el: LuukkuChat;
  #desks: Topic[] | undefined;
  #view: 'kb' | 'consent' | 'ask' | 'chat' | 'message-sent' | 'ended' = 'kb';
  #problem: 'config' | 'unavailable' | undefined;
  #query = '';
  #results: Article[] | undefined;
  #searching = false;
  #searchAbort: AbortController | undefined;
  #debounce: number | undefined;
  #consented = false;
  #topic = '';
  #email = '';
  #draft = '';
  #errors: Record<string, string> = {};
  #conversation: Conversation | undefined;
  #token = '';
  #stream: SharedStream | undefined;
  #online = navigator.onLine;
  #typingUntil = 0;
  #lastTypingSent = 0;
  #form: FeedbackForm | undefined;
  #rating: Record<string, number> = {};
  #rated = false;

  constructor(el: LuukkuChat) {
    this.#el = el;
    this.#consented = sessionStorage.getItem(CONSENT) === '1';
    this.#topic = el.topic ?? '';
    window.addEventListener('online', () => {
      this.#online = true;
      this.#update();
      void this.#resendFailed();
    });
    window.addEventListener('offline', () => {
      this.#online = false;
      this.#update();
    });
    void this.#load();
  }

  get #h() {
    return this.#el.host;
  }
  #t = (key: string, o?: Record<string, unknown>): string => this.#h.t(key, o);
  #update(): void {
    this.#el.requestUpdate();
    this.#h.setState(this.#state());
  }
  #state(): string {
    if (this.#problem) return 'load-error';
    if (!this.#desks) return 'loading';
    if (this.#view === 'chat') return this.#conversation?.status === 'queued' ? 'queue' : 'connected';
    if (this.#view === 'kb') return 'ready';
    return this.#view;
  }
  #url(path: string, q: Record<string, string | number | undefined> = {}): string {
    const u = new URL(this.#h.api + path, document.baseURI);
    for (const [k, v] of Object.entries(q)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.href;
  }
  async #fetch<T>(
    path: string,
    init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string>; query?: Record<string, string | number | undefined> } = {},
  ): Promise<T> {
    const res = await fetch(this.#url(path, init.query), {
      ...init,
      credentials: 'omit',
      headers: {
        accept: 'application/json, application/problem+json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });
    if (!res.ok) {
      const p = (await res.json().catch(() => ({}))) as { code?: string };
      throw Object.assign(new Error(p.code ?? String(res.status)), { status: res.status, code: p.code });
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  async #load(): Promise<void> {
    this.#problem = undefined;
    this.#desks = undefined;
    this.#update();
    const organisation = this.#el.organisation;
    if (!organisation) {
      this.#problem = 'config';
      this.#update();
      return;
    }
    try {
      const d = await this.#fetch<{ topics: Topic[] }>('/v1/chat/desks', { query: { organisation } });
      this.#desks = d.topics;
      if (!this.#topic || !d.topics.some((t) => t.id === this.#topic)) this.#topic = d.topics[0]?.id ?? '';
      // A conversation this tab already has (only after consent) continues after a reload.
      const stored = this.#consented ? sessionStorage.getItem(STORE + organisation) : null;
      if (stored) {
        const { id, token } = JSON.parse(stored) as { id: string; token: string };
        this.#token = token;
        try {
          this.#conversation = await this.#fetch<Conversation>(`/v1/chat/conversations/${id}`, { query: { token } });
          this.#view = this.#conversation.status === 'closed' ? 'ended' : 'chat';
          if (this.#view === 'chat') this.#connect();
          else void this.#loadForm();
        } catch {
          sessionStorage.removeItem(STORE + organisation);
        }
      }
    } catch (e) {
      const status = (e as { status?: number }).status ?? 0;
      this.#problem = status >= 400 && status < 500 ? 'config' : 'unavailable';
    }
    this.#update();
  }

  // ——— knowledge base ———
  #onQuery(value: string): void {
    this.#query = value;
    window.clearTimeout(this.#debounce);
    this.#searchAbort?.abort();
    if (value.trim().length < 2) {
      this.#results = undefined;
      this.#searching = false;
      this.#update();
      return;
    }
    this.#searching = true;
    this.#update();
    this.#debounce = window.setTimeout(() => void this.#search(value), 200);
  }
  async #search(q: string): Promise<void> {
    const abort = new AbortController();
    this.#searchAbort = abort;
    try {
      const r = await this.#fetch<{ results: Article[] }>('/v1/chat/kb/search', {
        query: { organisation: this.#el.organisation, q, lang: this.#h.language, plain: this.#h.plain ? 'true' : undefined, limit: 5 },
        signal: abort.signal,
      });
      if (abort.signal.aborted) return;
      this.#results = r.results;
      this.#searching = false;
      this.#h.announce(r.results.length ? this.#t('kb.found', { count: r.results.length }) : this.#t('kb.none'));
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      this.#searching = false;
      this.#results = [];
    }
    this.#update();
  }

  // ——— asking an official ———
  #ask(): void {
    this.#view = this.#consented ? 'ask' : 'consent';
    this.#update();
    this.#focus('[part~="step-heading"]');
  }
  #consent(yes: boolean): void {
    if (yes) {
      this.#consented = true;
      sessionStorage.setItem(CONSENT, '1');
      this.#view = 'ask';
    } else this.#view = 'kb';
    this.#update();
    this.#focus(yes ? '[part~="step-heading"]' : 'input[type="search"]');
  }
  #lang(): Lang {
    const l = this.#h.language;
    return l === 'sv' || l === 'en' || l === 'se' ? l : 'fi';
  }
  /** Whether a live chat is possible for the topic now: open and an official serving this language on duty. */
  #liveFor(t: Topic): boolean {
    return t.open && (t.officialsOnDuty[this.#lang()] ?? 0) > 0;
  }
  async #start(): Promise<void> {
    const topic = this.#desks?.find((t) => t.id === this.#topic);
    if (!topic) return;
    const live = this.#liveFor(topic);
    this.#errors = {};
    if (!live) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(this.#email)) this.#errors.email = this.#t('message.emailInvalid');
      if (!this.#draft.trim()) this.#errors.text = this.#t('message.textRequired');
      if (Object.keys(this.#errors).length) {
        this.#update();
        this.#focus(this.#errors.email ? '#chat-email' : '#chat-text');
        return;
      }
    }
    try {
      const r = await this.#fetch<{ token: string; conversation: Conversation }>('/v1/chat/conversations', {
        method: 'POST',
        body: JSON.stringify({
          organisation: this.#el.organisation,
          topic: topic.id,
          language: this.#lang(),
          mode: live ? 'live' : 'message',
          page: (this.#el.page ?? location.origin + location.pathname).slice(0, 500),
          ...(live ? {} : { email: this.#email, text: this.#draft, clientId: crypto.randomUUID() }),
        }),
      });
      this.#token = r.token;
      this.#conversation = r.conversation;
      sessionStorage.setItem(STORE + (this.#el.organisation ?? ''), JSON.stringify({ id: r.conversation.id, token: r.token }));
      if (live) {
        this.#view = 'chat';
        this.#connect();
        this.#h.announce(
          this.#t('queue.position', { position: r.conversation.position ?? 1, minutes: r.conversation.expectedWaitMinutes ?? 0 }),
        );
      } else {
        this.#draft = '';
        this.#view = 'message-sent';
      }
    } catch (e) {
      this.#errors.form = this.#t((e as { code?: string }).code === 'conversation_closed' ? 'ask.closedNow2' : 'ask.failed');
      void this.#reloadDesks();
    }
    this.#update();
    this.#focus('[part~="step-heading"]');
  }
  async #reloadDesks(): Promise<void> {
    try {
      this.#desks = (await this.#fetch<{ topics: Topic[] }>('/v1/chat/desks', { query: { organisation: this.#el.organisation } })).topics;
      this.#update();
    } catch {
      /* keep the old view */
    }
  }

  // ——— the conversation ———
  #lastSeq(): number {
    return Math.max(0, ...(this.#conversation?.messages ?? []).filter((m) => !m.local).map((m) => m.seq));
  }
  #connect(): void {
    const c = this.#conversation;
    if (!c || this.#stream) return;
    this.#stream = new SharedStream(
      `luukku-chat:${c.id}`,
      () => this.#url(`/v1/chat/conversations/${c.id}/events`, { token: this.#token, after: this.#lastSeq() }),
      (type, data) => this.#onEvent(type, data),
    );
  }
  #onEvent(type: string, data = '{}'): void {
    if (type === 'message') this.#receive(JSON.parse(data) as Message);
    else if (type === 'typing') {
      if ((JSON.parse(data) as { author: string }).author !== 'official') return;
      const first = this.#typingUntil < Date.now();
      this.#typingUntil = Date.now() + 4000;
      if (first) this.#h.announce(this.#t('chat.typing'));
      this.#update();
      window.setTimeout(() => this.#update(), 4100);
    } else if (type === 'error') {
      this.#online = false;
      this.#update();
    } else {
      // open / follow (what happened before this participant was listening), read, state, queue.
      if (type === 'open' || type === 'follow') this.#online = true;
      void this.#refresh();
    }
  }
  #disconnect(): void {
    this.#stream?.close();
    this.#stream = undefined;
  }
  /** The element left the page: leave the stream (another chat of this conversation takes it over). */
  pause(): void {
    this.#disconnect();
  }
  /** The element is back on the page. */
  resume(): void {
    if (this.#view === 'chat') this.#connect();
  }
  #sortLog(messages: Message[]): Message[] {
    return messages.sort((a, b) => (a.local ? 1 : 0) - (b.local ? 1 : 0) || a.seq - b.seq);
  }
  #receive(m: Message): void {
    const c = this.#conversation;
    if (!c) return;
    const i = c.messages.findIndex((x) => x.seq === m.seq || (x.author === m.author && x.clientId === m.clientId));
    if (i >= 0) c.messages[i] = m;
    else {
      c.messages.push(m);
      if (m.author === 'official') {
        this.#h.announce(this.#t('chat.newMessage'));
        this.#typingUntil = 0;
      }
    }
    this.#sortLog(c.messages);
    this.#update();
    void this.#markRead();
    this.#scrollLog();
  }
  #scrollLog(): void {
    void this.#el.updateComplete.then(() => {
      const log = this.#el.renderRoot.querySelector('.log');
      log?.scrollTo({ top: log.scrollHeight });
    });
  }
  async #refresh(): Promise<void> {
    const c = this.#conversation;
    if (!c) return;
    try {
      const wasQueued = c.status === 'queued';
      const fresh = await this.#fetch<Conversation>(`/v1/chat/conversations/${c.id}`, { query: { token: this.#token } });
      if (this.#conversation?.id !== c.id) return; // forgotten meanwhile
      // Keep what arrived while the request was under way (and what is still being sent).
      const now = this.#conversation.messages;
      const same = (a: Message, b: Message) => a.seq === b.seq || (a.author === b.author && a.clientId === b.clientId);
      this.#conversation = {
        ...fresh,
        messages: this.#sortLog([...fresh.messages, ...now.filter((m) => !fresh.messages.some((f) => same(f, m)))]),
      };
      if (wasQueued && fresh.status === 'active') this.#h.announce(this.#t('chat.joined', { name: fresh.official?.name ?? '' }));
      if (fresh.status === 'closed') this.#end(false);
      this.#update();
    } catch (e) {
      if ((e as { status?: number }).status === 404) this.#forget();
    }
  }
  async #markRead(): Promise<void> {
    const c = this.#conversation;
    const seq = Math.max(0, ...(c?.messages ?? []).filter((m) => m.author === 'official').map((m) => m.seq));
    if (!c || !seq || document.visibilityState !== 'visible') return;
    await this.#fetch(`/v1/chat/conversations/${c.id}/read`, {
      method: 'POST',
      query: { token: this.#token },
      body: JSON.stringify({ seq }),
    }).catch(() => {});
  }
  async #send(): Promise<void> {
    const c = this.#conversation;
    const text = this.#draft;
    if (!c) return;
    if (!text.trim()) {
      this.#errors = { text: this.#t('message.textRequired') };
      this.#update();
      this.#focus('#chat-text');
      return;
    }
    this.#errors = {};
    this.#draft = '';
    // The draft is not re-rendered per keystroke, so the binding still holds '': empty the box itself.
    const box = this.#el.renderRoot.querySelector<HTMLTextAreaElement>('#chat-text');
    if (box) box.value = '';
    const m: Message = {
      seq: Number.MAX_SAFE_INTEGER,
      author: 'person',
      clientId: crypto.randomUUID(),
      text,
      sentAt: new Date().toISOString(),
      local: 'sending',
    };
    c.messages.push(m);
    this.#update();
    this.#scrollLog();
    await this.#deliver(m);
  }
  async #deliver(m: Message): Promise<void> {
    const c = this.#conversation;
    if (!c) return;
    m.local = 'sending';
    this.#update();
    try {
      const stored = await this.#fetch<Message>(`/v1/chat/conversations/${c.id}/messages`, {
        method: 'POST',
        query: { token: this.#token },
        body: JSON.stringify({ clientId: m.clientId, text: m.text }),
      });
      this.#receive(stored);
    } catch (e) {
      m.local = 'failed';
      const code = (e as { code?: string }).code;
      this.#h.announce(this.#t(code === 'rate_limited' ? 'chat.tooFast' : 'chat.failed'), true);
      this.#update();
    }
  }
  async #resendFailed(): Promise<void> {
    for (const m of this.#conversation?.messages.filter((x) => x.local === 'failed') ?? []) await this.#deliver(m);
  }
  #onDraft(value: string): void {
    this.#draft = value;
    const c = this.#conversation;
    if (c && this.#view === 'chat' && Date.now() - this.#lastTypingSent > 3000 && value) {
      this.#lastTypingSent = Date.now();
      void this.#fetch(`/v1/chat/conversations/${c.id}/typing`, { method: 'POST', query: { token: this.#token } }).catch(() => {});
    }
  }
  async #attach(file: File): Promise<void> {
    const c = this.#conversation;
    if (!c) return;
    if (file.size > 2 * 1024 * 1024) {
      this.#errors = { file: this.#t('chat.fileTooLarge') };
      this.#update();
      return;
    }
    try {
      const stored = await fetch(
        this.#url(`/v1/chat/conversations/${c.id}/attachments`, { token: this.#token, name: file.name, clientId: crypto.randomUUID() }),
        {
          method: 'POST',
          body: file,
          credentials: 'omit',
          headers: { 'content-type': 'application/octet-stream' },
        },
      );
      if (!stored.ok) throw new Error(String(stored.status));
      this.#errors = {};
      this.#receive((await stored.json()) as Message);
    } catch {
      this.#errors = { file: this.#t('chat.fileRefused') };
      this.#update();
    }
  }
  async #close(): Promise<void> {
    const c = this.#conversation;
    if (!c) return;
    await this.#fetch(`/v1/chat/conversations/${c.id}/close`, { method: 'POST', query: { token: this.#token } }).catch(() => {});
    this.#end(true);
  }
  #end(focus: boolean): void {
    this.#disconnect();
    this.#view = 'ended';
    void this.#loadForm();
    this.#update();
    if (focus) this.#focus('[part~="step-heading"]');
  }
  #forget(): void {
    this.#disconnect();
    sessionStorage.removeItem(STORE + (this.#el.organisation ?? ''));
    this.#conversation = undefined;
    this.#token = '';
    this.#view = 'kb';
    this.#update();
  }
  async #delete(): Promise<void> {
    const c = this.#conversation;
    if (!c) return;
    await fetch(this.#url(`/v1/chat/conversations/${c.id}`, { token: this.#token }), { method: 'DELETE', credentials: 'omit' }).catch(
      () => {},
    );
    this.#forget();
    this.#h.announce(this.#t('ended.deleted'));
    this.#focus('[part~="heading"]');
  }
  async #loadForm(): Promise<void> {
    try {
      this.#form = await this.#fetch('/v1/feedback/form', { query: { organisation: this.#el.organisation, service: 'customer-service' } });
      this.#update();
    } catch {
      this.#form = undefined;
    }
  }
  /** A question's text in the person's language (plain where written), else the Finnish standard text. */
  #label(q: FormQuestion): string {
    const label = q.label as Record<string, string | undefined>;
    const lang = this.#h.language;
    return (this.#h.plain ? label[`${lang}-plain`] : undefined) ?? label[lang] ?? q.label.fi;
  }
  /** The `lang` of that text: the Finnish fallback is marked as Finnish. */
  #labelLang(q: FormQuestion): string {
    return (q.label as Record<string, string | undefined>)[this.#h.language] ? this.#h.language : 'fi';
  }
  /** The questions of the satisfaction step: the form's required scale questions (or its first scale question). */
  #questions(): FormQuestion[] {
    // Every question of the contract's form is a scale question (free text is a separate field).
    const scale = this.#form?.questionnaire.questions ?? [];
    const required = scale.filter((q) => q.required);
    return required.length ? required : scale.slice(0, 1);
  }
  async #rate(): Promise<void> {
    const f = this.#form;
    if (!f) return;
    await this.#fetch('/v1/feedback', {
      method: 'POST',
      headers: { 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({
        organisation: f.organisation.id,
        service: f.service.id,
        questionnaire: { id: f.questionnaire.id, version: f.questionnaire.version },
        answers: this.#rating,
        locale: this.#lang(),
        plainLanguage: this.#h.plain,
      }),
    })
      .then(() => {
        this.#rated = true;
        this.#h.announce(this.#t('ended.thanks'));
      })
      .catch(() => {
        this.#errors = { rating: this.#t('ended.ratingFailed') };
      });
    this.#update();
  }
  #focus(selector: string): void {
    void this.#el.updateComplete.then(() => this.#el.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  // ——— rendering ———
  #name(t: Topic): string {
    return t.name[this.#h.language] ?? t.name.fi ?? t.id;
  }
  #hours(t: Topic): string {
    // Northern Sámi where the browser has its names of days (Chromium and Node do), else Finnish.
    const lng = Intl.DateTimeFormat.supportedLocalesOf([this.#h.language]).length ? this.#h.language : 'fi';
    const day = (d: number) => new Intl.DateTimeFormat(lng, { weekday: 'short', timeZone: 'UTC' }).format(WEEKDAY_DATE(d));
    // Consecutive days with the same hours as one range: "ma–pe 09:00–15:00".
    const runs: { from: number; to: number; hours: string }[] = [];
    for (const [d, [a, b]] of Object.entries(t.hours).sort(([x], [y]) => Number(x) - Number(y))) {
      const last = runs.at(-1);
      if (last && last.to === Number(d) - 1 && last.hours === `${a}–${b}`) last.to = Number(d);
      else runs.push({ from: Number(d), to: Number(d), hours: `${a}–${b}` });
    }
    return runs.map((r) => `${day(r.from)}${r.to > r.from ? `–${day(r.to)}` : ''} ${r.hours}`).join(', ');
  }

  render(): TemplateResult {
    const h = this.#h;
    const t = this.#t;
    return html`
      <section part="base" lang=${h.language} aria-labelledby="heading" aria-busy=${this.#state() === 'loading' ? 'true' : 'false'}>
        ${header({
          level: h.level.heading,
          title: t('title'),
          plain: h.plain,
          plainLabel: t('common:plainLanguage'),
          onTogglePlain: () => h.togglePlain(),
        })}
        ${this.#body()}
      </section>
    `;
  }

  #body(): TemplateResult | typeof nothing {
    const t = this.#t;
    if (this.#problem)
      return loadErrorPanel({
        level: this.#h.level.sub,
        title: t('loadError.title'),
        body: t(this.#problem === 'config' ? 'loadError.config' : 'loadError.body'),
        retry:
          this.#problem === 'config'
            ? undefined
            : { label: t('common:retry'), onClick: () => void this.#load().then(() => this.#focus('[part~="heading"]')) },
      });
    if (!this.#desks) return loadingPanel(t('loading'));
    switch (this.#view) {
      case 'consent':
        return this.#renderConsent();
      case 'ask':
        return this.#renderAsk();
      case 'chat':
        return this.#renderChat();
      case 'message-sent':
        return html`${messagePanel({ level: this.#h.level.sub, title: t('message.sentTitle'), body: t('message.sentBody'), tone: 'success', part: 'status step-heading', focusable: true })}
          <button type="button" class="secondary" @click=${() => this.#forget()}>${t('ended.again')}</button>`;
      case 'ended':
        return this.#renderEnded();
      default:
        return this.#renderKb();
    }
  }

  #renderKb(): TemplateResult {
    const t = this.#t;
    const sub = this.#h.level.sub;
    return html`
      <div class="field">
        <label for="chat-q">${t('kb.label')}</label>
        <p class="hint" id="chat-q-hint">${t('kb.hint')}</p>
        <input id="chat-q" type="search" autocomplete="off" maxlength="200" aria-describedby="chat-q-hint" .value=${this.#query}
          @input=${(e: InputEvent) => this.#onQuery((e.target as HTMLInputElement).value)} />
      </div>
      <div part="suggestions" aria-busy=${this.#searching ? 'true' : 'false'}>
        ${this.#searching ? html`<p class="meta">${t('kb.searching')}</p>` : nothing}
        ${this.#results && !this.#searching && !this.#results.length ? html`<p part="no-match">${t('kb.none')}</p>` : nothing}
        ${
          this.#results?.length
            ? html`<ul class="suggestions" aria-label=${t('kb.listLabel')}>
              ${this.#results.map(
                (a) => html`<li class="article" lang=${a.language}>
                  ${heading(sub, a.title, { class: 'article-title' })}
                  <p>${a.body}</p>
                  <p class="meta">${a.source ? html`${t('kb.source')}: ${a.source}` : nothing}</p>
                  <p class="badge ${a.review}" lang=${this.#h.language}>${t(a.review === 'reviewed' ? 'kb.reviewed' : 'kb.unreviewed')}</p>
                </li>`,
              )}
            </ul>`
            : nothing
        }
      </div>
      <div class="actions">
        <button type="button" class="primary" part="button ask" @click=${() => this.#ask()}>${t('ask.button')}</button>
      </div>
    `;
  }

  #renderConsent(): TemplateResult {
    const t = this.#t;
    return html`
      <div part="consent">
        ${heading(this.#h.level.sub, t('consent.title'), { part: 'step-heading', focusable: true })}
        <p>${t('consent.what')}</p>
        <ul>
          <li>${t('consent.kept')}</li>
          <li>${t('consent.how')}</li>
          <li>${t('consent.who')}</li>
          <li>${t('consent.cookies')}</li>
        </ul>
        <div class="actions">
          <button type="button" class="primary" part="button" @click=${() => this.#consent(true)}>${t('consent.agree')}</button>
          <button type="button" part="button" class="secondary" @click=${() => this.#consent(false)}>${t('consent.decline')}</button>
        </div>
      </div>
    `;
  }

  #renderAsk(): TemplateResult {
    const t = this.#t;
    const lang = this.#lang();
    const topics = this.#desks ?? [];
    const selected = topics.find((x) => x.id === this.#topic);
    const live = selected ? this.#liveFor(selected) : false;
    return html`
      ${heading(this.#h.level.sub, t('ask.title'), { part: 'step-heading', focusable: true })}
      ${this.#errors.form ? html`<p role="alert" class="error">${this.#errors.form}</p>` : nothing}
      <fieldset>
        <legend>${t('ask.topic')}</legend>
        <ul class="topics">
          ${topics.map((x) => {
            const duty = x.officialsOnDuty[lang] ?? 0;
            return html`<li class="topic">
              <input type="radio" name="topic" id="topic-${x.id}" .checked=${x.id === this.#topic}
                @change=${() => {
                  this.#topic = x.id;
                  this.#update();
                }} />
              <label for="topic-${x.id}"><strong>${this.#name(x)}</strong></label>
              <p class="meta">${t('ask.hours')}: ${this.#hours(x)} (${t('ask.timezone')})</p>
              <p class="meta">${x.open ? t('ask.openNow') : t('ask.closedNow')} · ${
                x.languages.includes(lang) ? (duty > 0 ? t('ask.onDuty', { count: duty }) : t('ask.noneOnDuty')) : t('ask.notInLanguage')
              }
                ${x.open && duty > 0 ? html` · ${t('ask.waiting', { count: x.waiting[lang] ?? 0 })}` : nothing}</p>
            </li>`;
          })}
        </ul>
      </fieldset>
      ${
        live
          ? html`<div class="actions"><button type="button" class="primary" part="button start" @click=${() => void this.#start()}>${t('ask.start')}</button>
            <button type="button" class="secondary" @click=${() => {
              this.#view = 'kb';
              this.#update();
            }}>${t('ask.back')}</button></div>`
          : this.#renderLeaveMessage()
      }
    `;
  }

  #field(id: string, label: string, error: string | undefined, input: TemplateResult): TemplateResult {
    return html`<div class="field ${error ? 'invalid' : ''}">
      <label for=${id}>${label}</label>
      ${error ? html`<p class="error" id="${id}-error"><span class="visually-hidden">${this.#t('common:errorPrefix')}</span> ${error}</p>` : nothing}
      ${input}
    </div>`;
  }

  #renderLeaveMessage(): TemplateResult {
    const t = this.#t;
    return html`
      <div part="leave-message">
        <p>${t('message.intro')}</p>
        ${this.#field(
          'chat-email',
          t('message.email'),
          this.#errors.email,
          html`<input id="chat-email" type="email" autocomplete="email" maxlength="254" .value=${this.#email}
            aria-invalid=${this.#errors.email ? 'true' : 'false'} aria-describedby=${this.#errors.email ? 'chat-email-error' : nothing}
            @input=${(e: InputEvent) => (this.#email = (e.target as HTMLInputElement).value)} />`,
        )}
        ${this.#field(
          'chat-text',
          t('message.text'),
          this.#errors.text,
          html`<textarea id="chat-text" rows="4" maxlength="2000" .value=${this.#draft}
            aria-invalid=${this.#errors.text ? 'true' : 'false'} aria-describedby=${this.#errors.text ? 'chat-text-error' : nothing}
            @input=${(e: InputEvent) => this.#onDraft((e.target as HTMLTextAreaElement).value)}></textarea>`,
        )}
        <div class="actions"><button type="button" class="primary" part="button send-message" @click=${() => void this.#start()}>${t('message.send')}</button></div>
      </div>
    `;
  }

  #renderChat(): TemplateResult {
    const t = this.#t;
    const c = this.#conversation;
    if (!c) return html``;
    const typing = this.#typingUntil > Date.now();
    return html`
      ${heading(
        this.#h.level.sub,
        c.status === 'queued' ? t('queue.title') : t('chat.title', { name: c.official?.name ?? t('chat.official') }),
        { part: 'step-heading', focusable: true },
      )}
      ${
        c.status === 'queued'
          ? html`<p part="queue">${t('queue.position', { position: c.position ?? 1, minutes: c.expectedWaitMinutes ?? 0 })}</p>`
          : nothing
      }
      ${this.#online ? nothing : messagePanel({ level: this.#h.level.sub + 1, title: t('chat.offlineTitle'), body: t('chat.offlineBody'), tone: 'offline', part: 'offline' })}
      <div class="log" role="log" part="log" aria-label=${t('chat.logLabel')} tabindex="0">
        <ol class="log-list">
        ${c.messages.map((m) => this.#renderMessage(m, c))}
      </ol>
      </div>
      <p class="typing" part="typing">${typing ? t('chat.typing') : nothing}</p>
      ${this.#field(
        'chat-text',
        t('chat.compose'),
        this.#errors.text,
        html`<textarea id="chat-text" rows="3" maxlength="2000" .value=${this.#draft}
          aria-invalid=${this.#errors.text ? 'true' : 'false'} aria-describedby=${this.#errors.text ? 'chat-text-error' : nothing}
          @input=${(e: InputEvent) => this.#onDraft((e.target as HTMLTextAreaElement).value)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void this.#send();
            }
          }}></textarea>`,
      )}
      ${this.#field(
        'chat-file',
        t('chat.attach'),
        this.#errors.file,
        html`<input id="chat-file" type="file" accept="image/jpeg,image/png,application/pdf"
          @change=${(e: Event) => {
            const f = (e.target as HTMLInputElement).files?.[0];
            if (f) void this.#attach(f);
          }} />`,
      )}
      <div class="actions">
        <button type="button" class="primary" part="button send" @click=${() => void this.#send()}>${t('chat.send')}</button>
        <button type="button" part="button end" class="secondary" @click=${() => void this.#close()}>${t('chat.end')}</button>
      </div>
    `;
  }

  #renderMessage(m: Message, c: Conversation): TemplateResult {
    const t = this.#t;
    const who =
      m.author === 'person' ? t('chat.you') : m.author === 'official' ? (c.official?.name ?? t('chat.official')) : t('chat.system');
    const text =
      m.author === 'system'
        ? m.text.startsWith('official-joined:')
          ? t('chat.joined', { name: m.text.slice(16) })
          : m.text.startsWith('transferred:')
            ? t('chat.transferred')
            : m.text
        : m.text;
    const state =
      m.local === 'sending'
        ? t('chat.sending')
        : m.local === 'failed'
          ? t('chat.notSent')
          : m.author === 'person'
            ? c.officialReadSeq >= m.seq
              ? t('chat.read')
              : t('chat.delivered')
            : '';
    return html`<li class="msg ${m.author}" part="message ${m.local ?? ''}">
      <span class="visually-hidden">${who}:</span><span class="meta" aria-hidden="true">${who}</span>
      ${text ? html`<p>${text}</p>` : nothing}
      ${m.attachment ? html`<p><a href=${this.#url(`/v1/chat/conversations/${c.id}/attachments/${m.attachment.id}`, { token: this.#token })} download=${m.attachment.name}>${m.attachment.name}</a></p>` : nothing}
      ${state ? html`<span class="meta">${state}</span>` : nothing}
      ${m.local === 'failed' ? html` <button type="button" class="secondary" @click=${() => void this.#deliver(m)}>${t('chat.retry')}</button>` : nothing}
    </li>`;
  }

  #renderEnded(): TemplateResult {
    const t = this.#t;
    const c = this.#conversation;
    const questions = this.#questions();
    return html`
      ${heading(this.#h.level.sub, t('ended.title'), { part: 'step-heading', focusable: true })}
      ${
        c
          ? html`<p>${t('ended.transcript')}:
            <a part="transcript" href=${this.#url(`/v1/chat/conversations/${c.id}/transcript`, { token: this.#token, format: 'text' })} download>${t('ended.text')}</a>,
            <a part="transcript" href=${this.#url(`/v1/chat/conversations/${c.id}/transcript`, { token: this.#token, format: 'html' })} download>${t('ended.html')}</a></p>`
          : nothing
      }
      ${
        this.#rated
          ? html`<p part="thanks">${t('ended.thanks')}</p>`
          : questions.map(
              (q) => html`<fieldset part="satisfaction">
              <legend lang=${this.#labelLang(q)}>${this.#label(q)}</legend>
              <div class="actions rating">
                ${Array.from({ length: (q.scaleMax ?? 5) - (q.scaleMin ?? 1) + 1 }, (_, i) => (q.scaleMin ?? 1) + i).map(
                  (v) => html`<label><input type="radio" name="rate-${q.id}" .checked=${this.#rating[q.id] === v}
                    @change=${() => {
                      this.#rating = { ...this.#rating, [q.id]: v };
                      this.#update();
                    }} /> ${v}</label>`,
                )}
              </div>
              <p class="meta">${t('ended.scale')}</p>
            </fieldset>`,
            )
      }
      ${this.#errors.rating ? html`<p role="alert" class="error">${this.#errors.rating}</p>` : nothing}
      ${
        !this.#rated && questions.length
          ? html`<div class="actions"><button type="button" class="primary" part="button rate" ?disabled=${questions.some((q) => this.#rating[q.id] === undefined)} @click=${() => void this.#rate()}>${t('ended.rate')}</button></div>`
          : nothing
      }
      <div class="actions">
        <button type="button" class="secondary" part="button delete" @click=${() => void this.#delete()}>${t('ended.delete')}</button>
        <button type="button" class="secondary" @click=${() => this.#forget()}>${t('ended.again')}</button>
      </div>
    `;
  }
}
