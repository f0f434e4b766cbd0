/**
 * Feedback submissions per second against the reference server, with the bare /health
 * throughput from the same run as the ratio's base. The load generator (autocannon) runs
 * in this process; the server in a child process — on a 2-core machine each gets a core.
 *
 * PostgreSQL is measured with production durability: fsync, synchronous_commit and
 * full_page_writes on (switched on with ALTER SYSTEM for the run and reset afterwards, so
 * the test instance of scripts/with-postgres.sh can be used); `fsync-off` is an extra,
 * labelled figure. Alone: `bash scripts/with-postgres.sh node --import tsx scripts/bench/load.ts`.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startServer } from '../server-process.js';

export type Durability = 'production' | 'fsync-off';

export interface LoadFigures {
  database: 'pglite' | 'postgres';
  /** PostgreSQL only: the settings the figures were measured with. */
  durability?: Durability;
  settings?: { fsync: string; synchronousCommit: string; fullPageWrites: string };
  healthPerSecond: number;
  submitPerSecond: number;
  submitToHealthRatio: number;
  submitP50Ms: number;
  submitP99Ms: number;
  non2xx: number;
  errors: number;
}

const body = JSON.stringify({
  organisation: 'demo-pelastuslaitos',
  service: 'fire-inspection',
  serviceEvent: 'TAR-2026-00123',
  questionnaire: { id: 'national-rescue-feedback', version: 1 },
  answers: { overall: 4, 'got-help': 5, 'treated-well': 5, 'clear-information': 4 },
  freeText: 'Tarkastaja kertoi selkeästi, mitä pitää korjata.',
  segment: 'person',
  locale: 'fi',
});

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err: Error | null, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Sets fsync / synchronous_commit / full_page_writes for the run; returns the settings and the undo. */
async function durability(url: string, mode: Durability) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const on = mode === 'production' ? 'on' : 'off';
  try {
    await client.query(`ALTER SYSTEM SET fsync = ${on}`);
    await client.query(`ALTER SYSTEM SET full_page_writes = ${on}`);
    await client.query(`ALTER SYSTEM SET synchronous_commit = ${on}`);
    await client.query('SELECT pg_reload_conf()');
    await new Promise((r) => setTimeout(r, 300)); // backends pick the reload up
  } catch (err) {
    // Not a superuser: measure with what the server has, and say so in the figures.
    console.error(`load: could not set ${mode} settings (${err instanceof Error ? err.message : String(err)}); measuring as configured`);
  }
  const show = async (name: string) => String((await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name]);
  const settings = {
    fsync: await show('fsync'),
    synchronousCommit: await show('synchronous_commit'),
    fullPageWrites: await show('full_page_writes'),
  };
  if (settings.fsync !== on || settings.synchronousCommit !== on) {
    console.error(
      `load: asked for ${mode} but PostgreSQL runs with fsync=${settings.fsync}, synchronous_commit=${settings.synchronousCommit} (set on its command line?); the figures say so`,
    );
  }
  return {
    settings,
    async reset() {
      await client.query('ALTER SYSTEM RESET fsync').catch(() => {});
      await client.query('ALTER SYSTEM RESET full_page_writes').catch(() => {});
      await client.query('ALTER SYSTEM RESET synchronous_commit').catch(() => {});
      await client.query('SELECT pg_reload_conf()').catch(() => {});
      await client.end();
    },
  };
}

export async function measureLoad(
  database: 'pglite' | 'postgres',
  options: { seconds?: number; connections?: number; mode?: Durability } = {},
): Promise<LoadFigures> {
  const { seconds = 10, connections = 32, mode = 'production' } = options;
  const url = process.env.DATABASE_URL;
  if (database === 'postgres' && !url) throw new Error('measureLoad(postgres) needs DATABASE_URL');
  const tuned = database === 'postgres' && url ? await durability(url, mode) : undefined;
  try {
    return { ...(await measure(database, seconds, connections)), ...(tuned ? { durability: mode, settings: tuned.settings } : {}) };
  } finally {
    await tuned?.reset();
  }
}

async function measure(database: 'pglite' | 'postgres', seconds: number, connections: number): Promise<LoadFigures> {
  const env: Record<string, string | undefined> = {
    LUUKKU_RATE_LIMIT_PER_MINUTE: '10000000',
    LUUKKU_RATE_LIMIT_BURST: '10000000',
    DATABASE_URL: database === 'postgres' ? process.env.DATABASE_URL : undefined,
  };
  const server = await startServer(env);
  try {
    // Warm up both paths (JIT, pools, PGlite caches).
    await run({ url: `${server.url}/health`, connections, duration: 2 });
    const health = await run({ url: `${server.url}/health`, connections, duration: seconds });
    const submitOpts: autocannon.Options = {
      url: `${server.url}/v1/feedback`,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/v1/feedback',
          headers: { 'content-type': 'application/json' },
          body,
          setupRequest: (req) => ({
            ...req,
            headers: { ...req.headers, 'idempotency-key': randomUUID() },
          }),
        },
      ],
    };
    await run({ ...submitOpts, duration: 2 });
    const submit = await run(submitOpts);
    const ok = submit['2xx'];
    const submitPerSecond = ok / seconds;
    const healthPerSecond = health['2xx'] / seconds;
    return {
      database,
      healthPerSecond: Math.round(healthPerSecond),
      submitPerSecond: Math.round(submitPerSecond),
      submitToHealthRatio: Number((submitPerSecond / healthPerSecond).toFixed(3)),
      submitP50Ms: submit.latency.p50,
      submitP99Ms: submit.latency.p99,
      non2xx: submit.non2xx,
      errors: submit.errors + submit.timeouts,
    };
  } finally {
    await server.stop();
  }
}

/** PGlite, PostgreSQL with production durability and, labelled, PostgreSQL with fsync off. */
export async function measureAllLoad(seconds = 10): Promise<LoadFigures[]> {
  const figures = [await measureLoad('pglite', { seconds })];
  if (process.env.DATABASE_URL) {
    figures.push(await measureLoad('postgres', { seconds, mode: 'production' }));
    figures.push(await measureLoad('postgres', { seconds, mode: 'fsync-off' }));
  }
  return figures;
}

export function describeLoad(l: LoadFigures): string {
  const what =
    l.database === 'pglite'
      ? 'pglite'
      : `postgres ${l.settings?.fsync === 'on' && l.settings.synchronousCommit === 'on' ? 'production settings' : 'EXTRA, fsync off (not durable)'} (fsync=${l.settings?.fsync}, synchronous_commit=${l.settings?.synchronousCommit})`;
  return `load ${what}: ${l.submitPerSecond} submissions/s (p50 ${l.submitP50Ms} ms, p99 ${l.submitP99Ms} ms, non-2xx ${l.non2xx}, errors ${l.errors}), /health ${l.healthPerSecond}/s in the same run, ratio ${l.submitToHealthRatio}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const seconds = process.argv.includes('--quick') ? 3 : 10;
  const figures = await measureAllLoad(seconds);
  for (const l of figures) console.log(describeLoad(l));
  if (!process.env.DATABASE_URL) console.log('DATABASE_URL is not set: PostgreSQL skipped (run under scripts/with-postgres.sh).');
  console.log(JSON.stringify({ date: new Date().toISOString(), node: process.version, load: figures }));
}
