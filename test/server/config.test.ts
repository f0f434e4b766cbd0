/** The environment variables this round added, read and checked at start; the pretty log line. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/server/config.js';
import { createLogger, prettyLine } from '../../src/server/logger.js';

describe('configuration', () => {
  it('LUUKKU_TRUST_PROXY is a number of hops (true = 1), off by default', () => {
    assert.equal(loadConfig({}).trustProxyHops, 0);
    for (const [raw, hops] of [
      ['1', 1],
      ['2', 2],
      ['true', 1],
      ['yes', 1],
      ['off', 0],
      ['false', 0],
      ['0', 0],
      ['', 0],
    ] as const) {
      assert.equal(loadConfig({ LUUKKU_TRUST_PROXY: raw }).trustProxyHops, hops, raw);
    }
    for (const bad of ['-1', '11', 'many', '1.5']) assert.throws(() => loadConfig({ LUUKKU_TRUST_PROXY: bad }), /LUUKKU_TRUST_PROXY/, bad);
  });

  it('LUUKKU_PUBLIC_ORIGIN is one origin', () => {
    assert.equal(loadConfig({}).publicOrigin, undefined);
    assert.equal(loadConfig({ LUUKKU_PUBLIC_ORIGIN: 'https://luukku.example.fi' }).publicOrigin, 'https://luukku.example.fi');
    for (const bad of ['https://luukku.example.fi/', 'luukku.example.fi', 'https://a.example,https://b.example']) {
      assert.throws(() => loadConfig({ LUUKKU_PUBLIC_ORIGIN: bad }), /LUUKKU_PUBLIC_ORIGIN/, bad);
    }
  });

  it('LUUKKU_LOG_FORMAT json or pretty; LUUKKU_AUTH_FAILURES_PER_MINUTE; LUUKKU_STAFF_KEYS_FILE', () => {
    assert.equal(loadConfig({ LUUKKU_LOG_FORMAT: 'pretty' }).logFormat, 'pretty');
    assert.equal(loadConfig({ LUUKKU_LOG_FORMAT: 'JSON' }).logFormat, 'json');
    assert.equal(loadConfig({}).logFormat, process.stdout.isTTY ? 'pretty' : 'json');
    assert.throws(() => loadConfig({ LUUKKU_LOG_FORMAT: 'xml' }), /LUUKKU_LOG_FORMAT/);
    assert.equal(loadConfig({}).authFailuresPerMinute, 10);
    assert.equal(loadConfig({ LUUKKU_AUTH_FAILURES_PER_MINUTE: '0' }).authFailuresPerMinute, 0);
    assert.match(loadConfig({}).staffKeysFile, /\.data\/staff-keys\.txt$/);
    assert.equal(loadConfig({ LUUKKU_STAFF_KEYS_FILE: '/tmp/k.txt' }).staffKeysFile, '/tmp/k.txt');
  });
});

describe('pretty logs', () => {
  const at = new Date(2026, 0, 2, 9, 14, 3);
  it('one line per request: time, method, path, status, duration', () => {
    assert.equal(
      prettyLine(at, 'info', 'request', { requestId: 'r1', method: 'POST', path: '/v1/feedback', status: 201, ms: 1.84 }),
      '09:14:03 POST /v1/feedback 201 1.84 ms\n',
    );
  });
  it('other events: level (unless info), message, fields', () => {
    assert.equal(
      prettyLine(at, 'warn', 'honeypot: submission discarded', { organisation: 'demo-x' }),
      '09:14:03 warn honeypot: submission discarded organisation=demo-x\n',
    );
    assert.equal(
      prettyLine(at, 'info', 'listening', { url: 'http://127.0.0.1:8080', n: 2 }),
      '09:14:03 listening url=http://127.0.0.1:8080 n=2\n',
    );
    assert.match(prettyLine(at, 'error', 'boom', { stack: 'Error: x\n  at y' }), /boom stack=\nError: x/);
    assert.doesNotMatch(prettyLine(at, 'warn', 'w', { stack: 'S' }), /stack/, 'stacks only on errors');
  });
  it('the logger writes JSON or pretty lines', () => {
    const lines: string[] = [];
    createLogger('info', (l) => lines.push(l), 'json').info('request', { method: 'GET', path: '/health', status: 200, ms: 1 });
    createLogger('info', (l) => lines.push(l), 'pretty').info('request', { method: 'GET', path: '/health', status: 200, ms: 1 });
    assert.equal((JSON.parse(lines[0]!) as { msg: string }).msg, 'request');
    assert.match(lines[1]!, /^\d\d:\d\d:\d\d GET \/health 200 1 ms\n$/);
  });
});
