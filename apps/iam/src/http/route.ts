import {
  ACTOR_TOKEN_HEADER,
  CLIENT_IP_HEADER,
  CLIENT_USER_AGENT_HEADER,
  fieldErrorsFromZod,
  PASSWORD_CHANGE_REQUIRED,
  type RouteDef,
  twoStepRequiredFor,
  WEBHOOK_TRIGGER_HEADER,
} from '@team-access/contract';
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Db, Preload } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { Actor, RequestContext, Tenant } from '../kernel/context.ts';
import { authenticateCall } from '../modules/auth/service.ts';
import { CLIENT_AUTH_CHALLENGE, clientAuthRequired, parseBasic } from '../modules/tenants/client-auth.ts';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export type { RequestContext };

export interface RouteInput<R extends RouteDef> {
  body: Parsed<R['body']>;
  query: Parsed<R['query']>;
  params: Parsed<R['params']>;
  headers: Parsed<R['headers']>;
  /** The route's own read, answered with the call's authentication (`preload`, ADR 038). */
  preloaded: unknown;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * A streamed answer (an export) instead of a JSON body: written chunk by chunk, waiting for the
   * client to drain. The route declares its content types in `produces`.
   */
  stream?: (write: (chunk: string) => Promise<void>) => Promise<void>;
}

