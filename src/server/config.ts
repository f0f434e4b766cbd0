/**
 * Server configuration, read once from the environment. Every variable is documented in
 * docs/server.md; keep the two in step.
 */
import { DEFAULT_PACK_DIR } from './permits/load-packs.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty';

export interface ServerConfig {
  port: number;
  host: string;
  /** `undefined` → embedded PGlite in `dataDir`; `memory://` → in-memory PGlite; otherwise a PostgreSQL URL. */
  databaseUrl: string | undefined;
  dataDir: string;
  pgPoolSize: number;
  /** Staff key of the first demo organisation; generated (and printed once) at first seed when unset. Every other demo organisation gets a random key. */
  demoStaffKey: string | undefined;
  /** Where `npm start` appends newly generated demo staff keys (mode 0600), besides printing them. */
  staffKeysFile: string;
  /** Extra origins (LUUKKU_DEMO_ALLOWED_ORIGINS) put on every demo organisation's allow-list at each seed. */
  demoAllowedOrigins: string[];
  /** Write requests per client per minute; 0 disables rate limiting. */
  rateLimitPerMinute: number;
  /** Bucket size: how many writes a client may make at once before the per-minute rate applies. */
  rateLimitBurst: number;
  /** Failed staff authentications per client per minute (and the burst); 0 disables the limit. */
  authFailuresPerMinute: number;
  bodyLimitBytes: number;
  logLevel: LogLevel;
  /** JSON lines, or one readable line per request (default: pretty when stdout is a terminal). */
  logFormat: LogFormat;
  /** How many proxies in front of the server append to X-Forwarded-For (0: use the socket's peer). */
  trustProxyHops: number;
  /** The server's public origin (e.g. https://luukku.example.fi); unset → the origin the request was addressed to. */
  publicOrigin: string | undefined;
  /** Folder of the built browser bundles, served under /luukku/. */
  distDir: string;
  /** Folder of the demo HTML pages, served at /. */
  demoDir: string;
  /** Folder of the permit rule packs (`*.json` + `rule-pack.schema.json`), loaded and validated at start. */
  rulePackDir: string;
  /** Fewer decided past cases than this → the processing-time forecast falls back to the pack's value. */
  forecastMinCases: number;
  /** How long processing-time forecasts are kept in memory; 0 = always query. */
  forecastCacheSeconds: number;
  version: string;
  /** Feedback insights: groups with fewer answers than this show no figures (LUUKKU_FEEDBACK_MIN_GROUP, default 5). */
  feedbackMinGroup: number;
  /**
   * Seed a year of demo feedback (about 50,000 answers, 20 extra demo rescue departments) into an empty
   * database on first start (LUUKKU_SEED_FEEDBACK_YEAR=on|off). Default: on only for the embedded demo
   * database at its default place (`npm start` without DATABASE_URL or LUUKKU_DATA_DIR); off for tests,
   * in-memory databases, PostgreSQL and any other data directory.
   */
  seedFeedbackYear: boolean;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (raw === '1' || raw === 'true' || raw === 'yes' || raw === 'on') return true;
  if (raw === '0' || raw === 'false' || raw === 'no' || raw === 'off') return false;
  throw new Error(`${name} must be on or off, got "${env[name]}"`);
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

/** `https://example.fi,http://localhost:5173` → the list; each must be an origin exactly (scheme://host[:port]). */
export function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      let url: URL | undefined;
      try {
        url = new URL(s);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== s) {
        throw new Error(`${name}: "${s}" is not an origin (scheme://host[:port], no path or trailing slash)`);
      }
      return s;
    });
}

/** LUUKKU_TRUST_PROXY: a number of hops; `true`/`yes`/`on` mean one proxy, `false`/`no`/`off` none. */
function hops(env: NodeJS.ProcessEnv, name: string): number {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false' || raw === 'no' || raw === 'off') return 0;
  if (raw === 'true' || raw === 'yes' || raw === 'on') return 1;
  return int(env, name, 0, 0, 10);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const logLevel = (env.LUUKKU_LOG_LEVEL ?? 'info').trim().toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new Error(`LUUKKU_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LUUKKU_LOG_LEVEL}"`);
  }
  const rawFormat = (env.LUUKKU_LOG_FORMAT ?? '').trim().toLowerCase();
  if (rawFormat !== '' && rawFormat !== 'json' && rawFormat !== 'pretty') {
    throw new Error(`LUUKKU_LOG_FORMAT must be json or pretty, got "${env.LUUKKU_LOG_FORMAT}"`);
  }
  const logFormat: LogFormat = rawFormat === 'json' || rawFormat === 'pretty' ? rawFormat : process.stdout.isTTY ? 'pretty' : 'json';
  if (env.LUUKKU_PUBLIC_ORIGIN?.includes(',')) throw new Error('LUUKKU_PUBLIC_ORIGIN is one origin, not a list');
  const perMinute = int(env, 'LUUKKU_RATE_LIMIT_PER_MINUTE', 60, 0, 10_000_000);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const cwd = process.cwd();
  const config: ServerConfig = {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: env.LUUKKU_DATA_DIR?.trim() || `${cwd}/.data/pglite`,
    pgPoolSize: int(env, 'LUUKKU_PG_POOL_SIZE', 10, 1, 1000),
    demoStaffKey: env.LUUKKU_DEMO_STAFF_KEY?.trim() || undefined,
    demoAllowedOrigins: origins(env, 'LUUKKU_DEMO_ALLOWED_ORIGINS'),
    staffKeysFile: env.LUUKKU_STAFF_KEYS_FILE?.trim() || `${cwd}/.data/staff-keys.txt`,
    rateLimitPerMinute: perMinute,
    rateLimitBurst: int(env, 'LUUKKU_RATE_LIMIT_BURST', Math.max(1, Math.min(perMinute, 20)), 1, 10_000_000),
    authFailuresPerMinute: int(env, 'LUUKKU_AUTH_FAILURES_PER_MINUTE', 10, 0, 10_000),
    bodyLimitBytes: int(env, 'LUUKKU_BODY_LIMIT_BYTES', 16_384, 256, 10_485_760),
    logLevel,
    logFormat,
    trustProxyHops: hops(env, 'LUUKKU_TRUST_PROXY'),
    publicOrigin: origins(env, 'LUUKKU_PUBLIC_ORIGIN')[0],
    distDir: env.LUUKKU_DIST_DIR?.trim() || `${cwd}/dist`,
    demoDir: env.LUUKKU_DEMO_DIR?.trim() || `${cwd}/src/demo`,
    rulePackDir: env.LUUKKU_RULE_PACK_DIR?.trim() || DEFAULT_PACK_DIR,
    forecastMinCases: int(env, 'LUUKKU_FORECAST_MIN_CASES', 10, 1, 1_000_000),
    forecastCacheSeconds: int(env, 'LUUKKU_FORECAST_CACHE_SECONDS', 60, 0, 86_400),
    version: env.npm_package_version ?? '0.1.0',
    feedbackMinGroup: int(env, 'LUUKKU_FEEDBACK_MIN_GROUP', 5, 1, 1000),
    seedFeedbackYear: false,
    ...overrides,
  };
  if (overrides.seedFeedbackYear === undefined) {
    // The default applies to the configuration in effect (tests override databaseUrl to memory:// or a PostgreSQL URL).
    const demoDatabase = config.databaseUrl === undefined && config.dataDir === `${cwd}/.data/pglite`;
    config.seedFeedbackYear = flag(env, 'LUUKKU_SEED_FEEDBACK_YEAR', demoDatabase);
  }
  return config;
}
