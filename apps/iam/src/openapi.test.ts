import { buildOpenApiDocument, routeList, routeProblems } from '@team-access/contract';
import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import type { Db } from './db/client.ts';
import { createLogger } from './logger.ts';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every method + path Express has mounted, found by walking the router stack. */
function mountedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) out.push(`${method} ${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out.sort();
}

describe('the OpenAPI document', () => {
  const app = createApp({ db: {} as Db, logger: createLogger('silent', 'test') });
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };

  it('when the app is built, then every mounted route is documented, and nothing else', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .sort();
    expect(mountedRoutes(app)).toEqual(documented);
  });

  it('when generated, then each operation has an id and lists every problem its declaration implies, with no catch-all', () => {
    for (const route of routeList) {
      const op = doc.paths[route.path]?.[route.method] as { operationId: string; responses: Record<string, unknown> };
      expect(op.operationId).toBe(route.operationId);
      expect(op.responses.default).toBeUndefined();
      const declared = Object.keys(op.responses).map(Number);
      for (const status of routeProblems(route).keys()) expect(declared, route.operationId).toContain(status);
      if (route.auth !== 'none') expect(declared, route.operationId).toContain(401);
      if (route.body) expect(declared, route.operationId).toEqual(expect.arrayContaining([400, 415]));
      if (route.headers?.shape['if-match']) expect(declared, route.operationId).toContain(412);
    }
  });

  it('when generated, then resources, pages and request bodies are named components, referenced with $ref', () => {
    const full = buildOpenApiDocument() as {
      components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
    };
    const names = Object.keys(full.components.schemas);
    for (const name of ['User', 'UserPage', 'Role', 'RoleList', 'Organization', 'OrganizationPage', 'Membership']) {
      expect(names).toContain(name);
    }
    for (const name of ['Invitation', 'InvitationPage', 'PermissionCatalogEntry', 'Problem', 'CreateUserRequest']) {
      expect(names).toContain(name);
    }
    const get = doc.paths['/v2/client/roles/{roleId}']?.get as { responses: Record<string, unknown> };
    expect(JSON.stringify(get.responses['200'])).toContain('"$ref":"#/components/schemas/Role"');
    expect(full.components.schemas.Problem?.properties?.errors).toBeDefined();
  });

  it('when generated, then formats and constraints reach requests and answers', () => {
    const schemas = (
      buildOpenApiDocument() as {
        components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
      }
    ).components.schemas;
    expect(schemas.CreateUserRequest?.properties.email).toMatchObject({ format: 'email', maxLength: 254 });
    expect(schemas.CreateUserRequest?.properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
    expect(schemas.CreateUserRequest?.properties.phone?.pattern).toBeDefined();
    expect(schemas.User?.properties.email).toMatchObject({ format: 'email' });
    expect(schemas.User?.properties.id).toMatchObject({ format: 'uuid' });
    expect(schemas.User?.properties.createdAt).toMatchObject({ format: 'date-time' });
    expect(schemas.AccessLevel).toMatchObject({ enum: ['OWNER', 'ADMIN', 'MEMBER'] });
  });

  it('when built with a public address, then it is the server', () => {
    const withServer = buildOpenApiDocument({ serverUrl: 'https://iam.example.com' }) as { servers: { url: string }[] };
    expect(withServer.servers).toEqual([expect.objectContaining({ url: 'https://iam.example.com' })]);
  });
});
