// Starts the built system: the IAM API, then the BFF serving apps/web/dist. Used by `start`
// (after install and build) and by the end-to-end tests.
import path from 'node:path';
import { log, root, superviseChildren } from './lib.mjs';
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
const system = createSystem({ env });
// With IAM_BASE_URL the BFF talks to an IAM API running elsewhere, and none is started here.
if (!env.IAM_BASE_URL) {
  try {
    await system.startIam();
  } catch (error) {
    process.stderr.write(`The IAM API did not start: ${error.message}\n`);
    await system.stop();
    process.exit(1);
  }
}
try {
  await system.startBff();
} catch (error) {
  process.stderr.write(`The BFF did not start: ${error.message}\n`);
  await system.stop();
  process.exit(1);
}
superviseChildren(system.children());
log(`Team Access is running. Sign in at http://localhost:${port}  (Ctrl-C stops it)`);
