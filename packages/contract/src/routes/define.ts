import { z } from 'zod';
import type { ApiKeyScope } from '../api-keys.ts';
import type { ProblemCode } from '../problem.ts';
import { idempotencyKeyHeaderSchema, ifMatchHeaderSchema } from '../user.ts';

/** The header that carries a signed-in actor's session token from the BFF to the IAM API. */
export const ACTOR_TOKEN_HEADER = 'x-actor-token';
/** The header every browser request to the BFF's /api must carry (CSRF defence). */
export const CSRF_HEADER = 'x-csrf';
export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * The browser's address and user agent, as the BFF saw them. The IAM API records them on sessions
 * and audit events; it trusts them only on calls with valid client credentials (the BFF's).
 */
export const CLIENT_IP_HEADER = 'x-client-ip';
export const CLIENT_USER_AGENT_HEADER = 'x-client-user-agent';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route:
 * - `none`: anyone (health checks, the OpenAPI document);
 * - `client`: the tenant's Basic API_KEY:API_SECRET, with or without an actor session;
 * - `actor`: Basic client credentials plus a signed-in user's session token.
 */
export type RouteAuth = 'none' | 'client' | 'actor';

export interface RouteDef {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI-style path, `{param}` for parameters. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  /**
   * `true`: the BFF proxies `/api/iam/<path after /v2/client/>` to it for a signed-in admin.
   * `'public'`: the BFF proxies it without a session (pages reached from a mailed link), with
   * client credentials only and a per-address rate limit. `false`: not reachable from a browser.
   */
  browser: boolean | 'public';
  /**
   * The scope an API key needs to call this route (ADR 048). A route without one is refused to
   * every API key (deny by default): the BFF's routes for a signed-in user, the mailed-link pages,
   * sign-in, and the API keys' own routes. The tenant's API_KEY/API_SECRET are not limited by it.
   */
  scope?: ApiKeyScope;
  /**
   * Only an API key calls it, whatever its scopes (the exchange for an access token); the tenant's
   * API_KEY/API_SECRET get 403 `forbidden`.
   */
  apiKeyOnly?: true;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers the route reads, by lower-case name (`if-match`, `idempotency-key`). */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /**
   * Content types of a success answer other than JSON (a streamed export); the response schema
   * then describes one item of the stream.
   */
  produces?: readonly string[];
  /** Success responses by status; `null` for an empty body. */
  responses: Record<number, z.ZodType | null>;
  /**
   * The problems this route can answer that its declaration does not already imply (see
   * `routeProblems`): a 404 of a look-up by body, the 409s of its rules, a 410 of a used link, a
   * 429 of its rate limit… by status, each with the problem codes it can carry.
   */
  problems?: RouteProblems;
  /**
   * `false` for the health checks only: they are answered even when the server is at its
   * in-flight limit, so they never answer 503 `overloaded`.
   */
  inFlightLimit?: false;
  /**
   * A session whose user must choose a new password may still call it (read themselves, sign
   * out, change the password); every other route answers such a session 403.
   */
  openWhilePasswordChangeRequired?: true;
  /**
   * A session whose user must set up a second factor (the tenant's two-step policy, ADR 031) may
   * still call it (read themselves, sign out, set a factor up); every other route answers 403.
   */
  openWhileTwoStepSetupRequired?: true;
}

/** Problem codes by HTTP status. */
export type RouteProblems = { readonly [status: number]: readonly ProblemCode[] };

function headerRequired(route: Pick<RouteDef, 'headers'>, name: string): boolean | undefined {
  const field = route.headers?.shape[name] as z.ZodType | undefined;
  return field === undefined ? undefined : !field.safeParse(undefined).success;
}

/**
 * Every problem a route can answer, by status: what its declaration implies, plus what it
 * declares in `problems`. The OpenAPI document lists exactly these, and the integration tests
 * fail on any other answer.
 * - every route: 400 (a bad or unexpected body, a bad field), 413 (a body over the limit);
 * - every route: 500 `internal_error` when something fails on the server's side (the database);
 * - behind the in-flight limit: 503 `overloaded`;
 * - client credentials: 401; an actor session: 403 when the user must change their password or
 *   set up a second factor first; an API key: 403 `insufficient_scope` when it lacks the route's
 *   scope (or the route has none);
 * - an administrator's route (reached from the console, or needing an actor): 403 `forbidden`;
 * - path parameters: 404 `not_found` (another tenant's, or a missing, resource);
 * - a JSON body: 415;
 * - `if-match`: 412 when stale, and 428 where a write without it is refused;
 * - `idempotency-key`: 422 when the key was used for a different request.
 */
export function routeProblems(route: RouteDef): Map<number, ProblemCode[]> {
  const out = new Map<number, ProblemCode[]>();
  const add = (status: number, ...codes: ProblemCode[]) => {
    const list = out.get(status) ?? [];
    for (const code of codes) if (!list.includes(code)) list.push(code);
    out.set(status, list);
  };
  add(400, 'validation_failed', 'malformed_json');
  if (route.auth !== 'none') {
    add(401, 'client_auth_required', 'unauthenticated');
    add(403, 'insufficient_scope');
    if (!route.openWhilePasswordChangeRequired) add(403, 'password_change_required');
    if (!route.openWhileTwoStepSetupRequired) add(403, 'two_step_setup_required');
    if (route.auth === 'actor' || route.browser === true || route.apiKeyOnly) add(403, 'forbidden');
  }
  if (route.params) add(404, 'not_found');
  add(413, 'payload_too_large');
  if (route.body) add(415, 'unsupported_media_type');
  const ifMatchRequired = headerRequired(route, 'if-match');
  if (ifMatchRequired !== undefined) add(412, 'precondition_failed');
  if (headerRequired(route, 'idempotency-key') !== undefined) add(422, 'idempotency_key_reused');
  for (const [status, codes] of Object.entries(route.problems ?? {})) add(Number(status), ...codes);
  add(500, 'internal_error');
  if (route.inFlightLimit !== false) add(503, 'overloaded');
  return new Map([...out.entries()].sort(([a], [b]) => a - b));
}

/** What a route declares itself; the tag, auth and browser reach fall back to its area's. */
export type RouteFields = Omit<RouteDef, 'operationId' | 'tag' | 'auth' | 'browser'> &
  Partial<Pick<RouteDef, 'tag' | 'auth' | 'browser'>>;

type AreaDefaults = Pick<RouteDef, 'tag' | 'auth' | 'browser'>;

/**
 * A route of an area: it gets the area's tag, auth and browser reach unless it names its own.
 * The operationId is the route's key (see `named`).
 */
export function withAreaDefaults<const D extends AreaDefaults, const R extends RouteFields>(
  defaults: D,
  route: R,
): Omit<D, keyof R> & R {
  return { ...defaults, ...route };
}

/** Each route gets its key as operationId, so the two cannot differ. */
export function named<const T extends Record<string, Omit<RouteDef, 'operationId'>>>(
  defs: T,
): { [K in keyof T]: T[K] & { operationId: K } } {
  return Object.fromEntries(
    Object.entries(defs).map(([operationId, route]) => [operationId, { operationId, ...route }]),
  ) as { [K in keyof T]: T[K] & { operationId: K } };
}

/** A write that must name the version it changes (a stale one is a 412). */
export const ifMatch = z.object({ 'if-match': ifMatchHeaderSchema });
/** A create that a retry with the same key replays instead of repeating. */
export const idempotencyKey = z.object({ 'idempotency-key': idempotencyKeyHeaderSchema });
