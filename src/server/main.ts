/**
 * Entry point: `npm run serve` (= `tsx src/server/main.ts`). Configuration comes from the
 * environment (see config.ts and docs/server.md).
 */
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { openDb } from './db/index.js';
import { listen } from './http.js';
import { createLogger, errorFields } from './logger.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await openDb(config);
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
    const { app } = await createApp({ db, config, logger });
    running = await listen(app, { port: config.port, host: config.host, db, logger });
  } catch (err) {
    logger.error('start-up failed', errorFields(err));
    // Also in plain text: a bad rule pack lists every file, JSON pointer and reason on its own line.
    process.stderr.write(`Luukku server did not start: ${err instanceof Error ? err.message : String(err)}\n`);
    await db.close().catch(() => {});
    process.exit(1);
  }
}

void main();
