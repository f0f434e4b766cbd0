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
