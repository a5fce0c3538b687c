// `pnpm dev`: Vite with hot reload on :5173 (proxying /api to the BFF), and both servers
// restarting on change (node --watch).
import path from 'node:path';
import { log, pnpmCommand, root, startChild, superviseChildren, waitFor } from './lib.mjs';

const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV || 'development',
  DATA_DIR: path.resolve(root, process.env.DATA_DIR || '.data'),
};
// The browser opens Vite, which proxies /api with its own Host (changeOrigin: false): the BFF must
// answer that origin too (its Host allow-list, issue 15).
env.ALLOWED_ORIGINS ||= 'http://localhost:5173,http://127.0.0.1:5173';
const iamPort = env.IAM_PORT || '4000';
const watch = (app) =>
  startChild(app, process.execPath, ['--import', 'tsx', '--watch', 'src/server.ts'], {
    cwd: path.join(root, 'apps', app),
    env,
  });

const iam = watch('iam');
await waitFor(`http://127.0.0.1:${iamPort}/readyz`, { child: iam });
const bff = watch('bff');
const [pnpm, ...pre] = pnpmCommand();
const web = startChild('web', pnpm, [...pre, '--filter', '@team-access/web', 'dev'], { cwd: root, env });
superviseChildren([iam, bff, web]);
log('Development servers are up: open http://localhost:5173');
