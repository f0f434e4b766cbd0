/**
 * Feedback submissions per second against the reference server, with the bare /health
 * throughput from the same run as the ratio's base. The load generator (autocannon) runs
 * in this process; the server in a child process — on a 2-core machine each gets a core.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { startServer } from '../server-process.js';

export interface LoadFigures {
  database: 'pglite' | 'postgres';
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

export async function measureLoad(
  database: 'pglite' | 'postgres',
  { seconds = 10, connections = 32 } = {},
): Promise<LoadFigures> {
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
