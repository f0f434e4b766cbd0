/**
 * Email for answers to left messages (issue 10), through a durable outbox.
 *
 * An official's answer to a left message is written to `chat_mail_outbox` before its POST is
 * answered, so an acknowledged answer is never lost if the process dies: a sender loop on every
 * instance takes due rows (`FOR UPDATE SKIP LOCKED` and a lease, so two instances never send one
 * row at once), sends them and marks them sent; a failure is retried with doubling back-off up
 * to `MAIL_MAX_ATTEMPTS` attempts, the last error kept, then the row is `failed`. With
 * `LUUKKU_CHAT_SMTP_URL` the mail goes through nodemailer's SMTP transport; without it (the demo)
 * the mail is logged (`chat: email (demo: logged, not sent)`) and counts as sent.
 */
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { ConversationRow } from './conversations.js';

export const MAIL_MAX_ATTEMPTS = 8;
/** How long a taken row is leased to one sender before another instance may take it again. */
const LEASE_SECONDS = 120;
/** With nothing due, look again this often (rows another instance left when it died). */
const IDLE_POLL_MS = 5 * 60_000;
const BATCH = 10;

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one mail or throws (the error's message is kept as the row's last error). */
export type MailSender = (mail: Mail) => Promise<void>;

export interface MailOptions {
  /** smtp://user:pass@host:587 or smtps://…:465; unset → the demo logs the mail. */
  smtpUrl?: string | undefined;
  /** The From address (LUUKKU_CHAT_MAIL_FROM). */
  from?: string | undefined;
  /** The first retry's delay; each next one doubles (LUUKKU_CHAT_MAIL_RETRY_MS, default 30 s; capped at 1 h). */
  retryBaseMs?: number | undefined;
}

export interface OutboxState {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError?: string;
  sentAt?: string;
}

interface OutboxRow {
  id: string;
  conversation_id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
}

const SUBJECT: Record<ConversationRow['language'], (topic: string) => string> = {
  fi: (t) => `Vastaus viestiisi (${t})`,
  sv: (t) => `Svar på ditt meddelande (${t})`,
  se: (t) => `Vástádus du dieđáhussii (${t})`,
  en: (t) => `Answer to your message (${t})`,
};

export const answerSubject = (row: Pick<ConversationRow, 'language' | 'topic'>): string => SUBJECT[row.language](row.topic);

