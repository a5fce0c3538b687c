import fs from 'node:fs';
import path from 'node:path';
import { createSystem, freePort, throwAwayDataDir } from '../../../scripts/system.mjs';
import { e2eServerEnv, test } from './fixtures.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface OwnSystem {
  /** The BFF, serving the built web app. */
  url: string;
  dataDir: string;
  /** Everything both servers wrote to stdout and stderr so far. */
  logs(): string;
  stopIam(): Promise<void>;
  startIam(): Promise<void>;
  /** Stops both servers (SIGTERM), keeping the data folder. */
  stop(): Promise<void>;
  /** Stops both servers and deletes the data folder. */
  close(): Promise<void>;
}

/**
 * The built system (IAM API + BFF, production mode) on free ports and a fresh data folder, for a
 * test that must stop one of the servers or read their logs, without touching the shared one.
 */
export async function startOwnSystem(options: { logLevel?: string } = {}): Promise<OwnSystem> {
  const dataDir = throwAwayDataDir('e2e');
  const [port, iamPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    ...e2eServerEnv({ port, iamPort, dataDir, logLevel: options.logLevel ?? 'info' }),
  };
  const system = createSystem({ env, output: 'collect' });
  await system.startIam();
  await system.startBff();

  return {
    url: system.url,
    dataDir,
    logs: system.logs,
    stopIam: system.stopIam,
    async startIam() {
      await system.startIam();
    },
    stop: system.stop,
    async close() {
      await system.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A system of the enclosing describe's own: started before its tests (it may take a while on a busy
 * machine), closed after them. Returns a getter for the tests.
 */
export function useOwnSystem(options: { logLevel?: string } = {}): () => OwnSystem {
  let system: OwnSystem | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    system = await startOwnSystem(options);
  });
  test.afterAll(async () => {
    await system?.close();
  });
  return () => {
    if (!system) throw new Error('the own system did not start');
    return system;
  };
}
