import net from 'node:net';

export interface StalledAnswer {
  /** The status the server answered with; undefined when it closed the connection without one. */
  status: number | undefined;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from sending the headers to the answer (or the close). */
  afterMs: number;
}

export interface StalledRequest {
  /** Settles with the first answer on this connection, or when the server closes it. */
  answer: Promise<StalledAnswer>;
  /** Closes the connection from our side (a client that gives up). */
  destroy(): void;
}

/**
 * A request whose body never finishes: the headers (with a Content-Length of `declaredLength`)
 * and the first `sentBytes` of the body, then nothing, as a slow or hostile client sends. The
 * connection stays open until the server answers or closes it.
 */
export function sendStalled(
  baseUrl: string,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    declaredLength: number;
    sentBytes?: number;
    /** The body to send instead of `sentBytes` of filler (a complete one makes a normal request). */
    body?: string;
  },
): StalledRequest {
  const { hostname, port } = new URL(baseUrl);
  const socket = net.connect({ host: hostname, port: Number(port) });
  const started = performance.now();
  const head = [
    `${options.method} ${options.path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    `Content-Length: ${options.declaredLength}`,
    ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
  socket.write(head + (options.body ?? '{'.padEnd(options.sentBytes ?? 1, ' ')));
  const answer = new Promise<StalledAnswer>((resolve) => {
    let raw = '';
    const settle = () => {
      socket.destroy();
      resolve(parse(raw, performance.now() - started));
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      raw += chunk;
      // An interim answer (100 Continue) comes before the real one.
      while (/^HTTP\/1\.1 1\d\d /.test(raw) && raw.includes('\r\n\r\n')) {
        raw = raw.slice(raw.indexOf('\r\n\r\n') + 4);
      }
      const end = raw.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(raw.slice(0, end))?.[1] ?? 0);
      if (raw.length - end - 4 >= length) settle();
    });
    socket.on('error', () => {});
    socket.on('close', settle);
  });
  return { answer, destroy: () => socket.destroy() };
}

function parse(raw: string, afterMs: number): StalledAnswer {
  const end = raw.indexOf('\r\n\r\n');
  if (!raw.startsWith('HTTP/1.1 ') || end === -1) return { status: undefined, headers: {}, body: '', afterMs };
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(end + 4), afterMs };
}
