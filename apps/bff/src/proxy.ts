import http from 'node:http';
import {
  ACTOR_TOKEN_HEADER,
  CLIENT_IP_HEADER,
  CLIENT_USER_AGENT_HEADER,
  REQUEST_ID_HEADER,
  type RouteDef,
  routeList,
} from '@team-access/contract';
import { type InFlight, releaseWhenClosed } from '@team-access/http-server';
import type { Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { problem } from './errors.ts';
import { CLIENT_AUTH_REFUSED, type ClientContext, clientOf } from './iam-client.ts';
import type { PublicRouteLimiter } from './rate-limit.ts';
import type { SessionData, Sessions } from './session.ts';

const IAM_PREFIX = '/v2/client';

export interface AllowedRoute {
  method: string;
  pattern: RegExp;
  operationId: string;
  /** `browser: 'public'`: proxied without a session, with client credentials only, limited per address. */
  public: boolean;
}

/**
 * The allow-list: exactly the contract routes marked `browser: true` (for a signed-in admin) or
 * `browser: 'public'` (no session), as paths under /api/iam.
 */
export function buildAllowList(routes: RouteDef[] = routeList): AllowedRoute[] {
  return routes
    .filter((r) => r.browser && r.path.startsWith(`${IAM_PREFIX}/`))
    .map((r) => {
      const source = r.path
        .slice(IAM_PREFIX.length)
        .split('/')
        .map((segment) =>
          /^\{\w+\}$/.test(segment) ? '[A-Za-z0-9_-]{1,128}' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
        )
        .join('/');
      return {
        method: r.method.toUpperCase(),
        pattern: new RegExp(`^${source}$`),
        operationId: r.operationId,
        public: r.browser === 'public',
      };
    });
}

/**
 * The path part must be plain segments: no dot segments, no percent-encoding, no empty segment,
 * no backslash. Anything else is refused before matching, so no decoding trick reaches the API.
 */
const PLAIN_PATH = /^(\/[A-Za-z0-9_-]+)+$/;
const MAX_URL_LENGTH = 2048;

/** The allowed route this method and URL call, if any. */
export function findAllowed(allowList: AllowedRoute[], method: string, url: string): AllowedRoute | undefined {
  if (url.length > MAX_URL_LENGTH) return undefined;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!PLAIN_PATH.test(path)) return undefined;
  return allowList.find((r) => r.method === method && r.pattern.test(path));
}

/** Browser headers that must never reach the IAM API: the BFF sets its own where needed. */
const STRIPPED_HEADERS = [
  'cookie',
  'authorization',
  'proxy-authorization',
  'forwarded',
  'x-real-ip',
  ACTOR_TOKEN_HEADER,
  REQUEST_ID_HEADER,
  CLIENT_IP_HEADER,
  CLIENT_USER_AGENT_HEADER,
  'x-csrf',
  // This server already answered a 100-continue; upstream, http-proxy would skip its proxyReq
  // event for such a request, and with it the upstream timeout.
  'expect',
  // Method overrides: the method the BFF checked is the method the IAM API runs.
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  // Hop-by-hop (RFC 9110 §7.6.1): they describe the browser's connection, not this request.
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
];

/** Removes what the browser must not send on: the list above, X-Forwarded-*, and what Connection names. */
export function stripBrowserHeaders(headers: http.IncomingHttpHeaders): void {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of Object.keys(headers)) {
    if (STRIPPED_HEADERS.includes(name) || named.includes(name) || name.startsWith('x-forwarded-')) {
      delete headers[name];
    }
  }
}

/**
 * Upstream response headers the browser gets. Anything else the IAM API sends (its own security
 * headers, Set-Cookie, a Basic challenge, Server, …) stays here: the BFF's own headers apply.
 */
const PASSED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  // An export's file name (attachment).
  'content-disposition',
  'etag',
  'last-modified',
  'cache-control',
  'expires',
  'vary',
  'location',
  'retry-after',
  'link',
  // The IAM API's answer to a retried create (Idempotency-Key): the first result, replayed.
  'idempotent-replayed',
];

/** The largest request body proxied to the IAM API (the IAM API's own JSON limit). */
export const PROXY_BODY_LIMIT_BYTES = 256 * 1024;

declare global {
  namespace Express {
    interface Locals {
      session?: { id: string; data: SessionData };
      requestId?: string;
      client?: ClientContext;
    }
  }
}

