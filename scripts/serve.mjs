// Starts the built system: the IAM API, then the BFF serving apps/web/dist. Used by `start`
// (after install and build) and by the end-to-end tests.
import path from 'node:path';
import { log, root, startChild, superviseChildren, waitFor } from './lib.mjs';

const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV || 'production',
  DATA_DIR: path.resolve(root, process.env.DATA_DIR || '.data'),
};
const port = env.PORT || '3000';
const iamPort = env.IAM_PORT || '4000';
// Links in mail (invitations, password reset) point at the web app this script serves.
if (!env.APP_URL) {
  env.APP_URL = `http://localhost:${port}`;
  // The BFF answers only the Hosts it is opened at (issue 15): this address, and its 127.0.0.1 twin.
  env.ALLOWED_ORIGINS ||= `http://127.0.0.1:${port}`;
}
// With IAM_BASE_URL the BFF talks to an IAM API running elsewhere, and none is started here.
const externalIam = Boolean(env.IAM_BASE_URL);
const iamUrl = (env.IAM_BASE_URL || `http://127.0.0.1:${iamPort}`).replace(/\/+$/, '');

const children = [];
if (!externalIam) {
  const iam = startChild('iam', process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.join(root, 'apps/iam'),
    env,
  });
  children.push(iam);
  try {
    await waitFor(`${iamUrl}/readyz`, { child: iam });
  } catch (error) {
    process.stderr.write(`The IAM API did not start: ${error.message}\n`);
    iam.kill('SIGTERM');
    process.exit(1);
  }
}
const bff = startChild('bff', process.execPath, ['--import', 'tsx', 'src/server.ts'], {
  cwd: path.join(root, 'apps/bff'),
  env,
});
children.push(bff);
superviseChildren(children);
try {
  await waitFor(`http://127.0.0.1:${port}/healthz`, { child: bff });
} catch (error) {
  process.stderr.write(`The BFF did not start: ${error.message}\n`);
  process.exit(1);
}
log(`Team Access is running. Sign in at http://localhost:${port}  (Ctrl-C stops it)`);
