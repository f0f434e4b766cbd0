/**
 * The projects' CORS (issue 11): the organiser's, the officials' and the webhook routes all use
 * the shared staff `allowListCors` — an allow-listed page on another origin (the event page, an
 * official's intranet) may send `Authorization: Bearer` and `If-Match` and read `ETag`; other
 * origins get a 403 preflight and no CORS headers. A 409 of the state machine still names the
 * allowed states and carries the CORS headers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALLOWED_ORIGIN, buildApp, json, problem, type TestApp, targets } from './helpers.js';

const ORG = 'demo-kaupunki';
const STRANGER = 'https://evil.example';

const preflight = (t: TestApp, path: string, method: string, headers: string, origin = ALLOWED_ORIGIN) =>
  t.app.request(path, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

const listed = (res: Response, header: string): string[] =>
  (res.headers.get(header) ?? '')
    .toLowerCase()
    .split(',')
    .map((h) => h.trim());

for (const target of targets()) {
  describe(`projects CORS (${target.name})`, () => {
    let t: TestApp;
    let key: string;
    before(async () => {
      t = await buildApp(target);
      key = t.keys[ORG]!;
    });
    after(async () => {
      await t.close();
    });

    it('preflight of every kind of project route allows Authorization and If-Match from an allow-listed page', async () => {
      for (const [path, method] of [
        ['/v1/project-webhooks', 'POST'],
        ['/v1/project-webhooks/deliveries', 'GET'],
        ['/v1/authority-projects', 'GET'],
        ['/v1/authority-projects/applications/1/transitions', 'POST'],
        ['/v1/authority-projects/applications/1/forecast', 'PUT'],
        ['/v1/projects', 'POST'],
        ['/v1/projects/x/applications/1', 'PATCH'],
        ['/v1/projects/x/milestones/1', 'DELETE'],
      ] as const) {
        const pre = await preflight(t, path, method, 'authorization, content-type, if-match');
        assert.equal(pre.status, 204, path);
        assert.equal(pre.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN, path);
        const allowed = listed(pre, 'access-control-allow-headers');
        for (const h of ['authorization', 'if-match', 'content-type']) assert.ok(allowed.includes(h), `${path}: ${h}`);
        assert.ok(listed(pre, 'access-control-allow-methods').includes(method.toLowerCase()), path);
        assert.match(pre.headers.get('vary') ?? '', /Origin/, path);
      }
    });

    it("a cross-origin read of the webhook deliveries and the officials' list with the staff key", async () => {
      for (const path of [`/v1/project-webhooks/deliveries?organisation=${ORG}`, `/v1/authority-projects?organisation=${ORG}`]) {
        const res = await t.app.request(path, { headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${key}` } });
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN, path);
        const exposed = listed(res, 'access-control-expose-headers');
        for (const h of ['etag', 'retry-after', 'x-request-id']) assert.ok(exposed.includes(h), `${path}: ${h}`);
        assert.match(res.headers.get('vary') ?? '', /Origin/, path);
      }
      const sub = await t.app.request('/v1/project-webhooks', {
        method: 'POST',
        headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ organisation: ORG, url: 'https://hooks.example/luukku' }),
      });
      assert.equal(sub.status, 201);
      assert.equal(sub.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      // An error answer is readable too.
      const denied = await t.app.request(`/v1/project-webhooks/deliveries?organisation=${ORG}`, { headers: { origin: ALLOWED_ORIGIN } });
      assert.equal(denied.status, 401);
      assert.equal(denied.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    });

    it('an unknown origin: 403 preflight, no CORS headers on an answer', async () => {
      for (const path of ['/v1/project-webhooks/deliveries', '/v1/project-webhooks', '/v1/authority-projects', '/v1/projects']) {
        const pre = await preflight(t, path, 'GET', 'authorization', STRANGER);
        await problem(pre, 403, 'origin_not_allowed');
        assert.equal(pre.headers.get('access-control-allow-origin'), null, path);
      }
      const res = await t.app.request(`/v1/project-webhooks/deliveries?organisation=${ORG}`, {
        headers: { origin: STRANGER, authorization: `Bearer ${key}` },
      });
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      assert.match(res.headers.get('vary') ?? '', /Origin/);
    });

    it('a 409 of the state machine keeps its allowed states and its CORS headers', async () => {
      const cross = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        t.app.request(path, {
          method,
          headers: { origin: ALLOWED_ORIGIN, 'content-type': 'application/json', ...headers },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      const created = await json<{ token: string }>(await cross('POST', '/v1/projects', { title: 'Kesäkonsertti', organisation: ORG }));
      const added = await cross('POST', `/v1/projects/${created.token}/applications`, { title: 'Meluilmoitus', authority: 'Ympäristö' });
      assert.equal(added.status, 201, await added.clone().text());
      assert.equal(added.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      const app = (await json<{ applications: { id: string; etag: string; allowed: string[] }[] }>(added)).applications[0]!;
      const res = await cross(
        'POST',
        `/v1/projects/${created.token}/applications/${app.id}/transitions`,
        { to: 'final' },
        { 'if-match': app.etag },
      );
      const body = (await problem(res, 409, 'invalid_transition')) as unknown as { allowed: string[] };
      assert.deepEqual(body.allowed, app.allowed);
      assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.ok(listed(res, 'access-control-expose-headers').includes('etag'));
    });
  });
}
