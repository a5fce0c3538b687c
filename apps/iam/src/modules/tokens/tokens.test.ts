import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ACCESS_TOKEN_ISSUER_DEFAULT, jwksSchema, routes, signInResultSchema } from '@team-access/contract';
import { decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_CREDENTIALS, TEST_OWNER } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';
import { ROTATE_PATH, withRotateRoute } from './routes.ts';
import { issueAccessToken, rotateSigningKey } from './service.ts';

/**
 * Access tokens (ADR 049) through the real HTTP API on PGlite and PostgreSQL, verified by the
 * very code docs/access-tokens.md gives a client's app (docs/examples/verify-access-token.mjs)
 * against the published JWKS: the claims a sign-in carries, rotation (new kid, old tokens still
 * valid until they expire, then the old key unpublished), expiry, tampering, another tenant.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const EXAMPLE = path.join(root, 'docs/examples/verify-access-token.mjs');

interface Verified {
  userId: string;
  tenantId: string;
  accessLevel: string;
  permissions: string[];
  can(permission: string): boolean;
}
type VerifierFactory = (o: {
  iamUrl: string;
  issuer: string;
  audience: string;
}) => (token: string) => Promise<Verified>;

const PASSWORD = 'an access token password';
const decodePayload = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Code lines only: comments and blank lines left out. */
const codeLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\s*(\/\/|\/\*\*|\*)/.test(line))
    .join('\n');

describe('docs/access-tokens.md', () => {
  it('shows exactly the verifier the tests run (docs/examples/verify-access-token.mjs), comments aside', () => {
    const page = readFileSync(path.join(root, 'docs/access-tokens.md'), 'utf8');
    const block = /## Verifying it in your app[\s\S]*?```js\n([\s\S]*?)```/.exec(page)?.[1] ?? '';
    expect(codeLines(block)).toBe(codeLines(readFileSync(EXAMPLE, 'utf8')));
    expect(codeLines(block).split('\n').length).toBeLessThanOrEqual(22);
  });
});

