import { basicAuth, DEFAULT_APP_URL, type TestIam } from '@team-access/iam/testing';
import { softPasskey } from '@team-access/iam/testing/passkey';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, expectProblem } from './testing/browser.ts';
import { startIamOnOwnDatabase, startTestBff, type TestBff } from './testing/harness.ts';

const PASSWORD = 'a long enough password';
const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });

/** The cookies of a response, by name ("" for a cleared one). */
function cookiesOf(response: Response): Record<string, string> {
  return Object.fromEntries(
    response.headers.getSetCookie().map((c) => {
      const [pair] = c.split(';');
      const eq = (pair as string).indexOf('=');
      return [(pair as string).slice(0, eq), (pair as string).slice(eq + 1)];
    }),
  );
}

describe('two-step sign-in through the BFF', () => {
  let iam: TestIam;
  let bff: TestBff;
  let email: string;
  let secret: string;

  const iamCall = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${iam.url}${path}`, {
      method,
      headers: {
        authorization: basicAuth(),
        'content-type': 'application/json',
        ...(token ? { 'x-actor-token': token } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return res.json() as Promise<Record<string, unknown>>;
  };

  beforeAll(async () => {
    iam = await startIamOnOwnDatabase();
    bff = await startTestBff({ iamBaseUrl: iam.url });
    email = 'two-step.bff@example.com';
    await iamCall('POST', '/v2/client/multi-user', { email, password: PASSWORD });
    const { token } = (await iamCall('POST', '/v2/client/auth/sign-in', { email, password: PASSWORD })) as {
      token: string;
    };
    ({ secret } = (await iamCall('GET', '/v2/client/auth/two-step/totp/setup', undefined, token)) as {
      secret: string;
    });
    await iamCall('POST', '/v2/client/auth/two-step/totp', { secret, code: codeAt(secret, Date.now()) }, token);
  });
  afterAll(async () => {
    await bff?.close();
    await iam?.close();
  });

  const second = (cookie: string | undefined, body: unknown, csrf = true) =>
    fetch(`${bff.url}/api/session/two-step`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(csrf ? { 'x-csrf': '1' } : {}),
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(body),
    });

  it('when the password is right, then the browser gets only a pending cookie and a 202, and a code starts the session', async () => {
    const b = browser(bff.url);
    const first = await b.signIn(email, PASSWORD);
    expect(first.status).toBe(202);
    const body = (await first.json()) as object;
    // Which kinds of factor to offer, never a token or which factor by name.
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'methods', 'twoStepRequired']);
    expect((body as { methods: string[] }).methods).toEqual(['totp']);
    const set = cookiesOf(first);
    expect(Object.keys(set)).toEqual(['ta_two_step']);
    expect(first.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Strict; Max-Age=(29\d|300)/);
    const pending = `ta_two_step=${set.ta_two_step}`;

    // Pending is not signed in: no session, no proxy.
    await expectProblem(
      await fetch(`${bff.url}/api/session`, { headers: { 'x-csrf': '1', cookie: pending } }),
      401,
      'unauthenticated',
    );
    await expectProblem(
      await fetch(`${bff.url}/api/iam/auth/me`, { headers: { 'x-csrf': '1', cookie: pending } }),
      401,
      'unauthenticated',
    );
    // CSRF on the second step too.
    await expectProblem(await second(pending, { code: '000000' }, false), 403, 'csrf_rejected');
    // Another browser (no pending cookie) and a wrong code answer the same.
    const elsewhere = await expectProblem(
      await second(undefined, { code: codeAt(secret, Date.now() + 30_000) }),
      401,
      'invalid_code',
    );
    const wrong = await expectProblem(await second(pending, { code: '000000' }), 401, 'invalid_code');
    expect(wrong.detail).toBe(elsewhere.detail);
    const bad = await expectProblem(await second(pending, { code: 'abc' }), 400, 'validation_failed');
    expect(bad.errors?.map((e) => e.path)).toEqual(['body.code']);

    const ok = await second(pending, { code: codeAt(secret, Date.now() + 30_000) });
    expect(ok.status).toBe(200);
    const signedIn = cookiesOf(ok);
    expect(signedIn.ta_two_step).toBe('');
    expect(signedIn.ta_session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await ok.json())).not.toMatch(/token/i);
    const me = await fetch(`${bff.url}/api/session`, {
      headers: { 'x-csrf': '1', cookie: `ta_session=${signedIn.ta_session}` },
    });
    expect(me.status).toBe(200);
    // The pending sign-in is gone with its use.
    await expectProblem(await second(pending, { code: codeAt(secret, Date.now() + 30_000) }), 401, 'invalid_code');
  });

  it('when the browser asks for passkey options, then it gets them only for a pending sign-in it holds whose user has a passkey', async () => {
    const options = (cookie: string | undefined, csrf = true) =>
      fetch(`${bff.url}/api/session/two-step/passkey-options`, {
        method: 'POST',
        headers: { ...(csrf ? { 'x-csrf': '1' } : {}), ...(cookie ? { cookie } : {}) },
      });
    await expectProblem(await options(undefined), 401, 'invalid_code');
    const first = await browser(bff.url).signIn(email, PASSWORD);
    const pending = `ta_two_step=${cookiesOf(first).ta_two_step}`;
    await expectProblem(await options(pending, false), 403, 'csrf_rejected');
    // This user has an authenticator app only: the same answer as no pending sign-in.
    const none = await expectProblem(await options(pending), 401, 'invalid_code');
    expect(JSON.stringify(none)).not.toMatch(/challenge/i);
  });

  it('when the account allows a passkey alone, then the browser signs in with it: public options, then a session cookie; a refused answer is counted and sets no cookie', async () => {
    const origin = new URL(DEFAULT_APP_URL).origin;
    const passkeyEmail = 'passwordless.bff@example.com';
    await iamCall('POST', '/v2/client/multi-user', { email: passkeyEmail, password: PASSWORD });
    const { token } = (await iamCall('POST', '/v2/client/auth/sign-in', {
      email: passkeyEmail,
      password: PASSWORD,
    })) as { token: string };
    const key = softPasskey();
    const registration = (await iamCall('POST', '/v2/client/auth/two-step/passkey/options', undefined, token)) as {
      options: Record<string, unknown>;
    };
    await iamCall(
      'POST',
      '/v2/client/auth/two-step/passkey',
      { response: key.register(registration.options, origin) },
      token,
    );
    await iamCall('PATCH', '/v2/client/tenant/settings', { passkeySignIn: true });

    const page = browser(bff.url);
    expect(await (await page.fetch('/api/iam/auth/sign-in-methods')).json()).toEqual({ passkey: true });
    const optionsOf = async () => {
      const res = await page.fetch('/api/iam/auth/passkey-sign-in/options', { method: 'POST' });
      expect(res.status).toBe(200);
      return ((await res.json()) as { options: Record<string, unknown> }).options;
    };
    const answer = (options: Record<string, unknown>, from = origin) =>
      page.fetch('/api/session/passkey', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response: key.authenticate(options, from) }),
      });

    const refused = await answer(await optionsOf(), 'https://evil.example');
    await expectProblem(refused, 401, 'invalid_credentials');
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect((await page.fetch('/api/session')).status).toBe(401);

    const res = await answer(await optionsOf());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { email: string } }).user.email).toBe(passkeyEmail);
    const me = await page.fetch('/api/session');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(passkeyEmail);
    await iamCall('PATCH', '/v2/client/tenant/settings', { passkeySignIn: false });
  });
});