export interface ProxyOptions {
  target: string;
  basicAuthorization: string;
  timeoutMs: number;
  sessions: Sessions;
  /** Counts calls to public routes per client address. */
  publicLimiter: PublicRouteLimiter;
  /** Requests in flight; a session route also takes a slot under its session. */
  inFlight: InFlight;
  /** Proxied requests one session may have in flight (503 beyond). */
  maxInFlightPerSession: number;
  /** Upstream sockets: the in-flight total, so a request waits inside the agent at most briefly (ADR 015). */
  maxSockets: number;
  /** The routes to allow; the contract's browser routes unless a test says otherwise. */
  routes?: RouteDef[];
  /** Where the proxy is mounted (for Location headers). */
  mountPath?: string;
}

/** 503 with Retry-After: refused now so that it can be served a moment later. */
export function refuseOverloaded(res: Response, detail: string): void {
  res.setHeader('Retry-After', '1');
  problem(res, 503, 'overloaded', detail);
}

/**
 * Runs a proxy callback so that whatever it throws ends this one request (a problem answer, or
 * the connection closed when the answer had started), never the process: these run inside
 * event-emitter callbacks, where nothing else would catch them.
 */
function guarded(req: Request, res: Response, work: () => void, upstream?: http.ClientRequest): void {
  try {
    work();
  } catch (err) {
    req.log?.error({ err }, 'IAM proxy callback failed');
    upstream?.destroy();
    if (res.headersSent || res.destroyed) res.destroy();
    else problem(res, 502, 'upstream_unavailable', 'The IAM service answer could not be passed on. Try again.');
  }
}

/**
 * `/api/iam/<path>` → `<IAM>/v2/client/<path>` for allow-listed method + path only: injects Basic
 * client auth, and for a session route the signed-in admin's IAM session token (no session: 401);
 * a public route goes with client credentials only, never an actor token (even when the browser
 * has a session), under a per-address limit. Strips the browser's Cookie, Authorization and
 * X-Forwarded-*. Upstream down → 503, slow → 504; over a session's in-flight limit → 503.
 *
 * The upstream headers are put on the incoming request before the proxy builds its outgoing one,
 * so they go out with it: never set on a request whose headers may already have been sent.
 */
