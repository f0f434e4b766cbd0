/**
 * Conversations and their messages. A person holds a conversation's token (32 random bytes,
 * base64url); only its SHA-256 is stored, and every public request presents it. A retried
 * message (same client id) is stored once. An official claims a waiting conversation with a
 * conditional UPDATE, so of two officials claiming at once exactly one wins.
 */
import type { OutboxState } from './mail.js';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/index.js';
import { CHANNEL, NOTIFY_MAX_BYTES } from './notify.js';

export type Author = 'person' | 'official' | 'system';
export type ConversationStatus = 'queued' | 'active' | 'message' | 'closed';

export interface ConversationRow {
  id: string;
  organisation_id: string;
  token_hash: string;
  topic: string;
  language: 'fi' | 'sv' | 'en' | 'se';
  origin_page: string | null;
  status: ConversationStatus;
  official_id: string | null;
  official_name?: string | null;
  email: string | null;
  transfer_note: string | null;
  transferred_from?: string | null;
  person_read_seq: string | number;
  official_read_seq: string | number;
  created_at: Date | string;
  claimed_at: Date | string | null;
  closed_at: Date | string | null;
}

export interface MessageRow {
  seq: string | number;
  conversation_id: string;
  author: Author;
  official_id: string | null;
  client_id: string;
  body: string;
  attachment: { id: string; name: string; mediaType: string; size: number } | null;
  created_at: Date | string;
}

export interface ChatMessage {
  seq: number;
  conversation: string;
  author: Author;
  clientId: string;
  text: string;
  attachment?: { id: string; name: string; mediaType: string; size: number };
  sentAt: string;
  /** Console only: an answer to a left message, its email delivery. */
  email?: OutboxState;
}

