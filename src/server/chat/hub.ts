/**
 * Real-time fan-out of the chat. Every change is announced with `pg_notify('luukku_chat', …)`
 * carrying ids only (well under PostgreSQL's 8,000-byte payload limit); every instance
 * LISTENs, reads the row once and writes the event, encoded once, to each of its open
 * streams. Streams are written to the raw Node response (no per-connection stream helper),
 * so an open stream costs a few kilobytes; under `app.request()` (tests) a ReadableStream.
 *
 * A stream resumes from `Last-Event-ID` (the message `seq`): it registers first, buffers what
 * arrives while the backlog is read, then drops anything it has already sent, so a message
 * is neither lost nor repeated.
 */
import type { ServerResponse } from 'node:http';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import { toMessage, type MessageRow, type ChatMessage } from './conversations.js';

import { CHANNEL, NOTIFY_MAX_BYTES } from './notify.js';

export { CHANNEL };

/** What goes through NOTIFY: kind, organisation, conversation, seq / author. */
export type HubEvent =
  /**
   * A message, announced by the INSERT's own statement (Conversations.addMessage): `m` carries it
   * whole when the payload stays under NOTIFY's limit (no read back), else only `s`.
   */
  | { t: 'm'; o: string; c: string; s: number; m?: ChatMessage }
  | { t: 'typing'; o: string; c: string; a: 'person' | 'official' }
  | { t: 'read'; o: string; c: string; a: 'person' | 'official'; s: number }
  | { t: 'state'; o: string; c: string }
  | { t: 'queue'; o: string }
  /** An official's own key was revoked: every instance ends that official's console streams. */
  | { t: 'revoke'; o: string; f: string };

export interface Sink {
  organisation: string;
  /** A person's stream: its conversation. A console's stream: undefined (every conversation of the organisation). */
  conversation?: string | undefined;
  officialId?: string | undefined;
  write(chunk: Buffer): void;
  close(): void;
  /** The highest message seq written (resume and de-duplication). */
  lastSeq: number;
  /** While the backlog is being read: events held back. */
  pending?: { seq: number; chunk: Buffer }[] | undefined;
}

