import { PROBLEM_CONTENT_TYPE, type RouteDef, routeList, routePath } from '@team-access/contract';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { IamClient } from './testing/client.ts';
import { testDatabases } from './testing/databases.ts';
import { basicAuth, TEST_OWNER, type TestIam } from './testing/harness.ts';
import { takeOpenApiViolations } from './testing/openapi-check.ts';
import { useTestIam } from './testing/suite.ts';

// PGlite only: the sweep is about the document, not the database; it stays within a few seconds.
const pglite = testDatabases.find((d) => d.name === 'pglite');
if (!pglite) throw new Error('PGlite is always a test database');

const word = fc.stringMatching(/^[a-z]{3,10}$/);
const email = word.map((w) => `${w}@example.com`);

/** Bodies the server accepts (for some of the operations): the sweep also walks the happy paths. */
const validBodies: Record<string, fc.Arbitrary<unknown>> = {
  signIn: fc.record({ email: fc.constant(TEST_OWNER.email), password: fc.constantFrom(TEST_OWNER.password, 'wrong') }),
  createUser: fc.record({ email, password: fc.constant('long enough password') }),
  updateUser: fc.record({ firstName: word }),
  createRole: fc.record({ name: word.map((w) => `Role ${w}`) }),
  updateRole: fc.record({ name: word.map((w) => `Role ${w}`) }),
  createOrganization: fc.record({ name: word.map((w) => `Org ${w}`) }),
  createInvitation: fc.record({ email }),
  requestPasswordReset: fc.record({ email }),
  previewInvitation: fc.record({ token: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) }),
};

