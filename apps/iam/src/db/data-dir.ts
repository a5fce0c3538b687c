import fs from 'node:fs';
import path from 'node:path';

/** The IAM API cannot start as configured; the message says why and what to do. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * Creates DATA_DIR (and makes an existing one) private to this account: it holds the database
 * with password hashes and the client credentials.
 */
export function prepareDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An embedded PGlite database is one process's: a second process opening the same folder corrupts
 * it. The lock file holds the owner's pid; a lock left by a process that died is taken over.
 * Returns the release function.
 */
export function lockDataDir(dataDir: string, name = 'pglite.lock'): () => void {
  const file = path.join(dataDir, name);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
      throw new StartupError(
        `Another IAM API (pid ${owner}) is using the embedded database in ${dataDir}. Stop it, or give this one another DATA_DIR, or a PostgreSQL server with DATABASE_URL.`,
      );
    }
    if (owner === process.pid) {
      throw new StartupError(`This process already has the embedded database in ${dataDir} open.`);
    }
    // Left behind by a process that is gone.
    fs.rmSync(file, { force: true });
  }
  throw new StartupError(`Could not lock the embedded database in ${dataDir}; try again.`);
}
