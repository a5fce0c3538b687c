import net from 'node:net';
import { PROBLEM_CONTENT_TYPE, problemSchema } from '@team-access/contract';
import { InFlight } from '@team-access/http-server';
import { type StalledAnswer, sendStalled } from '@team-access/http-server/testing';
import { startTestIam, TEST_OWNER, type TestIam } from '@team-access/iam/testing';
import { testDatabases } from '@team-access/iam/testing/databases';
import { pausingDb } from '@team-access/iam/testing/pausing-db';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAKE_ROUTES, type FakeIam, startFakeIam } from './testing/fake-iam.ts';
import { startTestBff, type TestBff, type TestBffOptions } from './testing/harness.ts';

// Issue 23: no sequence of client requests may end the BFF process, and its work is bounded.
// A crash would end this test process, so "the BFF is still up" is also each test finishing.

const CSRF = { 'x-csrf': '1' };
/** Distinct client addresses, as a trusted proxy on loopback reports them. */
const from = (address: string) => ({ 'x-forwarded-for': address });

function expectProblem(answer: StalledAnswer, statuses: number[]) {
  expect(statuses).toContain(answer.status);
  expect(answer.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  return problemSchema.parse(JSON.parse(answer.body));
}

async function getJson(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { headers: { ...CSRF, ...headers } });
  await response.arrayBuffer();
  return response.status;
}

