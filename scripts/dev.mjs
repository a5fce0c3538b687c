// `pnpm dev`: Vite with hot reload on :5173 (proxying /api to the BFF), and both servers
// restarting on change (node --watch).
import path from 'node:path';
import { log, root, superviseChildren } from './lib.mjs';
import { createSystem } from './system.mjs';

const env = {
  ...process.env,
  NODE_ENV: process.env.NODE_ENV || 'development',
  DATA_DIR: path.resolve(root, process.env.DATA_DIR || '.data'),
};
// The browser opens Vite, which proxies /api with its own Host (changeOrigin: false): the BFF must
// answer that origin too (its Host allow-list, issue 15).
env.ALLOWED_ORIGINS ||= 'http://localhost:5173,http://127.0.0.1:5173';
const system = createSystem({ env, watch: true });
await system.startIam();
await system.startBff({ ready: false });
system.startVite();
superviseChildren(system.children());
log('Development servers are up: open http://localhost:5173');
