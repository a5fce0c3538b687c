// Run by scripts/build-servers.mjs (bundled to dist/make-template.js): makes the PGlite data
// folder a first start copies instead of running initdb and the migrations (ADR 030, ADR 034). It
// is made with the real migrate(); a start whose migrations are newer than the template applies
// the rest.
import { existsSync } from 'node:fs';
import { openPglite } from './client.ts';
import { migrate } from './migrate.ts';

const out = process.argv[2];
if (!out || existsSync(out)) throw new Error('usage: node make-template.js <new folder>');
const db = await openPglite(out, { template: false });
await migrate(db);
await db.close();
