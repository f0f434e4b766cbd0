/**
 * Shared test set-up. Every suite runs against in-memory PGlite, and again against
 * PostgreSQL when DATABASE_URL is set (`bash scripts/with-postgres.sh npm run test:server`);
 * each PostgreSQL suite gets a database of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { createApp, type LuukkuApp } from '../../src/server/app.js';
import { loadConfig, type ServerConfig } from '../../src/server/config.js';
import { loadContract, type Contract } from '../../src/server/http/contract.js';
import { openDb, type Db } from '../../src/server/db/index.js';
import { createLogger, type Logger } from '../../src/server/logger.js';

export const STAFF_KEY = 'test-staff-key-0123456789';
export const ORG = 'demo-pelastuslaitos';
export const OTHER_ORG = 'demo-raddningsverk';
export const QUESTIONNAIRE = { id: 'national-rescue-feedback', version: 1 } as const;
export const ALLOWED_ORIGIN = 'http://localhost:6006';

export interface Target {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
}

/**
 * A fresh in-memory PGlite that starts from a cached empty data directory instead of running
 * initdb (which is most of the cost of opening one). The tarball is made once per PGlite version
 * and kept in .tmp/; it holds only what initdb makes, so every database is still new and empty.
 */
export async function openMemoryPglite(): Promise<Db> {
  const { openPglite, dumpFreshPglite, pgliteVersion } = await import('../../src/server/db/pglite.js');
  template ??= (async () => {
    const file = join(process.cwd(), '.tmp', `pglite-fresh-${pgliteVersion()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const blob = await dumpFreshPglite();
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.part`;
    writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
    renameSync(partial, file); // atomic: a parallel run never reads half a file
    return blob;
  })();
  return openPglite(undefined, { loadDataDir: await template });
}
let template: Promise<Blob> | undefined;

export function targets(): Target[] {
  const list: Target[] = [{ name: 'pglite', open: openMemoryPglite }];
  const url = process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) list.push({ name: 'postgres', open: () => openFreshPostgres(url) });
  return list;
}

/** A new, empty database on the server of `url`: its URL, and `drop()` to remove it (forcing off any connection left). */
export async function createPostgresDatabase(url: string, prefix = 'luukku_t'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A new, empty database on the server of `url`; closing the Db drops it. */
async function openFreshPostgres(url: string): Promise<Db> {
  const fresh = await createPostgresDatabase(url);
  const db = await openDb({ databaseUrl: fresh.url, dataDir: '', pgPoolSize: 5 });
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    await fresh.drop();
  };
  return db;
}

let sharedContract: Contract | undefined;
export function contract(): Contract {
  return (sharedContract ??= loadContract());
}

