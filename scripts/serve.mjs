// Starts the built system and keeps it running: the IAM API and the BFF serving apps/web/dist,
// each restarted with a back-off when it crashes (scripts/supervise.mjs, ADR 030). The BFF does not
// wait for the IAM API: it answers 503 problems until the IAM API is ready. Used by `start` (after
// install and build) and by the end-to-end tests.
import fs from 'node:fs';
import path from 'node:path';
import { ensureServersBuilt } from './build-servers.mjs';
import { log, root, waitFor } from './lib.mjs';
import { supervise } from './supervise.mjs';
import { createSystem } from './system.mjs';

const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV || 'production',
  DATA_DIR: path.resolve(root, process.env.DATA_DIR || '.data'),
};
const port = env.PORT || '3000';
// Links in mail (invitations, password reset) point at the web app this script serves.
if (!env.APP_URL) {
  env.APP_URL = `http://localhost:${port}`;
  // The BFF answers only the Hosts it is opened at (issue 15): this address, and its 127.0.0.1 twin.
  env.ALLOWED_ORIGINS ||= `http://127.0.0.1:${port}`;
}
// `pnpm build` built them; a source changed since (or no build yet) is rebuilt here, once.
await ensureServersBuilt();
const system = createSystem({ env, output: 'tee' });
const supervisor = supervise({});
// With IAM_BASE_URL the BFF talks to an IAM API running elsewhere, and none is started here.
if (!env.IAM_BASE_URL) supervisor.add({ name: 'IAM API', start: () => system.spawnServer('iam') });

// Without API_KEY/API_SECRET the BFF reads the credentials the IAM API writes to DATA_DIR, the first
// thing it does (before it opens its database): on a first start, wait for that file, not for the
// IAM API to be ready.
const credentialsFile = path.join(env.DATA_DIR, 'credentials.json');
if (!(env.API_KEY && env.API_SECRET) && !env.IAM_BASE_URL) {
  const deadline = Date.now() + 90_000;
  while (!fs.existsSync(credentialsFile) && !supervisor.stopping() && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
}
if (!supervisor.stopping()) {
  supervisor.add({ name: 'BFF', start: () => system.spawnServer('bff') });
  waitFor(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 10 * 60_000 }).then(
    () => log(`Team Access is running. Sign in at http://localhost:${port}  (Ctrl-C stops it)`),
    () => {},
  );
}
