import type { z } from 'zod';
import { etagOf } from './user.ts';

/**
 * What a caller needs of a route of the registry (`routes`): every `RouteDef` is one. Declared here
 * by shape, so this file depends on no particular routes module.
 */
export interface CallableRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** `{param}` for parameters. */
  path: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, z.ZodType | null>;
}

type HeaderNames<R> = R extends { headers: z.ZodObject<infer Shape> } ? keyof Shape : never;

/** What one call of `route` sends, typed from the route's own schemas. */
export type RouteInput<R extends CallableRoute> = (R extends { params: infer P extends z.ZodObject }
  ? { params: z.input<P> }
  : { params?: undefined }) &
  (R extends { query: infer Q extends z.ZodObject }
    ? { query?: { [K in keyof z.input<Q>]?: z.input<Q>[K] | undefined } }
    : { query?: undefined }) &
  (R extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: undefined }) &
  ('if-match' extends HeaderNames<R>
    ? {
        /** The version the caller saw: sent as `If-Match`, so nobody overwrites a change unseen. */
        ifMatch?: number | undefined;
      }
    : { ifMatch?: undefined }) &
  ('idempotency-key' extends HeaderNames<R>
    ? {
        /** Makes a retried request take effect once. */
        idempotencyKey?: string | undefined;
      }
    : { idempotencyKey?: undefined });

/** The parsed body of a successful answer (undefined where the route answers with an empty body). */
export type RouteAnswer<R extends CallableRoute> = {
  [S in keyof R['responses']]: R['responses'][S] extends z.ZodType ? z.output<R['responses'][S]> : undefined;
}[keyof R['responses']];

export interface RouteRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route's path with its parameters filled in and the query appended. */
  path: string;
  headers: Record<string, string>;
  /** To send as JSON; undefined for none. */
  body: unknown;
}

/** A query component, form-encoded as URLSearchParams writes it (a space is `+`). */
const formEncode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

/** `?a=1&b=2` from the set values only (undefined, null and empty strings are left out). */
export function queryString(query: Record<string, unknown> | undefined): string {
  const pairs = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${formEncode(key)}=${formEncode(String(value))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/** The route's path with each `{name}` replaced by its (encoded) parameter. */
export function routePath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') throw new Error(`${path}: missing parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

/** Method, path, headers and body of one call, built from the route declaration alone. */
export function routeRequest<R extends CallableRoute>(route: R, input: RouteInput<R>): RouteRequest {
  const { params, query, body, ifMatch, idempotencyKey } = input as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
    ifMatch?: number;
    idempotencyKey?: string;
  };
  const headers: Record<string, string> = {};
  if (ifMatch !== undefined) headers['If-Match'] = etagOf(ifMatch);
  if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
  return {
    method: route.method.toUpperCase() as RouteRequest['method'],
    path: `${routePath(route.path, params)}${queryString(query)}`,
    headers,
    body,
  };
}

/**
 * The schema a successful answer with this status must match: the route's own; `null` for an
 * empty body. A 2xx the route does not declare is read with its one declared body schema.
 */
export function answerSchema(route: CallableRoute, status: number): z.ZodType | null {
  const declared = route.responses[status];
  if (declared !== undefined) return declared;
  const bodies = Object.values(route.responses).filter((schema) => schema !== null);
  return bodies.length === 1 ? (bodies[0] ?? null) : null;
}