describe.each(testDatabases)('access tokens on $name', (database) => {
  const suite = useTestIam(database);
  const api = () => suite.api;
  let accessTokenVerifier: VerifierFactory;
  const verifier = () =>
    accessTokenVerifier({
      iamUrl: suite.iam.url,
      issuer: ACCESS_TOKEN_ISSUER_DEFAULT,
      audience: TEST_CREDENTIALS.apiKey,
    });
  let memberId = '';
  let rolePermissions: string[] = [];

  const signIn = async (email: string, password: string, body: Record<string, unknown> = { accessToken: true }) => {
    const res = await api().call('POST', routes.signIn.path, { body: { email, password, ...body } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return signInResultSchema.parse(res.json);
  };
  const jwks = async () => {
    const response = await fetch(`${suite.iam.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const text = await response.text();
    return { response, text, set: jwksSchema.parse(JSON.parse(text)) };
  };

  beforeAll(async () => {
    ({ accessTokenVerifier } = (await import(EXAMPLE)) as { accessTokenVerifier: VerifierFactory });
    const role = (await api().arrange('POST', routes.createRole.path, {
      name: 'Billing',
      permissions: ['Checkout', 'ignite'],
    })) as { id: string; permissions: string[] };
    rolePermissions = role.permissions;
    const member = await api().createUser({
      email: 'member@tokens.example',
      password: PASSWORD,
      role: 'MEMBER',
      permissions: { paywallBuilder: true },
      groups: [role.id],
    });
    memberId = member.id;
  });

  it('when a sign-in asks for one, then its access token verifies with the published keys and carries the user, tenant, access level and effective permissions', async () => {
    const answer = await signIn('member@tokens.example', PASSWORD);
    expect(answer.accessToken).toBeTypeOf('string');
    const token = answer.accessToken as string;

    const verified = await verifier()(token);
    expect(verified.userId).toBe(memberId);
    expect(verified.tenantId).toBe(suite.iam.tenantId);
    expect(verified.accessLevel).toBe('MEMBER');
    expect(verified.permissions).toEqual([...answer.user.effectivePermissions].sort());
    expect(verified.permissions).toEqual(expect.arrayContaining(['paywallBuilder', ...rolePermissions]));
    expect(verified.can('Checkout')).toBe(true);
    expect(verified.can('webhooks')).toBe(false);

    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const claims = decodePayload(token);
    expect(claims).toMatchObject({
      iss: ACCESS_TOKEN_ISSUER_DEFAULT,
      aud: TEST_CREDENTIALS.apiKey,
      client_id: TEST_CREDENTIALS.apiKey,
      sub: memberId,
    });
    // Five minutes by default, and the answer says when.
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
    expect(answer.accessTokenExpiresAt).toBe(new Date((claims.exp as number) * 1000).toISOString());
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((await jwks()).set.keys.map((k) => k.kid)).toContain(header.kid);
  });

  it('when a sign-in does not ask (as the BFF never does), then it answers no access token', async () => {
    const answer = await signIn(TEST_OWNER.email, TEST_OWNER.password, {});
    expect(answer.token).toBeTypeOf('string');
    expect(answer).not.toHaveProperty('accessToken');
    expect(answer).not.toHaveProperty('accessTokenExpiresAt');
  });

  it('when the account must first choose a new password, then the sign-in answers its session but no access token', async () => {
    await api().createUser({ email: 'reset@tokens.example', password: PASSWORD, resetPw: true });
    const answer = await signIn('reset@tokens.example', PASSWORD);
    expect(answer.user.resetPw).toBe(true);
    expect(answer).not.toHaveProperty('accessToken');
  });

  it('when the flag is not a boolean, then the sign-in is a 400 naming it and opens no session', async () => {
    const res = await api().call('POST', routes.signIn.path, {
      body: { email: TEST_OWNER.email, password: TEST_OWNER.password, accessToken: 'yes' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify((res.json as { errors: unknown[] }).errors)).toContain('accessToken');
  });

  it('the JWKS is public, cacheable for minutes, and holds only public EC keys (never a private part)', async () => {
    const { response, text, set } = await jwks();
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(set.keys.length).toBeGreaterThanOrEqual(2); // the active key and the next one
    const raw = JSON.parse(text) as { keys: Record<string, unknown>[] };
    for (const key of raw.keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
      expect(key).not.toHaveProperty('d');
    }
  });

  it('after a rotation, new tokens carry the new kid (already published before it), old tokens still verify, and the rotation is audited', async () => {
    const before = await signIn(TEST_OWNER.email, TEST_OWNER.password);
    const oldKid = decodeProtectedHeader(before.accessToken as string).kid;
    const verifyBefore = verifier();
    await verifyBefore(before.accessToken as string);
    const publishedBefore = (await jwks()).set.keys.map((k) => k.kid);

    const rotated = await rotateSigningKey(suite.iam.db);
    expect(rotated.retiredKid).toBe(oldKid);
    // Kept until the last token it signed expires (plus at most the minute of slack).
    const until = Date.parse(rotated.retiredPublishedUntil ?? '');
    expect(until).toBeGreaterThanOrEqual(Date.parse(before.accessTokenExpiresAt as string));
    expect(until).toBeLessThanOrEqual(Date.parse(before.accessTokenExpiresAt as string) + 61_000);
    expect(rotated.kid).not.toBe(oldKid);
    // The new key was the published next key: verifiers that cached the set already hold it.
    expect(publishedBefore).toContain(rotated.kid);

    const after = await signIn(TEST_OWNER.email, TEST_OWNER.password);
    expect(decodeProtectedHeader(after.accessToken as string).kid).toBe(rotated.kid);
    expect((await verifyBefore(after.accessToken as string)).accessLevel).toBe('OWNER');
    // The old key's token stays valid until it expires, with the set as fetched now too.
    expect((await verifier()(before.accessToken as string)).accessLevel).toBe('OWNER');
    expect((await jwks()).set.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.kid]));

    const events = await suite.iam.db.query<{ after: { kid: string }; before: { kid: string } | null }>(
      "select after, before from audit_events where tenant_id = $1 and action = 'tenant.signing_key_rotated'",
      [suite.iam.tenantId],
    );
    expect(events.map((e) => e.after.kid)).toContain(rotated.kid);
    expect(JSON.stringify(events)).not.toMatch(/"d"/);
  });

  it('once every token of a retired key has expired, the next rotation drops that key from the JWKS', async () => {
    const token = await issueAccessToken(suite.iam.db, { tenantId: suite.iam.tenantId, subject: 'someone' });
    await rotateSigningKey(suite.iam.db);
    expect((await jwks()).set.keys.map((k) => k.kid)).toContain(token.kid);
    // As if the last token it signed (and the minute of slack after it) were behind us.
    await suite.iam.db.query("update signing_keys set tokens_expire_by = now() - interval '1 second' where kid = $1", [
      token.kid,
    ]);
    expect((await jwks()).set.keys.map((k) => k.kid)).not.toContain(token.kid);
    const latest = await rotateSigningKey(suite.iam.db);
    const left = await suite.iam.db.query('select 1 from signing_keys where kid = $1', [token.kid]);
    expect(left).toHaveLength(0);
    expect((await jwks()).set.keys.map((k) => k.kid)).toContain(latest.kid);
    await expect(verifier()(token.accessToken)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('an expired token is refused', async () => {
    const token = await issueAccessToken(suite.iam.db, {
      tenantId: suite.iam.tenantId,
      subject: memberId,
      accessLevel: 'MEMBER',
      ttlSeconds: 1,
    });
    const verify = verifier();
    await verify(token.accessToken);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(token.expiresAt) - Date.now() + 50));
    await expect(verify(token.accessToken)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
  });

  it('a tampered token is refused (a raised access level, or a swapped signature)', async () => {
    const answer = await signIn('member@tokens.example', PASSWORD);
    const [header, payload, signature] = (answer.accessToken as string).split('.') as [string, string, string];
    const raised = Buffer.from(
      JSON.stringify({ ...decodePayload(answer.accessToken as string), access_level: 'OWNER' }),
    ).toString('base64url');
    await expect(verifier()(`${header}.${raised}.${signature}`)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    const other = (await signIn(TEST_OWNER.email, TEST_OWNER.password)).accessToken as string;
    await expect(verifier()(`${header}.${payload}.${other.split('.')[2]}`)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it("another tenant's token is refused by this tenant's app (audience), and carries that tenant", async () => {
    const otherTenantId = await addTenant(suite.iam.db);
    await api().route(routes.createUser, {
      credentials: OTHER_TENANT_CREDENTIALS,
      body: { email: 'elsewhere@tokens.example', password: PASSWORD },
    });
    const res = await api().call('POST', routes.signIn.path, {
      credentials: OTHER_TENANT_CREDENTIALS,
      body: { email: 'elsewhere@tokens.example', password: PASSWORD, accessToken: true },
    });
    const token = signInResultSchema.parse(res.json).accessToken as string;
    await expect(verifier()(token)).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' });
    const theirs = accessTokenVerifier({
      iamUrl: suite.iam.url,
      issuer: ACCESS_TOKEN_ISSUER_DEFAULT,
      audience: OTHER_TENANT_CREDENTIALS.apiKey,
    });
    expect((await theirs(token)).tenantId).toBe(otherTenantId);
  });

  it('`pnpm tokens:rotate` rotates through the running IAM API (loopback, client credentials) and prints the new kid', async () => {
    const server = http.createServer(
      withRotateRoute((_req, res) => res.end('the app'), {
        db: suite.iam.db,
        credentials: TEST_CREDENTIALS,
        logger: createLogger('silent', 'iam-test'),
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const refused = await fetch(`http://127.0.0.1:${port}${ROTATE_PATH}`, { method: 'POST' });
      expect(refused.status).toBe(401);
      const { stdout } = await promisify(execFile)(process.execPath, ['scripts/tokens-rotate.mjs'], {
        cwd: root,
        env: {
          ...process.env,
          IAM_PORT: String(port),
          API_KEY: TEST_CREDENTIALS.apiKey,
          API_SECRET: TEST_CREDENTIALS.apiSecret,
          DATA_DIR: '/nonexistent-tokens-test',
        },
      });
      const kid = /New key id \(kid\): (\S+)/.exec(stdout)?.[1];
      const [active] = await suite.iam.db.query<{ kid: string }>(
        'select kid from signing_keys where activated_at is not null and retired_at is null',
      );
      expect(kid).toBe(active?.kid);
      expect(stdout).not.toMatch(/"d"|private/i);
    } finally {
      server.close();
    }
  });
});