export function createIamProxy(options: ProxyOptions): RequestHandler[] {
  const allowList = buildAllowList(options.routes);
  const mountPath = options.mountPath ?? '/api/iam';
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets, keepAliveMsecs: 10_000 });

  const gate: RequestHandler = async (req, res, next) => {
    const route = findAllowed(allowList, req.method, req.url);
    if (!route) return problem(res, 404, 'not_found', 'No such API route.');
    const declared = req.headers['content-length'];
    if (req.headers['transfer-encoding'] !== undefined && declared === undefined) {
      return problem(res, 411, 'length_required', 'Send the body with a Content-Length.');
    }
    if (declared !== undefined && Number(declared) > PROXY_BODY_LIMIT_BYTES) {
      return problem(res, 413, 'payload_too_large', `The body may be at most ${PROXY_BODY_LIMIT_BYTES} bytes.`);
    }
    let actorToken: string | undefined;
    if (route.public) {
      // No session is looked at: a public route never acts for anyone.
      const verdict = await options.publicLimiter.hit(req.ip ?? 'unknown');
      if (!verdict.allowed) {
        req.log?.warn({ operationId: route.operationId }, 'public route refused by the per-address limit');
        res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
        return problem(res, 429, 'rate_limited', 'Too many requests from this address. Try again later.');
      }
    } else {
      const session = await options.sessions.load(req);
      if (!session) return problem(res, 401, 'unauthenticated', 'Sign in first.');
      const release = options.inFlight.tryAcquire([[`session:${session.id}`, options.maxInFlightPerSession]]);
      if (!release) {
        req.log?.warn({ operationId: route.operationId }, 'refused: too many requests in flight for this session');
        return refuseOverloaded(res, 'Too many requests at once from this session. Try again in a moment.');
      }
      releaseWhenClosed(res, release);
      res.locals.session = session;
      actorToken = session.data.iamToken;
    }
    const client = clientOf(req);
    res.locals.client = client;
    stripBrowserHeaders(req.headers);
    req.headers.authorization = options.basicAuthorization;
    // Set for session routes only; a public route goes with client credentials alone.
    if (actorToken) req.headers[ACTOR_TOKEN_HEADER] = actorToken;
    req.headers[REQUEST_ID_HEADER] = String(res.locals.requestId);
    if (client.ip) req.headers[CLIENT_IP_HEADER] = client.ip;
    if (client.userAgent) req.headers[CLIENT_USER_AGENT_HEADER] = client.userAgent;
    next();
  };

  const upstreamTimedOut = new WeakSet<Request>();
  const proxy = createProxyMiddleware<Request, Response>({
    target: options.target,
    agent,
    changeOrigin: true,
    xfwd: false,
    pathRewrite: (path) => `${IAM_PREFIX}${path}`,
    // The BFF writes the answer itself: its status, the allowed headers, and the body as it streams.
    selfHandleResponse: true,
    // Our own handlers only: the default plugins would also answer errors (as text/plain 502s) and log.
    ejectPlugins: true,
    plugins: [
      (proxyServer) => {
        proxyServer.on('proxyReq', (proxyReq, req, res) => {
          guarded(
            req,
            res as Response,
            () => {
              proxyReq.setTimeout(options.timeoutMs, () => {
                upstreamTimedOut.add(req);
                proxyReq.destroy(new Error('upstream timeout'));
              });
            },
            proxyReq,
          );
        });
        proxyServer.on('proxyRes', (proxyRes, req, res) => {
          const response = res as Response;
          guarded(req, response, () => passResponse(proxyRes, req, response));
        });
        proxyServer.on('error', (err, req, res) => {
          const response = res as Response;
          guarded(req, response, () => {
            if (!('status' in response) || response.headersSent || response.destroyed) {
              (res as unknown as { destroy(): void }).destroy?.();
              return;
            }
            req.log?.warn(
              { err: { message: err.message, code: (err as NodeJS.ErrnoException).code } },
              'IAM proxy error',
            );
            if (upstreamTimedOut.has(req)) {
              problem(response, 504, 'upstream_timeout', 'The IAM service did not answer in time. Try again.');
            } else {
              problem(response, 503, 'upstream_unavailable', 'The IAM service cannot be reached. Try again shortly.');
            }
          });
        });
      },
    ],
  });

  function passResponse(proxyRes: http.IncomingMessage, req: Request, response: Response) {
    if (response.headersSent || response.destroyed) {
      // The browser already has its answer (or is gone): drain the upstream one.
      proxyRes.resume();
      return;
    }
    const status = proxyRes.statusCode ?? 502;
    if (status === 401 && 'www-authenticate' in proxyRes.headers) {
      // A Basic challenge is about the BFF's own credentials (misconfigured), not the person:
      // no browser login dialog, no upstream body, and the person's session stays.
      proxyRes.resume();
      req.log?.error('the IAM API refused the BFF client credentials (API_KEY/API_SECRET)');
      return problem(response, 503, 'upstream_unavailable', CLIENT_AUTH_REFUSED);
    }
    if (status >= 500) {
      // Never an upstream error body (a stack trace from something in between, say).
      proxyRes.resume();
      req.log?.warn({ upstreamStatus: status }, 'the IAM API failed');
      if (status === 504) {
        return problem(response, 504, 'upstream_timeout', 'The IAM service did not answer in time. Try again.');
      }
      if (status === 503 && proxyRes.headers['retry-after'] !== undefined) {
        // The IAM API shed load: say when to come back.
        response.setHeader('Retry-After', String(proxyRes.headers['retry-after']));
      }
      return problem(response, 503, 'upstream_unavailable', 'The IAM service failed. Try again shortly.');
    }
    if (status === 401) {
      // The IAM session ended (signed out elsewhere, ended by an admin, user deactivated):
      // end the browser's session too.
      const session = response.locals.session;
      if (session) {
        options.sessions.destroyById(session.id).catch((err) => req.log?.warn({ err }, 'session cleanup failed'));
      }
    }
    response.statusCode = status;
    for (const name of PASSED_RESPONSE_HEADERS) {
      const value = proxyRes.headers[name];
      if (value !== undefined) response.setHeader(name, value);
    }
    // As nginx's proxy_redirect: a Location in the IAM API's space points into ours.
    const location = proxyRes.headers.location;
    if (location?.startsWith(`${IAM_PREFIX}/`)) {
      response.setHeader('location', `${mountPath}${location.slice(IAM_PREFIX.length)}`);
    }
    if (proxyRes.headers['cache-control'] === undefined) response.setHeader('cache-control', 'no-store');
    proxyRes.on('error', () => response.destroy());
    proxyRes.pipe(response);
  }

  return [gate, proxy];
}
