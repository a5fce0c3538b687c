import http from 'node:http';
import type { Duplex } from 'node:stream';
import { makeProblem, PROBLEM_CONTENT_TYPE, type ProblemCode } from '@team-access/contract';

export interface ServerLimits {
  /**
   * The whole request, headers and body, must arrive within this many milliseconds; past it the
   * client gets a 408 problem and the connection is closed (Node checks about every second).
   */
  requestTimeoutMs: number;
  /** Connections beyond this many are closed as they are accepted; unset: no limit. */
  maxConnections?: number;
  /** How long an idle kept-alive connection stays open. */
  keepAliveTimeoutMs?: number;
  /**
   * Errors of the listening socket after start (an `accept` that fails with EMFILE, say), which
   * would otherwise end the process; by default written to stderr.
   */
  onError?: (error: Error) => void;
}

const CLIENT_ERRORS: Record<string, { status: number; reason: string; code: ProblemCode; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'request_timeout',
    detail: 'The request did not arrive in time. Send it again.',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'validation_failed',
    detail: 'The request headers are too large.',
  },
};
const BAD_REQUEST = {
  status: 400,
  reason: 'Bad Request',
  code: 'validation_failed' as const,
  detail: 'The request could not be read as HTTP.',
};

/** The raw answer for a connection Node's parser gave up on (no Express, no request object). */
export function clientErrorResponse(errorCode: string | undefined): string {
  const known = (errorCode && CLIENT_ERRORS[errorCode]) || BAD_REQUEST;
  const body = JSON.stringify(makeProblem(known.status, known.code, known.detail));
  return [
    `HTTP/1.1 ${known.status} ${known.reason}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Node's `clientError`, answered as problem+json. As Node's own default: an answer only when no
 * response has started on that connection (never two answers in one stream), then the socket
 * is destroyed, which aborts whatever was being done for that request (a proxied upstream call).
 */
function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: http.ServerResponse })._httpMessage;
  if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    socket.end(clientErrorResponse(error.code));
  }
  socket.destroy();
}

/**
 * An HTTP server that a slow or hostile client cannot hold open: headers and body within
 * `requestTimeoutMs` (408 otherwise), at most `maxConnections` connections, and a problem+json
 * answer to anything the parser refuses.
 */
export function createHttpServer(listener: http.RequestListener, limits: ServerLimits): http.Server {
  const server = http.createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.requestTimeoutMs,
      // How often Node looks for requests past their deadline (its default is 30 s).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.requestTimeoutMs / 10))),
      keepAliveTimeout: limits.keepAliveTimeoutMs ?? 65_000,
    },
    listener,
  );
  if (limits.maxConnections) server.maxConnections = limits.maxConnections;
  server.on('clientError', onClientError);
  server.on('error', (error) => {
    if (!server.listening) return; // a start-up error: listen() rejects with it
    if (limits.onError) limits.onError(error);
    else process.stderr.write(`HTTP server error: ${error.message}\n`);
  });
  return server;
}

/** Listens and resolves with the server once it is bound (rejects on EADDRINUSE and the like). */
export async function listen(server: http.Server, port: number, host?: string): Promise<http.Server> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