describe('a slow upstream', () => {
  let iam: FakeIam;
  let bff: TestBff | undefined;
  beforeAll(async () => {
    iam = await startFakeIam();
  });
  afterEach(async () => {
    await bff?.close();
    bff = undefined;
  });
  afterAll(async () => {
    await iam?.close();
  });

  const start = (options: Partial<TestBffOptions>) =>
    startTestBff({ iamBaseUrl: iam.url, proxyRoutes: FAKE_ROUTES, trustProxy: 'loopback', ...options });

  it('when more stalled bodies than the proxy has sockets wait on a slow upstream, then the BFF stays up, answers each with a problem, and serves a normal request meanwhile', async () => {
    // The crash this guards against: requests queued behind a full pool had their headers sent
    // with the first body bytes, and setting the upstream headers later threw inside an emitter.
    bff = await start({
      proxyMaxSockets: 4,
      inFlightLimits: { total: 64, perAddress: 64, perSession: 64 },
      iamTimeoutMs: 300,
      requestTimeoutMs: 3_000,
    });
    const attacker = await bff.sessionCookie('attacker-token');
    const stalled = Array.from({ length: 12 }, () =>
      sendStalled(bff?.url as string, {
        method: 'PATCH',
        path: '/api/iam/test-items/slow',
        headers: { ...CSRF, cookie: attacker },
        declaredLength: 4000,
        sentBytes: 10,
      }),
    );
    const admin = await bff.sessionCookie('admin-token');
    const normal = await getJson(`${bff.url}/api/iam/test-items/abc`, { cookie: admin });

    const answers = await Promise.all(stalled.map((s) => s.answer));
    for (const answer of answers) expectProblem(answer, [503, 504, 408]);
    expect(normal).toBe(200);
    expect(await getJson(`${bff.url}/api/iam/test-items/abc`, { cookie: admin })).toBe(200);
    expect((await fetch(`${bff.url}/healthz`)).status).toBe(200);
  });

  it('when one session has more requests in flight than its limit, then the rest get 503 with Retry-After at once, and another session is served', async () => {
    bff = await start({
      inFlightLimits: { total: 64, perAddress: 64, perSession: 4 },
      iamTimeoutMs: 400,
    });
    const attacker = await bff.sessionCookie('attacker-token');
    const stalled = Array.from({ length: 10 }, () =>
      sendStalled(bff?.url as string, {
        method: 'PATCH',
        path: '/api/iam/test-items/slow',
        headers: { ...CSRF, cookie: attacker },
        declaredLength: 4000,
      }),
    );
    const answers = await Promise.all(stalled.map((s) => s.answer));
    const refused = answers.filter((a) => a.status === 503);
    expect(refused).toHaveLength(6);
    for (const answer of refused) {
      expect(expectProblem(answer, [503]).code).toBe('overloaded');
      expect(answer.headers['retry-after']).toBe('1');
    }
    for (const answer of answers.filter((a) => a.status !== 503)) expectProblem(answer, [504]);
    expect(await getJson(`${bff.url}/api/iam/test-items/abc`, { cookie: await bff.sessionCookie('other') })).toBe(200);
  });

  it('when one address stalls more public-route bodies than its limit, then the rest get 503 with no session needed, and another address is served', async () => {
    bff = await start({
      inFlightLimits: { total: 64, perAddress: 4, perSession: 64 },
      iamTimeoutMs: 400,
      publicRateLimits: { maxPerIp: 1000 },
    });
    const stalled = Array.from({ length: 10 }, () =>
      sendStalled(bff?.url as string, {
        method: 'POST',
        path: '/api/iam/test-items/slow/open',
        headers: { ...CSRF, ...from('203.0.113.7') },
        declaredLength: 4000,
      }),
    );
    const answers = await Promise.all(stalled.map((s) => s.answer));
    expect(answers.filter((a) => a.status === 503)).toHaveLength(6);
    for (const answer of answers) expectProblem(answer, [503, 504]);
    const other = await fetch(`${bff.url}/api/iam/test-items/abc/open`, {
      method: 'POST',
      headers: { ...CSRF, ...from('198.51.100.2'), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(other.status).toBe(201);
  });

  it('when more requests are in flight than the total limit, then the extra ones get 503 and the BFF serves again once they end', async () => {
    bff = await start({ inFlightLimits: { total: 6, perAddress: 64, perSession: 64 }, iamTimeoutMs: 400 });
    const stalled = Array.from({ length: 10 }, (_, i) =>
      sendStalled(bff?.url as string, {
        method: 'POST',
        path: '/api/iam/test-items/slow/open',
        headers: { ...CSRF, ...from(`203.0.113.${i + 1}`) },
        declaredLength: 4000,
      }),
    );
    const answers = await Promise.all(stalled.map((s) => s.answer));
    expect(answers.filter((a) => a.status === 503)).toHaveLength(4);
    expect(await getJson(`${bff.url}/api/iam/test-items/abc`, { cookie: await bff.sessionCookie('t') })).toBe(200);
  });

  it('when a pipelined connection resets with requests queued behind a slow one, then every in-flight slot comes back', async () => {
    // A response queued behind another on a pipelined connection never emits close when the
    // connection dies: counting only on it would leak a slot per queued request, for good.
    const inFlight = new InFlight();
    bff = await start({ inFlight, iamTimeoutMs: 60_000 });
    const cookie = await bff.sessionCookie('pipelining');
    const { port } = new URL(bff.url);
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    socket.on('error', () => {});
    const request = `GET /api/iam/test-items/slow HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-CSRF: 1\r\nCookie: ${cookie}\r\n\r\n`;
    socket.write(request.repeat(8));
    await vi.waitFor(() => expect(inFlight.count('all')).toBe(8));
    socket.destroy();

    await vi.waitFor(() => expect(inFlight.count('all')).toBe(0));
    expect(inFlight.count('address:127.0.0.1')).toBe(0);
  });

  it('when a request asks for 100-continue, then the upstream timeout still applies and Expect does not go upstream', async () => {
    bff = await start({ iamTimeoutMs: 300 });
    const cookie = await bff.sessionCookie('expect');
    iam.received.length = 0;
    const { answer } = sendStalled(bff.url, {
      method: 'PATCH',
      path: '/api/iam/test-items/slow',
      headers: { ...CSRF, cookie, Expect: '100-continue', 'If-Match': '"7"' },
      declaredLength: 2,
      body: '{}',
    });
    expect((await answer).status).toBe(504);
    await vi.waitFor(() => expect(iam.received.at(-1)?.url).toBe('/v2/client/test-items/slow'));
    expect(iam.received.at(-1)?.headers.expect).toBeUndefined();
  });

  it('when a body does not arrive within the request deadline, then 408 problem+json and the connection closes, on a proxied route and on sign-in', async () => {
    bff = await start({ requestTimeoutMs: 500, iamTimeoutMs: 10_000 });
    const cookie = await bff.sessionCookie('token');
    const proxied = sendStalled(bff.url, {
      method: 'PATCH',
      path: '/api/iam/test-items/slow',
      headers: { ...CSRF, cookie },
      declaredLength: 4000,
    });
    const signIn = sendStalled(bff.url, {
      method: 'POST',
      path: '/api/session',
      headers: CSRF,
      declaredLength: 200,
    });
    for (const answer of await Promise.all([proxied.answer, signIn.answer])) {
      expect(expectProblem(answer, [408]).code).toBe('request_timeout');
      expect(answer.headers.connection).toBe('close');
      expect(answer.afterMs).toBeLessThan(5_000);
    }
  });
});

describe.each(testDatabases)('in front of the real IAM API on $name', (database) => {
  let iam: TestIam;
  let drop: () => Promise<void>;
  let bff: TestBff | undefined;
  let paused: ReturnType<typeof pausingDb>;
  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    paused = pausingDb(created.db);
    iam = await startTestIam(paused.db, { requestTimeoutMs: 800 });
  });
  afterEach(async () => {
    await bff?.close();
    bff = undefined;
  });
  afterAll(async () => {
    await iam?.close();
    await drop?.();
  });

  async function signInCookie(url: string): Promise<string> {
    const response = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { ...CSRF, 'content-type': 'application/json' },
      body: JSON.stringify(TEST_OWNER),
    });
    expect(response.status).toBe(200);
    return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
  }

  const liveSessions = async () =>
    (
      await iam.db.query<{ n: number }>(
        'select count(*)::int as n from sessions where tenant_id = $1 and revoked_at is null and expires_at > now()',
        [iam.tenantId],
      )
    )[0]?.n ?? 0;

  it('when stalled bodies outnumber the pool on a session route and a public route, then each gets a problem, and the catalog still loads', async () => {
    bff = await startTestBff({
      iamBaseUrl: iam.url,
      proxyMaxSockets: 4,
      inFlightLimits: { total: 64, perAddress: 64, perSession: 64 },
      publicRateLimits: { maxPerIp: 1000 },
      requestTimeoutMs: 5_000,
    });
    const cookie = await signInCookie(bff.url);
    const stalled = [
      ...Array.from({ length: 6 }, () =>
        sendStalled(bff?.url as string, {
          method: 'POST',
          path: '/api/iam/auth/password',
          headers: { ...CSRF, cookie },
          declaredLength: 4000,
        }),
      ),
      ...Array.from({ length: 6 }, () =>
        sendStalled(bff?.url as string, {
          method: 'POST',
          path: '/api/iam/invitations/lookup',
          headers: CSRF,
          declaredLength: 4000,
        }),
      ),
    ];
    const answers = await Promise.all(stalled.map((s) => s.answer));
    for (const answer of answers) expectProblem(answer, [408, 503, 504]);
    expect(await getJson(`${bff.url}/api/iam/permissions`, { cookie })).toBe(200);
  });

  it('when 200 people sign in at once, then each gets 200 or 503 within the IAM timeout, and the IAM API holds exactly one live session per 200', async () => {
    const iamTimeoutMs = 10_000;
    bff = await startTestBff({
      iamBaseUrl: iam.url,
      iamTimeoutMs,
      inFlightLimits: { total: 1000, perAddress: 1000, perSession: 16 },
      signInLimits: { maxPerAccount: 1000, maxPerIp: 1000 },
    });
    await iam.db.query('update sessions set revoked_at = now() where tenant_id = $1', [iam.tenantId]);
    const answers = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const started = performance.now();
        const response = await fetch(`${bff?.url}/api/session`, {
          method: 'POST',
          headers: { ...CSRF, 'content-type': 'application/json' },
          body: JSON.stringify(TEST_OWNER),
          signal: AbortSignal.timeout(iamTimeoutMs * 2),
        });
        await response.arrayBuffer();
        return {
          status: response.status,
          ms: performance.now() - started,
          retryAfter: response.headers.get('retry-after'),
        };
      }),
    );
    const signedIn = answers.filter((a) => a.status === 200).length;
    for (const answer of answers) {
      expect([200, 503]).toContain(answer.status);
      expect(answer.ms).toBeLessThan(iamTimeoutMs);
      if (answer.status === 503) expect(answer.retryAfter).toBe('1');
    }
    expect(signedIn).toBeGreaterThan(0);
    expect(await liveSessions()).toBe(signedIn);
  });

  it('when the browser leaves while the IAM API signs it in, then the BFF ends that IAM session and sets no cookie', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url });
    const before = await liveSessions();
    const accepted = new Promise<import('node:net').Socket>((resolve) => bff?.server.once('connection', resolve));
    const { reached, resume } = paused.pauseNext('after');
    const body = JSON.stringify(TEST_OWNER);
    const browser = sendStalled(bff.url, {
      method: 'POST',
      path: '/api/session',
      headers: CSRF,
      declaredLength: Buffer.byteLength(body),
      sentBytes: 0,
      body,
    });
    const serverSide = await accepted;
    await reached; // the IAM API has committed the session and waits to answer
    const gone = new Promise((resolve) => serverSide.once('close', resolve));
    browser.destroy();
    await gone;
    resume();

    expect((await browser.answer).status).toBeUndefined();
    await vi.waitFor(async () => expect(await liveSessions()).toBe(before));
  });

  it('when the IAM API answers a sign-in after its deadline, then the browser gets 504 in time and the late session is ended', async () => {
    bff = await startTestBff({ iamBaseUrl: iam.url, iamTimeoutMs: 1_000 });
    const before = await liveSessions();
    const { reached, resume } = paused.pauseNext('after');
    const started = performance.now();
    const answer = fetch(`${bff.url}/api/session`, {
      method: 'POST',
      headers: { ...CSRF, 'content-type': 'application/json' },
      body: JSON.stringify(TEST_OWNER),
    });
    await reached; // committed in the IAM API, which now waits past the BFF's deadline
    const response = await answer;

    expect(response.status).toBe(504);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(response.headers.get('set-cookie')).toBeNull();
    resume();
    await vi.waitFor(async () => expect(await liveSessions()).toBe(before), { timeout: 5_000 });
  });
});
