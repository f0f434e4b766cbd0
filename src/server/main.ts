/**
 * Entry point: `npm start` / `npm run serve` (= `tsx src/server/main.ts`). Configuration
 * comes from the environment (see config.ts and docs/server.md). Logs go to stdout; lines
 * meant for the person at the terminal (new staff keys, the closing "open the demo" line)
 * go to stderr as plain text, never into the JSON log stream.
 */
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { createApp } from './app.js';
import { loadConfig, type ServerConfig } from './config.js';
import { openDb } from './db/index.js';
import { createLogger, errorFields } from './logger.js';
import { listen } from './serve.js';

const say = (line: string) => process.stderr.write(line + '\n');

/** Appends newly generated keys to the keys file (only the owner may read it). */
function keepKeys(config: ServerConfig, lines: string[]): void {
  if (!lines.length) return;
  try {
    mkdirSync(dirname(config.staffKeysFile), { recursive: true });
    appendFileSync(config.staffKeysFile, lines.map((l) => l + '\n').join(''), { mode: 0o600 });
  } catch (err) {
    say(`Could not write the staff keys to ${config.staffKeysFile}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The one closing line: where to open the demo and where the staff keys are. */
function readyLine(url: string, config: ServerConfig, keysPrinted: boolean): string {
  const shown = relative(process.cwd(), config.staffKeysFile);
  const file = shown.startsWith('..') ? config.staffKeysFile : shown;
  const keys = existsSync(config.staffKeysFile)
    ? `staff keys: ${file}${keysPrinted ? ' (and printed above)' : ''}`
    : keysPrinted
      ? 'staff keys: printed above'
      : config.demoStaffKey
        ? 'staff key of the first demo organisation: LUUKKU_DEMO_STAFF_KEY'
        : 'staff keys: printed when this database was created';
  return `Luukku demo: ${url.replace('://127.0.0.1', '://localhost')}/ — ${keys}`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  let db: Awaited<ReturnType<typeof openDb>>;
  try {
    db = await openDb(config);
  } catch (err) {
    say(`Luukku server did not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  let running: Awaited<ReturnType<typeof listen>> | undefined;
  const stop = (signal: string) => {
    if (!running) {
      void db.close().finally(() => process.exit(0));
      return;
    }
    running.shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', errorFields(err));
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  try {
    const keyLines: string[] = [];
    const { app, stop: stopBackground } = await createApp({
      db,
      config,
      logger,
      announce: (line) => {
        say(line);
        if (line.startsWith('Staff key for')) keyLines.push(`${new Date().toISOString()} ${line}`);
      },
    });
    keepKeys(config, keyLines);
    running = await listen(app, { port: config.port, host: config.host, db, logger, beforeDbClose: stopBackground });
    say(readyLine(running.url, config, keyLines.length > 0));
  } catch (err) {
    logger.error('start-up failed', errorFields(err));
    // Also in plain text: a bad rule pack lists every file, JSON pointer and reason on its own line.
    say(`Luukku server did not start: ${err instanceof Error ? err.message : String(err)}`);
    await db.close().catch(() => {});
    process.exit(1);
  }
}

void main();
