// Writes the IAM API's OpenAPI document to the file named on the command line (scripts/openapi.mjs
// lints it and generates a typed client from it). The same document the IAM serves at /openapi.json.
import fs from 'node:fs';
import { buildOpenApiDocument } from '@team-access/contract';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: openapi-write.ts <file.json>\n');
  process.exit(2);
}
fs.writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
