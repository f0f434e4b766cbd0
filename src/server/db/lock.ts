/**
 * One process per PGlite data directory. PGlite is PostgreSQL in this process's memory:
 * a second process opening the same files would write over the first one's acknowledged
 * commits. `luukku.lock` in the directory holds the PID of the process using it; a lock
 * whose process is gone (killed, crashed) is stale and taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Luukku server (process ${pid}). ` +
        'PGlite allows one process per directory: stop that one, or give this one its own LUUKKU_DATA_DIR ' +
        '(several instances need PostgreSQL: set DATABASE_URL).',
    );
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock (throws DataDirLockedError); returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'luukku.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataDirLockedError(dataDir, pid);
      // Stale (its process is gone) or unreadable: take it over.
      rmSync(file, { force: true });
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      try {
        if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
      } catch {
        // Already gone.
      }
    };
  }
  throw new Error(`Could not take the lock ${file}`);
}
