import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { lockDataDir } from './lock.js';
import type { Db, Queryable, QueryResult } from './types.js';

/**
 * Embedded PostgreSQL (WASM). `dataDir` undefined → in memory. PGlite is one connection:
 * queries queue inside it, and a transaction holds it until it ends. A data directory is
 * locked to this process (db/lock.ts) until close().
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  let release = (): void => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  // PGlite loads an extension only when it is passed at every open (CREATE EXTENSION alone fails):
  // pg_trgm for the chat knowledge base's fuzzy search, btree_gist for the venues' no-double-booking constraint.
  const extensions = { pg_trgm, btree_gist };
  const pg = dataDir ? new PGlite(dataDir, { extensions }) : new PGlite({ extensions });
  try {
    await pg.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  let closed = false;
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params);
      return { rows: r.rows };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    // In-process: PGlite delivers NOTIFY to its own listeners (one process holds the database).
    async listen(channel, onPayload) {
      const stop = await pg.listen(channel, onPayload);
      return async () => {
        if (!closed) await stop();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}
