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

if (import.meta.url === `file://${process.argv[1]}`) {
  const targets = ['memory://', ...(process.env.DATABASE_URL ? [process.env.DATABASE_URL] : [])];
  for (const url of targets) {
    const r = await measureChatSearch(url);
    console.log(
      `chat KB suggestion over ${r.articles} articles (${r.database}): p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (bar ${r.database === 'pglite' ? 20 : 10} ms)`,
    );
  }
}
