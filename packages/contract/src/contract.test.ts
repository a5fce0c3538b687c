import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { apiKeyScopeDescriptions, apiKeyScopes } from './api-keys.ts';
import { signInSchema } from './auth.ts';
import { acceptInvitationSchema } from './invitations.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { createOrganizationSchema, updateOrganizationSchema } from './organizations.ts';
import { defaultPermissionCatalog, permissionCategories, permissionKeys } from './permissions.ts';
import { fieldErrorsFromZod, makeProblem, problemSchema } from './problem.ts';
import { createRoleSchema } from './roles.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { emailVerificationRoutes } from './routes/email-verification.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { metaRoutes } from './routes/meta.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { overviewRoutes } from './routes/overview.ts';
import { passwordResetRoutes } from './routes/password-reset.ts';
import { permissionCheckRoutes } from './routes/permission-checks.ts';
import { roleRoutes } from './routes/roles.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { tenantRoutes } from './routes/tenant.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { twoStepRoutes } from './routes/two-step.ts';
import { userRoutes } from './routes/users.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { routeList, routes } from './routes.ts';
import { createUserSchema, updateUserSchema } from './user.ts';

/** The area entries, by file (`@team-access/contract/routes/<file>`). */
const areaEntries: Record<string, Record<string, object>> = {
  'api-keys': apiKeyRoutes,
  audit: auditRoutes,
  auth: authRoutes,
  'email-verification': emailVerificationRoutes,
  invitations: invitationRoutes,
  meta: metaRoutes,
  organizations: organizationRoutes,
  overview: overviewRoutes,
  'password-reset': passwordResetRoutes,
  'permission-checks': permissionCheckRoutes,
  roles: roleRoutes,
  sessions: sessionRoutes,
  tenant: tenantRoutes,
  tokens: tokenRoutes,
  'two-step': twoStepRoutes,
  users: userRoutes,
  webhooks: webhookRoutes,
};

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

  // The web calls routes through their area's entry (`@team-access/contract/routes/<area>`, ADR
  // 046), the servers through the registry: a route the web can call must be one the IAM serves,
  // the BFF allows and the OpenAPI document lists, declared the same; and every registry route is
  // in one area entry.
  it('when an area entry is imported on its own, then each of its routes is the registry route of that name', () => {
    let count = 0;
    for (const [file, area] of Object.entries(areaEntries)) {
      for (const [name, route] of Object.entries(area)) {
        const registered = routes[name as keyof typeof routes];
        expect(registered, `${file}: ${name} is in the registry`).toBeDefined();
        expect(registered).toEqual({ operationId: name, ...route });
        count += 1;
      }
    }
    expect(count).toBe(routeList.length);
  });
});

describe('API key scopes (ADR 048)', () => {
  // Server-to-server routes left to the tenant's own credentials on purpose, each for its reason.
  const UNSCOPED_ON_PURPOSE = ['revertAuditEvent'];

  it('when a route is reachable server to server, then it names a scope in its declaration (or is listed here on purpose)', () => {
    const serverToServer = routeList.filter((r) => r.auth === 'client' && r.browser === true);
    const unscoped = serverToServer.filter((r) => r.scope === undefined).map((r) => r.operationId);
    expect(unscoped).toEqual(UNSCOPED_ON_PURPOSE);
  });

  it('when a route is for a signed-in person, a mailed link, sign-in or the keys themselves, then no scope opens it to a key', () => {
    const scopedButNotServerToServer = routeList
      .filter((r) => r.scope !== undefined && !(r.auth === 'client' && r.browser === true))
      .map((r) => r.operationId);
    expect(scopedButNotServerToServer).toEqual([]);
    for (const route of Object.values(apiKeyRoutes)) expect((route as { scope?: string }).scope).toBeUndefined();
  });

  it('when the scopes are listed, then each is used by a route and described in words', () => {
    const used = new Set(routeList.map((r) => r.scope).filter(Boolean));
    for (const scope of apiKeyScopes) {
      expect(used.has(scope), scope).toBe(true);
      expect(apiKeyScopeDescriptions[scope].length).toBeGreaterThan(10);
    }
  });
});

describe('names refuse control and text-direction characters', () => {
  const refused = [
    ...Array.from({ length: 0x20 }, (_, i) => i),
    ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
    0x200e,
    0x200f,
    0x2028,
    0x2029,
    ...[0x202a, 0x202b, 0x202c, 0x202d, 0x202e],
    ...[0x2066, 0x2067, 0x2068, 0x2069],
  ].map((code) => String.fromCodePoint(code));
  const nameFields: [string, (name: string) => z.ZodSafeParseResult<unknown>, string][] = [
    [
      'a user first name',
      (n) => createUserSchema.safeParse({ email: 'a@example.com', password: 'x'.repeat(12), firstName: n }),
      'firstName',
    ],
    ['a user last name', (n) => updateUserSchema.safeParse({ lastName: n }), 'lastName'],
    [
      'an invitee first name',
      (n) => acceptInvitationSchema.safeParse({ token: 'A'.repeat(43), firstName: n }),
      'firstName',
    ],
    ['a role name', (n) => createRoleSchema.safeParse({ name: n }), 'name'],
    ['an organization name', (n) => createOrganizationSchema.safeParse({ name: n }), 'name'],
    ['an organization rename', (n) => updateOrganizationSchema.safeParse({ name: n }), 'name'],
  ];

  it.each(nameFields)('when %s holds any of them, then it is refused naming the field', (_label, parse, field) => {
    for (const character of refused) {
      const result = parse(`Ada${character}Lovelace`);
      expect(result.success, `U+${character.codePointAt(0)?.toString(16)}`).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(field);
    }
    // Letters of any script, marks and ordinary punctuation stay allowed.
    expect(parse('Zoë Ölçer-Ñúñez ابن سينا 李小龙 O’Brien').success).toBe(true);
  });
});
