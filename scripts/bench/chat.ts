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
 * Fan-out: `streams` raw HTTP/1.1 SSE clients (a GET on a socket, the bytes searched for the
 * message; what a browser's EventSource does, minus the browser) on one conversation, then
 * `rounds` messages POSTed one at a time; for each, the time from the POST to the moment the
 * last stream has the event. The server runs in its own process (`real listen()`, PGlite in
 * memory), so its figures are not the bench clients' work; memory per open stream is the
 * server process's heap + external after opening − before, each after a GC.
 */
export async function measureChatFanOut(
  streams = 1000,
  rounds = 30,
): Promise<{ streams: number; p50: number; p99: number; bytesPerStream: number }> {
  const net = await import('node:net');
  const { fork } = await import('node:child_process');
  const child = fork(new URL(import.meta.url).pathname, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, LUUKKU_BENCH_CHAT_SERVER: '1', DATABASE_URL: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(message: string): Promise<T> =>
    new Promise<T>((resolve) => {
      child.once('message', (m) => resolve(m as T));
      child.send(message);
    });
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string }));
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
  });
  const { hostname, port } = new URL(url);
  const start = await fetch(`${url}/v1/chat/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisation: 'demo-kaupunki', topic: 'events', language: 'fi', mode: 'live' }),
  });
  const { token, conversation } = (await start.json()) as { token: string; conversation: { id: string } };
  const before = await ask<{ heap: number; rss: number }>('mem');
  let waiting: { n: number; done: () => void; marker: Buffer } | undefined;
  const sockets: import('node:net').Socket[] = [];
  const request = `GET /v1/chat/conversations/${conversation.id}/events?token=${token} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\n\r\n`;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname);
      let ready = false;
      let tail: Buffer = Buffer.alloc(0);
      socket.on('connect', () => socket.write(request));
      socket.on('data', (chunk: Buffer) => {
        const bytes = tail.length ? Buffer.concat([tail, chunk]) : chunk;
        if (!ready && bytes.includes('retry:')) {
          ready = true;
          resolve();
        }
        const w = waiting;
        if (w && bytes.includes(w.marker) && --w.n === 0) w.done();
        tail = bytes.subarray(Math.max(0, bytes.length - 40));
      });
      socket.on('error', reject);
      sockets.push(socket);
    });
  // Opened in batches (a burst of 1,000 connects overflows the listen backlog).
  for (let i = 0; i < streams; i += 100) await Promise.all(Array.from({ length: Math.min(100, streams - i) }, open));
  await new Promise((r) => setTimeout(r, 500));
  const after = await ask<{ heap: number; rss: number }>('mem');
  // The larger of the JS heap (+ array buffers) and the resident set growth: PGlite's memory
  // makes "external" too noisy to subtract, and a socket's native part shows only in the RSS.
  const bytesPerStream = Math.max(after.heap - before.heap, after.rss - before.rss) / streams;
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const clientId = `m${i}`;
    const all = new Promise<void>((done) => (waiting = { n: streams, done, marker: Buffer.from(`"clientId":"${clientId}"`) }));
    const t0 = performance.now();
    const res = await fetch(`${url}/v1/chat/conversations/${conversation.id}/messages?token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId, text: `viesti ${i}` }),
    });
    if (res.status !== 201) throw new Error(`message ${i}: ${res.status}`);
    await all;
    times.push(performance.now() - t0);
  }
  for (const s of sockets) s.destroy();
  await ask('stop');
  await new Promise((r) => child.once('exit', r));
  return { streams, p50: pct(times, 50), p99: pct(times, 99), bytesPerStream };
}

