import { z } from 'zod';
import { componentSchemas, namedComponents } from './components.ts';
import { PROBLEM_CONTENT_TYPE, type ProblemCode, problemType } from './problem.ts';
import { ACTOR_TOKEN_HEADER, type RouteDef, routeProblems } from './routes/define.ts';
import { routeList } from './routes.ts';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

const COMPONENT_PREFIX = '#/components/schemas/';

const reasons: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  400: 'The request is not valid: each bad field is named in `errors`',
  401: 'Client credentials or the actor session are missing or wrong',
  403: 'The caller may not do this',
  404: 'No such resource in this tenant (or one the caller may not see)',
  408: 'The caller stopped waiting',
  409: 'The request conflicts with the current state',
  410: 'The link is no longer valid',
  412: 'If-Match names a version that is no longer current',
  413: 'The request body is too large',
  415: 'The request body must be application/json',
  422: 'The Idempotency-Key was used for a different request',
  428: 'If-Match is required',
  429: 'Too many requests: wait for Retry-After seconds when given',
  500: 'Something failed on the server side; quote the requestId to support',
  503: 'The service is busy or not ready',
};

/**
 * A pipe keeps only its input side in an input schema (`z.string().trim().pipe(z.email())` would
 * lose `email`): copy the output side's format, so the document says what the server accepts.
 */
function keepPipeFormats(io: Io) {
  return (ctx: { zodSchema: z.core.$ZodType; jsonSchema: JsonSchema }) => {
    const def = ctx.zodSchema._zod.def as { type: string; out?: z.core.$ZodType };
    if (io !== 'input' || def.type !== 'pipe' || !def.out) return;
    const out = z.toJSONSchema(def.out as z.ZodType, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
    if (typeof out.format === 'string' && ctx.jsonSchema.format === undefined) ctx.jsonSchema.format = out.format;
  };
}

function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * Converts the named schemas and the given anonymous ones together, so that every use of a named
 * schema becomes a `$ref` to its component. Answers the JSON schema of each by id.
 */
function convert(io: Io, anonymous: Map<z.ZodType, string>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of namedComponents) registry.add(schema, { id });
  for (const [schema, id] of anonymous) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    unrepresentable: 'any',
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
    override: keepPipeFormats(io),
  }) as { schemas: Record<string, JsonSchema> };
  if (schemas.__shared) throw new Error('a schema is shared without a name: name it in components.ts');
  const cleaned = Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, clean(s)]));
  return Object.fromEntries(Object.entries(cleaned).map(([id, s]) => [id, inlineAnonymous(s, cleaned)]));
}

/**
 * An anonymous schema is no component of the document: where another schema uses it (a query
 * parameter's field reused in a body, e.g. the users list filter in a bulk change), it is inlined.
 */
function inlineAnonymous(schema: JsonSchema, all: Record<string, JsonSchema>): JsonSchema {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith(`${COMPONENT_PREFIX}__`)) {
      return walk(all[ref.slice(COMPONENT_PREFIX.length)]);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
  };
  return walk(schema) as JsonSchema;
}

/** Collects the anonymous schemas of one direction and answers a `$ref` or the inline schema later. */
class Schemas {
  readonly anonymous = new Map<z.ZodType, string>();
  private converted: Record<string, JsonSchema> | undefined;
  constructor(private readonly io: Io) {}

  /** A placeholder for `schema`, resolved by `resolve` once every schema is known. */
  use(schema: z.ZodType): () => JsonSchema {
    const name = componentSchemas.get(schema)?.id;
    if (name) return () => ({ $ref: `${COMPONENT_PREFIX}${name}` });
    if (!this.anonymous.has(schema)) this.anonymous.set(schema, `__${this.io}_${this.anonymous.size}`);
    const id = this.anonymous.get(schema) as string;
    return () => this.all()[id] as JsonSchema;
  }

  all(): Record<string, JsonSchema> {
    this.converted ??= convert(this.io, this.anonymous);
    return this.converted;
  }
}

type Lazy = () => JsonSchema;

