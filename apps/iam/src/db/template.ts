// Run by scripts/build-servers.mjs (bundled to dist/make-template.js): writes the PGlite data
// folder a first start loads instead of running initdb and the migrations (ADR 030). It is made
// with the real migrate(); a start whose migrations are newer than the template applies the rest.
import { writeFileSync } from 'node:fs';
import { openPglite } from './client.ts';
import { migrate } from './migrate.ts';

const out = process.argv[2];
const db = await openPglite(undefined);
if (!out || !db.dumpDataDir) throw new Error('usage: node make-template.js <file.tar.gz>');
await migrate(db);
writeFileSync(out, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
await db.close();
