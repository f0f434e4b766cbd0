/**
 * The chat advisor's API, mounted at /v1/chat: the public knowledge-base search and desks,
 * a person's conversation (token-guarded) with its event stream, and the officials' console
 * (staff key; its event stream authenticates with a short-lived stream token because
 * EventSource cannot send headers). See docs/chat.md.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ServerContext } from '../context.js';
import { readBody, readQuery } from '../http/body.js';
import type { AppEnv } from '../http/env.js';
import { allowListCors } from '../http/cors.js';
import { ProblemError } from '../http/problem.js';
import { createRateLimiter } from '../http/ratelimit.js';
import { requireOrganisation } from '../http/staff.js';
import { readAttachment, ATTACHMENT_MAX_BYTES } from './attachments.js';
import { Conversations, toMessage, type ChatMessage, type ConversationRow } from './conversations.js';
import { isOpen, loadDesks, nextOpening, type Topic } from './desks.js';
import { ChatHub, eventStream, type Sink } from './hub.js';
import { KnowledgeBase, type KbLanguage } from './kb.js';
import { KB_DATA_DIR, seedKnowledgeBase } from './kb-seed.js';
import { answerSubject, MailOutbox, mailSender } from './mail.js';
import { transcriptHtml, transcriptText } from './transcript.js';
import { chatValidators } from './validate.js';

export interface ChatOptions {
  /** Days without activity after which a conversation is deleted (LUUKKU_CHAT_RETENTION_DAYS, default 90). */
  retentionDays?: number;
  /** Messages per conversation per minute (LUUKKU_CHAT_MESSAGES_PER_MINUTE, default 30; burst 10). */
  messagesPerMinute?: number;
  /** Where answers to left messages go (LUUKKU_CHAT_SMTP_URL, smtp:// or smtps://): unset → logged (demo). */
  smtpUrl?: string | undefined;
  /** The answers' From address (LUUKKU_CHAT_MAIL_FROM). */
  mailFrom?: string | undefined;
  /** The first retry of an undelivered answer after this many ms, then doubling (LUUKKU_CHAT_MAIL_RETRY_MS, default 30,000). */
  mailRetryBaseMs?: number;
  /** The mail sender loop's first run after this many ms from the start (rows an earlier process left; default 10,000). */
  mailStartDelayMs?: number;
  dataDir?: string;
  now?: () => Date;
}

const int = (v: string | undefined, fallback: number): number => {
  const n = Number(v);
  return v !== undefined && v.trim() !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
};

export function chatOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ChatOptions {
  return {
    retentionDays: int(env.LUUKKU_CHAT_RETENTION_DAYS, 90),
    messagesPerMinute: int(env.LUUKKU_CHAT_MESSAGES_PER_MINUTE, 30),
    smtpUrl: env.LUUKKU_CHAT_SMTP_URL?.trim() || undefined,
    mailFrom: env.LUUKKU_CHAT_MAIL_FROM?.trim() || undefined,
    mailRetryBaseMs: int(env.LUUKKU_CHAT_MAIL_RETRY_MS, 30_000),
    // Demos and tests: the desks' clock starts at this instant (e.g. a Tuesday 10:00 in Helsinki) and runs on.
    ...(env.LUUKKU_CHAT_CLOCK && !Number.isNaN(Date.parse(env.LUUKKU_CHAT_CLOCK))
      ? { now: clockFrom(new Date(env.LUUKKU_CHAT_CLOCK)) }
      : {}),
  };
}

const clockFrom = (start: Date): (() => Date) => {
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
};