function parameters(route: RouteDef, input: Schemas): { build: () => JsonSchema[] } {
  const out: (() => JsonSchema)[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
    ['header', route.headers],
  ] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = field as z.ZodType;
      const lazy = input.use(fieldSchema);
      const required = where === 'path' || !fieldSchema.safeParse(undefined).success;
      out.push(() => ({
        name: where === 'header' ? headerName(name) : name,
        in: where,
        required,
        ...(parameterDescriptions[name] ? { description: parameterDescriptions[name] } : {}),
        schema: lazy(),
      }));
    }
  }
  return { build: () => out.map((f) => f()) };
}

const headerNames: Record<string, string> = { 'if-match': 'If-Match', 'idempotency-key': 'Idempotency-Key' };
const headerName = (name: string) => headerNames[name] ?? name;

const parameterDescriptions: Record<string, string> = {
  'if-match':
    'The `ETag` of the version you loaded (or `*`): a write to a version that changed since is refused with 412',
  'idempotency-key':
    'A key of your choosing: a retry with the same key and body answers the first result (`Idempotent-Replayed: true`) instead of creating twice; the same key with another body is a 422. Kept 24 hours',
  cursor: 'The `nextCursor` of the previous page (keyset paging)',
  limit: 'Page size',
};

const stringHeader = (description: string, required = false) => ({
  description,
  required,
  schema: { type: 'string' },
});
const RETRY_AFTER = stringHeader('Seconds to wait before trying again');
const ETAG = stringHeader('The version of the resource, to send back as If-Match on a write');

function problemResponse(status: number, codes: ProblemCode[]): JsonSchema {
  const headers: Record<string, unknown> = {};
  if (status === 401) headers['WWW-Authenticate'] = stringHeader('The Basic realm, when client credentials are wrong');
  if (status === 429 || status === 503) headers['Retry-After'] = RETRY_AFTER;
  return {
    description: reasons[status] ?? 'A problem',
    ...(Object.keys(headers).length ? { headers } : {}),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: {
          allOf: [
            { $ref: `${COMPONENT_PREFIX}Problem` },
            {
              type: 'object',
              properties: {
                status: { const: status },
                code: { enum: codes },
                type: { enum: codes.map(problemType) },
              },
            },
          ],
        },
      },
    },
  };
}

/** Top-level fields of a success schema (through a union): which headers it comes with. */
function topLevelKeys(schema: z.ZodType): Set<string> {
  const def = schema._zod.def as { type: string; shape?: Record<string, unknown>; options?: z.ZodType[] };
  if (def.type === 'object') return new Set(Object.keys((schema as z.ZodObject).shape));
  if (def.type === 'union') return new Set(def.options?.flatMap((o) => [...topLevelKeys(o)]));
  return new Set();
}

function successHeaders(route: RouteDef, status: number, schema: z.ZodType | null): Record<string, unknown> {
  const headers: Record<string, unknown> = {};
  if (schema && route.produces === undefined && topLevelKeys(schema).has('version')) headers.ETag = ETAG;
  if (status === 201 && !route.params) headers.Location = stringHeader('The address of the created resource', true);
  if (route.headers?.shape['idempotency-key']) {
    headers['Idempotent-Replayed'] = {
      description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
      required: false,
      schema: { type: 'string', enum: ['true'] },
    };
  }
  return headers;
}

