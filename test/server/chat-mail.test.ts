/**
 * Answers to left messages by email (issue 10): through a real SMTP server (smtp-server on
 * loopback) with nodemailer, retried with back-off after a failing server (the last error kept,
 * `failed` after 8 attempts), and nothing lost across a restart (the outbox is in the database).
 * Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { MAIL_MAX_ATTEMPTS } from '../../src/server/chat/mail.js';
import type { Db } from '../../src/server/db/index.js';
import { buildApp, json, targets, type TestApp } from './helpers.js';

process.env.LUUKKU_CHAT_CLOCK = '2026-03-10T08:00:00Z';
const ORG = 'demo-kaupunki';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP server on loopback; `fail(n)` makes the next n messages fail with 451. */
async function smtp(): Promise<{ url: string; received: Received[]; fail(n: number): void; close(): Promise<void> }> {
  const received: Received[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const err = Object.assign(new Error('451 4.3.0 try again later'), { responseCode: 451 });
          callback(err);
          return;
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    fail: (n) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

interface OutboxRow {
  status: string;
  attempts: number;
  last_error: string | null;
  recipient: string;
}
const outbox = async (db: Db, conversation: string): Promise<OutboxRow[]> =>
  (
    await db.query<OutboxRow>('SELECT status, attempts, last_error, recipient FROM chat_mail_outbox WHERE conversation_id = $1', [
      conversation,
    ])
  ).rows;

for (const target of targets()) {
  describe(`chat answers by email (${target.name})`, () => {
    let server: Awaited<ReturnType<typeof smtp>>;
    let db: Db;
    let keys: Record<string, string> = {};
    before(async () => {
      server = await smtp();
      db = await target.open();
    });
    after(async () => {
      delete process.env.LUUKKU_CHAT_SMTP_URL;
      delete process.env.LUUKKU_CHAT_MAIL_RETRY_MS;
      delete process.env.LUUKKU_CHAT_MAIL_FROM;
      await server.close();
      await db.close();
    });

    /** An app on the shared database whose mail goes to `url` (undefined: the demo's log). */
    const app = async (url: string | undefined, retryMs: number): Promise<TestApp> => {
      if (url) process.env.LUUKKU_CHAT_SMTP_URL = url;
      else delete process.env.LUUKKU_CHAT_SMTP_URL;
      process.env.LUUKKU_CHAT_MAIL_RETRY_MS = String(retryMs);
      process.env.LUUKKU_CHAT_MAIL_FROM = 'Demo-kaupunki <neuvonta@demo-kaupunki.example>';
      const t = await buildApp(target, {}, { db });
      // Staff keys are announced only by the app whose seed created them (the first).
      keys = Object.keys(t.keys).length ? t.keys : keys;
      t.keys = keys;
      await t.chat.ready();
      return t;
    };

    /** Leaves a message as `email`, has an official answer it with `text`; returns the conversation id. */
    const answer = async (t: TestApp, email: string, text: string, language = 'fi'): Promise<string> => {
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      const staff = { authorization: `Bearer ${t.keys[ORG]!}` };
      const left = await post('/v1/chat/conversations', {
        organisation: ORG,
        topic: 'events',
        language,
        mode: 'message',
        email,
        text: 'Kysymys?',
      });
      assert.equal(left.status, 201, await left.clone().text());
      const { conversation } = await json<{ conversation: { id: string } }>(left);
      const o = await json<{ official: { id: string } }>(
        await post('/v1/chat/console/sessions', { organisation: ORG, name: 'Mari', languages: ['fi', 'sv'] }, staff),
      );
      assert.equal((await post(`/v1/chat/console/conversations/${conversation.id}/claim`, { official: o.official.id }, staff)).status, 200);
      const body = { official: o.official.id, clientId: 'answer-1', text };
      assert.equal((await post(`/v1/chat/console/conversations/${conversation.id}/messages`, body, staff)).status, 201);
      // A retried POST of the same answer is not emailed twice.
      assert.equal((await post(`/v1/chat/console/conversations/${conversation.id}/messages`, body, staff)).status, 200);
      return conversation.id;
    };

    it('delivers the answer through a real SMTP server, once, with From, To, subject and text', async () => {
      const t = await app(server.url, 50);
      try {
        const before = server.received.length;
        const id = await answer(t, 'jarjestaja@example.fi', 'Kyllä: meluilmoitus 30 vrk ennen tapahtumaa.');
        await until('the mail arrives', () => server.received.length > before);
        const mail = server.received.at(-1)!;
        assert.deepEqual(mail.to, ['jarjestaja@example.fi']);
        assert.equal(mail.from, 'neuvonta@demo-kaupunki.example');
        assert.match(mail.raw, /Subject: Vastaus viestiisi \(events\)/);
        assert.match(mail.raw, /meluilmoitus 30 vrk/);
        await until('the row is marked sent', async () => (await outbox(db, id))[0]?.status === 'sent');
        assert.deepEqual(
          (await outbox(db, id)).map((r) => [r.status, r.attempts, r.last_error]),
          [['sent', 1, null]],
        );
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(server.received.length, before + 1, 'sent once');
        // The console shows the answer's delivery state.
        const view = await json<{ messages: { seq: number; author: string; email?: { status: string; attempts: number } }[] }>(
          await t.app.request(`/v1/chat/console/conversations/${id}`, { headers: { authorization: `Bearer ${t.keys[ORG]!}` } }),
        );
        const answered = view.messages.find((m) => m.author === 'official');
        assert.deepEqual(answered?.email, { status: 'sent', attempts: 1, sentAt: (answered?.email as { sentAt?: string }).sentAt });
      } finally {
        await t.stop();
      }
    });

    it('retries with back-off after a failing server, keeping the last error; gives up after 8 attempts', async () => {
      const t = await app(server.url, 20);
      try {
        server.fail(2);
        const before = server.received.length;
        const id = await answer(t, 'retry@example.fi', 'Toinen vastaus.');
        await until('the mail arrives on the third attempt', () => server.received.length > before);
        await until('the row is marked sent', async () => (await outbox(db, id))[0]?.status === 'sent');
        const [row] = await outbox(db, id);
        assert.ok(row);
        assert.equal(row.attempts, 3);
        assert.match(row.last_error ?? '', /451/);

        server.fail(1000);
        const failing = await answer(t, 'never@example.fi', 'Ei mene perille.');
        // 20, 40, 80 … 1,280 ms between the eight attempts.
        await until('the row is given up', async () => (await outbox(db, failing))[0]?.status === 'failed', 20_000);
        const [gaveUp] = await outbox(db, failing);
        assert.ok(gaveUp);
        assert.equal(gaveUp.attempts, MAIL_MAX_ATTEMPTS);
        assert.match(gaveUp.last_error ?? '', /451/);
        const view = await json<{ messages: { author: string; email?: { status: string; attempts: number; lastError?: string } }[] }>(
          await t.app.request(`/v1/chat/console/conversations/${failing}`, { headers: { authorization: `Bearer ${t.keys[ORG]!}` } }),
        );
        const email = view.messages.find((m) => m.author === 'official')?.email;
        assert.ok(email);
        assert.equal(email.status, 'failed');
        assert.equal(email.attempts, MAIL_MAX_ATTEMPTS);
        assert.match(email.lastError ?? '', /451/);
      } finally {
        server.fail(0);
        await t.stop();
      }
    });

    it('loses nothing across a restart: an acknowledged answer is sent by the next process', async () => {
      // The first process acknowledges the answer while the relay refuses it, then stops.
      server.fail(1000);
      const first = await app(server.url, 300);
      const before = server.received.length;
      const id = await answer(first, 'restart@example.fi', 'Vastaus ennen uudelleenkäynnistystä.');
      await until('the first attempt failed', async () => ((await outbox(db, id))[0]?.attempts ?? 0) >= 1);
      await first.stop();
      const [left] = await outbox(db, id);
      assert.equal(left?.status, 'pending');
      assert.equal(server.received.length, before);
      // The relay is back; a new process on the same database sends it.
      server.fail(0);
      const second = await app(server.url, 300);
      try {
        await until('the mail arrives after the restart', () => server.received.length > before);
        assert.deepEqual(server.received.at(-1)?.to, ['restart@example.fi']);
        await until('the row is marked sent', async () => (await outbox(db, id))[0]?.status === 'sent');
      } finally {
        await second.stop();
      }
    });

    it('without an SMTP setting the demo logs the mail (and counts it as sent)', async () => {
      const t = await app(undefined, 50);
      try {
        const id = await answer(t, 'demo@example.fi', 'Demon vastaus.', 'sv');
        await until('the mail is logged', () =>
          t.logs.some((l) => l.msg === 'chat: email (demo: logged, not sent)' && l.to === 'demo@example.fi'),
        );
        const logged = t.logs.find((l) => l.to === 'demo@example.fi');
        assert.ok(logged);
        assert.equal(logged.subject, 'Svar på ditt meddelande (events)');
        assert.equal(logged.text, 'Demon vastaus.');
        await until('the row is marked sent', async () => (await outbox(db, id))[0]?.status === 'sent');
      } finally {
        await t.stop();
      }
    });
  });
}