const codePoints = (s: string): number => s.length - (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
const TEXT_MAX = 2000;
/** Control characters other than tab and newline are not text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const STREAM_TOKEN_SECONDS = 15 * 60;
const ON_DUTY_SECONDS = 60;
/** An official's own key: `lko_` and 32 random bytes (base64url). */
const OFFICIAL_BEARER = /^Bearer[ ]+(lko_[A-Za-z0-9_-]{43})\s*$/i;

export function chatRoutes(ctx: ServerContext, options: ChatOptions = {}) {
  const { db, config, contract, catalog, logger } = ctx;
  const now = options.now ?? (() => new Date());
  const desks = loadDesks(options.dataDir ?? KB_DATA_DIR);
  const kb = new KnowledgeBase(db);
  const conversations = new Conversations(db);
  const hub = new ChatHub(db, logger);
  const v = chatValidators(contract.document);
  const flood = createRateLimiter(options.messagesPerMinute ?? 30, 10);
  const retentionDays = options.retentionDays ?? 90;
  const mail = new MailOutbox(db, logger, mailSender(logger, { smtpUrl: options.smtpUrl, from: options.mailFrom }), {
    retryBaseMs: options.mailRetryBaseMs,
    // The consoles re-read the conversation and show the answer's delivery state.
    onAttempt: async (id) => {
      const row = await conversations.get(id);
      if (row) await hub.publish({ t: 'state', o: row.organisation_id, c: id });
    },
  });
  // Answers an earlier process acknowledged but did not send go out soon after the start.
  mail.start(options.mailStartDelayMs ?? 10_000);
  const q = {
    search: v.query('searchKnowledgeBase'),
    desks: v.query('getChatDesks'),
    conversation: v.query('getConversation'),
    events: v.query('streamConversation'),
    transcript: v.query('getChatTranscript'),
    token: v.query('deleteConversation'),
    queue: v.query('getChatQueue'),
    consoleEvents: v.query('streamChatConsole'),
    drafts: v.query('listKnowledgeBaseDrafts'),
    attachment: v.query('getChatAttachment'),
    officials: v.query('listChatOfficials'),
  };
  const body = {
    start: v.body('ChatConversationStart'),
    message: v.body('ChatMessageSend'),
    read: v.body('ChatRead'),
    session: v.body('ChatConsoleSessionStart'),
    official: v.body('ChatOfficialAction'),
    officialMessage: v.body('ChatOfficialMessage'),
    officialRead: v.body('ChatOfficialRead'),
    transfer: v.body('ChatTransfer'),
    draft: v.body('KnowledgeBaseDraft'),
    publish: v.body('KnowledgeBasePublish'),
    issue: v.body('ChatOfficialIssue'),
  };

  const purge = async () => {
    const n = await conversations.purge(retentionDays).catch(() => 0);
    if (n) logger.info('chat: conversations deleted after the retention period', { deleted: n, days: retentionDays });
  };
  // The first purge waits a little: PGlite runs on this thread, and start-up should not be slowed.
  const firstPurge = setTimeout(() => void purge(), 10_000);
  firstPurge.unref();
  const purgeTimer = setInterval(() => void purge(), 3_600_000);
  purgeTimer.unref();

  // The knowledge base is seeded at the chat's first use, not during the server's start (PGlite
  // runs on this thread; a start must not be slowed by chat work nobody asked for yet). Safe to
  // run on several instances at once: existing articles and words are kept (ON CONFLICT DO NOTHING).
  let seeded: Promise<void> | undefined;
  const seedOnce = (): Promise<void> =>
    (seeded ??= seedKnowledgeBase(db, options.dataDir ?? KB_DATA_DIR).then(
      () => undefined,
      (err: unknown) => {
        seeded = undefined;
        throw err;
      },
    ));
  const seedFirst = createMiddleware<AppEnv>(async (_c, next) => {
    await seedOnce();
    await next();
  });

  // CORS, the organisations' allow-lists (a handler checks the conversation's own organisation).
  // The person's endpoints: Last-Event-ID may come from a reconnecting EventSource, and a page
  // reads the transcript's file name. The console's: the staff key or an official's own key as
  // `Authorization: Bearer` from an intranet page on another origin (never a cookie).
  const allowed = (origin: string): boolean => catalog.allowedOrigins.has(origin);
  const methods = ['GET', 'POST', 'DELETE'];
  const publicCors = allowListCors(allowed, methods, { allowHeaders: ['Last-Event-ID'], exposeHeaders: ['Content-Disposition'] });
  const consoleCors = allowListCors(allowed, methods, { staff: true, exposeHeaders: ['Content-Disposition'] });
  const corsHeaders = (c: Context<AppEnv>): Record<string, string> => {
    const origin = c.req.header('origin');
    return origin !== undefined && catalog.allowedOrigins.has(origin)
      ? { 'access-control-allow-origin': origin, vary: 'Origin' }
      : { vary: 'Origin' };
  };
  const outgoing = (c: Context<AppEnv>): ServerResponse | undefined => (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;

  const topicsOf = (organisation: string): Topic[] => {
    if (!catalog.organisations.has(organisation))
      throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
    const topics = desks.organisations.get(organisation);
    if (!topics) throw new ProblemError('not_found', 'This organisation has no chat desk.');
    return topics;
  };
  const topicOf = (organisation: string, topic: string): Topic => {
    const t = topicsOf(organisation).find((x) => x.id === topic);
    if (!t) throw new ProblemError('validation_failed', 'Unknown topic.', [{ pointer: '/topic', code: 'unknown' }]);
    return t;
  };

  /** Officials on duty per language (console seen within a minute), for an organisation. */
  const onDuty = async (organisation: string): Promise<Record<string, number>> => {
    const rows = (
      await db.query<{ lang: string; n: string | number }>(
        `SELECT lang, count(*) AS n FROM chat_officials, unnest(languages) AS lang
         WHERE organisation_id = $1 AND last_seen > now() - make_interval(secs => $2) GROUP BY lang`,
        [organisation, ON_DUTY_SECONDS],
      )
    ).rows;
    return Object.fromEntries(rows.map((r) => [r.lang, Number(r.n)]));
  };

  const deskView = async (organisation: string) => {
    const at = now();
    const duty = await onDuty(organisation);
    const waiting = (
      await db.query<{ topic: string; language: string; n: string | number }>(
        `SELECT topic, language, count(*) AS n FROM chat_conversations WHERE organisation_id = $1 AND status = 'queued' GROUP BY topic, language`,
        [organisation],
      )
    ).rows;
    return {
      organisation,
      averageMinutes: desks.averageMinutes,
      topics: topicsOf(organisation).map((t) => ({
        id: t.id,
        name: t.name,
        hours: t.hours,
        languages: t.languages,
        open: isOpen(t, at),
        ...(nextOpening(t, at) ? { nextOpening: nextOpening(t, at) } : {}),
        officialsOnDuty: Object.fromEntries(t.languages.map((l) => [l, duty[l] ?? 0])),
        waiting: Object.fromEntries(t.languages.map((l) => [l, Number(waiting.find((w) => w.topic === t.id && w.language === l)?.n ?? 0)])),
      })),
    };
  };

  const expectedWait = async (row: ConversationRow, position: number): Promise<number> => {
    const duty = await onDuty(row.organisation_id);
    return Math.ceil((position * desks.averageMinutes) / Math.max(1, duty[row.language] ?? 0));
  };

  const conversationView = async (row: ConversationRow, messages: ChatMessage[]) => {
    const position = await conversations.position(row);
    return {
      id: row.id,
      organisation: row.organisation_id,
      topic: row.topic,
      language: row.language,
      status: row.status,
      ...(row.status === 'queued' ? { position, expectedWaitMinutes: await expectedWait(row, position) } : {}),
      ...(row.official_name ? { official: { name: row.official_name } } : {}),
      personReadSeq: Number(row.person_read_seq),
      officialReadSeq: Number(row.official_read_seq),
      createdAt: new Date(row.created_at).toISOString(),
      messages,
    };
  };

  /** The conversation the request's token opens, or 404 (the same for a wrong token and an unknown id). */
  const personConversation = async (
    c: Context<AppEnv>,
    validator = q.token,
  ): Promise<{ row: ConversationRow; query: Record<string, unknown> }> => {
    const attachment = c.req.param('attachment');
    const query = readQuery<{ id: string; token: string } & Record<string, unknown>>(c, validator, {
      id: c.req.param('id') ?? '',
      ...(attachment !== undefined ? { attachment } : {}),
    });
    const row = await conversations.withToken(query.id, query.token);
    if (!row) throw new ProblemError('not_found', 'No such conversation (or the token does not open it).');
    return { row, query };
  };

  const checkText = (text: string, pointer = '/text'): void => {
    if (text.trim() === '') throw new ProblemError('validation_failed', 'A message needs text.', [{ pointer, code: 'minLength' }]);
    if (codePoints(text) > TEXT_MAX)
      throw new ProblemError('validation_failed', `At most ${TEXT_MAX} characters.`, [{ pointer, code: 'maxLength' }]);
    if (CONTROL.test(text))
      throw new ProblemError('validation_failed', 'The text contains control characters.', [{ pointer, code: 'control_character' }]);
  };

  const takeFlood = (conversation: string): void => {
    const wait = flood.take(conversation);
    if (wait > 0)
      throw new ProblemError('rate_limited', `Too many messages; try again in ${wait} s.`, undefined, 429, { 'retry-after': String(wait) });
  };

  /** Opens a stream for `sink`, writing the messages after `after` first (resume). */
  const stream = (
    c: Context<AppEnv>,
    sink: Omit<Sink, 'write' | 'close' | 'lastSeq' | 'pending'>,
    after: number,
    backlog: (after: number) => Promise<ChatMessage[]>,
  ) =>
    eventStream(outgoing(c), { ...corsHeaders(c), 'x-request-id': c.get('requestId') }, (write, close, onClosed) => {
      const s: Sink = { ...sink, write, close, lastSeq: after, pending: [] };
      const remove = hub.add(s);
      onClosed(remove);
      // Listening first (a message committed meanwhile is then both in the backlog and held back, sent once).
      void hub
        .start()
        .then(() => backlog(after))
        .then((messages) => {
          for (const m of messages) {
            if (m.seq > s.lastSeq) {
              s.lastSeq = m.seq;
              write(ChatHub.messageChunk(m));
            }
          }
          ChatHub.flush(s);
        })
        .catch(() => close());
    });

  const lastEventId = (c: Context<AppEnv>, after: number | undefined): number => {
    const header = Number(c.req.header('last-event-id'));
    return Math.max(Number.isSafeInteger(header) && header > 0 ? header : 0, after ?? 0);
  };

  // ——— public ———
  const pub = new Hono<AppEnv>()
    .use('/kb/search', publicCors)
    .use('/desks', publicCors)
    .use('/conversations', publicCors)
    .use('/conversations/*', publicCors)
    .use('*', seedFirst)
    .get('/kb/search', async (c) => {
      const query = readQuery<{ organisation: string; q: string; lang: KbLanguage; plain?: boolean; limit: number }>(c, q.search);
      topicsOf(query.organisation);
      const results = await kb.search(query.organisation, query.q, query.lang, query.plain ?? false, query.limit);
      return c.json({ query: query.q, language: query.lang, results }, 200, { 'cache-control': 'no-store' });
    })
    .get('/desks', async (c) => {
      const query = readQuery<{ organisation: string }>(c, q.desks);
      return c.json(await deskView(query.organisation), 200, { 'cache-control': 'no-store' });
    })
    .post('/conversations', ctx.rateLimit, async (c) => {
      const b = await readBody<{
        organisation: string;
        topic: string;
        language: KbLanguage;
        page?: string;
        mode: 'live' | 'message';
        email?: string;
        text?: string;
        clientId?: string;
      }>(c, config.bodyLimitBytes, body.start);
      const origin = c.req.header('origin');
      const org = catalog.organisations.get(b.organisation);
      if (!org) throw new ProblemError('unknown_organisation', undefined, [{ pointer: '/organisation', code: 'unknown' }]);
      if (origin !== undefined && origin !== ctx.ownOrigin(c) && !org.allowedOrigins.has(origin))
        throw new ProblemError('origin_not_allowed');
      const topic = topicOf(b.organisation, b.topic);
      if (b.mode === 'message') {
        if (!b.email)
          throw new ProblemError('validation_failed', 'An email address is needed for the answer.', [
            { pointer: '/email', code: 'required' },
          ]);
        if (!b.text) throw new ProblemError('validation_failed', 'Write your message.', [{ pointer: '/text', code: 'required' }]);
      }
      if (b.text !== undefined) checkText(b.text);
      const live = b.mode === 'live';
      if (live && !isOpen(topic, now())) throw new ProblemError('conversation_closed', 'The desk is closed now; leave a message instead.');
      const { row, token } = await conversations.create({
        organisation: b.organisation,
        topic: b.topic,
        language: b.language,
        page: b.page,
        status: live ? 'queued' : 'message',
        email: b.email,
      });
      const messages: ChatMessage[] = [];
      if (b.text)
        messages.push(
          (await conversations.addMessage(row.id, { author: 'person', clientId: b.clientId ?? randomUUID(), text: b.text })).message,
        );
      await hub.publish({ t: 'queue', o: row.organisation_id });
      return c.json({ token, conversation: await conversationView(row, messages) }, 201);
    })
    .get('/conversations/:id', async (c) => {
      const { row, query } = await personConversation(c, q.conversation);
      return c.json(await conversationView(row, await conversations.messages(row.id, Number(query.after ?? 0))), 200, {
        'cache-control': 'no-store',
      });
    })
    .delete('/conversations/:id', async (c) => {
      const { row } = await personConversation(c);
      await conversations.delete(row.id);
      await hub.publish({ t: 'state', o: row.organisation_id, c: row.id });
      await hub.publish({ t: 'queue', o: row.organisation_id });
      hub.closeConversation(row.id);
      return c.body(null, 204);
    })
    .post('/conversations/:id/messages', async (c) => {
      const { row } = await personConversation(c);
      takeFlood(row.id);
      const b = await readBody<{ clientId: string; text: string }>(c, config.bodyLimitBytes, body.message);
      checkText(b.text);
      if (row.status === 'closed') throw new ProblemError('conversation_closed');
      const { message, created } = await conversations.addMessage(row.id, { author: 'person', clientId: b.clientId, text: b.text });
      return c.json(message, created ? 201 : 200);
    })
    .post('/conversations/:id/attachments', async (c) => {
      const { row } = await personConversation(c);
      takeFlood(row.id);
      if (row.status === 'closed') throw new ProblemError('conversation_closed');
      const file = await readAttachment(c, ATTACHMENT_MAX_BYTES);
      const id = randomUUID();
      await db.query('INSERT INTO chat_attachments (id, conversation_id, media_type, name, bytes) VALUES ($1, $2, $3, $4, $5)', [
        id,
        row.id,
        file.mediaType,
        file.name,
        file.bytes,
      ]);
      const clientId = c.req.query('clientId') ?? id;
      const { message, created } = await conversations.addMessage(row.id, {
        author: 'person',
        clientId: clientId.slice(0, 64),
        text: '',
        attachment: { id, name: file.name, mediaType: file.mediaType, size: file.bytes.byteLength },
      });
      return c.json(message, created ? 201 : 200);
    })
    .get('/conversations/:id/attachments/:attachment', async (c) => {
      const { row } = await personConversation(c, q.attachment);
      return attachmentResponse(c, row.id, c.req.param('attachment'));
    })
    .post('/conversations/:id/typing', async (c) => {
      const { row } = await personConversation(c);
      await hub.publish({ t: 'typing', o: row.organisation_id, c: row.id, a: 'person' });
      return c.body(null, 204);
    })
    .post('/conversations/:id/read', async (c) => {
      const { row } = await personConversation(c);
      const b = await readBody<{ seq: number }>(c, config.bodyLimitBytes, body.read);
      await conversations.markRead(row.id, 'person', b.seq);
      await hub.publish({ t: 'read', o: row.organisation_id, c: row.id, a: 'person', s: b.seq });
      return c.body(null, 204);
    })
    .post('/conversations/:id/close', async (c) => {
      const { row } = await personConversation(c);
      const closed = await conversations.close(row.id);
      if (closed) {
        await hub.publish({ t: 'state', o: row.organisation_id, c: row.id });
        await hub.publish({ t: 'queue', o: row.organisation_id });
      }
      const current = (await conversations.get(row.id)) ?? row;
      return c.json(await conversationView(current, []), 200);
    })
    .get('/conversations/:id/events', async (c) => {
      const { row, query } = await personConversation(c, q.events);
      return stream(
        c,
        { organisation: row.organisation_id, conversation: row.id },
        lastEventId(c, query.after as number | undefined),
        (after) => conversations.messages(row.id, after),
      );
    })
    .get('/conversations/:id/transcript', async (c) => {
      const { row, query } = await personConversation(c, q.transcript);
      const messages = await conversations.messages(row.id, 0, 5000);
      const org = catalog.organisations.get(row.organisation_id);
      const orgName = org?.name[row.language] ?? org?.name.fi ?? row.organisation_id;
      const date = new Date(row.created_at).toISOString().slice(0, 10);
      if (query.format === 'html') {
        return c.body(transcriptHtml(row, messages, orgName), 200, {
          'content-type': 'text/html; charset=utf-8',
          'content-disposition': `attachment; filename="chat-${date}.html"`,
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
          'cache-control': 'no-store',
        });
      }
      return c.body(transcriptText(row, messages, orgName), 200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="chat-${date}.txt"`,
        'cache-control': 'no-store',
      });
    });

  const attachmentResponse = async (c: Context<AppEnv>, conversation: string, id: string) => {
    const a = (
      await db.query<{ media_type: string; name: string; bytes: Uint8Array }>(
        'SELECT media_type, name, bytes FROM chat_attachments WHERE id::text = $1 AND conversation_id = $2',
        [id, conversation],
      )
    ).rows[0];
    if (!a) throw new ProblemError('not_found');
    return c.body(new Uint8Array(a.bytes), 200, {
      'content-type': a.media_type,
      'content-disposition': `attachment; filename="${a.name.replace(/[^\w.-]/g, '_')}"`,
      'content-security-policy': "default-src 'none'",
      'cache-control': 'no-store',
    });
  };

  // ——— officials ———
  /**
   * The console accepts the organisation's staff key or an official's own key (issued by a
   * staff key holder, stored as SHA-256, revocable). With an own key the request acts as that
   * official only.
   */
  const keyOfficials = new WeakMap<Request, { id: string; name: string; languages: string[] }>();
  const consoleAuth = createMiddleware<AppEnv>(async (c, next) => {
    const own = OFFICIAL_BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    if (!own) return ctx.requireStaff(c, next);
    // Failed sign-ins count in the staff keys' bucket per client: guessing either kind of key is as slow.
    const client = ctx.client(c);
    const wait = ctx.authFailures.peek(client);
    if (wait > 0)
      throw new ProblemError('rate_limited', `Too many failed sign-ins; try again in ${wait} s.`, undefined, 429, {
        'retry-after': String(wait),
      });
    const row = (
      await db.query<{ id: string; organisation_id: string; name: string; languages: string[] }>(
        'SELECT id, organisation_id, name, languages FROM chat_officials WHERE key_hash = $1 AND key_revoked_at IS NULL',
        [createHash('sha256').update(own).digest('hex')],
      )
    ).rows[0];
    if (!row) {
      ctx.authFailures.take(client);
      throw new ProblemError('unauthorized', 'This official’s key is unknown or revoked.', undefined, 401, {
        'www-authenticate': 'Bearer realm="luukku"',
      });
    }
    c.set('organisation', row.organisation_id);
    keyOfficials.set(c.req.raw, { id: row.id, name: row.name, languages: row.languages });
    await next();
  });
  const official = async (c: Context<AppEnv>, id: string): Promise<{ id: string; name: string; languages: string[] }> => {
    const own = keyOfficials.get(c.req.raw);
    if (own && own.id !== id) throw new ProblemError('forbidden', 'An official’s own key acts only as that official.');
    const row = (
      await db.query<{ id: string; name: string; languages: string[] }>(
        'SELECT id, name, languages FROM chat_officials WHERE id::text = $1 AND organisation_id = $2',
        [id, c.get('organisation')],
      )
    ).rows[0];
    if (!row) throw new ProblemError('forbidden', 'This official is not of the staff key’s organisation.');
    return row;
  };
  const officialView = (r: {
    id: string;
    organisation_id: string;
    name: string;
    languages: string[];
    key_issued_at: Date | string | null;
    key_revoked_at: Date | string | null;
  }) => ({
    id: r.id,
    organisation: r.organisation_id,
    name: r.name,
    languages: r.languages,
    ...(r.key_issued_at ? { keyIssuedAt: new Date(r.key_issued_at).toISOString() } : {}),
    ...(r.key_revoked_at ? { keyRevokedAt: new Date(r.key_revoked_at).toISOString() } : {}),
  });
  const staffConversation = async (c: Context<AppEnv>): Promise<ConversationRow> => {
    const id = c.req.param('id') ?? '';
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new ProblemError('not_found');
    const row = await conversations.get(id);
    if (!row || row.organisation_id !== c.get('organisation')) throw new ProblemError('not_found');
    return row;
  };
  const assigned = (row: ConversationRow, officialId: string): void => {
    if (row.official_id !== officialId)
      throw new ProblemError('already_claimed', 'Claim the conversation first (or another official has it).');
  };
  const consoleView = async (row: ConversationRow, messages: ChatMessage[]) => ({
    ...(await conversationView(row, await withEmail(row, messages))),
    originPage: row.origin_page ?? undefined,
    transferNote: row.transfer_note ?? undefined,
    transferredFrom: row.transferred_from ?? undefined,
    hasEmail: row.email !== null,
    officialId: row.official_id ?? undefined,
  });

  /** A left message's answers with their email delivery state (console only). */
  const withEmail = async (row: ConversationRow, messages: ChatMessage[]): Promise<ChatMessage[]> => {
    if (row.email === null) return messages;
    const states = await mail.states(row.id);
    return states.size ? messages.map((m) => (states.has(m.seq) ? { ...m, email: states.get(m.seq) } : m)) : messages;
  };

  /** The other authorities with a chat desk: where a conversation can be transferred to. */
  const transferTargets = (organisation: string) =>
    [...desks.organisations].flatMap(([id, topics]) => {
      const org = catalog.organisations.get(id);
      return id !== organisation && org
        ? [{ organisation: id, name: org.name, topics: topics.map((t) => ({ id: t.id, name: t.name, languages: t.languages })) }]
        : [];
    });

  const staff = new Hono<AppEnv>()
    .use('/console/*', consoleCors)
    .use('/kb/drafts', consoleCors)
    .use('/kb/articles', consoleCors)
    .use('/kb/articles/*', consoleCors)
    .use('*', seedFirst)
    .post('/console/sessions', ctx.rateLimit, consoleAuth, async (c) => {
      const b = await readBody<{ organisation: string; name?: string; languages?: string[]; official?: string }>(
        c,
        config.bodyLimitBytes,
        body.session,
      );
      requireOrganisation(c, b.organisation);
      topicsOf(b.organisation);
      const own = keyOfficials.get(c.req.raw);
      let id = own?.id ?? b.official;
      const name = own?.name ?? b.name;
      const languages = own?.languages ?? b.languages;
      if (!name || !languages)
        throw new ProblemError('validation_failed', 'With the staff key, give the official’s name and languages.', [
          { pointer: name ? '/languages' : '/name', code: 'required' },
        ]);
      if (own) {
        await db.query('UPDATE chat_officials SET last_seen = now() WHERE id = $1', [own.id]);
      } else if (id) {
        // The staff key may not take over an official who has their own key.
        const updated = await db.query(
          'UPDATE chat_officials SET name = $3, languages = $4, last_seen = now() WHERE id::text = $1 AND organisation_id = $2 AND key_hash IS NULL RETURNING id',
          [id, b.organisation, name, languages],
        );
        if (!updated.rows.length) id = undefined;
      }
      if (!id) {
        id = randomUUID();
        await db.query('INSERT INTO chat_officials (id, organisation_id, name, languages) VALUES ($1, $2, $3, $4)', [
          id,
          b.organisation,
          name,
          languages,
        ]);
      }
      const streamToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + STREAM_TOKEN_SECONDS * 1000);
      await db.query('DELETE FROM chat_stream_tokens WHERE expires_at < now()');
      await db.query('INSERT INTO chat_stream_tokens (token_hash, organisation_id, official_id, expires_at) VALUES ($1, $2, $3, $4)', [
        createHash('sha256').update(streamToken).digest('hex'),
        b.organisation,
        id,
        expiresAt,
      ]);
      return c.json({ official: { id, name, languages }, streamToken, expiresAt: expiresAt.toISOString() }, 201);
    })
    .get('/console/officials', ctx.requireStaff, async (c) => {
      const query = readQuery<{ organisation: string }>(c, q.officials);
      requireOrganisation(c, query.organisation);
      const rows = (
        await db.query<Parameters<typeof officialView>[0]>(
          `SELECT id, organisation_id, name, languages, key_issued_at, key_revoked_at FROM chat_officials
           WHERE organisation_id = $1 AND key_hash IS NOT NULL ORDER BY key_issued_at DESC, id LIMIT 500`,
          [query.organisation],
        )
      ).rows;
      return c.json({ officials: rows.map(officialView) }, 200, { 'cache-control': 'no-store' });
    })
    .post('/console/officials', ctx.rateLimit, ctx.requireStaff, async (c) => {
      const b = await readBody<{ organisation: string; name: string; languages: string[] }>(c, config.bodyLimitBytes, body.issue);
      requireOrganisation(c, b.organisation);
      topicsOf(b.organisation);
      const key = `lko_${randomBytes(32).toString('base64url')}`;
      const row = (
        await db.query<Parameters<typeof officialView>[0]>(
          `INSERT INTO chat_officials (id, organisation_id, name, languages, key_hash, key_issued_at) VALUES ($1, $2, $3, $4, $5, now())
           RETURNING id, organisation_id, name, languages, key_issued_at, key_revoked_at`,
          [randomUUID(), b.organisation, b.name, b.languages, createHash('sha256').update(key).digest('hex')],
        )
      ).rows[0];
      if (!row) throw new Error('the official was not stored');
      logger.info('chat: an official’s own key was issued', { organisation: b.organisation, official: row.id });
      return c.json({ official: officialView(row), key }, 201, { 'cache-control': 'no-store' });
    })
    .delete('/console/officials/:official', ctx.requireStaff, async (c) => {
      const id = c.req.param('official');
      const revoked = (
        await db.query<{ id: string }>(
          `UPDATE chat_officials SET key_revoked_at = now()
           WHERE id::text = $1 AND organisation_id = $2 AND key_hash IS NOT NULL AND key_revoked_at IS NULL RETURNING id`,
          [id, c.get('organisation')],
        )
      ).rows[0];
      if (!revoked) throw new ProblemError('not_found', 'No such official with a valid key.');
      await db.query('DELETE FROM chat_stream_tokens WHERE official_id = $1', [revoked.id]);
      // Their open console streams end here at once, and on every other instance through NOTIFY.
      hub.closeOfficial(revoked.id);
      await hub.publish({ t: 'revoke', o: c.get('organisation'), f: revoked.id });
      logger.info('chat: an official’s own key was revoked', { organisation: c.get('organisation'), official: revoked.id });
      return c.body(null, 204);
    })
    .get('/console/events', async (c) => {
      const query = readQuery<{ streamToken: string }>(c, q.consoleEvents);
      const t = (
        await db.query<{ organisation_id: string; official_id: string }>(
          'SELECT organisation_id, official_id FROM chat_stream_tokens WHERE token_hash = $1 AND expires_at > now()',
          [createHash('sha256').update(query.streamToken).digest('hex')],
        )
      ).rows[0];
      if (!t)
        throw new ProblemError('unauthorized', 'The stream token is unknown or expired; start a new console session.', undefined, 401);
      await db.query('UPDATE chat_officials SET last_seen = now() WHERE id = $1', [t.official_id]);
      await hub.publish({ t: 'queue', o: t.organisation_id });
      // The console gets live events only; it reads the queue and an open conversation itself after (re)connecting.
      return stream(c, { organisation: t.organisation_id, officialId: t.official_id }, Number.MAX_SAFE_INTEGER, () => Promise.resolve([]));
    })
    .get('/console/queue', consoleAuth, async (c) => {
      const query = readQuery<{ organisation: string }>(c, q.queue);
      requireOrganisation(c, query.organisation);
      const rows = await conversations.queue(query.organisation);
      const items = await Promise.all(
        rows.map(async (r) => ({
          id: r.id,
          topic: r.topic,
          language: r.language,
          status: r.status,
          ...(r.status === 'queued' ? { position: await conversations.position(r) } : {}),
          ...(r.official_id ? { officialId: r.official_id } : {}),
          ...(r.official_name ? { officialName: r.official_name } : {}),
          ...(r.origin_page ? { originPage: r.origin_page } : {}),
          ...(r.transfer_note ? { transferNote: r.transfer_note } : {}),
          ...(r.transferred_from ? { transferredFrom: r.transferred_from } : {}),
          ...(r.last_text ? { preview: r.last_text.slice(0, 140) } : {}),
          createdAt: new Date(r.created_at).toISOString(),
        })),
      );
      return c.json(
        {
          organisation: query.organisation,
          desks: await deskView(query.organisation),
          conversations: items,
          transferTargets: transferTargets(query.organisation),
        },
        200,
        { 'cache-control': 'no-store' },
      );
    })
    .get('/console/conversations/:id', consoleAuth, async (c) => {
      const row = await staffConversation(c);
      return c.json(await consoleView(row, await conversations.messages(row.id)), 200, { 'cache-control': 'no-store' });
    })
    .get('/console/conversations/:id/attachments/:attachment', consoleAuth, async (c) => {
      const row = await staffConversation(c);
      return attachmentResponse(c, row.id, c.req.param('attachment'));
    })
    .post('/console/conversations/:id/claim', consoleAuth, async (c) => {
      const row = await staffConversation(c);
      const b = await readBody<{ official: string }>(c, config.bodyLimitBytes, body.official);
      const me = await official(c, b.official);
      if (!me.languages.includes(row.language)) {
        throw new ProblemError('forbidden', `This conversation is in ${row.language}; an official who serves in it takes it.`);
      }
      const claimed = await conversations.claim(row.organisation_id, row.id, me.id);
      if (!claimed) throw new ProblemError('already_claimed', 'Another official has already claimed this conversation.');
      // The message announces itself (Conversations.addMessage notifies in its own transaction).
      await conversations.addMessage(row.id, { author: 'system', clientId: `claim-${randomUUID()}`, text: `official-joined:${me.name}` });
      await hub.publish({ t: 'state', o: row.organisation_id, c: row.id });
      await hub.publish({ t: 'queue', o: row.organisation_id });
      const current = (await conversations.get(row.id)) ?? claimed;
      return c.json(await consoleView(current, await conversations.messages(row.id)), 200);
    })
    .post('/console/conversations/:id/messages', consoleAuth, async (c) => {
      const row = await staffConversation(c);
      const b = await readBody<{ official: string; clientId: string; text: string }>(c, config.bodyLimitBytes, body.officialMessage);
      const me = await official(c, b.official);
      assigned(row, me.id);
      checkText(b.text);
      if (row.status === 'closed') throw new ProblemError('conversation_closed');
      const { message, created } = await conversations.addMessage(row.id, {
        author: 'official',
        officialId: me.id,
        clientId: b.clientId,
        text: b.text,
      });
      // Queued before the answer is acknowledged (also when this is a retried POST of it, in case
      // the first one died between the message and its mail); the sender loop emails it.
      if (row.status === 'message' && row.email)
        await mail.enqueue(row.id, message.seq, { to: row.email, subject: answerSubject(row), text: b.text });
      const email = row.email ? (await mail.states(row.id)).get(message.seq) : undefined;
      return c.json(email ? { ...message, email } : message, created ? 201 : 200);
    })
    .post('/console/conversations/:id/typing', consoleAuth, async (c) => {
      const row = await staffConversation(c);
      const b = await readBody<{ official: string }>(c, config.bodyLimitBytes, body.official);
      assigned(row, (await official(c, b.official)).id);
      await hub.publish({ t: 'typing', o: row.organisation_id, c: row.id, a: 'official' });
      return c.body(null, 204);
    })
    .post('/console/conversations/:id/read', consoleAuth, async (c) => {
      const row = await staffConversation(c);
      const b = await readBody<{ official: string; seq: number }>(c, config.bodyLimitBytes, body.officialRead);
      assigned(row, (await official(c, b.official)).id);
      await conversations.markRead(row.id, 'official', b.seq);
      await hub.publish({ t: 'read', o: row.organisation_id, c: row.id, a: 'official', s: b.seq });
      return c.body(null, 204);
    })
    .post('/console/conversations/:id/transfer', consoleAuth, async (c) => {
      const row = await staffConversation(c);
      const b = await readBody<{ official: string; topic: string; note: string; organisation?: string }>(
        c,
        config.bodyLimitBytes,
        body.transfer,
      );
      const me = await official(c, b.official);
      const to = b.organisation ?? row.organisation_id;
      const topic = topicOf(to, b.topic);
      if (to !== row.organisation_id && !topic.languages.includes(row.language))
        throw new ProblemError('validation_failed', `That desk does not serve in ${row.language}.`, [
          { pointer: '/topic', code: 'language' },
        ]);
      const moved = await conversations.transfer(row.organisation_id, row.id, me.id, b.topic, b.note, to);
      if (!moved) throw new ProblemError('already_claimed', 'Only the official who has the conversation can transfer it.');
      await conversations.addMessage(row.id, {
        author: 'system',
        clientId: `transfer-${randomUUID()}`,
        text: `transferred:${b.topic}`,
      });
      for (const o of new Set([row.organisation_id, to])) {
        await hub.publish({ t: 'state', o, c: row.id });
        await hub.publish({ t: 'queue', o });
      }
      return c.json(await consoleView(moved, await conversations.messages(row.id)), 200);
    })
    .post('/console/conversations/:id/close', consoleAuth, async (c) => {
      const row = await staffConversation(c);
      const b = await readBody<{ official: string }>(c, config.bodyLimitBytes, body.official);
      assigned(row, (await official(c, b.official)).id);
      await conversations.close(row.id);
      await hub.publish({ t: 'state', o: row.organisation_id, c: row.id });
      await hub.publish({ t: 'queue', o: row.organisation_id });
      const current = (await conversations.get(row.id)) ?? row;
      return c.json(await consoleView(current, await conversations.messages(row.id)), 200);
    })
    .get('/kb/drafts', consoleAuth, async (c) => {
      const query = readQuery<{ organisation: string; limit: number }>(c, q.drafts);
      requireOrganisation(c, query.organisation);
      return c.json({ articles: await kb.list(query.organisation, 'draft', query.limit) }, 200, { 'cache-control': 'no-store' });
    })
    .post('/kb/articles', consoleAuth, async (c) => {
      const b = await readBody<{
        organisation: string;
        official: string;
        language: KbLanguage;
        topic: string;
        title: string;
        body: string;
        conversation?: string;
      }>(c, config.bodyLimitBytes, body.draft);
      requireOrganisation(c, b.organisation);
      const me = await official(c, b.official);
      topicOf(b.organisation, b.topic);
      const article = await kb.createDraft(b.organisation, { ...b, createdBy: me.id, fromConversation: b.conversation });
      return c.json(article, 201);
    })
    .post('/kb/articles/:article/publish', consoleAuth, async (c) => {
      const b = await readBody<{ organisation: string; official: string; title?: string; body?: string }>(
        c,
        config.bodyLimitBytes,
        body.publish,
      );
      requireOrganisation(c, b.organisation);
      const me = await official(c, b.official);
      const id = c.req.param('article');
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new ProblemError('not_found');
      const result = await kb.publish(b.organisation, id, me.id, { title: b.title, body: b.body });
      if (result === null) throw new ProblemError('not_found', 'No such draft.');
      if (result === 'self') throw new ProblemError('forbidden', 'Another official reviews and publishes an answer you saved.');
      return c.json(result, 200);
    });

  const routes = new Hono<AppEnv>().route('/', pub).route('/', staff);
  return {
    routes,
    hub,
    /** Seeds the knowledge base and starts listening now (otherwise the first chat request does). */
    /** The outbox of answers emailed to people who left a message. */
    mail,
    ready: async () => {
      await seedOnce();
      await hub.start();
      mail.start();
    },
    close: async () => {
      clearInterval(purgeTimer);
      clearTimeout(firstPurge);
      await mail.stop();
      await hub.stop();
    },
  };
}

export { toMessage };
