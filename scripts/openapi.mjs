// The OpenAPI document's own checks (part of `npm test`, offline, a few seconds):
// 1. write the document the IAM serves at /openapi.json;
// 2. `redocly lint` it with the recommended rules: no error and no warning;
// 3. generate TypeScript types from it with openapi-typescript and type-check a tiny client
//    program (scripts/openapi-client/client.ts) that imports named types (User, Problem…).
import fs from 'node:fs';
import path from 'node:path';
import { log, pnpm, root, run } from './lib.mjs';

const outDir = path.join(root, 'test-results', 'openapi');
fs.mkdirSync(outDir, { recursive: true });
const document = path.join(outDir, 'openapi.json');
const generated = path.join(root, 'scripts', 'openapi-client', 'generated');
fs.mkdirSync(generated, { recursive: true });

log('OpenAPI: writing the document');
run(process.execPath, ['--import', 'tsx', 'src/openapi-write.ts', document], { cwd: path.join(root, 'apps', 'iam') });

log('OpenAPI: redocly lint (recommended rules, no warnings)');
pnpm(['exec', 'redocly', 'lint', '--max-problems=50', '--config', path.join(root, 'redocly.yaml'), document], {
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});

log('OpenAPI: openapi-typescript, then a client type-checked against it');
pnpm([
  'exec',
  'openapi-typescript',
  document,
  '--default-non-nullable=false',
  '--output',
  path.join(generated, 'iam.d.ts'),
]);
pnpm(['exec', 'tsc', '-p', path.join(root, 'scripts', 'openapi-client', 'tsconfig.json')]);
