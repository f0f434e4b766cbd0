import pg from 'pg';
import type { Db, Queryable, QueryResult } from './types.js';

/** A real PostgreSQL through a `pg` Pool (size from LUUKKU_PG_POOL_SIZE). */
export async function openPostgres(url: string, poolSize: number): Promise<Db> {
  // connectionTimeoutMillis: with the database down, a request fails within 5 s (503) instead of hanging.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  // Fail fast when the database is unreachable.
  await pool.query('SELECT 1');
  let closed = false;
  const stops = new Set<() => Promise<void>>();
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await c.query(sql, params);
      return { rows: r.rows as T[] };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    // A dedicated connection per listen() (a pooled one would be handed to other queries);
    // reconnects with a back-off when the connection is lost, then calls onReconnect.
    async listen(channel, onPayload, onReconnect) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
      let stopped = false;
      let client: pg.Client | undefined;
      let retry: NodeJS.Timeout | undefined;
      const connect = async (first: boolean): Promise<void> => {
        const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
        c.on('notification', (m) => {
          if (m.channel === channel && m.payload !== undefined) onPayload(m.payload);
        });
        const lost = () => {
          if (stopped || client !== c) return;
          client = undefined;
          c.end().catch(() => {});
          retry = setTimeout(() => void connect(false).catch(() => lost()), 1_000);
          retry.unref();
        };
        c.on('error', lost);
        c.on('end', lost);
        client = c;
        await c.connect();
        await c.query(`LISTEN ${channel}`);
        if (!first) onReconnect?.();
      };
      await connect(true);
      const stop = async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        const c = client;
        client = undefined;
        await c?.end().catch(() => {});
      };
      stops.add(stop);
      return async () => {
        stops.delete(stop);
        await stop();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...stops].map((s) => s()));
      await pool.end();
    },
  };
}