/** A fixture dist/ and demo/ folder with a few files, plus a secret file beside them. */
export function staticFixture(): { root: string; distDir: string; demoDir: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'luukku-static-'));
  const distDir = join(root, 'dist');
  const demoDir = join(root, 'demo');
  mkdirSync(join(distDir, 'widgets', 'feedback'), { recursive: true });
  mkdirSync(join(distDir, 'chunks'), { recursive: true });
  mkdirSync(demoDir, { recursive: true });
  writeFileSync(join(distDir, 'autoload.js'), 'export const autoload = 1;\n');
  writeFileSync(join(distDir, 'widgets', 'feedback', 'define.js'), 'export {};\n');
  writeFileSync(join(distDir, 'chunks', 'feedback-form-B4xk2_9Q.js'), 'export const x = 1;\n');
  writeFileSync(join(distDir, 'chunks', 'feedback-form-B4xk2_9Q.js.map'), '{"version":3}');
  mkdirSync(join(distDir, 'chunks', 'locales'), { recursive: true });
  writeFileSync(join(distDir, 'chunks', 'locales', 'fi-common-bvF7w_qe.js'), 'export default {};\n');
  writeFileSync(join(distDir, 'style.css'), ':root{}');
  writeFileSync(join(distDir, 'data.json'), '{"a":1}');
  writeFileSync(join(demoDir, 'index.html'), '<!doctype html><title>Luukku demo</title>');
  writeFileSync(join(demoDir, 'sv.html'), '<!doctype html><title>Luukku demo sv</title>');
  writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
  return { root, distDir, demoDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface TestApp extends LuukkuApp {
  db: Db;
  /** The staff key of each demo organisation this app's seed created (random, except the first: STAFF_KEY). */
  keys: Record<string, string>;
  config: ServerConfig;
  logs: Record<string, unknown>[];
  announced: string[];
  close(): Promise<void>;
}

export async function buildApp(
  target: Target,
  overrides: Partial<ServerConfig> = {},
  opts: { db?: Db; logger?: Logger } = {},
): Promise<TestApp> {
  const db = opts.db ?? (await target.open());
  const config = loadConfig(
    {},
    {
      databaseUrl: target.name === 'pglite' ? 'memory://' : 'postgres://test',
      demoStaffKey: STAFF_KEY,
      logLevel: 'silent',
      rateLimitPerMinute: 0,
      authFailuresPerMinute: 0,
      distDir: '/nonexistent/dist',
      demoDir: '/nonexistent/demo',
      ...overrides,
    },
  );
  const logs: Record<string, unknown>[] = [];
  const logger =
    opts.logger ??
    createLogger(config.logLevel === 'silent' ? 'debug' : config.logLevel, (line) =>
      logs.push(JSON.parse(line) as Record<string, unknown>),
    );
  const announced: string[] = [];
  let built: LuukkuApp;
  try {
    built = await createApp({ db, config, logger, contract: contract(), announce: (l) => announced.push(l) });
  } catch (err) {
    // A start that fails (a broken rule pack, say) closes the database this helper opened: a
    // PGlite loaded from a data directory tarball left open keeps the test process alive.
    if (!opts.db) await db.close();
    throw err;
  }
  const keys = Object.fromEntries(built.seeded.staffKeys.map((k) => [k.organisation, k.key]));
  return { ...built, db, config, keys, logs, announced, close: () => db.close() };
}

let counter = 0;
export function idemKey(): string {
  return `k${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(6).toString('hex')}`.slice(0, 40);
}

export function submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organisation: ORG,
    service: 'fire-inspection',
    questionnaire: { ...QUESTIONNAIRE },
    answers: { overall: 4 },
    locale: 'fi',
    ...overrides,
  };
}

export function selfAssessment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organisation: ORG,
    service: 'fire-inspection',
    serviceEvent: 'T-2025-001',
    questionnaire: { ...QUESTIONNAIRE },
    answers: { overall: 3 },
    ...overrides,
  };
}

export interface PostOptions {
  key?: string | null;
  headers?: Record<string, string>;
  raw?: string | Uint8Array;
  contentType?: string | null;
  env?: Record<string, unknown>;
}

export async function post(t: TestApp, path: string, body: unknown, o: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.contentType !== null) headers['content-type'] = o.contentType ?? 'application/json';
  if (o.key !== null) headers['idempotency-key'] = o.key ?? idemKey();
  const payload = (o.raw ?? JSON.stringify(body)) as BodyInit;
  return t.app.request(path, { method: 'POST', headers, body: payload }, o.env);
}

export function staff(key = STAFF_KEY): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { pointer: string; code: string }[];
}

/** Asserts the response is a problem+json whose code is in the contract's enum; returns it. */
export async function problem(res: Response, status: number, code: string): Promise<ProblemJson> {
  const text = await res.text();
  const where = `${res.status} ${text}`;
  if (res.status !== status) throw new Error(`expected status ${status}, got ${where}`);
  if (!(res.headers.get('content-type') ?? '').startsWith('application/problem+json')) throw new Error(`not problem+json: ${where}`);
  const body = JSON.parse(text) as ProblemJson;
  if (body.code !== code) throw new Error(`expected code ${code}, got ${where}`);
  if (!contract().problemCodes.includes(body.code)) throw new Error(`code ${body.code} is not in the contract`);
  if (body.status !== status || typeof body.type !== 'string' || typeof body.title !== 'string') throw new Error(`bad problem ${where}`);
  return body;
}
