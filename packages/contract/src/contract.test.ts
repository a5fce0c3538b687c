import { describe, expect, it } from 'vitest';
import { signInSchema } from './auth.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { defaultPermissionCatalog, permissionCategories, permissionKeys } from './permissions.ts';
import { fieldErrorsFromZod, makeProblem, problemSchema } from './problem.ts';
import { routeList } from './routes.ts';

// The 24 keys of the Conscent IAM System API's `permissions` payload, spelled as there.
const CONSCENT_KEYS = [
  'ignite',
  'paywallBuilder',
  'popUpBuilder',
  'newsLetterBuilder',
  'meterBannerBuilder',
  'loginSetting',
  'manageSubscription',
  'audienceSegment',
  'journey',
  'payments',
  'taxation',
  'subscriptionPlan',
  'manualSubscriptions',
  'Checkout',
  'micropayments',
  'paymentGateway',
  'notifications',
  'billing',
  'documentation',
  'ga4',
  'export',
  'webhooks',
  'internalUser',
  'pdfManager',
];

describe('permission catalog', () => {
  it('when compared with the Conscent payload, then it has exactly its 24 keys, each once', () => {
    expect([...permissionKeys].sort()).toEqual([...CONSCENT_KEYS].sort());
    expect(new Set(permissionKeys).size).toBe(24);
  });

  it('when grouped, then every permission is in a known category and has a label and description', () => {
    const categories = new Set<string>(permissionCategories.map((c) => c.key));
    for (const p of defaultPermissionCatalog) {
      expect(categories.has(p.category)).toBe(true);
      expect(p.label.length).toBeGreaterThan(0);
      expect(p.description.length).toBeGreaterThan(0);
    }
  });
});

describe('sign-in schema', () => {
  it('when the email has spaces and capitals, then it is trimmed and accepted', () => {
    expect(signInSchema.parse({ email: '  Owner@Example.com ', password: 'x' }).email).toBe('Owner@Example.com');
  });

  it('when a field is unknown or missing, then each is named by its path', () => {
    const result = signInSchema.safeParse({ email: 'nope', admin: true });
    expect(result.success).toBe(false);
    const errors = fieldErrorsFromZod(result.error as never, 'body');
    expect(errors.map((e) => e.path).sort()).toEqual(['body.admin', 'body.email', 'body.password']);
  });
});

describe('problem details', () => {
  it('when made, then they follow RFC 9457 with a machine code', () => {
    const problem = makeProblem(404, 'not_found', 'No such user.', { requestId: 'req-12345678' });
    expect(problemSchema.parse(problem)).toEqual({
      type: 'urn:team-access:problem:not_found',
      title: 'Not found',
      status: 404,
      detail: 'No such user.',
      code: 'not_found',
      requestId: 'req-12345678',
    });
  });
});

describe('route registry and OpenAPI', () => {
  it('when built, then operation ids are unique and every route is in the document', () => {
    const ids = routeList.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of routeList) expect(doc.paths[route.path]?.[route.method]).toBeDefined();
  });

  // Browser routes are either actor-only or also open to server-to-server callers (the Conscent
  // user routes); the BFF attaches the signed-in admin's token to every proxied call (its proxy
  // test checks that), so through the browser they always run with the admin's rights.
  it('when a route is exposed to the browser, then it is a /v2/client route behind client auth', () => {
    for (const route of routeList.filter((r) => r.browser)) {
      expect(route.path.startsWith('/v2/client/')).toBe(true);
      expect(['actor', 'client']).toContain(route.auth);
    }
  });
});
