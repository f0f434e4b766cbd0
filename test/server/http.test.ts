/**
 * The real HTTP server on port 0, driven with fetch and raw sockets: CORS preflight, the body
 * limit on a streamed body, static files and path traversal, graceful shutdown.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { listen, type RunningServer } from '../../src/server/serve.js';
import { createLogger } from '../../src/server/logger.js';
import { ALLOWED_ORIGIN, buildApp, idemKey, staticFixture, submission, targets, type TestApp } from './helpers.js';

/** Sends a request line verbatim (fetch would normalise `..` away). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('end', () => resolve({ status: Number(data.split(' ')[1]), body: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
    socket.on('error', reject);
  });
}

for (const target of targets()) {
  describe(`HTTP server on ${target.name}`, () => {
    const fixture = staticFixture();
    let t: TestApp;
    let server: RunningServer;

    before(async () => {
      t = await buildApp(target, { distDir: fixture.distDir, demoDir: fixture.demoDir, bodyLimitBytes: 4096 });
      server = await listen(t.app, { port: 0, host: '127.0.0.1', db: t.db, logger: createLogger('silent') });
    });
    after(async () => {
      await server.shutdown('test end');
      fixture.cleanup();
    });

    it('answers a CORS preflight and the real POST from an allowed origin', async () => {
      const pre = await fetch(`${server.url}/v1/feedback`, {
        method: 'OPTIONS',
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, idempotency-key',
        },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.equal(pre.headers.get('access-control-allow-methods'), 'POST');
      const res = await fetch(`${server.url}/v1/feedback`, {
        method: 'POST',
        headers: { origin: ALLOWED_ORIGIN, 'content-type': 'application/json', 'idempotency-key': idemKey() },
        body: JSON.stringify(submission()),
      });
      assert.equal(res.status, 201);
      assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      const denied = await fetch(`${server.url}/v1/feedback`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(denied.status, 403);
      assert.equal(denied.headers.get('access-control-allow-origin'), null);
      await denied.body?.cancel();
    });

    it('the own origin is allowed for any organisation', async () => {
      const res = await fetch(`${server.url}/v1/feedback`, {
        method: 'POST',
        headers: { origin: server.url, 'content-type': 'application/json', 'idempotency-key': idemKey() },
        body: JSON.stringify(submission({ organisation: 'demo-raddningsverk' })),
      });
      assert.equal(res.status, 201);
    });

    it('counts the bytes of a streamed body without Content-Length → 413', async () => {
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/v1/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idemKey(), 'transfer-encoding': 'chunked' },
        });
        req.on('response', (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (d: string) => (body += d));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.write('{"freeText":"');
        let sent = 0;
        const pump = () => {
          while (sent < 64 * 1024) {
            sent += 1024;
            if (!req.write('a'.repeat(1024))) {
              req.once('drain', pump);
              return;
            }
          }
          req.end('"}');
        };
        pump();
      });
      assert.equal(res.status, 413);
      assert.equal((JSON.parse(res.body) as { code: string }).code, 'payload_too_large');
    });

    it('a declared Content-Length over the limit → 413 without reading the body', async () => {
      const res = await fetch(`${server.url}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idemKey() },
        body: JSON.stringify(submission({ freeText: 'x'.repeat(5000) })),
      });
      assert.equal(res.status, 413);
      assert.equal(((await res.json()) as { code: string }).code, 'payload_too_large');
    });

    it('serves the demo pages at / with security headers', async () => {
      const res = await fetch(`${server.url}/`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.ok(res.headers.get('referrer-policy'));
      assert.match(await res.text(), /Luukku demo/);
      const sv = await fetch(`${server.url}/sv.html`);
      assert.equal(sv.status, 200);
      assert.match(await sv.text(), /demo sv/);
      const head = await fetch(`${server.url}/sv.html`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal((await head.text()).length, 0);
      const missing = await fetch(`${server.url}/nope.html`);
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as { code: string }).code, 'not_found');
    });

    it('serves dist/ under /luukku/ with types and cache headers', async () => {
      const cases: [string, string, RegExp][] = [
        ['/luukku/autoload.js', 'text/javascript; charset=utf-8', /^public, max-age=300$/],
        ['/luukku/widgets/feedback/define.js', 'text/javascript; charset=utf-8', /^public, max-age=300$/],
        ['/luukku/chunks/feedback-form-B4xk2_9Q.js', 'text/javascript; charset=utf-8', /^public, max-age=31536000, immutable$/],
        ['/luukku/chunks/feedback-form-B4xk2_9Q.js.map', 'application/json; charset=utf-8', /immutable/],
        ['/luukku/chunks/locales/fi-common-bvF7w_qe.js', 'text/javascript; charset=utf-8', /immutable/],
        ['/luukku/style.css', 'text/css; charset=utf-8', /^public, max-age=300$/],
        ['/luukku/data.json', 'application/json; charset=utf-8', /^public, max-age=300$/],
      ];
      for (const [path, type, cache] of cases) {
        const res = await fetch(server.url + path, { headers: { origin: 'https://any-authority.example' } });
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('content-type'), type, path);
        assert.match(res.headers.get('cache-control') ?? '', cache, path);
        // Any site may load the bundles as module scripts.
        assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
        assert.equal(res.headers.get('access-control-allow-credentials'), null, path);
        assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin', path);
        assert.doesNotMatch(res.headers.get('vary') ?? '', /origin/i, `${path}: the answer does not depend on the Origin`);
        assert.ok(res.headers.get('etag'), path);
        assert.ok(res.headers.get('last-modified'), path);
        await res.body?.cancel();
      }
    });

    it('unhashed bundles revalidate: If-None-Match and If-Modified-Since → 304 with the CORS headers', async () => {
      const first = await fetch(`${server.url}/luukku/autoload.js`);
      const etag = first.headers.get('etag') ?? '';
      const lastModified = first.headers.get('last-modified') ?? '';
      assert.equal(await first.text(), 'export const autoload = 1;\n');
      const byTag = await fetch(`${server.url}/luukku/autoload.js`, { headers: { 'if-none-match': etag } });
      assert.equal(byTag.status, 304);
      assert.equal(byTag.headers.get('access-control-allow-origin'), '*');
      assert.equal(byTag.headers.get('cross-origin-resource-policy'), 'cross-origin');
      assert.equal(byTag.headers.get('etag'), etag);
      const byDate = await fetch(`${server.url}/luukku/autoload.js`, { headers: { 'if-modified-since': lastModified } });
      assert.equal(byDate.status, 304);
      const other = await fetch(`${server.url}/luukku/autoload.js`, { headers: { 'if-none-match': 'W/"other"' } });
      assert.equal(other.status, 200);
      await other.body?.cancel();
      const head = await fetch(`${server.url}/luukku/autoload.js`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get('access-control-allow-origin'), '*');
      assert.equal((await head.text()).length, 0);
    });

    it('answers an OPTIONS preflight on /luukku/* and carries the CORS headers on a 404 there', async () => {
      const pre = await fetch(`${server.url}/luukku/autoload.js`, {
        method: 'OPTIONS',
        headers: { origin: 'https://any-authority.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), '*');
      assert.match(pre.headers.get('access-control-allow-methods') ?? '', /GET/);
      assert.equal(pre.headers.get('cross-origin-resource-policy'), 'cross-origin');
      const missing = await fetch(`${server.url}/luukku/chunks/nope-AbCd1234.js`);
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get('access-control-allow-origin'), '*');
      await missing.body?.cancel();
    });

    it('Vary: Origin on every answer whose CORS headers depend on the Origin', async () => {
      const withOrigin = await fetch(`${server.url}/v1/feedback/form?organisation=demo-pelastuslaitos&service=fire-inspection`, {
        headers: { origin: ALLOWED_ORIGIN },
      });
      assert.equal(withOrigin.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
      assert.match(withOrigin.headers.get('vary') ?? '', /\bOrigin\b/);
      await withOrigin.body?.cancel();
      // The same URL without an Origin (or from a foreign one) must not be served from a cache
      // that stored the allowed origin's answer.
      for (const headers of [{}, { origin: 'https://evil.example' }] as Record<string, string>[]) {
        const res = await fetch(`${server.url}/v1/feedback/form?organisation=demo-pelastuslaitos&service=fire-inspection`, { headers });
        assert.equal(res.headers.get('access-control-allow-origin'), null);
        assert.match(res.headers.get('vary') ?? '', /\bOrigin\b/);
        await res.body?.cancel();
      }
      const post = await fetch(`${server.url}/v1/feedback`, {
        method: 'POST',
        headers: { origin: ALLOWED_ORIGIN, 'content-type': 'application/json', 'idempotency-key': idemKey() },
        body: JSON.stringify(submission()),
      });
      assert.equal(post.status, 201);
      assert.match(post.headers.get('vary') ?? '', /\bOrigin\b/);
      const pre = await fetch(`${server.url}/v1/feedback`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(pre.status, 403);
      assert.match(pre.headers.get('vary') ?? '', /\bOrigin\b/);
      await pre.body?.cancel();
    });

    it('rejects path traversal in every spelling', async () => {
      const attempts = [
        '/../secret.txt',
        '/luukku/../secret.txt',
        '/luukku/../../secret.txt',
        '/luukku/%2e%2e/secret.txt',
        '/luukku/%2e%2e%2fsecret.txt',
        '/%2e%2e/secret.txt',
        '/luukku/..%5csecret.txt',
        '/luukku/%2e%2e%5c%2e%2e%5csecret.txt',
        '/luukku/chunks/%00.js',
        '/luukku/%ZZ',
        '/..%2f..%2f..%2fetc%2fpasswd',
        '//etc/passwd',
        '/.hidden',
        '/luukku/../demo/index.html',
      ];
      for (const path of attempts) {
        const res = await rawGet(server.url, path);
        assert.ok(res.status === 404 || res.status === 400, `${path} → ${res.status}`);
        assert.doesNotMatch(res.body, /TOP SECRET|root:/, path);
      }
    });

    it('dist/ missing → /luukku/* answers 404 with a hint', async () => {
      const noDist = await buildApp(target, { distDir: '/nonexistent/dist' }, { db: t.db });
      const warn = noDist.logs.find((l) => l.level === 'warn' && String(l.msg).includes('npm run build'));
      assert.ok(warn);
      const res = await noDist.app.request('/luukku/autoload.js');
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { detail: string }).detail, /npm run build/);
    });
  });

  describe(`graceful shutdown on ${target.name}`, () => {
    it('finishes an in-flight request, refuses new connections, closes the database', async () => {
      const t = await buildApp(target);
      const server = await listen(t.app, { port: 0, host: '127.0.0.1', db: t.db, logger: createLogger('silent') });
      const body = JSON.stringify(submission());
      // The server has the request (headers parsed) before shutdown starts: a fixed sleep raced
      // with it on a loaded machine and the shutdown closed a connection that was still idle.
      const received = new Promise<void>((resolve) => server.server.once('request', () => resolve()));
      // Start a request and hold back the end of its body.
      const inflight = new Promise<{ status: number }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/v1/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': idemKey(), 'content-length': String(Buffer.byteLength(body)) },
        });
        req.on('response', (r) => {
          r.resume();
          r.on('end', () => resolve({ status: r.statusCode ?? 0 }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => req.end(body.slice(10)), 300);
      });
      await received;
      const closing = server.shutdown('test');
      await new Promise((r) => setTimeout(r, 50));
      await assert.rejects(fetch(`${server.url}/health`), 'new connections are refused');
      assert.equal((await inflight).status, 201);
      await closing;
      await assert.rejects(t.db.query('SELECT 1'), 'the database is closed');
    });
  });
}
