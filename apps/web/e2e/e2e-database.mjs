// Run before the end-to-end system starts on PostgreSQL (playwright.config.ts does, when
// TEST_DATABASE_URL is set): drops the run's throw-away database, DATABASE_URL (iam_e2e_<port>),
// and creates it empty, on the server of TEST_DATABASE_URL. The IAM API then migrates it.
import pg from 'pg';

const adminUrl = process.env.TEST_DATABASE_URL;
const databaseUrl = process.env.DATABASE_URL;
if (!adminUrl || !databaseUrl) {
  process.stderr.write('e2e-database: set TEST_DATABASE_URL and DATABASE_URL\n');
  process.exit(2);
}
const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
// Only ever a database this script names itself: never drop anything else by mistake.
if (!/^iam_e2e_[0-9]+$/.test(name)) {
  process.stderr.write(`e2e-database: refusing to recreate "${name}" (expected iam_e2e_<port>)\n`);
  process.exit(2);
}
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
try {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
} finally {
  await admin.end();
}
process.stdout.write(`e2e-database: ${name} is new and empty\n`);
