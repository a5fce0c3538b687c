import { buildOpenApiDocument, routeList } from '@team-access/contract';
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

  it('when generated, then each operation has an id, responses, and problem details for errors', () => {
    for (const route of routeList) {
      const op = doc.paths[route.path]?.[route.method] as { operationId: string; responses: Record<string, unknown> };
      expect(op.operationId).toBe(route.operationId);
      expect(op.responses.default).toBeDefined();
    }
  });
});
