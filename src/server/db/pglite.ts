import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { lockDataDir } from './lock.js';
import type { Db, Queryable, QueryResult } from './types.js';

export interface PgliteOptions {
  /**
   * A data directory to start from (a tarball made by {@link dumpFreshPglite}), so an in-memory
   * database skips initdb: the test suites open hundreds of databases.
   */
  loadDataDir?: Blob | undefined;
}

// PGlite loads an extension only when it is passed at every open (CREATE EXTENSION alone fails):
// pg_trgm for the chat knowledge base's fuzzy search, btree_gist for the venues' no-double-booking constraint.
const extensions = { pg_trgm, btree_gist };

/**
 * Embedded PostgreSQL (WASM). `dataDir` undefined → in memory. PGlite is one connection:
 * queries queue inside it, and a transaction holds it until it ends. A data directory is
 * locked to this process (db/lock.ts) until close().
 */
export async function openPglite(dataDir: string | undefined, options: PgliteOptions = {}): Promise<Db> {
  let release = (): void => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  const load = options.loadDataDir ? { loadDataDir: options.loadDataDir } : {};
  const pg = dataDir ? new PGlite(dataDir, { extensions, ...load }) : new PGlite({ extensions, ...load });
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

/** The data directory of a new, empty database as a tarball, for {@link PgliteOptions.loadDataDir}. */
export async function dumpFreshPglite(): Promise<Blob> {
  const pg = new PGlite({ extensions });
  try {
    await pg.waitReady;
    return await pg.dumpDataDir('none');
  } finally {
    await pg.close();
  }
}

/** The installed PGlite's version: it keys the test suites' cached empty data directories. */
export function pgliteVersion(): string {
  // The package does not export its package.json: read it beside the resolved entry (dist/…).
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}