/** The SMTP sender (nodemailer) for `smtpUrl`, or the demo's logging sender. */
export function mailSender(logger: Logger, options: MailOptions): { send: MailSender; close: () => void } {
  if (!options.smtpUrl) {
    return {
      send: (mail) => {
        logger.info('chat: email (demo: logged, not sent)', { to: mail.to, subject: mail.subject, text: mail.text });
        return Promise.resolve();
      },
      close: () => {},
    };
  }
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const from = options.from ?? 'Luukku <no-reply@localhost>';
  return {
    send: async (mail) => {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}

export class MailOutbox {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  readonly #retryBaseMs: number;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly sender: { send: MailSender; close: () => void },
    options: Pick<MailOptions, 'retryBaseMs'> & {
      /** After each attempt (sent, retrying or given up): e.g. tell the consoles. */
      onAttempt?: (conversation: string) => Promise<void> | void;
    } = {},
  ) {
    this.#retryBaseMs = options.retryBaseMs ?? 30_000;
    this.#onAttempt = options.onAttempt;
  }
  readonly #onAttempt: ((conversation: string) => Promise<void> | void) | undefined;

  /**
   * Queues the answer `messageSeq` of a left-message conversation for `to` (once: a retried
   * POST of the same answer finds the row there). Resolves when the row is committed.
   */
  async enqueue(conversation: string, messageSeq: number, mail: Mail): Promise<void> {
    await this.db.query(
      `INSERT INTO chat_mail_outbox (id, conversation_id, message_seq, recipient, subject, body)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (message_seq) DO NOTHING`,
      [randomUUID(), conversation, messageSeq, mail.to, mail.subject, mail.text],
    );
    this.wake();
  }

  /** The delivery state of each answer of a conversation that was emailed, by message seq. */
  async states(conversation: string): Promise<Map<number, OutboxState>> {
    const rows = (
      await this.db.query<{
        message_seq: string | number;
        status: OutboxState['status'];
        attempts: number;
        last_error: string | null;
        sent_at: Date | string | null;
      }>('SELECT message_seq, status, attempts, last_error, sent_at FROM chat_mail_outbox WHERE conversation_id = $1', [conversation])
    ).rows;
    return new Map(
      rows.map((r) => [
        Number(r.message_seq),
        {
          status: r.status,
          attempts: r.attempts,
          ...(r.last_error ? { lastError: r.last_error } : {}),
          ...(r.sent_at ? { sentAt: new Date(r.sent_at).toISOString() } : {}),
        },
      ]),
    );
  }

  /** Runs the sender now (and again after the current run, if one is under way). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = this.#run().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  /** Starts the loop after `delayMs` (rows left pending by an earlier process are sent then). */
  start(delayMs = 0): void {
    if (this.#stopped) return;
    if (delayMs <= 0) this.wake();
    else this.#schedule(delayMs);
  }

  /** Stops the loop and waits for a send under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
    this.sender.close();
  }

  /** The delay before attempt `attempts + 1` (after `attempts` failures): base · 2^(attempts − 1), at most an hour. */
  backoffMs(attempts: number): number {
    return Math.min(3_600_000, this.#retryBaseMs * 2 ** Math.max(0, attempts - 1));
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.wake();
      },
      Math.max(0, ms),
    );
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    try {
      for (;;) {
        if (this.#stopped) return;
        const due = await this.#take();
        if (!due.length) break;
        for (const row of due) await this.#deliver(row);
      }
      const next = (
        await this.db.query<{ wait_ms: string | number | null }>(
          `SELECT extract(epoch FROM (min(greatest(next_attempt_at, coalesce(locked_until, next_attempt_at))) - now())) * 1000 AS wait_ms
           FROM chat_mail_outbox WHERE status = 'pending'`,
        )
      ).rows[0]?.wait_ms;
      this.#schedule(next === null || next === undefined ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, Math.max(10, Number(next))));
    } catch (err) {
      // The database went away (shutting down) or a passing fault: look again later.
      if (!this.#stopped) {
        this.logger.warn('chat: the mail outbox could not be read', { error: err instanceof Error ? err.message : String(err) });
        this.#schedule(Math.min(IDLE_POLL_MS, this.#retryBaseMs));
      }
    }
  }

  /** Leases the due rows to this sender. */
  async #take(): Promise<OutboxRow[]> {
    return (
      await this.db.query<OutboxRow>(
        `UPDATE chat_mail_outbox SET locked_until = now() + make_interval(secs => $1)
         WHERE id IN (
           SELECT id FROM chat_mail_outbox
           WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
           ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id, conversation_id, recipient, subject, body, attempts`,
        [LEASE_SECONDS, BATCH],
      )
    ).rows;
  }

  async #deliver(row: OutboxRow): Promise<void> {
    try {
      await this.sender.send({ to: row.recipient, subject: row.subject, text: row.body });
      await this.db.query(
        `UPDATE chat_mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = now(), locked_until = NULL WHERE id = $1`,
        [row.id],
      );
    } catch (err) {
      const attempts = row.attempts + 1;
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const failed = attempts >= MAIL_MAX_ATTEMPTS;
      await this.db.query(
        `UPDATE chat_mail_outbox SET attempts = $2, last_error = $3, status = $4, locked_until = NULL,
           next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1`,
        [row.id, attempts, error, failed ? 'failed' : 'pending', this.backoffMs(attempts) / 1000],
      );
      if (failed) this.logger.error('chat: an answer’s email could not be delivered; giving up', { outbox: row.id, attempts, error });
      else this.logger.warn('chat: an answer’s email was not delivered; retrying', { outbox: row.id, attempts, error });
    }
    await Promise.resolve(this.#onAttempt?.(row.conversation_id)).catch(() => {});
  }
}
