import type { ServerConfig } from '../config.js';
import type { Db } from './types.js';

export type { Db, Queryable, QueryResult } from './types.js';
export { migrate } from './migrate.js';

/** DATABASE_URL unset → PGlite in LUUKKU_DATA_DIR; `memory://` → in-memory PGlite; else PostgreSQL. */
export async function openDb(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir' | 'pgPoolSize'>): Promise<Db> {
  const url = config.databaseUrl;
  if (url === undefined) {
    const { openPglite } = await import('./pglite.js');
    return openPglite(config.dataDir);
  }
  if (url === 'memory://') {
    const { openPglite } = await import('./pglite.js');
    return openPglite(undefined);
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(url, config.pgPoolSize);
  }
  throw new Error('DATABASE_URL must be postgres://…, postgresql://… or memory://');
}