/** The fan-out bench's server process: a real listen() on PGlite in memory, driven over IPC. */
async function fanOutServer(): Promise<void> {
  const { listen } = await import('../../src/server/serve.js');
  const env = { LUUKKU_CHAT_CLOCK: '2026-03-10T08:00:00Z', LUUKKU_CHAT_MESSAGES_PER_MINUTE: '100000' };
  Object.assign(process.env, env);
  const db = await openDb({ databaseUrl: 'memory://', dataDir: '', pgPoolSize: 1 });
  const config = loadConfig(env, {
    databaseUrl: 'memory://',
    logLevel: 'silent',
    rateLimitPerMinute: 0,
    distDir: '/nonexistent',
    demoDir: '/nonexistent',
  });
  const logger = createLogger('error', () => {});
  const { app, chat } = await createApp({ db, config, logger, announce: () => {} });
  await chat.ready();
  const server = await listen(app, { port: 0, host: '127.0.0.1', db, logger });
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (m) => {
    if (m === 'mem') {
      gc?.();
      const u = process.memoryUsage();
      process.send?.({ heap: u.heapUsed + u.arrayBuffers, rss: u.rss });
    } else if (m === 'stop') {
      void chat
        .close()
        .then(() => server.shutdown('bench'))
        .then(() => {
          process.send?.('stopped');
          process.disconnect();
          setTimeout(() => process.exit(0), 200).unref();
        });
    }
  });
  process.send?.({ url: server.url });
}

/** A person's event stream that reconnects like EventSource: to the next instance, with Last-Event-ID. */
function resumingStream(urls: string[], path: string) {
  const seen: { seq: number; clientId: string }[] = [];
  let last = 0;
  const state = { stopped: false };
  let reconnects = 0;
  let controller: AbortController | undefined;
  const run = async (): Promise<void> => {
    for (let i = 0; !state.stopped; i++) {
      controller = new AbortController();
      try {
        const res = await fetch(`${urls[i % urls.length]}${path}`, {
          headers: last ? { 'last-event-id': String(last) } : {},
          signal: controller.signal,
        });
        if (!res.ok || !res.body) throw new Error(`stream: ${res.status}`);
        const decoder = new TextDecoder();
        let buffer = '';
        const reader = res.body.getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          buffer += decoder.decode(r.value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let id = 0;
            let event = '';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) id = Number(line.slice(4));
              else if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data = line.slice(6);
            }
            if (event === 'message') {
              const m = JSON.parse(data) as { seq: number; clientId: string };
              seen.push({ seq: m.seq, clientId: m.clientId });
            }
            if (id) last = id;
          }
        }
      } catch {
        /* the instance went away: reconnect */
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by stop() meanwhile
      if (state.stopped) break;
      reconnects++;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const done = run();
  return {
    seen,
    get reconnects() {
      return reconnects;
    },
    stop: async () => {
      state.stopped = true;
      controller?.abort();
      await done;
    },
  };
}

/**
 * Two server processes on one PostgreSQL; a person's conversation with one stream on each;
 * `messages` messages POSTed alternately to both (a failed POST is retried, same client id,
 * on the other instance); halfway, instance A is killed with SIGKILL while a POST to it is in
 * flight, and restarted on its port a second later. Each stream reconnects with Last-Event-ID
 * (to the other instance while A is down). Counts, per stream, the messages never received
 * and the ones received twice; `outOfOrder` = events whose seq was not above the previous one.
 */
