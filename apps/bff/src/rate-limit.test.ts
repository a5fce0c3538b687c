import { startTestIam, TEST_OWNER, type TestIam } from '@team-access/iam/testing';
import { testDatabases } from '@team-access/iam/testing/databases';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browser, expectProblem } from './testing/browser.ts';
import { startTestBff, startTwoInstancesOnOneRedis, type TestBff } from './testing/harness.ts';

const database = testDatabases[0] as (typeof testDatabases)[number];
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
  let drop: () => Promise<void>;
  let bff: TestBff | undefined;
  let signIns = 0;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    iam = await startTestIam(created.db, {
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
    await drop?.();
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
    const { db, drop } = await database.create();
    const iam = await startTestIam(db);
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
      await drop();
    }
  });
});
