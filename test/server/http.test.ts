/**
 * The real HTTP server on port 0, driven with fetch and raw sockets: CORS preflight, the body
 * limit on a streamed body, static files and path traversal, graceful shutdown.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { listen, type RunningServer } from '../../src/server/http.js';
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
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' },
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
      ['/luukku/autoload.js', 'text/javascript; charset=utf-8', /no-cache/],
      ['/luukku/widgets/feedback/define.js', 'text/javascript; charset=utf-8', /no-cache/],
      ['/luukku/chunks/feedback-form-B4xk2_9Q.js', 'text/javascript; charset=utf-8', /immutable/],
      ['/luukku/chunks/feedback-form-B4xk2_9Q.js.map', 'application/json; charset=utf-8', /immutable/],
      ['/luukku/style.css', 'text/css; charset=utf-8', /no-cache/],
      ['/luukku/data.json', 'application/json; charset=utf-8', /no-cache/],
    ];
    for (const [path, type, cache] of cases) {
      const res = await fetch(server.url + path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), type, path);
      assert.match(res.headers.get('cache-control') ?? '', cache, path);
      await res.body?.cancel();
    }
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
    await new Promise((r) => setTimeout(r, 100));
    const closing = server.shutdown('test');
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(fetch(`${server.url}/health`), 'new connections are refused');
    assert.equal((await inflight).status, 201);
    await closing;
    await assert.rejects(t.db.query('SELECT 1'), 'the database is closed');
  });
});
}
