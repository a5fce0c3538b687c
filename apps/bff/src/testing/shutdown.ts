import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `src/server.ts` of an app as its own process, as `npm start` does. */
export function startServerProcess(cwd: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * Starts a POST whose body arrives in two halves, sends SIGTERM between them (once the server has
 * stopped accepting connections), then sends the rest: answers the in-flight request's status and
 * the process's exit code.
 */
export async function requestAcrossSigterm(
  child: ChildProcess,
  port: number,
  request: { path: string; headers: Record<string, string>; body: string },
): Promise<{ status: number; exitCode: number | null }> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const half = Math.floor(request.body.length / 2);
  let sendRest: () => void = () => {};
  const answered = new Promise<number>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: request.path,
        agent: new http.Agent({ keepAlive: true }),
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write(request.body.slice(0, half));
    sendRest = () => req.end(request.body.slice(half));
  });
  // Let the server see the request start before it is told to stop.
  await new Promise((resolve) => setTimeout(resolve, 100));
  child.kill('SIGTERM');
  await waitUntil(async () => !(await accepts(port)));
  sendRest();
  const status = await answered;
  return { status, exitCode: await exited };
}
