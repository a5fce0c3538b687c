import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, problemSchema } from './problem.ts';
import { ACTOR_TOKEN_HEADER, type RouteDef, routeList } from './routes.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parameters(route: RouteDef): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
    ['header', route.headers],
  ] as const) {
    if (!schema) continue;
    for (const [name, field] of Object.entries(schema.shape)) {
      const fieldSchema = field as z.ZodType;
      out.push({
        name,
        in: where,
        required: where === 'path' || !fieldSchema.safeParse(undefined).success,
        schema: toSchema(fieldSchema, 'input'),
      });
    }
  }
  return out;
}

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

function operation(route: RouteDef): JsonSchema {
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(route.responses)) {
    responses[status] =
      schema === null
        ? { description: 'No content' }
        : {
            description: 'Success',
            content: Object.fromEntries(
              (route.produces ?? ['application/json']).map((type) => [type, { schema: toSchema(schema, 'output') }]),
            ),
          };
  }
  if (route.body || route.query || route.params) responses['400'] = problemResponse('The request is not valid');
  if (route.auth !== 'none') responses['401'] = problemResponse('Missing or wrong credentials');
  responses.default = problemResponse('An error, as RFC 9457 problem details');

  const security =
    route.auth === 'none' ? [] : route.auth === 'client' ? [{ client: [] }] : [{ client: [], actor: [] }];
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    security,
    parameters: parameters(route),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } }
      : {}),
    responses,
  };
}

/** The IAM API's OpenAPI 3.1 document, generated from the same route declarations the server validates with. */
export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeList) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Team Access IAM API',
      version: '2.0.0',
      description:
        'Users, roles, permission catalog, organizations, invitations, sessions and audit. The user endpoints are wire-compatible with the Conscent IAM System API (v2/client/multi-user, Basic auth).',
    },
    components: {
      securitySchemes: {
        client: { type: 'http', scheme: 'basic', description: 'Base64(API_KEY:API_SECRET)' },
        actor: {
          type: 'apiKey',
          in: 'header',
          name: ACTOR_TOKEN_HEADER,
          description: "A signed-in user's session token",
        },
      },
      schemas: { Problem: toSchema(problemSchema, 'output') },
    },
    paths,
  };
}
