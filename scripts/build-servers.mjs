// Builds the IAM API and the BFF into one JavaScript file each (apps/<app>/dist/server.js, with a
// source map) with esbuild: the workspace packages are bundled in, node_modules stay external. The
// servers then start without transpiling TypeScript (ADR 030); `pnpm dev` still runs the sources
// with tsx in watch mode. The IAM API's migrations are copied beside its bundle, with an empty
// PGlite data folder for its first start. `pnpm build` runs
// this; serve (and so `npm start` and the end-to-end tests) rebuilds when a source is newer.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './lib.mjs';

export const SERVERS = ['iam', 'bff'];
const SOURCES = ['apps/iam/src', 'apps/bff/src', 'packages/contract/src', 'packages/http-server/src'];

/** The compiled entry of a server. */
export const serverBundle = (app) => path.join(root, 'apps', app, 'dist', 'server.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether a bundle is missing or older than a source file (tests aside) or a package.json. */
export function serversAreStale() {
  const built = Math.min(
    ...SERVERS.map((app) => {
      try {
        return fs.statSync(serverBundle(app)).mtimeMs;
      } catch {
        return 0;
      }
    }),
  );
  if (!built) return true;
  const manifests = ['package.json', ...SOURCES.map((dir) => path.join(dir, '..', 'package.json'))];
  const newest = Math.max(
    ...SOURCES.map((dir) => newestSource(path.join(root, dir))),
    ...manifests.map((file) => fs.statSync(path.join(root, file)).mtimeMs),
  );
  return newest > built;
}

export async function buildServers() {
  const { build } = await import('esbuild');
  /** @type {import('esbuild').Plugin} */
  const externalPackages = {
    name: 'external-node-modules',
    setup(b) {
      // Bare imports stay imports (resolved from apps/<app>/node_modules at run time), except the
      // workspace's own TypeScript packages, which are bundled.
      b.onResolve({ filter: /^[^./]/ }, (args) =>
        args.path.startsWith('@team-access/') ? undefined : { path: args.path, external: true },
      );
    },
  };
  await Promise.all(
    SERVERS.map((app) =>
      build({
        entryPoints: [path.join(root, 'apps', app, 'src', 'server.ts')],
        outfile: serverBundle(app),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: 'linked',
        logLevel: 'warning',
        plugins: [externalPackages],
      }),
    ),
  );
  const migrations = path.join(root, 'apps/iam/dist/migrations');
  fs.rmSync(migrations, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'apps/iam/src/db/migrations'), migrations, { recursive: true });
  await buildPgliteTemplate();
}

/**
 * A freshly initialised, empty PGlite data folder as a tarball beside the IAM API's bundle: a
 * first start loads it instead of running initdb (several seconds). Made once per PGlite version.
 */
async function buildPgliteTemplate() {
  const { openPglite } = await import('./backup-lib.mjs');
  const require = createRequire(path.join(root, 'apps/iam/package.json'));
  const manifest = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const version = JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
  const template = path.join(root, 'apps/iam/dist/pglite-template.tar.gz');
  const stamp = `${template}.version`;
  if (fs.existsSync(template) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === version) return;
  const db = await openPglite(undefined);
  const tarball = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
  await db.close();
  fs.writeFileSync(template, tarball);
  fs.writeFileSync(stamp, version);
}

/** Builds the servers when a bundle is missing or stale; says so on stderr. */
export async function ensureServersBuilt() {
  if (!serversAreStale()) return;
  process.stderr.write('▸ Building the servers (esbuild)\n');
  await buildServers();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  await buildServers();
  process.stdout.write(`Built the IAM API and the BFF in ${Math.round(performance.now() - started)} ms\n`);
}