export async function measureChatFailover(
  databaseUrl: string,
  messages = 1000,
): Promise<{ messages: number; streams: { lost: number; duplicated: number; outOfOrder: number; reconnects: number }[] }> {
  const { startServer, freePort } = await import('../server-process.js');
  const env = {
    DATABASE_URL: databaseUrl,
    LUUKKU_CHAT_CLOCK: '2026-03-10T08:00:00Z',
    LUUKKU_CHAT_MESSAGES_PER_MINUTE: '10000000',
    LUUKKU_RATE_LIMIT_PER_MINUTE: '10000000',
    LUUKKU_RATE_LIMIT_BURST: '10000000',
  };
  const portA = await freePort();
  let a = await startServer(env, { port: portA });
  const b = await startServer(env);
  const urls = [a.url, b.url];
  try {
    const start = await fetch(`${a.url}/v1/chat/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organisation: 'demo-kaupunki', topic: 'events', language: 'fi', mode: 'live' }),
    });
    const { token, conversation } = (await start.json()) as { token: string; conversation: { id: string } };
    const path = `/v1/chat/conversations/${conversation.id}/events?token=${token}`;
    const streams = [resumingStream([a.url, b.url], path), resumingStream([b.url, a.url], path)];
    await new Promise((r) => setTimeout(r, 500));
    let restarted: Promise<void> | undefined;
    for (let i = 0; i < messages; i++) {
      const clientId = `f${i}`;
      for (let k = i; ; k++) {
        const sent = fetch(`${urls[k % 2]}/v1/chat/conversations/${conversation.id}/messages?token=${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientId, text: `viesti ${i}` }),
        });
        if (i === Math.floor(messages / 2) && k === i && k % 2 === 0) {
          // Mid-conversation, with this POST in flight: SIGKILL, and back a second later.
          const killed = a;
          restarted = killed
            .kill()
            .then(() => killed.stop())
            .then(() => new Promise((r) => setTimeout(r, 1000)))
            .then(async () => {
              a = await startServer(env, { port: portA });
            });
        }
        const status = await sent.then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200 || status === 201) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    await restarted;
    const want = (s: { seen: { clientId: string }[] }) => new Set(s.seen.map((m) => m.clientId).filter((c) => c.startsWith('f'))).size;
    const deadline = Date.now() + 20_000;
    while (streams.some((s) => want(s) < messages) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    for (const s of streams) await s.stop();
    return {
      messages,
      streams: streams.map((s) => {
        const ours = s.seen.filter((m) => m.clientId.startsWith('f'));
        const distinct = new Set(ours.map((m) => m.clientId)).size;
        let outOfOrder = 0;
        for (let i = 1; i < s.seen.length; i++) if ((s.seen[i]?.seq ?? 0) <= (s.seen[i - 1]?.seq ?? 0)) outOfOrder++;
        return { lost: messages - distinct, duplicated: ours.length - distinct, outOfOrder, reconnects: s.reconnects };
      }),
    };
  } finally {
    await a.stop();
    await b.stop();
  }
}

/** Prints every chat figure (npm run bench; `--only=chat`). */
export async function printChat(): Promise<void> {
  const f = await measureChatFanOut();
  console.log(
    `chat fan-out to ${f.streams} streams (pglite, server in its own process): p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms (bar 50 ms); server memory ≈ ${(f.bytesPerStream / 1024).toFixed(1)} KB per stream (bar 20 KB, server process: the larger of heap + array buffers and RSS growth)`,
  );
  if (process.env.DATABASE_URL) {
    const r = await measureChatFailover(process.env.DATABASE_URL, 1000);
    const sum = (k: 'lost' | 'duplicated' | 'outOfOrder') => r.streams.reduce((n, s) => n + s[k], 0);
    console.log(
      `chat two instances on one PostgreSQL, one SIGKILLed mid-conversation and restarted: ${r.messages} messages, ${sum('lost')} lost, ${sum('duplicated')} duplicated, ${sum('outOfOrder')} out of order over ${r.streams.length} resuming streams (reconnects: ${r.streams.map((s) => s.reconnects).join(', ')}; bar 0 lost, 0 duplicated)`,
    );
  }
  for (const url of ['memory://', ...(process.env.DATABASE_URL ? [process.env.DATABASE_URL] : [])]) {
    const r = await measureChatSearch(url);
    console.log(
      `chat KB suggestion over ${r.articles} articles (${r.database}): p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (bar ${r.database === 'pglite' ? 20 : 10} ms)`,
    );
  }
}

if (process.env.LUUKKU_BENCH_CHAT_SERVER === '1') await fanOutServer();
else if (import.meta.url === `file://${process.argv[1]}`) await printChat();
