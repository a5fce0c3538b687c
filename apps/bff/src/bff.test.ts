import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROBLEM_CONTENT_TYPE } from '@team-access/contract';
import { basicAuth, startTestIam, TEST_CREDENTIALS, TEST_OWNER, type TestIam } from '@team-access/iam/testing';
import { testDatabases } from '@team-access/iam/testing/databases';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browser, expectProblem, expectSignedOut, liveIamSessions, signedInAs } from './testing/browser.ts';
import { startIamOnOwnDatabase, startTestBff, startTwoInstancesOnOneRedis, type TestBff } from './testing/harness.ts';

const database = testDatabases[0] as (typeof testDatabases)[number];

/** A request the way a raw HTTP client sends it: fetch() refuses to set hop-by-hop headers. */
function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'GET', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('BFF in front of a real IAM API', () => {
  let iam: TestIam;
  let bff: TestBff;
  const received: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    iam = await startIamOnOwnDatabase({
      onRequest: (req) => received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }),
    });
    bff = await startTestBff({ iamBaseUrl: iam.url });
  });
  afterAll(async () => {
    await bff?.close();
    await iam?.close();
  });
  beforeEach(() => {
    received.length = 0;
  });

  it('when the owner signs in, then an HttpOnly SameSite=Strict cookie is set and the IAM token stays server-side', async () => {
    const b = browser(bff.url);
    const response = await b.signIn();

    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^ta_session=[A-Za-z0-9_-]{43}; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    const body = (await response.json()) as { user: { email: string } };
    expect(body.user.email).toBe(TEST_OWNER.email);
    expect(JSON.stringify(body)).not.toMatch(/token/i);
    expect(await signedInAs(await b.fetch('/api/session'))).toBe(TEST_OWNER.email);
  });

  it('when a browser asks for an access token at sign-in, then the BFF refuses the field (400) and the IAM API signs no token', async () => {
    const b = browser(bff.url);
    const asked = await b.fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: TEST_OWNER.email, password: TEST_OWNER.password, accessToken: true }),
    });
    const problem = await expectProblem(asked, 400, 'validation_failed');
    expect(problem.errors?.map((e) => e.path)).toEqual(['body.accessToken']);
    expect(received.some((r) => r.url.startsWith('/v2/client/auth/sign-in'))).toBe(false);
    for (const path of ['/api/session/two-step', '/api/session/passkey']) {
      const res = await b.fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: '123456', accessToken: true }),
      });
      await expectProblem(res, 400, 'validation_failed');
    }
    // The sign-in the console makes answers the browser no token, and no key ever signed one.
    const signedIn = await b.signIn();
    expect(signedIn.status).toBe(200);
    expect(Object.keys((await signedIn.json()) as object).sort()).toEqual(['expiresAt', 'user']);
    const signed = await iam.db.query('select kid from signing_keys where tokens_expire_by is not null');
    expect(signed).toHaveLength(0);
  });

  it('when signing in twice, then each sign-in gets a new session id and the old one ends, in the IAM API too', async () => {
    const b = browser(bff.url);
    await b.signIn();
    const first = b.cookie;
    const liveBefore = await liveIamSessions(iam);
    await b.signIn();
    const second = b.cookie;

    expect(second).not.toBe(first);
    const old = browser(bff.url);
    old.cookie = first;
    await expectSignedOut(await old.fetch('/api/session'));
    expect(received.filter((r) => r.url === '/v2/client/auth/sign-out')).toHaveLength(1);
    expect(await liveIamSessions(iam)).toBe(liveBefore);
  });

  it('when signing in, then the IAM API records the browser’s address and user agent, not the BFF’s', async () => {
    const b = browser(bff.url);
    await b.signIn(TEST_OWNER.email, TEST_OWNER.password, { 'user-agent': 'RealBrowser/1.0' });
    const rows = await iam.db.query<{ ip: string; user_agent: string }>(
      'select ip, user_agent from sessions order by created_at desc limit 1',
    );
    expect(rows[0]).toEqual({ ip: '127.0.0.1', user_agent: 'RealBrowser/1.0' });
  });

  it('when a wrong password is sent, then 401 invalid_credentials and no cookie', async () => {
    const response = await browser(bff.url).signIn(TEST_OWNER.email, 'wrong password');
    await expectProblem(response, 401, 'invalid_credentials');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('when there is no session, then GET /api/session is a JSON 401, never a redirect', async () => {
    await expectSignedOut(await browser(bff.url).fetch('/api/session'));
    await expectProblem(await browser(bff.url).fetch('/api/iam/auth/me'), 401, 'unauthenticated');
  });

  it('when signed out, then the cookie is cleared and the IAM session is ended too', async () => {
    const b = browser(bff.url);
    await b.signIn();
    const cookie = b.cookie;
    const out = await b.fetch('/api/session', { method: 'DELETE' });

    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect(received.some((r) => r.method === 'POST' && r.url === '/v2/client/auth/sign-out')).toBe(true);
    const replay = browser(bff.url);
    replay.cookie = cookie;
    await expectSignedOut(await replay.fetch('/api/session'));
  });

  it('when a session is ended from another one, then the ended browser is refused at its next request and the BFF drops its session', async () => {
    const here = browser(bff.url);
    const there = browser(bff.url);
    const me = (await (await here.signIn()).json()) as { user: { id: string } };
    await there.signIn(TEST_OWNER.email, TEST_OWNER.password, {
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    });
    expect((await there.fetch('/api/iam/auth/me')).status).toBe(200);
    const listed = (await (await here.fetch(`/api/iam/multi-user/${me.user.id}/sessions`)).json()) as {
      items: { id: string; current: boolean; browser: string | null }[];
    };
    const other = listed.items.find((s) => !s.current && s.browser === 'Firefox 133');
    expect(other).toBeDefined();

    const ended = await here.fetch(`/api/iam/multi-user/${me.user.id}/sessions/${other?.id}`, { method: 'DELETE' });

    expect(ended.status).toBe(204);
    await expectProblem(await there.fetch('/api/iam/multi-user'), 401, 'unauthenticated');
    // The BFF's own session is gone: /api/session answers `null` without asking the IAM API.
    await expect
      .poll(async () => {
        const asked = received.length;
        const who = await signedInAs(await there.fetch('/api/session'));
        return { who, askedIam: received.length > asked };
      })
      .toEqual({ who: null, askedIam: false });
    expect((await here.fetch('/api/iam/auth/me')).status).toBe(200);
  });

  it('when proxying, then Basic auth and the actor token are injected and browser credentials are stripped', async () => {
    const b = browser(bff.url);
    await b.signIn();
    received.length = 0;
    const response = await b.fetch('/api/iam/auth/me', {
      headers: {
        authorization: 'Basic ZXZpbDpldmls',
        'x-actor-token': 'forged',
        'x-forwarded-for': '6.6.6.6',
        'x-forwarded-host': 'evil.example',
        forwarded: 'for=6.6.6.6',
      },
    });

    expect(response.status).toBe(200);
    expect(((await response.json()) as { email: string }).email).toBe(TEST_OWNER.email);
    expect(received).toHaveLength(1);
    const upstream = received[0]?.headers ?? {};
    expect(received[0]?.url).toBe('/v2/client/auth/me');
    expect(upstream.authorization).toBe(
      `Basic ${Buffer.from(`${TEST_CREDENTIALS.apiKey}:${TEST_CREDENTIALS.apiSecret}`).toString('base64')}`,
    );
    expect(upstream['x-actor-token']).not.toBe('forged');
    expect(upstream.cookie).toBeUndefined();
    expect(upstream.forwarded).toBeUndefined();
    expect(Object.keys(upstream).filter((h) => h.startsWith('x-forwarded-'))).toEqual([]);
  });

  it('when the audit log is read and exported through the BFF, then the list answers and the file streams with its name', async () => {
    const b = browser(bff.url);
    await b.signIn();
    // The whole filtered list (the suite signs in fewer than 200 times), to compare with the export.
    const list = await b.fetch('/api/iam/audit-events?action=auth.signed_in&limit=200');
    expect(list.status).toBe(200);
    const page = (await list.json()) as {
      items: { action: string; actor: { email: string } | null }[];
      nextCursor: string | null;
    };
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.nextCursor).toBeNull();
    expect(page.items.every((e) => e.action === 'auth.signed_in')).toBe(true);

    const file = await b.fetch('/api/iam/audit-events/export?format=csv&action=auth.signed_in');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-[\w-]+\.csv"$/);
    // Streamed: no length known in advance.
    expect(file.headers.get('content-length')).toBeNull();
    const rows = (await file.text()).trim().split('\n');
    expect(rows[0]).toMatch(/^id,createdAt,action,/);
    expect(rows.length).toBe(page.items.length + 1);
    expect(rows.slice(1).map((row) => row.split(',')[2]?.replaceAll('"', ''))).toEqual(
      page.items.map(() => 'auth.signed_in'),
    );
  });

  it('when proxying, then hop-by-hop headers, what Connection names and forged client headers do not pass', async () => {
    const b = browser(bff.url);
    await b.signIn();
    received.length = 0;
    const status = await rawGet(`${bff.url}/api/iam/auth/me`, {
      cookie: b.cookie as string,
      'x-csrf': '1',
      connection: 'keep-alive, x-hop-secret',
      'x-hop-secret': 'must not pass',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      'proxy-connection': 'keep-alive',
      'x-client-ip': '6.6.6.6',
      'x-client-user-agent': 'forged',
      'user-agent': 'RealBrowser/1.0',
    });

    expect(status).toBe(200);
    const upstream = received[0]?.headers ?? {};
    expect(upstream['x-hop-secret']).toBeUndefined();
    expect(upstream.te).toBeUndefined();
    expect(upstream['proxy-connection']).toBeUndefined();
    expect(upstream.connection ?? 'keep-alive').toBe('keep-alive');
    expect(upstream['x-client-ip']).toBe('127.0.0.1');
    expect(upstream['x-client-user-agent']).toBe('RealBrowser/1.0');
  });

  describe('the users API through the proxy', () => {
    it('when a user is read and written, then ETag and If-Match pass untouched both ways, and a stale write is a 412', async () => {
      const b = browser(bff.url);
      const { user } = (await (await b.signIn()).json()) as { user: { id: string } };
      const read = await b.fetch(`/api/iam/multi-user/${user.id}`);
      expect(read.status).toBe(200);
      const etag = read.headers.get('etag') as string;
      expect(etag).toMatch(/^"\d+"$/);
      received.length = 0;
      const write = await b.fetch(`/api/iam/multi-user/${user.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'if-match': etag },
        body: JSON.stringify({ firstName: 'Owen' }),
      });
      expect(write.status).toBe(200);
      expect(received[0]?.headers['if-match']).toBe(etag);
      const next = write.headers.get('etag');
      expect(next).toMatch(/^"\d+"$/);
      expect(next).not.toBe(etag);
      const stale = await b.fetch(`/api/iam/multi-user/${user.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'if-match': etag },
        body: JSON.stringify({ firstName: 'Stale' }),
      });
      await expectProblem(stale, 412, 'precondition_failed');
    });

    it('when a create is retried with its Idempotency-Key, then the replay is marked and its Location points into /api/iam', async () => {
      const b = browser(bff.url);
      await b.signIn();
      const create = () =>
        b.fetch('/api/iam/multi-user', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'create-member-0001' },
          body: JSON.stringify({ email: 'member@example.com', password: 'a member password, long' }),
        });
      const first = await create();
      expect(first.status).toBe(201);
      // Rewritten into the browser's space, as nginx's proxy_redirect does.
      expect(first.headers.get('location')).toMatch(/^\/api\/iam\/multi-user\/[0-9a-f-]{36}$/);
      const again = await create();
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });
  });

  describe('the proxy allow-list', () => {
    // Sent byte for byte (fetch would normalize dot segments and backslashes before sending).
    const outside: [string, string][] = [
      ['a route not exposed to browsers', '/api/iam/auth/sign-in'],
      ['a dot segment out of the prefix', '/api/iam/../session'],
      ['a dot segment inside', '/api/iam/auth/../auth/me'],
      ['encoded dot segments', '/api/iam/auth/%2e%2e/me'],
      ['upper-case encoded dot segments', '/api/iam/auth/%2E%2E/%2E%2E/healthz'],
      ['an encoded slash', '/api/iam/auth%2fme'],
      ['a double-encoded dot segment', '/api/iam/auth/%252e%252e/me'],
      ['an empty segment', '/api/iam/auth//me'],
      ['a leading double slash', '/api/iam//auth/me'],
      ['a trailing slash', '/api/iam/auth/me/'],
      ['a backslash', '/api/iam/auth\\me'],
      ['an encoded NUL', '/api/iam/auth/me%00'],
      ['a second question mark trick', '/api/iam/auth/me%3F/../../x'],
      ['a very long path', `/api/iam/auth/${'a'.repeat(3000)}`],
      ['a route that does not exist', '/api/iam/no-such-route'],
      ['the bare prefix', '/api/iam/'],
    ];

    function rawGet(path: string, cookie: string): Promise<{ status: number; type: string; body: string }> {
      const { hostname, port } = new URL(bff.url);
      return new Promise((resolve, reject) => {
        const req = http.request({ hostname, port, path, method: 'GET', headers: { 'x-csrf': '1', cookie } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
        });
        req.on('error', reject);
        req.end();
      });
    }

    it.each(outside)('when %s is requested, then 404 and the IAM API sees nothing', async (_label, path) => {
      const b = browser(bff.url);
      await b.signIn();
      received.length = 0;
      const response = await rawGet(path, b.cookie ?? '');
      expect(response.status).toBe(404);
      expect(response.type).toContain(PROBLEM_CONTENT_TYPE);
      expect(JSON.parse(response.body).code).toBe('not_found');
      expect(received).toEqual([]);
    });

    it('when an allowed path is called with a method not allowed, then 404', async () => {
      const b = browser(bff.url);
      await b.signIn();
      received.length = 0;
      await expectProblem(await b.fetch('/api/iam/auth/me', { method: 'DELETE' }), 404, 'not_found');
      expect(received).toEqual([]);
    });
  });

  it('when any route answers, success or error, then API_SECRET and the Basic credential appear nowhere', async () => {
    const secret = TEST_CREDENTIALS.apiSecret;
    const basic = Buffer.from(`${TEST_CREDENTIALS.apiKey}:${TEST_CREDENTIALS.apiSecret}`).toString('base64');
    const b = browser(bff.url);
    const responses: Response[] = [];
    responses.push(await b.fetch('/api/session'));
    responses.push(await b.signIn(TEST_OWNER.email, 'wrong'));
    responses.push(
      await b.fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{bad' }),
    );
    responses.push(await b.signIn());
    responses.push(await b.fetch('/api/session'));
    responses.push(await b.fetch('/api/iam/auth/me'));
    responses.push(await b.fetch('/api/iam/../x'));
    responses.push(await b.fetch('/api/nothing'));
    responses.push(await b.fetch('/api/session', { method: 'POST', csrf: false }));
    responses.push(await b.fetch('/', { headers: { accept: 'text/html' } }));
    responses.push(await b.fetch('/healthz'));
    responses.push(await b.fetch('/readyz'));
    responses.push(await b.fetch('/api/session', { method: 'DELETE' }));
    for (const response of responses) {
      const text = `${JSON.stringify([...response.headers])}\n${await response.text()}`;
      expect(text).not.toContain(secret);
      expect(text).not.toContain(basic);
      expect(text).not.toContain(TEST_CREDENTIALS.apiKey);
    }
  });

  it('when a response is served, then security headers are on it', async () => {
    const response = await browser(bff.url).fetch('/api/session');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-request-id')).toMatch(/.{8,}/);
  });

  it('when someone resets a password through the BFF with no session, then the mailed link works there, every session of the user ends and only the new password signs in', async () => {
    const email = 'forgetful@example.com';
    const created = await fetch(`${iam.url}/v2/client/multi-user`, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'the forgotten password', role: 'ADMIN' }),
    });
    expect(created.status).toBe(201);
    const elsewhere = browser(bff.url);
    expect((await elsewhere.signIn(email, 'the forgotten password')).status).toBe(200);
    const b = browser(bff.url);
    const post = (path: string, body: unknown) =>
      b.fetch(`/api/iam/auth/password-reset${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const requested = await post('', { email });
    expect(requested.status).toBe(202);
    expect(await requested.text()).toBe('');
    const [mail] = await iam.db.query<{ text_body: string }>(
      "select text_body from mail_outbox where to_address = $1 and kind = 'password_reset'",
      [email],
    );
    const token = /\/reset-password#token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1];
    expect(token).toBeDefined();
    const preview = await post('/lookup', { token });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ email });
    expect((await post('/complete', { token, password: 'the remembered password' })).status).toBe(204);

    expect(b.cookie).toBeUndefined();
    await expectSignedOut(await elsewhere.fetch('/api/session'));
    await expectProblem(await post('/complete', { token, password: 'a third password' }), 410, 'link_used');
    await expectProblem(await b.signIn(email, 'the forgotten password'), 401, 'invalid_credentials');
    expect((await b.signIn(email, 'the remembered password')).status).toBe(200);
  });
});

describe('session timeouts', () => {
  const IDLE_MS = 1_500;
  let iam: TestIam;
  let bff: TestBff;
  const signOuts: string[] = [];

  beforeAll(async () => {
    iam = await startIamOnOwnDatabase({
      onRequest: (req) => {
        if (req.url === '/v2/client/auth/sign-out') signOuts.push(req.url);
      },
    });
    bff = await startTestBff({ iamBaseUrl: iam.url, sessionIdleTimeoutMs: IDLE_MS });
  });
  afterAll(async () => {
    await bff?.close();
    await iam?.close();
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('when the browser keeps working, then the session lives past the idle timeout', async () => {
    const b = browser(bff.url);
    await b.signIn();
    const until = Date.now() + IDLE_MS * 2.5;
    while (Date.now() < until) {
      expect(await signedInAs(await b.fetch('/api/session'))).not.toBeNull();
      await sleep(IDLE_MS / 3);
    }
  });

  it('when the browser idles past the timeout, then the session ends, in the IAM API too', async () => {
    const b = browser(bff.url);
    await b.signIn();
    const live = await liveIamSessions(iam);
    await sleep(IDLE_MS + 300);
    await expectSignedOut(await b.fetch('/api/session'));
    await expect.poll(() => signOuts.length).toBeGreaterThan(0);
    await expect.poll(() => liveIamSessions(iam)).toBe(live - 1);
  });
});

describe('BFF in production mode', () => {
  it('when signing in, then the cookie is __Host- prefixed and Secure, with no Domain', async () => {
    const iam = await startIamOnOwnDatabase();
    const bff = await startTestBff({ iamBaseUrl: iam.url, secureCookies: true });
    try {
      const response = await browser(bff.url).signIn();
      const setCookie = response.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^__Host-ta_session=/);
      expect(setCookie).toContain('Secure');
      expect(setCookie).not.toMatch(/Domain=/i);
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    } finally {
      await bff.close();
      await iam.close();
    }
  });
});

describe('when the BFF holds the wrong client credentials', () => {
  it('then signing in answers 503 naming the misconfiguration, with no secret and no Basic challenge', async () => {
    const iam = await startIamOnOwnDatabase();
    const wrongSecret = 'not-the-secret-of-this-tenant';
    const bff = await startTestBff({
      iamBaseUrl: iam.url,
      credentials: { apiKey: TEST_CREDENTIALS.apiKey, apiSecret: wrongSecret },
    });
    try {
      const response = await browser(bff.url).signIn();
      const problem = await expectProblem(response, 503, 'upstream_unavailable');
      expect(problem.detail).toMatch(/API_KEY and API_SECRET/);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(JSON.stringify(problem)).not.toContain(wrongSecret);
    } finally {
      await bff.close();
      await iam.close();
    }
  });
});

describe('when the IAM API is down or slow', () => {
  it('when nothing listens at the IAM address, then /api/session answers 503 problem+json at once', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const bff = await startTestBff({ iamBaseUrl: `http://127.0.0.1:${port}` });
    try {
      const started = Date.now();
      const response = await browser(bff.url).signIn();
      await expectProblem(response, 503, 'upstream_unavailable');
      expect(Date.now() - started).toBeLessThan(5_000);
      const ready = await fetch(`${bff.url}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      await bff.close();
    }
  });

  it('when the IAM API does not answer in time, then 504 problem+json instead of a hang', async () => {
    const silent = http.createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const bff = await startTestBff({ iamBaseUrl: `http://127.0.0.1:${port}`, iamTimeoutMs: 300 });
    try {
      await expectProblem(await browser(bff.url).signIn(), 504, 'upstream_timeout');
    } finally {
      await bff.close();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('when the IAM API stops mid-session, then the proxy answers 503 problem+json', async () => {
    const { db, drop } = await database.create();
    const iam = await startTestIam(db);
    const bff = await startTestBff({ iamBaseUrl: iam.url });
    try {
      const b = browser(bff.url);
      await b.signIn();
      await iam.close();
      await expectProblem(await b.fetch('/api/iam/auth/me'), 503, 'upstream_unavailable');
      await expectProblem(await b.fetch('/api/session'), 503, 'upstream_unavailable');
    } finally {
      await bff.close();
      await drop();
    }
  });
});

describe.runIf(process.env.TEST_REDIS_URL)('sessions in Redis shared by two BFF instances', () => {
  it('when signed in on one instance, then the other accepts the cookie, and sign-out on either ends it', async () => {
    const iam = await startIamOnOwnDatabase();
    const [first, second] = await startTwoInstancesOnOneRedis(iam.url);
    try {
      const a = browser(first.url);
      await a.signIn();
      const b = browser(second.url);
      b.cookie = a.cookie;

      expect(await signedInAs(await b.fetch('/api/session'))).not.toBeNull();
      expect((await b.fetch('/api/iam/auth/me')).status).toBe(200);
      expect((await b.fetch('/api/session', { method: 'DELETE' })).status).toBe(204);
      await expectSignedOut(await a.fetch('/api/session'));
    } finally {
      await first.close();
      await second.close();
      await iam.close();
    }
  });
});
