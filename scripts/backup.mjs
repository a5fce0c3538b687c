// `pnpm backup [file]`: a consistent backup of the embedded database (PGlite) and the credentials
// file, in one file (mode 0600: it holds the client secret). While the IAM API runs, it is asked
// for the copy (POST /internal/backup on 127.0.0.1:IAM_PORT, with the client credentials); when
// none runs, the data folder is opened here. `pnpm restore file` puts it back (ADR 030). With
// DATABASE_URL, back up PostgreSQL with pg_dump instead (docs/operations.md).
import fs from 'node:fs';
import path from 'node:path';
import {
  BACKUP_FORMAT,
  dataDirOf,
  holderOf,
  openPglite,
  readCredentials,
  readMfaKey,
  withDataDirLock,
} from './backup-lib.mjs';

const dataDir = dataDirOf(process.env);
const iamPort = Number(process.env.IAM_PORT || 4000);
const file = path.resolve(
  process.argv[2] || `team-access-backup-${new Date().toISOString().replaceAll(':', '').replace(/\..*/, '')}.json`,
);

function fail(message) {
  process.stderr.write(`✗ ${message}\n`);
  process.exit(1);
}

if (process.env.DATABASE_URL)
  fail('DATABASE_URL is set: the IAM API keeps its data in PostgreSQL. Back it up with pg_dump (docs/operations.md).');
const credentials = readCredentials(dataDir);
const apiKey = process.env.API_KEY || credentials?.apiKey;
const apiSecret = process.env.API_SECRET || credentials?.apiSecret;

/** The tarball from the running IAM API; undefined when none answers on IAM_PORT. */
async function fromRunningIam() {
  let response;
  try {
    response = await fetch(`http://127.0.0.1:${iamPort}/internal/backup`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}` },
      signal: AbortSignal.timeout(120_000),
    });
  } catch {
    return undefined;
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    fail(`The IAM API on port ${iamPort} refused the backup (${response.status}): ${problem.detail ?? ''}`);
  }
  return Buffer.from(await response.arrayBuffer());
}

let tarball = apiKey && apiSecret ? await fromRunningIam() : undefined;
let how = `from the IAM API on port ${iamPort}`;
if (!tarball) {
  const pgliteDir = path.join(dataDir, 'pglite');
  if (!fs.existsSync(path.join(pgliteDir, 'PG_VERSION'))) fail(`There is no embedded database in ${pgliteDir}.`);
  const holder = holderOf(pgliteDir);
  if (holder)
    fail(
      `An IAM API (pid ${holder}) has ${pgliteDir} open but does not answer on 127.0.0.1:${iamPort}: set IAM_PORT to its port.`,
    );
  tarball = await withDataDirLock(pgliteDir, async () => {
    const db = await openPglite(pgliteDir);
    try {
      await db.exec('checkpoint');
      return Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await db.close();
    }
  });
  how = `from ${pgliteDir} (no IAM API was running)`;
}

const backup = {
  format: BACKUP_FORMAT,
  version: 1,
  createdAt: new Date().toISOString(),
  credentials: credentials ?? null,
  // Without it the restored two-step secrets could not be opened (unless MFA_ENCRYPTION_KEY is set).
  mfaKey: readMfaKey(dataDir) ?? null,
  pglite: tarball.toString('base64'),
};
const temp = `${file}.${process.pid}.tmp`;
fs.writeFileSync(temp, JSON.stringify(backup), { mode: 0o600 });
fs.renameSync(temp, file);
process.stdout.write(`Backed up ${how} to ${file} (${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB)\n`);
