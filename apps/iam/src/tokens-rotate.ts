// `pnpm tokens:rotate` (ADR 049): retires the access-token signing key and activates the next
// one, printing the new kid (never a key). While the IAM API runs, it is asked to do it (POST
// /internal/tokens/rotate on 127.0.0.1:IAM_PORT, with the client credentials), as `pnpm backup`
// does; when none answers, the database (DATABASE_URL, or the PGlite folder under DATA_DIR) is
// opened here. Either way every tenant's audit log records the rotation.
import path from 'node:path';
import { CREDENTIALS_FILE } from '@team-access/contract/server';
import { readCredentials } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import type { RotatedKeys as Rotated } from './modules/tokens/keys.ts';
import { ROTATE_PATH } from './modules/tokens/routes.ts';
import { rotateSigningKey } from './modules/tokens/service.ts';

function fail(message: string): never {
  process.stderr.write(`✗ ${message}\n`);
  process.exit(1);
}

/** The running IAM API's answer; undefined when none answers on IAM_PORT. */
async function fromRunningIam(port: number, credentials: { apiKey: string; apiSecret: string }) {
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${port}${ROTATE_PATH}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64')}`,
      },
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    return undefined;
  }
  const body = (await response.json().catch(() => ({}))) as Partial<Rotated> & { detail?: string };
  if (!response.ok) fail(`The IAM API on port ${port} refused the rotation (${response.status}): ${body.detail ?? ''}`);
  return body as Rotated;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const saved = await readCredentials(path.join(config.dataDir, CREDENTIALS_FILE));
  const apiKey = config.apiKey ?? saved?.apiKey;
  const apiSecret = config.apiSecret ?? saved?.apiSecret;
  let how = `by the IAM API on port ${config.port}`;
  let rotated = apiKey && apiSecret ? await fromRunningIam(config.port, { apiKey, apiSecret }) : undefined;
  if (!rotated) {
    // Opening PGlite takes its folder's lock: an IAM API that holds it but did not answer is named.
    const db = await openDatabase(config);
    try {
      await migrate(db);
      rotated = await rotateSigningKey(db);
    } finally {
      await db.close();
    }
    how = config.databaseUrl ? 'in PostgreSQL (no IAM API answered)' : `in ${config.dataDir} (no IAM API was running)`;
  }
  process.stdout.write(
    `Rotated the access-token signing key ${how}.\nNew key id (kid): ${rotated.kid}\n${
      !rotated.retiredKid
        ? ''
        : rotated.retiredPublishedUntil
          ? `The previous key (${rotated.retiredKid}) stays published until ${rotated.retiredPublishedUntil}, when its last token expires.\n`
          : `The previous key (${rotated.retiredKid}) signed no token still valid: it is no longer published.\n`
    }`,
  );
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
