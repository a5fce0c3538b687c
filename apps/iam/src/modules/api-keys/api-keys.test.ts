import {
  API_KEY_ID_PREFIX,
  API_KEY_SECRET_PREFIX,
  type ApiKeyList,
  type ApiKeyScope,
  type AuditEventPage,
  apiKeyScopes,
  type CreatedApiKey,
  routeList,
  routes,
} from '@team-access/contract';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_CREDENTIALS } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

/**
 * API keys (ADR 048) through the real HTTP API on PGlite and PostgreSQL: an OWNER creates one and
 * sees its secret once; the key works as Basic credentials within its scopes only (403 naming the
 * scope outside them), never with an actor; revoked or expired, it is a 401 at its next call; its
 * last use is noted at most once a minute; creation and revocation are audited without the secret;
 * keys never cross tenants, and only an OWNER manages them.
 */

const PASSWORD = 'an api keys password';
const DAY = 86_400_000;

describe.each(testDatabases)('API keys on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  const api = () => suite.api;
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    suite.iam.db.query<T>(text, params);
  let adminToken = '';
  let memberToken = '';

  const create = async (body: Record<string, unknown>, token = suite.ownerToken) => {
    const res = await api().route(routes.createApiKey, { token, body: body as never });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json as CreatedApiKey;
  };
  const as = (created: CreatedApiKey) => ({ apiKey: created.apiKey.keyId, apiSecret: created.secret });
  const list = async () => {
    const res = await api().route(routes.listApiKeys, { token: suite.ownerToken });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return (res.json as ApiKeyList).items;
  };

  beforeAll(async () => {
    adminToken = (await api().createSignedIn({ email: 'admin@keys.example', password: PASSWORD, role: 'ADMIN' })).token;
    memberToken = (await api().createSignedIn({ email: 'member@keys.example', password: PASSWORD })).token;
  });

  it('when an OWNER creates a key, then its secret is answered once, stored as a SHA-256, and the list never shows it', async () => {
    const created = await create({ name: 'CI sync', scopes: ['users:write', 'users:read'] });
    expect(created.apiKey.keyId.startsWith(API_KEY_ID_PREFIX)).toBe(true);
    expect(created.secret.startsWith(API_KEY_SECRET_PREFIX)).toBe(true);
    expect(created.secret.length).toBeGreaterThanOrEqual(40);
    expect(created.apiKey).toMatchObject({
      name: 'CI sync',
      scopes: ['users:read', 'users:write'],
      status: 'active',
      expiresAt: null,
      lastUsedAt: null,
      createdBy: { id: suite.owner.id },
    });
    const [stored] = await sql<{ secret_hash: Uint8Array }>('select secret_hash from api_keys where id = $1', [
      created.apiKey.id,
    ]);
    const { createHash } = await import('node:crypto');
    expect(
      Buffer.from(stored?.secret_hash as Uint8Array).equals(createHash('sha256').update(created.secret).digest()),
    ).toBe(true);
    const listed = await list();
    expect(listed.find((k) => k.id === created.apiKey.id)).toEqual(created.apiKey);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });

  it('when a key calls a route of its scope, then it works as the tenant would, and a route outside its scopes is a 403 naming the scope', async () => {
    const key = as(await create({ name: 'Reader', scopes: ['users:read'] }));
    const read = await api().route(routes.listUsers, { credentials: key, query: {} });
    expect(read.status, JSON.stringify(read.json)).toBe(200);
    expect((read.json as { items: { email: string }[] }).items.map((u) => u.email)).toContain('member@keys.example');

    const before = await sql('select count(*)::int as n from users');
    const write = await api().route(routes.createUser, {
      credentials: key,
      body: { email: 'nope@keys.example', password: PASSWORD },
    });
    expect(expectProblem(write, 403, 'insufficient_scope').detail).toContain('users:write');
    expect(await sql('select count(*)::int as n from users')).toEqual(before);
    const roles = await api().route(routes.listRoles, { credentials: key });
    expect(expectProblem(roles, 403, 'insufficient_scope').detail).toContain('roles:read');
  });

  it('when a key with a write scope makes a change, then it is made and audited as a server-to-server call', async () => {
    const key = as(await create({ name: 'Writer', scopes: ['users:write'] }));
    const res = await api().route(routes.createUser, {
      credentials: key,
      body: { email: 'made-by-key@keys.example', password: PASSWORD },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const [event] = await sql<{ source: string; actor_user_id: string | null }>(
      `select source, actor_user_id from audit_events where action = 'user.created' and target_email = $1`,
      ['made-by-key@keys.example'],
    );
    expect(event).toEqual({ source: 'api', actor_user_id: null });
  });

  it('when a key sends an actor token, or calls a route with no scope, then it is refused (a key never acts for a user)', async () => {
    const key = as(await create({ name: 'Everything', scopes: [...apiKeyScopes] }));
    const withToken = await api().route(routes.listUsers, { credentials: key, token: suite.ownerToken, query: {} });
    expectProblem(withToken, 403, 'insufficient_scope');
    const me = await api().route(routes.me, { credentials: key, token: suite.ownerToken });
    expectProblem(me, 403, 'insufficient_scope');
    const signIn = await api().route(routes.signIn, {
      credentials: key,
      body: { email: 'member@keys.example', password: PASSWORD },
    });
    expectProblem(signIn, 403, 'insufficient_scope');
    const keys = await api().route(routes.listApiKeys, { credentials: key });
    expectProblem(keys, 403, 'insufficient_scope');
  });

  it('when a key is revoked, then its next call is a 401, the revocation is audited once, and the list shows it revoked', async () => {
    const created = await create({ name: 'Short-lived', scopes: ['roles:read'] });
    expect((await api().route(routes.listRoles, { credentials: as(created) })).status).toBe(200);
    const revoked = await api().route(routes.revokeApiKey, {
      token: suite.ownerToken,
      params: { apiKeyId: created.apiKey.id },
    });
    expect(revoked.status, JSON.stringify(revoked.json)).toBe(204);
    expectProblem(await api().route(routes.listRoles, { credentials: as(created) }), 401, 'client_auth_required');
    // Again: nothing changes, nothing is recorded twice.
    const again = await api().route(routes.revokeApiKey, {
      token: suite.ownerToken,
      params: { apiKeyId: created.apiKey.id },
    });
    expect(again.status).toBe(204);
    expect((await list()).find((k) => k.id === created.apiKey.id)).toMatchObject({ status: 'revoked' });

    const audit = await api().route(routes.listAuditEvents, {
      token: suite.ownerToken,
      query: { targetType: 'api_key', targetId: created.apiKey.id },
    });
    const events = (audit.json as AuditEventPage).items;
    expect(events.map((e) => e.action)).toEqual(['api_key.revoked', 'api_key.created']);
    expect(events[1]).toMatchObject({
      actor: { id: suite.owner.id },
      target: { type: 'api_key', id: created.apiKey.id, name: 'Short-lived' },
      after: { name: 'Short-lived', keyId: created.apiKey.keyId, scopes: ['roles:read'], expiresAt: null },
    });
    expect(JSON.stringify(events)).not.toContain(created.secret);
  });

  it('when a key has expired, then its next call is a 401 and the list says expired', async () => {
    const created = await create({
      name: 'Expiring',
      scopes: ['roles:read'],
      expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
    });
    expect((await api().route(routes.listRoles, { credentials: as(created) })).status).toBe(200);
    await sql(`update api_keys set expires_at = now() - interval '1 second' where id = $1`, [created.apiKey.id]);
    expectProblem(await api().route(routes.listRoles, { credentials: as(created) }), 401, 'client_auth_required');
    expect((await list()).find((k) => k.id === created.apiKey.id)).toMatchObject({ status: 'expired' });
  });

  it('when a key is used, then its last use is noted, at most once a minute', async () => {
    const created = await create({ name: 'Counted', scopes: ['roles:read'] });
    const lastUsed = async () =>
      (await sql<{ t: Date | null }>('select last_used_at as t from api_keys where id = $1', [created.apiKey.id]))[0]
        ?.t ?? null;
    await api().route(routes.listRoles, { credentials: as(created) });
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await api().route(routes.listRoles, { credentials: as(created) });
    expect(await lastUsed()).toEqual(first);
    // A minute later the next call notes it again.
    await sql(`update api_keys set last_used_at = now() - interval '61 seconds' where id = $1`, [created.apiKey.id]);
    const aged = await lastUsed();
    await api().route(routes.listRoles, { credentials: as(created) });
    expect((await lastUsed())?.getTime()).toBeGreaterThan(aged?.getTime() ?? 0);
    expect((await list()).find((k) => k.id === created.apiKey.id)?.lastUsedAt).not.toBeNull();
  });

  it('when a wrong secret is sent with a real key id, then it is a 401 and the last use is not noted', async () => {
    const created = await create({ name: 'Guarded', scopes: ['roles:read'] });
    const res = await api().route(routes.listRoles, {
      credentials: { apiKey: created.apiKey.keyId, apiSecret: `${created.secret}x` },
    });
    expectProblem(res, 401, 'client_auth_required');
    const [row] = await sql<{ t: Date | null }>('select last_used_at as t from api_keys where id = $1', [
      created.apiKey.id,
    ]);
    expect(row?.t).toBeNull();
  });

  it("when another tenant's key or owner is used, then it sees only its own tenant", async () => {
    await addTenant(suite.iam.db);
    const ours = await create({ name: 'Ours', scopes: ['users:read'] });
    // The other tenant's key, made in the database as its OWNER would (its tenant id, its hash).
    const otherTenant = (
      await sql<{ id: string }>('select id from tenants where api_key = $1', [OTHER_TENANT_CREDENTIALS.apiKey])
    )[0]?.id;
    const { createHash } = await import('node:crypto');
    const secret = `${API_KEY_SECRET_PREFIX}other-tenant-secret-long-enough`;
    await sql(
      `insert into api_keys (id, tenant_id, key_id, name, secret_hash, scopes, created_by_name)
       values (gen_random_uuid(), $1, 'tak_other_tenant_key', 'Theirs', $2, '{users:read}', 'Them')`,
      [otherTenant, createHash('sha256').update(secret).digest()],
    );
    const theirs = { apiKey: 'tak_other_tenant_key', apiSecret: secret };
    const seen = await api().route(routes.listUsers, { credentials: theirs, query: {} });
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.json)).not.toContain('member@keys.example');
    const mine = await api().route(routes.listUsers, { credentials: as(ours), query: {} });
    expect(JSON.stringify(mine.json)).toContain('member@keys.example');
    // Our OWNER neither lists nor revokes their key.
    expect((await list()).map((k) => k.name)).not.toContain('Theirs');
    const [theirId] = await sql<{ id: string }>(`select id from api_keys where key_id = 'tak_other_tenant_key'`);
    const revoke = await api().route(routes.revokeApiKey, {
      token: suite.ownerToken,
      params: { apiKeyId: theirId?.id as string },
    });
    expectProblem(revoke, 404, 'not_found');
    expect((await api().route(routes.listUsers, { credentials: theirs, query: {} })).status).toBe(200);
  });

  it('when an ADMIN, a MEMBER or the tenant credentials alone manage keys, then they are refused and nothing changes', async () => {
    const target = await create({ name: 'Owned', scopes: ['roles:read'] });
    const count = async () => (await sql('select count(*)::int as n, count(revoked_at)::int as r from api_keys'))[0];
    const before = await count();
    for (const token of [adminToken, memberToken]) {
      expectProblem(await api().route(routes.listApiKeys, { token }), 403, 'forbidden');
      expectProblem(
        await api().route(routes.createApiKey, { token, body: { name: 'Mine', scopes: ['users:write'] } }),
        403,
        'forbidden',
      );
      expectProblem(
        await api().route(routes.revokeApiKey, { token, params: { apiKeyId: target.apiKey.id } }),
        403,
        'forbidden',
      );
    }
    // The routes need a signed-in person: the audit log always names who made a key.
    expectProblem(await api().route(routes.listApiKeys, { credentials: TEST_CREDENTIALS }), 401, 'unauthenticated');
    expect(await count()).toEqual(before);
  });

  it('when the body is bad, then it is a 400 naming each field and nothing is created', async () => {
    const before = await sql('select count(*)::int as n from api_keys');
    const res = await api().call('POST', '/v2/client/api-keys', {
      token: suite.ownerToken,
      body: { name: ' ', scopes: ['users:read', 'root'], expiresAt: '2020-01-01T00:00:00Z', extra: 1 },
    });
    const paths = expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.scopes.1', 'body.expiresAt', 'body.extra']));
    const none = await api().call('POST', '/v2/client/api-keys', {
      token: suite.ownerToken,
      body: { name: 'x', scopes: [] },
    });
    expect(expectProblem(none, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.scopes']);
    const far = await api().call('POST', '/v2/client/api-keys', {
      token: suite.ownerToken,
      body: { name: 'far', scopes: ['users:read'], expiresAt: new Date(Date.now() + 4 * 365 * DAY).toISOString() },
    });
    expect(expectProblem(far, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.expiresAt']);
    expect(await sql('select count(*)::int as n from api_keys')).toEqual(before);
  });

  it('when a live key already has the name, then it is a 409 naming body.name; a revoked one frees it', async () => {
    const first = await create({ name: 'Nightly export', scopes: ['audit:read'] });
    const taken = await api().route(routes.createApiKey, {
      token: suite.ownerToken,
      body: { name: 'NIGHTLY EXPORT', scopes: ['audit:read'] },
    });
    expect(expectProblem(taken, 409, 'conflict').errors?.[0]?.path).toBe('body.name');
    await api().route(routes.revokeApiKey, { token: suite.ownerToken, params: { apiKeyId: first.apiKey.id } });
    await create({ name: 'Nightly export', scopes: ['audit:read'] });
  });

  it('when a key is exchanged for an access token, then the token verifies with the published keys and carries the key, its tenant and scopes', async () => {
    const created = await create({ name: 'Token maker', scopes: ['users:read', 'roles:read'] });
    const res = await api().route(routes.createApiKeyAccessToken, { credentials: as(created) });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const { accessToken, expiresAt } = res.json as { accessToken: string; expiresAt: string };
    const jwks = createLocalJWKSet((await api().call('GET', '/.well-known/jwks.json')).json);
    const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, { typ: 'at+jwt' });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({
      sub: created.apiKey.id,
      tenant_id: suite.iam.tenantId,
      scope: 'roles:read users:read',
      aud: TEST_CREDENTIALS.apiKey,
    });
    expect(payload.permissions).toBeUndefined();
    expect(new Date((payload.exp as number) * 1000).toISOString()).toBe(expiresAt);

    // The tenant's own pair, a person, or a revoked key get none.
    const pair = await api().route(routes.createApiKeyAccessToken, {});
    expectProblem(pair, 403, 'forbidden');
    const person = await api().route(routes.createApiKeyAccessToken, { token: suite.ownerToken });
    expectProblem(person, 403, 'forbidden');
    await api().route(routes.revokeApiKey, { token: suite.ownerToken, params: { apiKeyId: created.apiKey.id } });
    expectProblem(
      await api().route(routes.createApiKeyAccessToken, { credentials: as(created) }),
      401,
      'client_auth_required',
    );
  });

  /**
   * The sweep: every route the contract declares, called with a key holding every scope and with a
   * key holding one. A route with a scope answers the first (whatever the answer, never 401 or a
   * scope refusal); a route without one refuses both; every scoped route refuses a key without it.
   */
  it('when keys call every route of the contract, then a route answers a key only with its declared scope (deny by default)', async () => {
    const all = as(await create({ name: 'Sweep: all scopes', scopes: [...apiKeyScopes] }));
    const one: ApiKeyScope = 'settings:read';
    const narrow = as(await create({ name: 'Sweep: one scope', scopes: [one] }));
    const id = '00000000-0000-4000-8000-000000000000';
    const pathOf = (path: string) => path.replace(/\{\w+\}/g, id);
    const checked: string[] = [];
    for (const route of routeList) {
      if (route.auth === 'none') continue;
      // Destructive calls with an unknown id are harmless; the sweep never sends a body, so writes stop at validation.
      const call = (credentials: { apiKey: string; apiSecret: string }) =>
        api().call(route.method.toUpperCase(), pathOf(route.path), { credentials });
      const withAll = await call(all);
      const refusedAll = withAll.status === 403 && (withAll.json as { code?: string }).code === 'insufficient_scope';
      expect(withAll.status, `${route.operationId}: ${JSON.stringify(withAll.json)}`).not.toBe(401);
      expect(refusedAll, `${route.operationId} (scope ${route.scope ?? 'none'})`).toBe(
        route.scope === undefined && !route.apiKeyOnly,
      );
      if (route.scope !== one && !route.apiKeyOnly) {
        const withOne = await call(narrow);
        expect(withOne.status, route.operationId).toBe(403);
        expect((withOne.json as { code?: string; detail?: string }).code).toBe('insufficient_scope');
        if (route.scope) expect((withOne.json as { detail?: string }).detail).toContain(route.scope);
      }
      checked.push(route.operationId);
    }
    expect(checked.length).toBeGreaterThan(80);
  });
});
