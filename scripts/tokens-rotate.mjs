// `pnpm tokens:rotate`: rotates the access-token signing key (ADR 049) and prints the new kid. Runs
// apps/iam/src/tokens-rotate.ts (which asks the running IAM API, or opens the database itself)
// from the IAM's folder, where tsx resolves; a relative DATA_DIR still means this folder's.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './lib.mjs';

const env = { ...process.env, DATA_DIR: path.resolve(process.env.DATA_DIR || '.data') };
const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/tokens-rotate.ts'], {
  cwd: path.join(root, 'apps', 'iam'),
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
