// Builds the IAM API and the BFF into one JavaScript file each (apps/<app>/dist/server.js, with a
// source map) with esbuild: the workspace packages and most of node_modules are bundled in. The
// servers then start without transpiling TypeScript (ADR 030); `pnpm dev` still runs the sources
// with tsx in watch mode. The IAM API's migrations are copied beside its bundle, with an empty
// PGlite data folder for its first start. `pnpm build` runs
// this; serve (and so `npm start` and the end-to-end tests) rebuilds when a source is newer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './lib.mjs';

export const SERVERS = ['iam', 'bff'];
const SOURCES = ['apps/iam/src', 'apps/bff/src', 'packages/contract/src', 'packages/http-server/src'];

/**
 * Packages the bundles import at run time instead of containing them: PGlite (its WebAssembly
 * and data files sit beside its code), argon2 (a native module), pino (its transports run files of
 * their own in worker threads), and those loaded only when configured (pg with DATABASE_URL,
 * nodemailer with SMTP_URL, redis with REDIS_URL).
 */
const RUNTIME_PACKAGES = /^(@electric-sql\/pglite|@node-rs\/argon2|pino|pino-http|pg|nodemailer|redis)(\/|$)/;

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

/** Whether a bundle is missing or older than a source file (tests aside), a package.json or the lockfile. */
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
  // The lockfile too: the bundles contain most packages' code (ADR 034).
  const manifests = ['package.json', 'pnpm-lock.yaml', ...SOURCES.map((dir) => path.join(dir, '..', 'package.json'))];
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
      // Most packages are bundled in: one file loads in about half the CPU time of the few hundred
      // files of express, zod and the rest (ADR 034). Those named in RUNTIME_PACKAGES stay imports,
      // resolved from apps/<app>/node_modules at run time.
      b.onResolve({ filter: /^[^./]/ }, (args) =>
        RUNTIME_PACKAGES.test(args.path) ? { path: args.path, external: true } : undefined,
      );
    },
  };
  const entries = [
    ...SERVERS.map((app) => ({ entry: path.join(root, 'apps', app, 'src', 'server.ts'), outfile: serverBundle(app) })),
    {
      entry: path.join(root, 'apps/iam/src/db/template.ts'),
      outfile: path.join(root, 'apps/iam/dist/make-template.js'),
    },
  ];
  await Promise.all(
    entries.map(({ entry, outfile }) =>
      build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: 'linked',
        logLevel: 'warning',
        // The bundled CommonJS packages call require() (Node's built-in modules).
        banner: {
          js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        },
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
 * A PGlite data folder with every migration applied and no data, beside the IAM API's bundle: a
 * first start copies it instead of running initdb and the migrations (several seconds). Made by
 * the IAM API's own migrate() (src/db/template.ts), again when PGlite or a migration changes.
 */
async function buildPgliteTemplate() {
  const require = createRequire(path.join(root, 'apps/iam/package.json'));
  const manifest = path.join(path.dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const migrations = fs.readdirSync(path.join(root, 'apps/iam/src/db/migrations')).sort();
  const stamp = `${JSON.parse(fs.readFileSync(manifest, 'utf8')).version} ${migrations.join(' ')}`;
  const template = path.join(root, 'apps/iam/dist/pglite-template');
  const stampFile = `${template}.stamp`;
  // Before ADR 034 the template was a tarball.
  for (const old of [`${template}.tar.gz`, `${template}.tar.gz.stamp`]) fs.rmSync(old, { force: true });
  if (fs.existsSync(template) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  const maker = path.join(root, 'apps/iam/dist/make-template.js');
  const temp = `${template}.tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [maker, temp], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) throw new Error(`${maker} failed (exit ${result.status ?? result.signal})`);
  fs.rmSync(template, { recursive: true, force: true });
  fs.renameSync(temp, template);
  fs.writeFileSync(stampFile, stamp);
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
