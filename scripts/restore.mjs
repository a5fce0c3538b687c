// `pnpm restore file`: puts a `pnpm backup` file (the embedded database and the credentials file)
// into DATA_DIR, which must be empty or absent: it refuses to overwrite data (ADR 030).
import fs from 'node:fs';
import path from 'node:path';
import { BACKUP_FORMAT, dataDirOf, dropCopiedLock, openPglite, writeCredentials, writeMfaKey } from './backup-lib.mjs';

function fail(message) {
  process.stderr.write(`✗ ${message}\n`);
  process.exit(1);
}

const file = process.argv[2];
if (!file) fail('Usage: pnpm restore <backup file> (into DATA_DIR, default .data, which must be empty)');
const dataDir = dataDirOf(process.env);
if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0)
  fail(`${dataDir} is not empty. Restore into an empty or new DATA_DIR (or move this one away first).`);

let backup;
try {
  backup = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8'));
} catch (error) {
  fail(`${file} cannot be read as a backup: ${error.message}`);
}
if (backup?.format !== BACKUP_FORMAT || backup.version !== 1 || typeof backup.pglite !== 'string')
  fail(`${file} is not a Team Access backup (format ${BACKUP_FORMAT}, version 1).`);

fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
fs.chmodSync(dataDir, 0o700);
const pgliteDir = path.join(dataDir, 'pglite');
const db = await openPglite(pgliteDir, { loadDataDir: new Blob([Buffer.from(backup.pglite, 'base64')]) });
const { rows } = await db.query('select count(*)::int as n from schema_migrations');
await db.close();
dropCopiedLock(pgliteDir);
if (backup.credentials) writeCredentials(dataDir, backup.credentials);
if (typeof backup.mfaKey === 'string') writeMfaKey(dataDir, backup.mfaKey);
const files = [backup.credentials && 'credentials.json', typeof backup.mfaKey === 'string' && 'mfa-key'].filter(
  Boolean,
);
process.stdout.write(
  `Restored the backup of ${backup.createdAt} into ${dataDir} (${rows[0].n} migrations applied${files.length ? `, ${files.join(', ')}` : ''})\n`,
);
