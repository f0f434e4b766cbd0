/**
 * The chat's CORS (issue 10): the person's endpoints and the officials' console are both
 * callable from an allow-listed page on another origin (the city's event page, the staff
 * intranet), the console with `Authorization: Bearer`; other origins get a 403 preflight and no
 * CORS headers; the event streams, written straight to the socket, carry their own CORS headers
 * (checked on a real port, where the streams run).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/server/logger.js';
import { listen, type RunningServer } from '../../src/server/serve.js';
import { ALLOWED_ORIGIN, buildApp, json, problem, type TestApp, targets } from './helpers.js';

process.env.LUUKKU_CHAT_CLOCK = '2026-03-10T08:00:00Z';

const ORG = 'demo-kaupunki';
const STRANGER = 'https://evil.example';

const preflight = (t: TestApp, path: string, method: string, headers: string, origin = ALLOWED_ORIGIN) =>
  t.app.request(path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

const allowedHeaders = (res: Response): string[] =>
  (res.headers.get('access-control-allow-headers') ?? '')
    .toLowerCase()
    .split(',')
    .map((h) => h.trim());

for (const target of targets()) {
  describe(`chat CORS (${target.name})`, () => {
    let t: TestApp;
    let key: string;
    before(async () => {
      t = await buildApp(target);
      key = t.keys[ORG]!;
      await t.chat.ready();
    });
    after(async () => {
      await t.chat.close();
      await t.close();
    });

    it("the person's endpoints: preflight allows Last-Event-ID, answers expose Content-Disposition", async () => {
      const pre = await preflight(t, '/v1/chat/conversations', 'POST', 'content-type');
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.ok(allowedHeaders(await preflight(t, '/v1/chat/conversations/x/events', 'GET', 'last-event-id')).includes('last-event-id'));
      // The public side does not take a bearer key.
      assert.ok(!allowedHeaders(pre).includes('authorization'));

      const res = await t.app.request(`/v1/chat/desks?organisation=${ORG}`, { headers: { origin: ALLOWED_ORIGIN } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /Content-Disposition/);
      assert.match(res.headers.get('vary') ?? '', /Origin/);
    });

    it("the console's endpoints: preflight allows Authorization from an allow-listed intranet page", async () => {
      for (const [path, method] of [
        ['/v1/chat/console/sessions', 'POST'],
        ['/v1/chat/console/queue', 'GET'],
        ['/v1/chat/console/conversations/x/messages', 'POST'],
        ['/v1/chat/console/officials/x', 'DELETE'],
        ['/v1/chat/kb/drafts', 'GET'],
        ['/v1/chat/kb/articles', 'POST'],
        ['/v1/chat/kb/articles/x/publish', 'POST'],
      ] as const) {
        const pre = await preflight(t, path, method, 'authorization, content-type');
        assert.equal(pre.status, 204, path);
        assert.equal(pre.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN, path);
        assert.ok(allowedHeaders(pre).includes('authorization'), path);
        assert.match(pre.headers.get('access-control-allow-methods') ?? '', new RegExp(method), path);
      }
      const res = await t.app.request(`/v1/chat/console/queue?organisation=${ORG}`, {
        headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${key}` },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    });

    it('a wrong key is a 401 the page can read; another origin gets a 403 preflight and no CORS headers', async () => {
      const wrong = await t.app.request(`/v1/chat/console/queue?organisation=${ORG}`, {
        headers: { origin: ALLOWED_ORIGIN, authorization: 'Bearer not-the-key-0123456789' },
      });
      assert.equal(wrong.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      await problem(wrong, 401, 'unauthorized');

      for (const path of ['/v1/chat/console/queue', '/v1/chat/conversations']) {
        const pre = await preflight(t, path, 'GET', 'authorization', STRANGER);
        assert.equal(pre.headers.get('access-control-allow-origin'), null);
        await problem(pre, 403, 'origin_not_allowed');
      }
      const res = await t.app.request(`/v1/chat/desks?organisation=${ORG}`, { headers: { origin: STRANGER } });
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    });

    describe('event streams on a real port', () => {
      let server: RunningServer;
      before(async () => {
        server = await listen(t.app, { port: 0, host: '127.0.0.1', db: t.db, logger: createLogger('silent') });
      });
      after(async () => {
        await server.shutdown('test end');
      });

      const head = async (url: string, origin: string): Promise<Response> => {
        const controller = new AbortController();
        const res = await fetch(url, { headers: { origin, accept: 'text/event-stream' }, signal: controller.signal });
        controller.abort(); // only the head is wanted; the stream stays open otherwise
        return res;
      };

      it("the person's stream and the console's stream carry their CORS headers once", async () => {
        const started = await t.app.request('/v1/chat/conversations', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ALLOWED_ORIGIN },
          body: JSON.stringify({ organisation: ORG, topic: 'events', language: 'fi', mode: 'live' }),
        });
        assert.equal(started.status, 201, await started.clone().text());
        const { token, conversation } = await json<{ token: string; conversation: { id: string } }>(started);
        const person = await head(`${server.url}/v1/chat/conversations/${conversation.id}/events?token=${token}`, ALLOWED_ORIGIN);
        assert.equal(person.status, 200);
        assert.equal(person.headers.get('content-type')?.split(';')[0], 'text/event-stream');
        assert.equal(person.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);

        const { streamToken } = await json<{ streamToken: string }>(
          await t.app.request('/v1/chat/console/sessions', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, origin: ALLOWED_ORIGIN },
            body: JSON.stringify({ organisation: ORG, name: 'Aino', languages: ['fi'] }),
          }),
        );
        const official = await head(`${server.url}/v1/chat/console/events?streamToken=${streamToken}`, ALLOWED_ORIGIN);
        assert.equal(official.status, 200);
        assert.equal(official.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
        const stranger = await head(`${server.url}/v1/chat/console/events?streamToken=${streamToken}`, STRANGER);
        assert.equal(stranger.headers.get('access-control-allow-origin'), null);
      });
    });
  });
}
