/**
 * Chat advisor benchmark (issue 10): knowledge-base suggestion latency over 5,000 published
 * articles, measured through the API (`app.request`, in process: contract validation, the
 * handler, the SQL), p50/p95 over 300 typed queries, on PGlite (and on PostgreSQL when
 * DATABASE_URL is set). Run alone: `node --import tsx scripts/bench/chat.ts`.
 */
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.js';
import { KnowledgeBase } from '../../src/server/chat/kb.js';
import { loadConfig } from '../../src/server/config.js';
import { openDb } from '../../src/server/db/index.js';
import { createLogger } from '../../src/server/logger.js';

const WORDS = [
  'ilotulitus',
  'meluilmoitus',
  'pelastussuunnitelma',
  'anniskelulupa',
  'teltta',
  'liikennejärjestely',
  'järjestyksenvalvoja',
  'elintarvike',
  'torikauppa',
  'mielenosoitus',
  'esteettömyys',
  'jätehuolto',
  'ensiapu',
  'kaasu',
  'lava',
  'puisto',
  'katu',
  'konsertti',
  'festivaali',
  'markkinat',
];
const QUERIES = [
  'ilotul',
  'meluilmoitus konsertti',
  'pelastussuunitelma',
  'anniskel',
  'teltan paloturvallisuus',
  'mielenosoitus poliisi',
  'ruoan myynti',
  'liikennejärj',
];

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;

export async function measureChatSearch(
  databaseUrl = 'memory://',
): Promise<{ database: string; articles: number; p50: number; p95: number }> {
  const db = await openDb({ databaseUrl, dataDir: '', pgPoolSize: 10 });
  const config = loadConfig(
    {},
    { databaseUrl, logLevel: 'silent', rateLimitPerMinute: 0, distDir: '/nonexistent', demoDir: '/nonexistent' },
  );
  const { app, chat } = await createApp({ db, config, logger: createLogger('error', () => {}), announce: () => {} });
  await chat.ready();
  const existing = Number(
    (await db.query<{ n: string }>(`SELECT count(*) AS n FROM kb_articles WHERE organisation_id = 'demo-kaupunki'`)).rows[0]?.n ?? 0,
  );
  const target = 5000;
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let start = existing; start < target; start += 500) {
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let i = start; i < Math.min(target, start + 500); i++) {
      const words = Array.from({ length: 40 }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
      const k = values.length;
      rows.push(`($${k + 1}, 'demo-kaupunki', $${k + 2}, 'fi', false, 'events', $${k + 3}, $${k + 4}, 'published', 'reviewed')`);
      values.push(randomUUID(), `bench-${i}`, `Kysymys ${i}: ${words.slice(0, 60)}`, words);
    }
    await db.query(
      `INSERT INTO kb_articles (id, organisation_id, slug, language, plain, topic, title, body, status, review) VALUES ${rows.join(', ')}`,
      values,
    );
  }
  // The bench articles' vocabulary joins the fuzzy fallback's word list, as publishing does.
  await new KnowledgeBase(db).indexWords('demo-kaupunki', 'fi', WORDS.join(' '));
  await db.query('ANALYZE kb_articles');
  const times: number[] = [];
  for (let i = 0; i < 330; i++) {
    const q = QUERIES[i % QUERIES.length] ?? 'ilotul';
    const t0 = performance.now();
    const res = await app.request(`/v1/chat/kb/search?organisation=demo-kaupunki&lang=fi&limit=5&q=${encodeURIComponent(q)}`);
    await res.arrayBuffer();
    if (i >= 30) times.push(performance.now() - t0);
  }
  await chat.close();
  await db.close();
  return { database: db.kind, articles: target, p50: pct(times, 50), p95: pct(times, 95) };
}

/**
 * Fan-out: `streams` EventSource-like HTTP clients on one conversation of a real server
 * (`listen()`, PGlite in memory), then `rounds` messages POSTed one at a time; for each, the
 * time from the POST to the moment the last stream has the event. Server memory per open
 * stream = (heap + external after opening − before) / streams, after a GC when --expose-gc.
 * Client and server share this process (and its CPU), so the figures are pessimistic.
 */
export async function measureChatFanOut(
  streams = 1000,
  rounds = 30,
): Promise<{ streams: number; p50: number; p99: number; bytesPerStream: number }> {
  const http = await import('node:http');
  const { listen } = await import('../../src/server/serve.js');
  const db = await openDb({ databaseUrl: 'memory://', dataDir: '', pgPoolSize: 1 });
  const config = loadConfig(
    { LUUKKU_CHAT_CLOCK: '2026-03-10T08:00:00Z', LUUKKU_CHAT_MESSAGES_PER_MINUTE: '100000' },
    { databaseUrl: 'memory://', logLevel: 'silent', rateLimitPerMinute: 0, distDir: '/nonexistent', demoDir: '/nonexistent' },
  );
  process.env.LUUKKU_CHAT_CLOCK = '2026-03-10T08:00:00Z';
  process.env.LUUKKU_CHAT_MESSAGES_PER_MINUTE = '100000';
  const logger = createLogger('error', () => {});
  const { app, chat } = await createApp({ db, config, logger, announce: () => {} });
  const server = await listen(app, { port: 0, host: '127.0.0.1', db, logger });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const start = await fetch(`${server.url}/v1/chat/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisation: 'demo-kaupunki', topic: 'events', language: 'fi', mode: 'live' }),
  });
  const { token, conversation } = (await start.json()) as { token: string; conversation: { id: string } };
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const mem = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
  const before = mem();
  let waiting: { n: number; done: () => void; seq: string } | undefined;
  const clients: import('node:http').ClientRequest[] = [];
  await Promise.all(
    Array.from(
      { length: streams },
      () =>
        new Promise<void>((resolve, reject) => {
          const req = http.get(`${server.url}/v1/chat/conversations/${conversation.id}/events?token=${token}`, { agent }, (res) => {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              if (chunk.startsWith('retry')) resolve();
              const w = waiting;
              if (w && chunk.includes(`"clientId":"${w.seq}"`) && --w.n === 0) w.done();
            });
          });
          req.on('error', reject);
          clients.push(req);
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 500));
  gc?.();
  const bytesPerStream = (mem() - before) / streams;
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const seq = `m${i}`;
    const t0 = performance.now();
    const all = new Promise<void>((done) => (waiting = { n: streams, done, seq }));
    await fetch(`${server.url}/v1/chat/conversations/${conversation.id}/messages?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: seq, text: `viesti ${i}` }),
    });
    await all;
    times.push(performance.now() - t0);
  }
  for (const c of clients) c.destroy();
  agent.destroy();
  await chat.close();
  await server.shutdown('bench');
  return { streams, p50: pct(times, 50), p99: pct(times, 99), bytesPerStream };
}

/** Prints every chat figure (npm run bench; `--only=chat`). */
export async function printChat(): Promise<void> {
  const f = await measureChatFanOut();
  console.log(
    `chat fan-out to ${f.streams} streams (pglite, one process): p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms (bar 50 ms); server memory ≈ ${(f.bytesPerStream / 1024).toFixed(1)} KB per stream (bar 20 KB, heap + external, client sockets included)`,
  );
  for (const url of ['memory://', ...(process.env.DATABASE_URL ? [process.env.DATABASE_URL] : [])]) {
    const r = await measureChatSearch(url);
    console.log(
      `chat KB suggestion over ${r.articles} articles (${r.database}): p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (bar ${r.database === 'pglite' ? 20 : 10} ms)`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await printChat();
