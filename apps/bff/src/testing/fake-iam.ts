import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteDef } from '@team-access/contract';
import { z } from 'zod';

/** One request as the fake IAM API received it, byte for byte. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Routes a test BFF proxies to the fake IAM API: the shapes the real API uses (a resource with an
 * ETag, a write with If-Match, a collection), a public one (no session, as the mailed-link pages),
 * plus one the browser must not reach.
 */
export const FAKE_ROUTES: RouteDef[] = [
  ['getItem', 'get', '/v2/client/test-items/{itemId}', true],
  ['updateItem', 'patch', '/v2/client/test-items/{itemId}', true],
  ['deleteItem', 'delete', '/v2/client/test-items/{itemId}', true],
  ['createItem', 'post', '/v2/client/test-items', true],
  ['openItem', 'post', '/v2/client/test-items/{itemId}/open', 'public'],
  ['serverOnly', 'get', '/v2/client/server-only', false],
].map(([operationId, method, path, browser]) => ({
  operationId: operationId as string,
  method: method as RouteDef['method'],
  path: path as string,
  summary: 'test route',
  tag: 'test',
  auth: browser === 'public' ? 'client' : 'actor',
  browser: browser as RouteDef['browser'],
  responses: { 200: z.unknown() },
}));

export const FAKE_ITEM_ETAG = '"7"';

export interface FakeIam {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in IAM API that records every request and answers by the item id in the path:
 * `crash` (an HTML 500 with a stack trace), `ended` (401: the actor's session is over),
 * `refused` (401 with a Basic challenge: the BFF's own credentials are wrong), `slow` (never
 * answers), anything else a JSON item with an ETag, and headers the browser must never see.
 */
export async function startFakeIam(): Promise<FakeIam> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const id = /^\/v2\/client\/test-items\/([^/?]+)/.exec(req.url ?? '')?.[1];
      if (id === 'slow') return;
      if (id === 'crash') {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<pre>TypeError: boom\n    at Object.handler (/srv/iam/src/secret-path.ts:42:7)</pre>');
        return;
      }
      if (id === 'ended' || id === 'refused') {
        const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/problem+json' };
        if (id === 'refused') headers['www-authenticate'] = 'Basic realm="iam"';
        res.writeHead(401, headers);
        res.end(JSON.stringify({ type: 'about:blank', title: 'upstream says', status: 401, code: 'unauthenticated' }));
        return;
      }
      const common = {
        'set-cookie': 'upstream=1; Path=/',
        'content-security-policy': 'default-src *',
        'access-control-allow-origin': '*',
        'x-powered-by': 'fake-iam',
        server: 'fake-iam/1.0',
        'x-internal-trace': 'upstream-only',
      };
      if (req.method === 'GET' && req.headers['if-none-match'] === FAKE_ITEM_ETAG) {
        res.writeHead(304, { etag: FAKE_ITEM_ETAG, ...common });
        res.end();
        return;
      }
      if (req.method === 'PATCH' && req.headers['if-match'] !== FAKE_ITEM_ETAG) {
        res.writeHead(412, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'x', title: 'changed', status: 412, code: 'precondition_failed' }));
        return;
      }
      const etag = req.method === 'PATCH' ? '"8"' : FAKE_ITEM_ETAG;
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json', etag, ...common });
      res.end(JSON.stringify({ id: id ?? 'new', version: Number(etag.slice(1, -1)) }));
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A request sent exactly as written: no URL normalization, any header (fetch refuses hop-by-hop
 * ones and normalizes dot segments), and optionally a chunked body with no Content-Length.
 */
export function rawRequest(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; chunked?: boolean },
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname, port, path: options.path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      if (!options.chunked) req.setHeader('content-length', Buffer.byteLength(options.body));
      req.write(options.body);
    }
    req.end();
  });
}