const encoder = (event: string, data: unknown, id?: number): Buffer =>
  Buffer.from(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

export class ChatHub {
  private readonly byConversation = new Map<string, Set<Sink>>();
  private readonly byOrganisation = new Map<string, Set<Sink>>();
  private stopListening: (() => Promise<void>) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Message reads in flight, shared by concurrent notifications of the same seq. */
  private readonly reading = new Map<number, Promise<ChatMessage | undefined>>();
  private static readonly PING = Buffer.from(': ping\n\n');

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    let n = 0;
    for (const s of this.byOrganisation.values()) n += s.size;
    return n;
  }

  #started: Promise<void> | undefined;

  /**
   * Starts listening (once). Lazy: the first stream or announcement starts it, so a server
   * start does no chat work on PGlite's thread before anyone chats.
   */
  start(): Promise<void> {
    return (this.#started ??= this.#start());
  }

  async #start(): Promise<void> {
    if (this.db.listen) {
      this.stopListening = await this.db.listen(
        CHANNEL,
        (p) => this.receive(p),
        () => void this.resync(),
      );
    }
    // One timer for every stream: a comment line keeps proxies from closing idle streams, and
    // officials with an open console stream stay "on duty" (last_seen) on every instance.
    this.heartbeat = setInterval(() => void this.beat(), 20_000);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    await this.#started.catch(() => {});
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.byOrganisation.values()) for (const s of set) s.close();
    this.byConversation.clear();
    this.byOrganisation.clear();
    await this.stopListening?.().catch(() => {});
  }

  private async beat(): Promise<void> {
    const officials = new Set<string>();
    for (const set of this.byOrganisation.values()) {
      for (const s of set) {
        s.write(ChatHub.PING);
        if (s.officialId) officials.add(s.officialId);
      }
    }
    if (officials.size) {
      await this.db
        .query('UPDATE chat_officials SET last_seen = now() WHERE id = ANY($1::uuid[])', [[...officials]])
        .catch((err: unknown) => this.logger.warn('chat: presence update failed', { error: String(err) }));
    }
  }

  /** Announces `event` to every instance (this one included, through LISTEN). */
  async publish(event: HubEvent): Promise<void> {
    await this.start();
    let payload = JSON.stringify(event);
    if (event.t === 'm' && event.m && Buffer.byteLength(payload) > NOTIFY_MAX_BYTES) {
      payload = JSON.stringify({ t: 'm', o: event.o, c: event.c, s: event.s });
    }
    if (this.db.listen) await this.db.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    else this.receive(payload);
  }

  add(sink: Sink): () => void {
    void this.start();
    const org = this.byOrganisation.get(sink.organisation) ?? new Set();
    org.add(sink);
    this.byOrganisation.set(sink.organisation, org);
    if (sink.conversation) {
      const conv = this.byConversation.get(sink.conversation) ?? new Set();
      conv.add(sink);
      this.byConversation.set(sink.conversation, conv);
    }
    return () => {
      org.delete(sink);
      if (!org.size) this.byOrganisation.delete(sink.organisation);
      if (sink.conversation) {
        const conv = this.byConversation.get(sink.conversation);
        conv?.delete(sink);
        if (conv && !conv.size) this.byConversation.delete(sink.conversation);
      }
    };
  }

  /** Ends an official's console streams on this instance (their key was revoked; other instances hear a `revoke` event). */
  closeOfficial(official: string): void {
    for (const set of this.byOrganisation.values()) for (const s of [...set]) if (s.officialId === official) s.close();
  }

  /** Ends every stream of a conversation (deleted, or closed by its person). */
  closeConversation(conversation: string): void {
    for (const s of [...(this.byConversation.get(conversation) ?? [])]) s.close();
  }

  /** Writes a message event to a sink unless it already has it (or holds it back while the backlog is read). */
  static deliver(sink: Sink, seq: number, chunk: Buffer): void {
    // A console follows every conversation of its organisation (seqs of different conversations
    // interleave); it skips what it has by seq itself.
    if (!sink.conversation) {
      sink.write(chunk);
      return;
    }
    if (sink.pending) {
      sink.pending.push({ seq, chunk });
      return;
    }
    if (seq <= sink.lastSeq) return;
    sink.lastSeq = seq;
    sink.write(chunk);
  }

  /** Ends a sink's backlog phase: what arrived meanwhile and is newer than the backlog goes out. */
  static flush(sink: Sink): void {
    const pending = sink.pending ?? [];
    sink.pending = undefined;
    for (const p of pending.sort((a, b) => a.seq - b.seq)) ChatHub.deliver(sink, p.seq, p.chunk);
  }

  static messageChunk(m: ChatMessage): Buffer {
    return encoder('message', m, m.seq);
  }

  private targets(o: string, c: string): Sink[] {
    const out: Sink[] = [...(this.byConversation.get(c) ?? [])];
    for (const s of this.byOrganisation.get(o) ?? []) if (!s.conversation) out.push(s);
    return out;
  }

  private receive(payload: string): void {
    let e: HubEvent;
    try {
      e = JSON.parse(payload) as HubEvent;
    } catch {
      return;
    }
    if (e.t === 'revoke') {
      this.closeOfficial(e.f);
      return;
    }
    if (e.t === 'queue') {
      const chunk = encoder('queue', {});
      for (const s of this.byOrganisation.get(e.o) ?? []) s.write(chunk);
      return;
    }
    const targets = this.targets(e.o, e.c);
    if (!targets.length) return;
    if (e.t === 'm') {
      const send = (m: ChatMessage | undefined): void => {
        if (!m) return;
        // Encoded once for every stream of this instance.
        const chunk = ChatHub.messageChunk(m);
        for (const s of this.targets(e.o, e.c)) ChatHub.deliver(s, m.seq, chunk);
      };
      if (e.m && e.m.seq === e.s) send(e.m);
      else void this.message(e.s).then(send);
      return;
    }
    const chunk =
      e.t === 'typing'
        ? encoder('typing', { conversation: e.c, author: e.a })
        : e.t === 'read'
          ? encoder('read', { conversation: e.c, author: e.a, seq: e.s })
          : encoder('state', { conversation: e.c });
    for (const s of targets) s.write(chunk);
  }

  private message(seq: number): Promise<ChatMessage | undefined> {
    let p = this.reading.get(seq);
    if (!p) {
      p = this.db
        .query<MessageRow>('SELECT * FROM chat_messages WHERE seq = $1', [seq])
        .then((r) => (r.rows[0] ? toMessage(r.rows[0]) : undefined))
        .catch((err: unknown) => {
          this.logger.warn('chat: message read failed', { seq, error: String(err) });
          return undefined;
        })
        .finally(() => this.reading.delete(seq));
      this.reading.set(seq, p);
    }
    return p;
  }

  /** After the listening connection was lost: send each open stream what it missed. */
  private async resync(): Promise<void> {
    for (const [conversation, sinks] of this.byConversation) {
      const after = Math.min(...[...sinks].map((s) => s.lastSeq));
      const rows = await this.db
        .query<MessageRow>('SELECT * FROM chat_messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq', [conversation, after])
        .catch(() => ({ rows: [] as MessageRow[] }));
      for (const r of rows.rows) {
        const m = toMessage(r);
        const chunk = ChatHub.messageChunk(m);
        for (const s of sinks) ChatHub.deliver(s, m.seq, chunk);
      }
    }
    const chunk = encoder('queue', {});
    for (const set of this.byOrganisation.values()) for (const s of set) if (!s.conversation) s.write(chunk);
  }
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * Opens an event stream: on the raw Node response when there is one (the real server), else a
 * ReadableStream Response (app.request()). `open` registers the sink and writes the backlog.
 */