/** Writes `chunk`, resolving once the socket can take more (backpressure) or the client left. */
function writer(res: Response): (chunk: string) => Promise<void> {
  return (chunk) =>
    new Promise((resolve, reject) => {
      if (res.destroyed) return reject(new Error('client closed the connection'));
      if (res.write(chunk)) return resolve();
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        if (res.destroyed && !res.writableEnded) reject(new Error('client closed the connection'));
        else resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
}

export type RouteHandler<R extends RouteDef> = (
  input: RouteInput<R>,
  ctx: RequestContext,
  req: Request,
) => Promise<RouteResult>;

/**
 * Where the call comes from (recorded on audit events and carried by webhook deliveries): the
 * console (through the BFF), or a server-to-server call, `webhook-triggered` when it names in
 * `X-Triggered-By-Webhook` the delivery it reacts to (ADR 050). The console's calls stay `console`.
 */
function sourceOf(req: Request, viaConsole: boolean): RequestContext['source'] {
  if (viaConsole) return 'console';
  const trigger = req.headers[WEBHOOK_TRIGGER_HEADER];
  return typeof trigger === 'string' && trigger.trim() !== '' ? 'webhook-triggered' : 'api';
}

function toExpressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function parsePart(schema: z.ZodType | undefined, value: unknown, source: 'body' | 'query' | 'params' | 'header') {
  if (!schema) return { ok: true as const, data: undefined };
  const result = schema.safeParse(value);
  if (result.success) return { ok: true as const, data: result.data };
  return { ok: false as const, errors: fieldErrorsFromZod(result.error, source) };
}

/**
 * Client credentials (Basic API_KEY:API_SECRET) and, when the call carries one, the actor's
 * session token: both resolved by one statement (`authenticateCall`). Bad credentials are a 401
 * `client_auth_required` before anything about the token is said.
 */
function authenticate(db: Db, route: RouteDef, preload: Preload | undefined): RequestHandler {
  const required = route.auth === 'actor';
  return async (req, res, next) => {
    const credentials = parseBasic(req.headers.authorization);
    const header = req.headers[ACTOR_TOKEN_HEADER];
    const token = typeof header === 'string' && header !== '' ? header : undefined;
    const call = credentials && (await authenticateCall(db, credentials, token, preload));
    if (!call) {
      res.setHeader('WWW-Authenticate', CLIENT_AUTH_CHALLENGE);
      throw clientAuthRequired();
    }
    res.locals.tenant = call.tenant;
    res.locals.preloaded = call.preloaded;
    if (call.apiKey) {
      // An API key (ADR 048): only the routes that name one of its scopes, and never for a user.
      if (token !== undefined) {
        throw new AppError(403, 'insufficient_scope', 'An API key acts for itself, never for a signed-in user.');
      }
      if (route.apiKeyOnly) {
        res.locals.apiKey = call.apiKey;
        return next();
      }
      if (!route.scope) {
        throw new AppError(
          403,
          'insufficient_scope',
          "API keys cannot call this operation (it has no scope): use the tenant's API_KEY/API_SECRET.",
        );
      }
      if (!call.apiKey.scopes.includes(route.scope)) {
        throw new AppError(403, 'insufficient_scope', `This API key does not have the scope ${route.scope}.`);
      }
      res.locals.apiKey = call.apiKey;
      return next();
    }
    if (route.apiKeyOnly)
      throw new AppError(403, 'forbidden', 'Only an API key can call this: send its key id and secret.');
    if (call.actor === undefined) {
      if (required) throw new AppError(401, 'unauthenticated', 'Sign in first.');
      return next();
    }
    // A token that does not resolve is never downgraded to a server-to-server call.
    if (call.actor === null) throw new AppError(401, 'unauthenticated', 'The session has ended. Sign in again.');
    // What a session may still do while its user must choose a new password (`reset_pw`): the
    // routes that declare `openWhilePasswordChangeRequired` (read themselves, sign out, change it).
    if (call.actor.user.must_change_password) {
      if (!route.openWhilePasswordChangeRequired) {
        throw new AppError(
          403,
          PASSWORD_CHANGE_REQUIRED,
          'Choose a new password first: your administrator asked for one before anything else.',
        );
      }
    } else if (
      // The tenant's policy asks this user for a second factor and they have none (ADR 031): the
      // session may only set one up (`openWhileTwoStepSetupRequired`). The password comes first.
      !call.actor.user.mfa &&
      twoStepRequiredFor(call.actor.user.two_step_policy, call.actor.user.role) &&
      !route.openWhileTwoStepSetupRequired
    ) {
      throw new AppError(
        403,
        'two_step_setup_required',
        'Set up two-step sign-in first: your account requires it before anything else.',
      );
    }
    res.locals.actor = call.actor;
    next();
  };
}

/**
 * Mounts one contract route: its auth, its validation (a bad part is a 400 naming each field),
 * and its response, parsed by the contract's schema so nothing undeclared (a hash, a secret)
 * can leave the service. `preload`: the route's own read, answered by the statement that
 * authenticates the call (one round trip for both, ADR 038); the handler finds it in `preloaded`.
 */
export function mountRoute<R extends RouteDef>(
  router: Router,
  db: Db,
  route: R,
  handler: RouteHandler<R>,
  options: { preload?: Preload } = {},
): void {
  const chain: RequestHandler[] = [];
  if (route.auth !== 'none') {
    chain.push(authenticate(db, route, options.preload));
  }
  chain.push(async (req, res) => {
    const hasBody = req.body !== undefined;
    if (!route.body && hasBody && Number(req.headers['content-length'] ?? 0) > 0) {
      throw new AppError(400, 'validation_failed', 'This operation takes no body.', [
        { path: 'body', message: 'Send no body', code: 'unexpected_body' },
      ]);
    }
    if (route.body && !hasBody && !req.is('application/json')) {
      throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    const body = parsePart(route.body, req.body, 'body');
    const query = parsePart(route.query, req.query, 'query');
    const params = parsePart(route.params, req.params, 'params');
    const headers = parsePart(route.headers, req.headers, 'header');
    const errors = [body, query, params, headers].flatMap((p) => (p.ok ? [] : p.errors));
    if (errors.length) throw new AppError(400, 'validation_failed', 'Some fields are not valid.', errors);

    const actor = res.locals.actor as Actor | undefined;
    const client = clientContext(req);
    const ctx: RequestContext = {
      tenant: res.locals.tenant as Tenant,
      actor,
      apiKey: res.locals.apiKey as RequestContext['apiKey'],
      requestId: String(res.locals.requestId),
      ip: client.ip,
      userAgent: client.userAgent,
      source: sourceOf(req, actor !== undefined || client.viaBff),
    };
    const input = {
      body: body.data,
      query: query.data,
      params: params.data,
      headers: headers.data,
      preloaded: res.locals.preloaded,
    } as RouteInput<R>;
    const result = await handler(input, ctx, req);
    for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
    if (result.stream) {
      if (!route.produces) throw new Error(`${route.operationId} streams but declares no content type`);
      res.status(result.status);
      try {
        await result.stream(writer(res));
      } catch (error) {
        // Headers are gone: the only honest signal left is a cut connection, never a truncated 200 that looks whole.
        req.log.warn({ err: error }, 'stream ended early');
        res.destroy();
        return;
      }
      res.end();
      return;
    }
    const schema = route.responses[result.status];
    if (schema === undefined) throw new Error(`${route.operationId} answered undeclared status ${result.status}`);
    if (schema === null) {
      res.status(result.status).end();
      return;
    }
    res.status(result.status).json(schema.parse(result.body));
  });
  router[route.method](toExpressPath(route.path), ...chain);
}

function headerValue(req: Request, name: string, maxLength: number): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value.slice(0, maxLength) : undefined;
}

/**
 * Who is really on the other end: the BFF forwards the browser's address and user agent in its
 * own headers. Only reached after client auth, so only a holder of the tenant's credentials can
 * set them; a direct server-to-server caller is recorded as itself.
 */
function clientContext(req: Request): { ip: string | undefined; userAgent: string | undefined; viaBff: boolean } {
  const forwardedIp = headerValue(req, CLIENT_IP_HEADER, 64);
  return {
    viaBff: forwardedIp !== undefined,
    ip: forwardedIp ?? req.ip,
    userAgent: headerValue(req, CLIENT_USER_AGENT_HEADER, 512) ?? req.headers['user-agent']?.slice(0, 512),
  };
}