function operation(route: RouteDef, input: Schemas, output: Schemas): () => JsonSchema {
  const successes: [string, () => JsonSchema][] = [];
  for (const [status, schema] of Object.entries(route.responses)) {
    const lazy = schema === null ? undefined : output.use(schema);
    const headers = successHeaders(route, Number(status), schema);
    successes.push([
      status,
      () => ({
        description: reasons[Number(status)] ?? 'Success',
        ...(Object.keys(headers).length ? { headers } : {}),
        ...(lazy
          ? {
              content: Object.fromEntries(
                (route.produces ?? ['application/json']).map((type) => [type, { schema: lazy() }]),
              ),
            }
          : {}),
      }),
    ]);
  }
  const params = parameters(route, input);
  const body: Lazy | undefined = route.body ? input.use(route.body) : undefined;
  const security =
    route.auth === 'none' ? [] : route.auth === 'client' ? [{ client: [] }] : [{ client: [], actor: [] }];

  return () => {
    const responses: Record<string, unknown> = Object.fromEntries(successes.map(([s, f]) => [s, f()]));
    for (const [status, codes] of routeProblems(route)) {
      if (responses[status]) continue; // a declared answer (readyz's 503) wins
      responses[status] = problemResponse(status, codes);
    }
    return {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.auth === 'none'
        ? {}
        : {
            description: route.scope
              ? `An API key needs the scope \`${route.scope}\`.`
              : "Refused to API keys (this route has no scope): the tenant's API_KEY/API_SECRET only.",
          }),
      ...(route.scope ? { 'x-api-key-scope': route.scope } : {}),
      tags: [route.tag],
      security,
      parameters: params.build(),
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body() } } } } : {}),
      responses,
    };
  };
}

const tags: Record<string, string> = {
  health: 'Liveness and readiness, for load balancers and orchestrators',
  meta: 'This document',
  auth: 'Signing in and out, the signed-in user, password reset and email verification',
  users: 'Dashboard users (Conscent-compatible `multi-user`)',
  permissions: 'The permission catalog and bulk permission changes',
  sessions: "A user's signed-in sessions",
  roles: 'Roles: named groups of permissions',
  organizations: 'Organizations and their members',
  invitations: 'Invitations by email',
  audit: 'The audit log: read, export, revert',
  tenant: "The account's settings: who must use two-step sign-in",
  overview: 'The team in figures, for the screen an OWNER or ADMIN lands on',
  'api-keys': "The tenant's named API keys (machine users) with scopes: an OWNER manages them",
  'access-tokens': "Short-lived signed access tokens for the client's own apps: the keys that verify them",
  webhooks: 'Tenant webhooks: signed deliveries of audit events, with retries, tries and redelivery',
};

export interface OpenApiOptions {
  /** The IAM API's public address (config IAM_PUBLIC_URL), listed as the document's server; else `/`. */
  serverUrl?: string;
}

/** The IAM API's OpenAPI 3.1 document, generated from the same route declarations the server validates with. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): JsonSchema {
  const input = new Schemas('input');
  const output = new Schemas('output');
  const operations = routeList.map((route) => [route, operation(route, input, output)] as const);
  // Every schema is known now: convert each direction once.
  const inputSchemas = input.all();
  const outputSchemas = output.all();

  const paths: Record<string, Record<string, unknown>> = {};
  for (const [route, build] of operations) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = build();
  }

  // Request bodies are described as the server reads them, everything else as it writes them.
  const schemas: Record<string, JsonSchema> = {};
  for (const [, id] of namedComponents) {
    schemas[id] = (id.endsWith('Request') ? inputSchemas[id] : outputSchemas[id]) as JsonSchema;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Team Access IAM API',
      version: '2.0.0',
      description:
        'Users, roles, permission catalog, organizations, invitations, sessions and audit. The user endpoints are wire-compatible with the Conscent IAM System API (v2/client/multi-user, Basic auth). Every error is RFC 9457 problem details (`application/problem+json`) with a machine `code`; each operation lists the statuses and codes it can answer.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      options.serverUrl
        ? { url: options.serverUrl, description: 'This IAM API' }
        : { url: '/', description: 'The address this document was read from' },
    ],
    tags: Object.entries(tags).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        client: {
          type: 'http',
          scheme: 'basic',
          description:
            "Base64(API_KEY:API_SECRET), or an API key's Base64(keyId:secret) (`tak_…:tas_…`), which may call only the routes of its scopes (`x-api-key-scope`)",
        },
        actor: {
          type: 'apiKey',
          in: 'header',
          name: ACTOR_TOKEN_HEADER,
          description: "A signed-in user's session token",
        },
      },
      schemas,
    },
    paths,
  };
}
