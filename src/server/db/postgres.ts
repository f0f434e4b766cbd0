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
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
