import { TEST_OWNER, type TestIam } from '@team-access/iam/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browser, expectProblem } from './testing/browser.ts';
import { startIamOnOwnDatabase, startTestBff, startTwoInstancesOnOneRedis, type TestBff } from './testing/harness.ts';

/** A second admin, with the owner's password (copied hash): the limits are per account, not per password. */
const SECOND = { email: 'second@example.com', password: TEST_OWNER.password };

/** Everything about an answer except what differs on every request. */
async function comparable(response: Response) {
  const body = (await response.json()) as Record<string, unknown>;
  delete body.requestId;
  const headers = [...response.headers.keys()].filter((h) => !['date', 'x-request-id', 'content-length'].includes(h));
  return { status: response.status, type: response.headers.get('content-type'), body, headers };
}

describe('sign-in brute-force limits', () => {
  let iam: TestIam;
  let bff: TestBff | undefined;
  let signIns = 0;

  beforeAll(async () => {
    iam = await startIamOnOwnDatabase({
      onRequest: (req) => {
        if (req.url === '/v2/client/auth/sign-in') signIns++;
      },
    });
    await iam.db.query(
      `insert into users (id, tenant_id, email, password_hash, status, role)
       select gen_random_uuid(), tenant_id, $2, password_hash, 'active', 'ADMIN' from users where tenant_id = $1`,
      [iam.tenantId, SECOND.email],
    );
  });
  afterAll(async () => {
    await iam?.close();
  });
  beforeEach(() => {
    signIns = 0;
  });
  afterEach(async () => {
    await bff?.close();
    bff = undefined;
  });

  it('when an account has used its failures, then even the right password gets the wrong-password answer, and the IAM API is not asked', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, signInLimits: { maxPerAccount: 3 } });
    const b = browser(bff.url);
    const wrong = [];
    for (let i = 0; i < 3; i++) wrong.push(await comparable(await b.signIn(TEST_OWNER.email, `wrong ${i}`)));
    expect(signIns).toBe(3);
    const locked = await b.signIn(TEST_OWNER.email, TEST_OWNER.password);

    expect(await comparable(locked)).toEqual(wrong[0]);
    expect(wrong[0]).toMatchObject({ status: 401, body: { code: 'invalid_credentials' } });
    expect(locked.headers.get('set-cookie')).toBeNull();
    expect(signIns).toBe(3);
    // Another account is not affected, and the email's letter case does not reset the count.
    expect((await b.signIn(SECOND.email, SECOND.password)).status).toBe(200);
    expect((await b.signIn(TEST_OWNER.email.toUpperCase(), TEST_OWNER.password)).status).toBe(401);
  });

  it('when an email is unknown, then it locks exactly like a known one (no account enumeration)', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, signInLimits: { maxPerAccount: 2 } });
    const b = browser(bff.url);
    const answers = [];
    for (const email of ['nobody@example.com', TEST_OWNER.email]) {
      for (let i = 0; i < 3; i++) answers.push(await comparable(await b.signIn(email, 'wrong')));
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it('when a sign-in succeeds, then the account’s failures are forgiven', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, signInLimits: { maxPerAccount: 3 } });
    const b = browser(bff.url);
    for (let i = 0; i < 2; i++) await b.signIn(TEST_OWNER.email, 'wrong');
    expect((await b.signIn()).status).toBe(200);
    for (let i = 0; i < 3; i++)
      await expectProblem(await b.signIn(TEST_OWNER.email, 'wrong'), 401, 'invalid_credentials');
    expect(signIns).toBe(6);
  });

  it('when attempts are not judged by the IAM API (a bad body), then they do not count', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, signInLimits: { maxPerAccount: 2, maxPerIp: 2 } });
    const b = browser(bff.url);
    for (let i = 0; i < 4; i++) {
      await expectProblem(
        await b.fetch('/api/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: TEST_OWNER.email, password: '', extra: true }),
        }),
        400,
        'validation_failed',
      );
    }
    expect((await b.signIn()).status).toBe(200);
  });

  it('when one client address fails too often, then it gets 429 with Retry-After, and other addresses do not', async () => {
    // Behind a trusted proxy (loopback here), the client address is the X-Forwarded-For one.
    bff = await startTestBff({ iamBaseUrl: iam.url, trustProxy: 'loopback', signInLimits: { maxPerIp: 3 } });
    const attacker = { 'x-forwarded-for': '203.0.113.5' };
    const b = browser(bff.url);
    for (let i = 0; i < 3; i++) {
      await expectProblem(await b.signIn(`user${i}@example.com`, 'wrong', attacker), 401, 'invalid_credentials');
    }
    const refused = await b.signIn(TEST_OWNER.email, TEST_OWNER.password, attacker);
    await expectProblem(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(signIns).toBe(3);
    expect((await b.signIn(TEST_OWNER.email, TEST_OWNER.password, { 'x-forwarded-for': '203.0.113.6' })).status).toBe(
      200,
    );
  });

  it('when the client is not behind a trusted proxy, then a forged X-Forwarded-For does not dodge the address limit', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, trustProxy: false, signInLimits: { maxPerIp: 3 } });
    const b = browser(bff.url);
    for (let i = 0; i < 3; i++) {
      await b.signIn(`user${i}@example.com`, 'wrong', { 'x-forwarded-for': `198.51.100.${i}` });
    }
    await expectProblem(
      await b.signIn(TEST_OWNER.email, TEST_OWNER.password, { 'x-forwarded-for': '198.51.100.99' }),
      429,
      'rate_limited',
    );
  });

  it('when many wrong guesses arrive at once, then no more than the limit reach the IAM API', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, signInLimits: { maxPerAccount: 3 } });
    const url = bff.url;
    await Promise.all(Array.from({ length: 12 }, (_, i) => browser(url).signIn(TEST_OWNER.email, `guess ${i}`)));
    expect(signIns).toBe(3);
  });

  it('when an email is unknown, then signing in takes about as long as with a wrong password', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, signInLimits: { maxPerAccount: 1000, maxPerIp: 1000 } });
    const b = browser(bff.url);
    const timings = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 11; i++) {
      for (const kind of ['known', 'unknown'] as const) {
        const started = performance.now();
        await b.signIn(kind === 'known' ? TEST_OWNER.email : `nobody${i}@example.com`, 'wrong password');
        timings[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]) => [...values].sort((a, z) => a - z)[Math.floor(values.length / 2)] as number;
    // Relative, so a slow machine slows both: without the IAM API's dummy hash, an unknown email
    // answers several times faster than a wrong password.
    expect(median(timings.unknown)).toBeGreaterThan(median(timings.known) * 0.5);
    expect(median(timings.unknown)).toBeLessThan(median(timings.known) * 2);
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('sign-in limits in Redis shared by two BFF instances', () => {
  it('when failures are spread over two instances, then they add up', async () => {
    const iam = await startIamOnOwnDatabase();
    const [first, second] = await startTwoInstancesOnOneRedis(iam.url, { signInLimits: { maxPerAccount: 3 } });
    try {
      await browser(first.url).signIn(TEST_OWNER.email, 'wrong 1');
      await browser(second.url).signIn(TEST_OWNER.email, 'wrong 2');
      await browser(first.url).signIn(TEST_OWNER.email, 'wrong 3');
      await expectProblem(await browser(second.url).signIn(), 401, 'invalid_credentials');
      await expectProblem(await browser(first.url).signIn(), 401, 'invalid_credentials');
    } finally {
      await first.close();
      await second.close();
      await iam.close();
    }
  });
});

describe('the per-address limit on public routes', () => {
  let iam: TestIam;
  let bff: TestBff | undefined;
  let publicCalls = 0;

  beforeAll(async () => {
    iam = await startIamOnOwnDatabase({
      onRequest: (req) => {
        if (req.url?.startsWith('/v2/client/auth/password-reset')) publicCalls++;
      },
    });
  });
  afterAll(async () => {
    await iam?.close();
  });
  beforeEach(() => {
    publicCalls = 0;
  });
  afterEach(async () => {
    await bff?.close();
    bff = undefined;
  });

  /** A reset link lookup with a token nobody holds: a public route the IAM API answers at once (404). */
  const lookup = (b: ReturnType<typeof browser>, headers: Record<string, string> = {}) =>
    b.fetch('/api/iam/auth/password-reset/lookup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ token: 'A'.repeat(43) }),
    });

  it('when one address calls public routes past the limit, then 429 with Retry-After and the IAM API is not asked; other addresses and sign-in are not affected', async () => {
    bff = await startTestBff({
      iamBaseUrl: iam.url,
      trustProxy: 'loopback',
      publicRateLimits: { maxPerIp: 3, windowMs: 60_000 },
    });
    const b = browser(bff.url);
    const address = { 'x-forwarded-for': '203.0.113.7' };
    // Every public route counts towards one budget, whatever the IAM API answers.
    await expectProblem(await lookup(b, address), 404, 'link_invalid');
    await expectProblem(await lookup(b, address), 404, 'link_invalid');
    const requested = await b.fetch('/api/iam/auth/password-reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...address },
      body: JSON.stringify({ email: 'nobody@example.com' }),
    });
    expect(requested.status).toBe(202);
    expect(publicCalls).toBe(3);

    const refused = await lookup(b, address);

    await expectProblem(refused, 429, 'rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(publicCalls).toBe(3);
    await expectProblem(await lookup(b, { 'x-forwarded-for': '203.0.113.8' }), 404, 'link_invalid');
    expect((await b.signIn(TEST_OWNER.email, TEST_OWNER.password, address)).status).toBe(200);
    expect(publicCalls).toBe(4);
  });

  it('when the client is not behind a trusted proxy, then a forged X-Forwarded-For does not dodge the limit', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, trustProxy: false, publicRateLimits: { maxPerIp: 2 } });
    const b = browser(bff.url);
    for (let i = 0; i < 2; i++) await lookup(b, { 'x-forwarded-for': `198.51.100.${i}` });

    await expectProblem(await lookup(b, { 'x-forwarded-for': '198.51.100.99' }), 429, 'rate_limited');
    expect(publicCalls).toBe(2);
  });

  it('when many calls from one address arrive at once, then no more than the limit reach the IAM API', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, publicRateLimits: { maxPerIp: 4 } });
    const url = bff.url;
    const statuses = await Promise.all(Array.from({ length: 12 }, async () => (await lookup(browser(url))).status));
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
    expect(publicCalls).toBe(4);
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('public route limits in Redis shared by two BFF instances', () => {
  it('when calls from one address are spread over two instances, then they add up', async () => {
    const iam = await startIamOnOwnDatabase();
    const [first, second] = await startTwoInstancesOnOneRedis(iam.url, { publicRateLimits: { maxPerIp: 3 } });
    const lookup = (url: string) =>
      browser(url).fetch('/api/iam/auth/password-reset/lookup', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'A'.repeat(43) }),
      });
    try {
      await expectProblem(await lookup(first.url), 404, 'link_invalid');
      await expectProblem(await lookup(second.url), 404, 'link_invalid');
      await expectProblem(await lookup(first.url), 404, 'link_invalid');
      await expectProblem(await lookup(second.url), 429, 'rate_limited');
      await expectProblem(await lookup(first.url), 429, 'rate_limited');
    } finally {
      await first.close();
      await second.close();
      await iam.close();
    }
  });
});
