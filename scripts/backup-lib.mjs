// What `pnpm backup` and `pnpm restore` share (ADR 030). Plain Node; PGlite is the IAM API's own.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib.mjs';

export const BACKUP_FORMAT = 'team-access-backup';
const CREDENTIALS_FILE = 'credentials.json';
const LOCK_FILE = 'pglite.lock';
/** The generated key that seals two-step secrets (apps/iam/src/security/secret-box.ts). */
const MFA_KEY_FILE = 'mfa-key';

/** The saved two-step key file's text, or undefined when there is none (MFA_ENCRYPTION_KEY is set). */
export function readMfaKey(dataDir) {
  try {
    return fs.readFileSync(path.join(dataDir, MFA_KEY_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

export function writeMfaKey(dataDir, text) {
  fs.writeFileSync(path.join(dataDir, MFA_KEY_FILE), text, { mode: 0o600, flag: 'wx' });
}

/** DATA_DIR as the scripts resolve it: against the repository root, default `.data`. */
export const dataDirOf = (env) => path.resolve(root, env.DATA_DIR || '.data');

/** The saved client credentials, or undefined when there is no such file. */
export function readCredentials(dataDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, CREDENTIALS_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

export function writeCredentials(dataDir, credentials) {
  fs.writeFileSync(path.join(dataDir, CREDENTIALS_FILE), `${JSON.stringify(credentials, null, 2)}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** The pid of a live process holding the embedded database (the IAM API's lock file), if any. */
export function holderOf(pgliteDir) {
  try {
    const pid = Number.parseInt(fs.readFileSync(path.join(pgliteDir, LOCK_FILE), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 && isRunning(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `fn` holding the IAM API's lock on the folder (so no IAM API opens it meanwhile). */
export async function withDataDirLock(pgliteDir, fn) {
  const lock = path.join(pgliteDir, LOCK_FILE);
  if (!holderOf(pgliteDir)) fs.rmSync(lock, { force: true });
  fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Opens PGlite (the IAM API's copy, with the extensions its migrations use) on `dataDir`. */
export async function openPglite(dataDir, options = {}) {
  const require = createRequire(path.join(root, 'apps/iam/package.json'));
  const main = require.resolve('@electric-sql/pglite');
  const { PGlite } = await import(pathToFileURL(main.replace(/index\.cjs$/, 'index.js')).href);
  const { pg_trgm } = await import(pathToFileURL(path.join(path.dirname(main), 'contrib/pg_trgm.js')).href);
  const db = new PGlite({ dataDir, extensions: { pg_trgm }, ...options });
  await db.waitReady;
  return db;
}

/** Removes the lock a dump taken while the IAM API ran carries (its pid means nothing here). */
export function dropCopiedLock(pgliteDir) {
  fs.rmSync(path.join(pgliteDir, LOCK_FILE), { force: true });
}
