/**
 * The server as real processes (scripts/server-process.ts): one process per PGlite data
 * directory, a killed process's acknowledged writes survive, the staff keys go to the
 * terminal and the keys file (never into the JSON logs), `npm start`'s closing line, and the
 * two log formats.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, spawnServer, startServer } from '../../scripts/server-process.js';
import { idemKey, submission } from './helpers.js';

const until = async (what: string, check: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const send = (url: string) =>
  fetch(`${url}/v1/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idemKey() },
    body: JSON.stringify(submission({ freeText: 'prosessitesti' })),
  });

describe('server processes on one PGlite data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'luukku-lock-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('the second process refuses to start; after a kill the next one takes over and finds every acknowledged write', async () => {
    const first = await startServer({ DATABASE_URL: undefined }, { dataDir });
    let acknowledged = 0;
    try {
      assert.equal(readFileSync(join(dataDir, 'luukku.lock'), 'utf8').trim(), String(first.pid));

      const second = spawnServer({
        ...process.env,
        DATABASE_URL: '',
        LUUKKU_DATA_DIR: dataDir,
        PORT: String(await freePort()),
        LUUKKU_LOG_LEVEL: 'warn',
      });
      const code = await second.exited;
      assert.notEqual(code, 0, 'non-zero exit');
      assert.match(
        second.stderr(),
        new RegExp(`Luukku server did not start: The data directory .* is in use by another Luukku server \\(process ${first.pid}\\)`),
      );
      assert.match(second.stderr(), /DATABASE_URL/, 'says what to do instead');
      assert.equal(readFileSync(join(dataDir, 'luukku.lock'), 'utf8').trim(), String(first.pid), 'the lock is still the first one’s');
      // The first one never noticed.
      assert.equal((await fetch(`${first.url}/health`)).status, 200);

      // Writes acknowledged, then a kill in the middle of more writes.
      for (let i = 0; i < 20; i++) if ((await send(first.url)).status === 201) acknowledged++;
      const inflight = Array.from({ length: 20 }, () =>
        send(first.url)
          .then((r) => (r.status === 201 ? 1 : 0))
          .catch(() => 0),
      );
      await new Promise((r) => setTimeout(r, 5));
      await first.kill();
      acknowledged += (await Promise.all(inflight)).reduce<number>((a, b) => a + b, 0);
    } finally {
      await first.stop();
    }
    assert.ok(existsSync(join(dataDir, 'luukku.lock')), 'a killed process leaves its lock behind');

    const third = await startServer({ DATABASE_URL: undefined }, { dataDir });
    try {
      assert.equal(readFileSync(join(dataDir, 'luukku.lock'), 'utf8').trim(), String(third.pid), 'the stale lock is taken over');
      const res = await fetch(`${third.url}/v1/feedback?organisation=demo-pelastuslaitos&limit=100`, {
        headers: { authorization: `Bearer ${third.staffKey}` },
      });
      const page = (await res.json()) as { items: { freeText: string | null }[] };
      const stored = page.items.filter((i) => i.freeText === 'prosessitesti').length;
      assert.ok(stored >= acknowledged, `every acknowledged write survived the kill: ${stored} stored, ${acknowledged} acknowledged`);
    } finally {
      await third.stop();
    }
    assert.ok(!existsSync(join(dataDir, 'luukku.lock')), 'a clean stop releases the lock');
  });
});

describe('what the terminal shows', () => {
  it('new staff keys: one plain line each on stderr and in the keys file (0600), never in the JSON logs; then one closing line', async () => {
    const server = await startServer({ DATABASE_URL: undefined, LUUKKU_LOG_LEVEL: 'info', LUUKKU_LOG_FORMAT: 'json' });
    try {
      await until('the closing line', () => /Luukku demo:/.test(server.stderr()));
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      await until('a request log line', () => server.stdout().includes('"/health"'));
      const keyLines = server
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('Staff key for demo organisation'));
      assert.equal(keyLines.length, 3, 'the three organisations without LUUKKU_DEMO_STAFF_KEY');
      const keys = keyLines.map((l) => l.slice(l.lastIndexOf(' ') + 1));
      assert.equal(new Set(keys).size, 3, 'each its own');
      for (const line of server.stdout().trim().split('\n')) {
        const entry = JSON.parse(line) as Record<string, unknown>; // every stdout line is JSON
        assert.ok(typeof entry.msg === 'string');
        for (const k of [...keys, server.staffKey]) assert.ok(!line.includes(k), 'no key in the log stream');
      }
      const file = join(server.dataDir, 'staff-keys.txt');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const saved = readFileSync(file, 'utf8');
      for (const k of keys) assert.ok(saved.includes(k));
      const lines = server.stderr().trim().split('\n');
      const last = lines[lines.length - 1]!;
      const port = new URL(server.url).port;
      assert.equal(last, `Luukku demo: http://localhost:${port}/ — staff keys: ${file} (and printed above)`);
    } finally {
      await server.stop();
    }
  });

  it('pretty request lines with LUUKKU_LOG_FORMAT=pretty', async () => {
    const server = await startServer({ DATABASE_URL: undefined, LUUKKU_LOG_LEVEL: 'info', LUUKKU_LOG_FORMAT: 'pretty' });
    try {
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      await until('a request line', () => / GET \/health 200 [0-9.]+ ms$/m.test(server.stdout()));
      assert.doesNotMatch(server.stdout(), /^\{/m, 'no JSON lines');
    } finally {
      await server.stop();
    }
  });
});
