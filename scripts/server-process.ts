/** Starts the reference server as a child process for benchmarks and end-to-end tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, pgliteVersion } from '../src/server/db/pglite.js';

const root = join(import.meta.dirname, '..');

export interface RunningServer {
  url: string;
  staffKey: string;
  dataDir: string;
  /** stdout and stderr as they came. */
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM (SIGKILL after 10 s); removes the data directory unless it was given. */
  stop: () => Promise<void>;
  /** SIGKILL now, as a crash would (the data directory stays). */
  kill: () => Promise<void>;
  pid: number;
}

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Spawns `src/server/main.ts` with `env` on top of this process's environment. */
export function spawnServer(env: NodeJS.ProcessEnv): ServerProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    log += d.toString();
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
    err += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => log, stdout: () => out, stderr: () => err, exited };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A new temporary directory holding a copy of an empty PGlite data directory (initdb done once per
 * PGlite version and kept in .tmp/): a file-backed initdb took seconds per server start, and the
 * end-to-end and process tests start many. The copy is still a new, empty database.
 */
async function freshPgliteDataDir(): Promise<string> {
  const template = join(root, '.tmp', `pglite-datadir-${pgliteVersion()}`);
  if (!existsSync(template)) {
    const part = `${template}.${process.pid}.part`;
    const db = await openPglite(part);
    await db.close();
    try {
      renameSync(part, template); // atomic: a parallel run never copies half a directory
    } catch {
      rmSync(part, { recursive: true, force: true }); // another run made it first
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'luukku-data-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}

/**
 * @param env extra environment; `DATABASE_URL` selects PostgreSQL, otherwise PGlite
 *   runs in a fresh temporary data directory (file-backed, as in production).
 */
export async function startServer(
  env: Record<string, string | undefined> = {},
  options: { dataDir?: string; port?: number } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir =
    options.dataDir ?? (env.DATABASE_URL === undefined ? await freshPgliteDataDir() : mkdtempSync(join(tmpdir(), 'luukku-data-')));
  const staffKey = 'bench-staff-key-0123456789';
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LUUKKU_DATA_DIR: dataDir,
    LUUKKU_DEMO_STAFF_KEY: staffKey,
    LUUKKU_LOG_LEVEL: 'warn',
    LUUKKU_STAFF_KEYS_FILE: join(dataDir, 'staff-keys.txt'),
    ...env,
  };
  if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
  const { child, output, stdout, stderr } = spawnServer(childEnv);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited during start-up:\n${output()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not become healthy in 60 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    staffKey,
    output,
    stdout,
    stderr,
    dataDir,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<boolean>((r) => child.once('exit', () => r(true)));
        child.kill('SIGTERM');
        const graceful = await Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
        if (!graceful) child.kill('SIGKILL');
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
