import { z } from 'zod';
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
