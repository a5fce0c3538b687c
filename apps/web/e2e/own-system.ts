import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { e2eServerEnv } from './fixtures.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become ready`);
}

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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'team-access-e2e-'));
  const [port, iamPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    ...e2eServerEnv({ port, iamPort, dataDir, logLevel: options.logLevel ?? 'info' }),
  };
  let output = '';
  const children = new Set<ChildProcess>();
  const spawnServer = (app: 'iam' | 'bff') => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: path.join(ROOT, 'apps', app),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  const stop = (child: ChildProcess | undefined) =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });

  let iam: ChildProcess | undefined;
  const startIam = async () => {
    iam = spawnServer('iam');
    await waitReady(`http://127.0.0.1:${iamPort}/readyz`, iam);
  };
  await startIam();
  const bff = spawnServer('bff');
  await waitReady(`http://127.0.0.1:${port}/healthz`, bff);

  return {
    url: `http://localhost:${port}`,
    dataDir,
    logs: () => output,
    stopIam: () => stop(iam),
    startIam,
    async stop() {
      await Promise.all([...children].map((child) => stop(child)));
    },
    async close() {
      await Promise.all([...children].map((child) => stop(child)));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