export const toMessage = (r: MessageRow): ChatMessage => ({
  seq: Number(r.seq),
  conversation: r.conversation_id,
  author: r.author,
  clientId: r.client_id,
  text: r.body,
  ...(r.attachment ? { attachment: r.attachment } : {}),
  sentAt: new Date(r.created_at).toISOString(),
});

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export class Conversations {
  constructor(private readonly db: Queryable) {}

  async create(c: {
    organisation: string;
    topic: string;
    language: ConversationRow['language'];
    page?: string | undefined;
    status: 'queued' | 'message';
    email?: string | undefined;
  }): Promise<{ row: ConversationRow; token: string }> {
    const token = randomBytes(32).toString('base64url');
    const row = (
      await this.db.query<ConversationRow>(
        `INSERT INTO chat_conversations (id, organisation_id, token_hash, topic, language, origin_page, status, email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [randomUUID(), c.organisation, hashToken(token), c.topic, c.language, c.page ?? null, c.status, c.email ?? null],
      )
    ).rows[0];
    if (!row) throw new Error('the conversation was not stored');
    return { row, token };
  }

  async get(id: string): Promise<ConversationRow | undefined> {
    return (
      await this.db.query<ConversationRow>(
        `SELECT c.*, o.name AS official_name FROM chat_conversations c LEFT JOIN chat_officials o ON o.id = c.official_id WHERE c.id = $1`,
        [id],
      )
    ).rows[0];
  }

  /** The conversation when `token` is its token (constant-time comparison), else undefined. */
  async withToken(id: string, token: string): Promise<ConversationRow | undefined> {
    const row = await this.get(id);
    if (!row) return undefined;
    const a = Buffer.from(row.token_hash, 'hex');
    const b = Buffer.from(hashToken(token), 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? row : undefined;
  }

  async messages(id: string, afterSeq = 0, limit = 500): Promise<ChatMessage[]> {
    const rows = (
      await this.db.query<MessageRow>('SELECT * FROM chat_messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
        id,
        afterSeq,
        limit,
      ])
    ).rows;
    return rows.map(toMessage);
  }

  /** Stores a message once per (conversation, author, client id); `created` is false for a repeat. */
  async addMessage(
    id: string,
    m: { author: Author; officialId?: string | undefined; clientId: string; text: string; attachment?: MessageRow['attachment'] },
  ): Promise<{ message: ChatMessage; created: boolean }> {
    // One statement, one transaction: the conversation's row is locked first, so messages of
    // a conversation commit in `seq` order even when sent through several instances at once;
    // the NOTIFY (the message whole, or ids only when that would pass PostgreSQL's 8,000-byte
    // limit) is part of the same transaction, and notifications go out in commit order — a
    // stream never sees seq 105 before 104, and a crash after the commit cannot lose the
    // announcement.
    const inserted = (
      await this.db.query<MessageRow>(
        `WITH conv AS (SELECT id, organisation_id FROM chat_conversations WHERE id = $1 FOR UPDATE),
         ins AS (
           INSERT INTO chat_messages (conversation_id, author, official_id, client_id, body, attachment)
           SELECT conv.id, $2::text, $3::uuid, $4::text, $5::text, $6::jsonb FROM conv
           ON CONFLICT (conversation_id, author, client_id) DO NOTHING RETURNING *
         ), touched AS (
           UPDATE chat_conversations SET last_activity = now() WHERE id = $1 AND EXISTS (SELECT 1 FROM ins) RETURNING id
         )
         SELECT ins.*, pg_notify('${CHANNEL}', CASE WHEN octet_length(n.whole) < ${NOTIFY_MAX_BYTES} THEN n.whole
           ELSE json_build_object('t', 'm', 'o', conv.organisation_id, 'c', ins.conversation_id, 's', ins.seq)::text END)::text AS notified
         FROM ins, conv, LATERAL (SELECT json_build_object('t', 'm', 'o', conv.organisation_id, 'c', ins.conversation_id, 's', ins.seq,
           'm', json_strip_nulls(json_build_object('seq', ins.seq, 'conversation', ins.conversation_id, 'author', ins.author,
             'clientId', ins.client_id, 'text', ins.body, 'attachment', ins.attachment,
             'sentAt', to_char(ins.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))))::text AS whole) n`,
        [id, m.author, m.officialId ?? null, m.clientId, m.text, m.attachment ? JSON.stringify(m.attachment) : null],
      )
    ).rows[0];
    if (inserted) return { message: toMessage(inserted), created: true };
    const existing = (
      await this.db.query<MessageRow>('SELECT * FROM chat_messages WHERE conversation_id = $1 AND author = $2 AND client_id = $3', [
        id,
        m.author,
        m.clientId,
      ])
    ).rows[0];
    if (!existing) throw new Error('a message conflicted but is not there');
    return { message: toMessage(existing), created: false };
  }

  /** How many wait before this one for the same desk (topic) and language; 1 = next. */
  async position(row: ConversationRow): Promise<number> {
    if (row.status !== 'queued') return 0;
    const r = (
      await this.db.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM chat_conversations
         WHERE organisation_id = $1 AND topic = $2 AND language = $3 AND status = 'queued' AND (created_at, id) <= ($4, $5)`,
        [row.organisation_id, row.topic, row.language, row.created_at, row.id],
      )
    ).rows[0];
    return Number(r?.n ?? 1);
  }

  /** Waiting, message and active conversations of an organisation, oldest first. */
  async queue(organisation: string): Promise<(ConversationRow & { last_text: string | null })[]> {
    return (
      await this.db.query<ConversationRow & { last_text: string | null }>(
        `SELECT c.*, o.name AS official_name,
           (SELECT body FROM chat_messages m WHERE m.conversation_id = c.id AND m.author = 'person' ORDER BY seq DESC LIMIT 1) AS last_text
         FROM chat_conversations c LEFT JOIN chat_officials o ON o.id = c.official_id
         WHERE c.organisation_id = $1 AND c.status IN ('queued', 'active', 'message')
         ORDER BY c.created_at, c.id LIMIT 500`,
        [organisation],
      )
    ).rows;
  }

  /** Exactly one official wins: the UPDATE matches only while the conversation still waits. */
  async claim(organisation: string, id: string, officialId: string): Promise<ConversationRow | undefined> {
    return (
      await this.db.query<ConversationRow>(
        `UPDATE chat_conversations SET status = CASE WHEN status = 'message' THEN 'message' ELSE 'active' END,
           official_id = $3, claimed_at = now(), last_activity = now()
         WHERE organisation_id = $1 AND id = $2 AND status IN ('queued', 'message') AND official_id IS NULL RETURNING *`,
        [organisation, id, officialId],
      )
    ).rows[0];
  }

  /**
   * Back to a queue with a note: another topic, or (`to` ≠ `organisation`) another
   * organisation's desk, which then owns the conversation (history included); the sender's
   * officials no longer see it.
   */
  async transfer(
    organisation: string,
    id: string,
    officialId: string,
    topic: string,
    note: string,
    to = organisation,
  ): Promise<ConversationRow | undefined> {
    return (
      await this.db.query<ConversationRow>(
        `UPDATE chat_conversations SET status = CASE WHEN status = 'message' THEN 'message' ELSE 'queued' END,
           official_id = NULL, topic = $4, transfer_note = $5, last_activity = now(),
           organisation_id = $6, transferred_from = CASE WHEN $6 <> organisation_id THEN organisation_id ELSE transferred_from END
         WHERE organisation_id = $1 AND id = $2 AND official_id = $3 AND status IN ('active', 'message') RETURNING *`,
        [organisation, id, officialId, topic, note, to],
      )
    ).rows[0];
  }

  async close(id: string): Promise<ConversationRow | undefined> {
    return (
      await this.db.query<ConversationRow>(
        `UPDATE chat_conversations SET status = 'closed', closed_at = now(), last_activity = now() WHERE id = $1 AND status <> 'closed' RETURNING *`,
        [id],
      )
    ).rows[0];
  }

  async markRead(id: string, side: 'person' | 'official', seq: number): Promise<void> {
    const col = side === 'person' ? 'person_read_seq' : 'official_read_seq';
    await this.db.query(`UPDATE chat_conversations SET ${col} = GREATEST(${col}, $2) WHERE id = $1`, [id, seq]);
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM chat_conversations WHERE id = $1', [id]);
  }

  /** Retention: conversations without activity for `days` days are deleted with their messages. */
  async purge(days: number): Promise<number> {
    const r = await this.db.query<{ id: string }>(
      `DELETE FROM chat_conversations WHERE last_activity < now() - make_interval(days => $1) RETURNING id`,
      [days],
    );
    return r.rows.length;
  }
}