function bodyKeys(route: RouteDef): string[] {
  const shape = (route.body as z.ZodObject | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

describe('every operation, under generated valid and invalid input', () => {
  let iam: TestIam;
  let api: IamClient;
  useTestIam(pglite, (suite) => ({ iam, api } = suite));
  const ids: Record<string, string[]> = {};

  beforeAll(async () => {
    const member = await api.createUser({ email: 'member@example.com' });
    const owner = (await api.arrange('GET', '/v2/client/multi-user?search=owner')) as { items: { id: string }[] };
    const role = (await api.arrange('POST', '/v2/client/roles', { name: 'Sweep role' })) as { id: string };
    const org = (await api.arrange('POST', '/v2/client/organizations', {
      name: 'Sweep org',
      ownerUserId: member.id,
    })) as { id: string };
    const invitation = (await api.arrange('POST', '/v2/client/invitations', { email: 'invitee@example.com' })) as {
      id: string;
    };
    const events = (await api.arrange('GET', '/v2/client/audit-events')) as { items: { id: string }[] };
    ids.userId = [member.id, ...owner.items.map((u) => u.id)];
    ids.roleId = [role.id];
    ids.organizationId = [org.id];
    ids.invitationId = [invitation.id];
    ids.eventId = events.items.map((e) => e.id);
    ids.sessionId = [];
    takeOpenApiViolations();
  });

  const request = fc.record({
    route: fc.constantFrom(...routeList),
    params: fc.func(fc.oneof(fc.constant('known'), fc.constant('random'), fc.string({ minLength: 1, maxLength: 12 }))),
    pick: fc.nat(),
    uuid: fc.uuid(),
    query: fc.dictionary(
      fc.oneof(fc.constantFrom('limit', 'cursor', 'search', 'expand', 'sort', 'status', 'format', 'force'), word),
      fc.oneof(
        fc.constantFrom('1', '50', '0', 'true', 'false', 'groups', 'csv', 'ndjson', ''),
        fc.string({ maxLength: 20 }),
      ),
      { maxKeys: 3 },
    ),
    body: fc.oneof(fc.constant('valid' as const), fc.constant('fields' as const), fc.jsonValue({ maxDepth: 2 })),
    fields: fc.dictionary(word, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
    fieldValues: fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 6, maxLength: 6 }),
    auth: fc.constantFrom('client', 'client', 'actor', 'none', 'bad token'),
    ifMatch: fc.option(fc.constantFrom('*', '"1"', '"2"', 'W/"1"', 'nope')),
    idempotencyKey: fc.option(fc.constantFrom('key-1', 'key-2')),
  });

  it('when any operation is called with generated input, then it never answers 5xx and every answer is documented', async () => {
    const ownerToken = await api.signIn(TEST_OWNER.email, TEST_OWNER.password);
    await fc.assert(
      fc.asyncProperty(request, validBodiesArbitrary(), async (r, valid) => {
        const params: Record<string, string> = {};
        for (const name of Object.keys(r.route.params?.shape ?? {})) {
          const kind = r.params(name);
          const known = ids[name] ?? [];
          params[name] =
            kind === 'known' && known.length
              ? (known[r.pick % known.length] as string)
              : kind === 'known'
                ? r.uuid
                : kind === 'random'
                  ? r.uuid
                  : kind;
        }
        let body: unknown;
        if (r.route.body) {
          if (r.body === 'valid') body = valid[r.route.operationId] ?? r.fields;
          else if (r.body === 'fields')
            body = Object.fromEntries(bodyKeys(r.route).map((k, i) => [k, r.fieldValues[i % 6]]));
          else body = r.body;
        }
        const headers: Record<string, string> = {};
        if (r.auth !== 'none') headers.authorization = basicAuth();
        if (r.auth === 'actor') headers['x-actor-token'] = ownerToken;
        if (r.auth === 'bad token') headers['x-actor-token'] = 'not-a-session';
        if (r.ifMatch !== null) headers['if-match'] = r.ifMatch;
        if (r.idempotencyKey !== null) headers['idempotency-key'] = r.idempotencyKey;
        if (body !== undefined) headers['content-type'] = 'application/json';
        const query = new URLSearchParams(r.route.query ? r.query : {}).toString();
        const url = `${iam.url}${routePath(r.route.path, params)}${query ? `?${query}` : ''}`;
        const res = await fetch(url, {
          method: r.route.method.toUpperCase(),
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        const what = `${r.route.method.toUpperCase()} ${url} ${JSON.stringify(body)} → ${res.status} ${text.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        expect(takeOpenApiViolations(), what).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('when a known path is asked with a method it does not have, then 405 problem+json with Allow', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/v2/client/permissions', 'GET, HEAD'],
      ['DELETE', '/v2/client/permissions', 'GET, HEAD'],
      ['POST', `/v2/client/roles/${ids.roleId?.[0]}`, 'GET, HEAD, PATCH, DELETE'],
    ] as const) {
      const res = await api.call(method, path);
      expect(res.status, path).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
      expect(res.json).toMatchObject({ status: 405, code: 'method_not_allowed' });
    }
    const unknown = await api.call('PUT', '/v2/client/nothing-here');
    expect(unknown.status).toBe(404);
  });

  it('when /docs is opened, then the reference page, its script from the installed package and the document, under a CSP of their own', async () => {
    const page = await fetch(`${iam.url}/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="/docs/redoc.standalone.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${iam.url}/docs/redoc.standalone.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const document = await fetch(`${iam.url}/docs/openapi.json`);
    expect(await document.json()).toEqual(await (await fetch(`${iam.url}/openapi.json`)).json());
  });

  it('when HEAD is asked where GET answers, then the same status and headers with no body', async () => {
    const head = await api.call('HEAD', '/v2/client/permissions');
    const get = await api.call('GET', '/v2/client/permissions');
    expect(head.status).toBe(200);
    expect(head.json).toBeUndefined();
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    const created = await api.createUser({ email: 'head.check@example.com' });
    const user = await api.call('HEAD', `/v2/client/multi-user/${created.id}`);
    expect(user.status).toBe(200);
    expect(user.headers.get('etag')).toMatch(/^"\d+"$/);
  });
});

/** One valid body per operation that has an example, drawn afresh for each run. */
function validBodiesArbitrary(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(validBodies);
}
