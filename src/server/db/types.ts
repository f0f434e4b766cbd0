/** The tiny database interface the server uses; one SQL dialect (plain PostgreSQL). */
export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  /** One statement with `$1`-style parameters. */
  query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<QueryResult<T>>;
  /** Several statements without parameters (migrations). */
  exec: (sql: string) => Promise<void>;
}

export interface Db extends Queryable {
  kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R>;
  close(): Promise<void>;
  /**
   * LISTEN on `channel` (lower-case; NOTIFY it with `SELECT pg_notify(channel, payload)`, payload
   * < 8,000 bytes): `onPayload` gets each payload, on every instance connected to the database.
   * Resolves to the function that stops listening. `onReconnect` runs after a lost listening
   * connection is back (PostgreSQL), when notifications may have been missed.
   */
  listen?(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
}
