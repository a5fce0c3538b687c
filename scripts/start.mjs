// `npm start`: installs, builds and starts the whole system on its embedded defaults.
import { log, pnpm } from './lib.mjs';

log('Installing dependencies');
pnpm(['install', '--frozen-lockfile']);
log('Building the web app and the servers');
pnpm(['build']);
log('Starting the IAM API and the BFF');
await import('./serve.mjs');
