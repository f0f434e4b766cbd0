/**
 * The chat across server processes (issue 10): two instances on one PostgreSQL, a person's
 * conversation with a resuming stream on each, messages sent through both; one instance is
 * killed with SIGKILL mid-conversation (a POST in flight) and restarted. Every stream ends
 * with every message exactly once, in order. PostgreSQL only (PGlite is one process's
 * database): `bash scripts/with-postgres.sh node --import tsx --test test/server/chat-instances.test.ts`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureChatFailover } from '../../scripts/bench/chat.js';
import { openDb } from '../../src/server/db/index.js';
import { buildApp, createPostgresDatabase, json, type Target, type TestApp } from './helpers.js';

const ORG = 'demo-kaupunki';

const url = process.env.DATABASE_URL;

describe(
  'chat: two instances on one PostgreSQL, one killed and restarted',
  { skip: url ? false : 'needs DATABASE_URL (PostgreSQL)' },
  () => {
    it('loses nothing and repeats nothing over 200 messages; the streams resume with Last-Event-ID', { timeout: 180_000 }, async () => {
      const r = await measureChatFailover(url ?? '', 200);
      assert.equal(r.streams.length, 2);
      for (const [i, s] of r.streams.entries()) {
        assert.equal(s.lost, 0, `stream ${i}: lost`);
        assert.equal(s.duplicated, 0, `stream ${i}: duplicated`);
        assert.equal(s.outOfOrder, 0, `stream ${i}: out of order`);
      }
      assert.ok((r.streams[0]?.reconnects ?? 0) >= 1, 'the stream on the killed instance reconnected');
    });
  },
);

describe(
  'chat: revoking an official’s key ends their console streams on every instance',
  { skip: url ? false : 'needs DATABASE_URL (PostgreSQL)' },
  () => {
    it(
      'a stream on instance B ends when the key is revoked through instance A; another official’s stays open',
      { timeout: 120_000 },
      async () => {
        const fresh = await createPostgresDatabase(url ?? '');
        const target: Target = { name: 'postgres', open: () => openDb({ databaseUrl: fresh.url, dataDir: '', pgPoolSize: 3 }) };
        const a = await buildApp(target);
        const b = await buildApp(target, {}, { db: await target.open() });
        try {
          await a.chat.ready();
          await b.chat.ready();
          const key = a.keys[ORG] ?? '';
          const post = (t: TestApp, path: string, body: unknown, bearer: string) =>
            t.app.request(path, {
              method: 'POST',
              headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
          const issued = await json<{ official: { id: string }; key: string }>(
            await post(a, '/v1/chat/console/officials', { organisation: ORG, name: 'Kaisa', languages: ['fi'] }, key),
          );
          const open = async (bearer: string) => {
            const s = await json<{ streamToken: string }>(
              await post(b, '/v1/chat/console/sessions', { organisation: ORG, name: 'Olli', languages: ['fi'] }, bearer),
            );
            const res = await b.app.request(`/v1/chat/console/events?streamToken=${s.streamToken}`);
            assert.equal(res.status, 200);
            return res.body!.getReader();
          };
          const revokedStream = await open(issued.key);
          const otherStream = await open(key);
          await revokedStream.read();
          assert.equal(
            (
              await a.app.request(`/v1/chat/console/officials/${issued.official.id}`, {
                method: 'DELETE',
                headers: { authorization: `Bearer ${key}` },
              })
            ).status,
            204,
          );
          const ended = async (r: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<boolean> => {
            const end = Date.now() + ms;
            for (;;) {
              const left = end - Date.now();
              if (left <= 0) return false;
              const next = await Promise.race([r.read(), new Promise<'wait'>((res) => setTimeout(() => res('wait'), left))]);
              if (next === 'wait') return false;
              if (next.done) return true;
            }
          };
          assert.equal(await ended(revokedStream, 10_000), true, 'the revoked official’s stream on B ended');
          assert.equal(await ended(otherStream, 1_000), false, 'another official’s stream stays open');
          await otherStream.cancel();
        } finally {
          await b.stop();
          await a.stop();
          await b.db.close();
          await a.db.close();
          await fresh.drop();
        }
      },
    );
  },
);