/**
 * HTTP/1.1 chunked framing of an event, built once per event (not per stream): the size line,
 * the bytes, CRLF. Written straight to the socket it costs one write per stream.
 */
const framed = new WeakMap<Buffer, Buffer>();
const frame = (chunk: Buffer): Buffer => {
  let f = framed.get(chunk);
  if (!f) {
    f = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, CRLF]);
    framed.set(chunk, f);
  }
  return f;
};
const CRLF = Buffer.from('\r\n');

export function eventStream(
  outgoing: ServerResponse | undefined,
  headers: Record<string, string>,
  open: (write: (chunk: Buffer) => void, close: () => void, onClosed: (fn: () => void) => void) => void,
): Response {
  const preamble = Buffer.from('retry: 3000\n\n');
  if (outgoing) {
    outgoing.writeHead(200, { ...SSE_HEADERS, ...headers });
    outgoing.write(preamble);
    // Once the head and preamble are on the socket (corked, in order), a chunked response's
    // events go to the socket pre-framed; otherwise (HTTP/1.0) through the response.
    const socket = outgoing.chunkedEncoding && outgoing.headersSent ? outgoing.socket : null;
    const closers: (() => void)[] = [];
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      for (const fn of closers) fn();
      if (!outgoing.writableEnded) outgoing.end();
    };
    outgoing.on('close', end);
    open(
      (chunk) => {
        if (ended) return;
        if (socket && !socket.destroyed) socket.write(frame(chunk));
        else outgoing.write(chunk);
      },
      end,
      (fn) => closers.push(fn),
    );
    const sent = new Response(null, { headers: { 'x-hono-already-sent': '1' } });
    // @hono/node-server answers its lightweight Response from a cache that ignores
    // x-hono-already-sent (and would write headers again); reading `body` drops that cache.
    if (sent.body !== null) throw new Error('unexpected body');
    return sent;
  }
  const closers: (() => void)[] = [];
  let ended = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(preamble);
      const end = () => {
        if (ended) return;
        ended = true;
        for (const fn of closers) fn();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      open(
        (chunk) => {
          if (!ended) controller.enqueue(new Uint8Array(chunk));
        },
        end,
        (fn) => closers.push(fn),
      );
    },
    cancel() {
      ended = true;
      for (const fn of closers) fn();
    },
  });
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
}
