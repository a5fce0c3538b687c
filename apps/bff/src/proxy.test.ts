import { PROBLEM_CONTENT_TYPE, problemSchema } from '@team-access/contract';
import { TEST_CREDENTIALS } from '@team-access/iam/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROXY_BODY_LIMIT_BYTES } from './proxy.ts';
import {
  FAKE_ITEM_ETAG,
  FAKE_ROUTES,
  type FakeIam,
  type RawResponse,
  rawRequest,
  startFakeIam,
} from './testing/fake-iam.ts';
import { startTestBff, type TestBff } from './testing/harness.ts';

const IAM_TOKEN = 'iam-session-token-of-the-signed-in-admin';
const BASIC = `Basic ${Buffer.from(`${TEST_CREDENTIALS.apiKey}:${TEST_CREDENTIALS.apiSecret}`).toString('base64')}`;

function expectProblem(response: RawResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  const problem = problemSchema.parse(JSON.parse(response.body));
  expect(problem.code).toBe(code);
  return problem;
}

describe('the IAM proxy, seen from the IAM API', () => {
  let iam: FakeIam;
  let bff: TestBff;
  let cookie: string;

  beforeAll(async () => {
    iam = await startFakeIam();
    // As a browser reaches it directly: no trusted proxy in front.
    bff = await startTestBff({ iamBaseUrl: iam.url, proxyRoutes: FAKE_ROUTES, trustProxy: false, iamTimeoutMs: 400 });
  });
  afterAll(async () => {
    await bff?.close();
    await iam?.close();
  });
  beforeEach(async () => {
    cookie = await bff.sessionCookie(IAM_TOKEN);
    iam.received.length = 0;
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(bff.url, { path, headers: { 'x-csrf': '1', cookie, ...headers } });

  // [label, what the browser sends, what the IAM API receives (null: nothing)]
  const paths: [string, string, string | null][] = [
    ['an allowed route', '/api/iam/test-items/abc', '/v2/client/test-items/abc'],
    ['a query string', '/api/iam/test-items/abc?x=1&y=2', '/v2/client/test-items/abc?x=1&y=2'],
    ['a second question mark', '/api/iam/test-items/abc?x=1?y=2', '/v2/client/test-items/abc?x=1?y=2'],
    [
      'dot segments after a ?',
      '/api/iam/test-items/abc?/../../server-only',
      '/v2/client/test-items/abc?/../../server-only',
    ],
    ['a route not marked for browsers', '/api/iam/server-only', null],
    ['a dot segment out of the prefix', '/api/iam/test-items/../../server-only', null],
    ['a dot segment as the id', '/api/iam/test-items/..', null],
    ['encoded dot segments', '/api/iam/test-items/%2e%2e/%2e%2e/server-only', null],
    ['upper-case encoded dots', '/api/iam/test-items/%2E%2E', null],
    ['an encoded slash', '/api/iam/test-items/abc%2f..%2f..%2fserver-only', null],
    ['a double-encoded dot segment', '/api/iam/test-items/%252e%252e', null],
    ['an encoded question mark', '/api/iam/test-items/abc%3F', null],
    ['a double slash', '/api/iam/test-items//abc', null],
    ['a leading double slash', '/api/iam//test-items/abc', null],
    ['a trailing slash', '/api/iam/test-items/abc/', null],
    ['a backslash', '/api/iam/test-items\\abc', null],
    ['a semicolon parameter', '/api/iam/test-items/abc;jsessionid=1', null],
    ['another letter case', '/api/iam/Test-Items/abc', null],
    ['an id longer than an id can be', `/api/iam/test-items/${'a'.repeat(129)}`, null],
    ['a very long path', `/api/iam/test-items/${'a/'.repeat(1500)}a`, null],
    ['a very long query', `/api/iam/test-items/abc?q=${'x'.repeat(3000)}`, null],
    ['an absolute-form target', 'http://evil.example/api/iam/test-items/abc', null],
    ['the bare prefix', '/api/iam', null],
  ];

  it.each(paths)(
    'when the browser asks for %s, then the IAM API receives exactly what the table says',
    async (_label, path, upstream) => {
      const response = await get(path);
      if (upstream === null) {
        expectProblem(response, 404, 'not_found');
        expect(iam.received).toEqual([]);
      } else {
        expect(response.status).toBe(200);
        expect(iam.received.map((r) => r.url)).toEqual([upstream]);
      }
    },
  );

  it('when a method is not allowed on an allowed path, then 404 and the IAM API receives nothing', async () => {
    for (const method of ['PUT', 'OPTIONS', 'TRACE', 'PROPFIND']) {
      expectProblem(
        await rawRequest(bff.url, { method, path: '/api/iam/test-items/abc', headers: { 'x-csrf': '1', cookie } }),
        404,
        'not_found',
      );
    }
    expect(iam.received).toEqual([]);
  });

  // [header the browser sends, its value, what the IAM API receives for that header]
  const spoofed: [string, string, string | undefined][] = [
    ['authorization', 'Basic ZXZpbDpldmls', BASIC],
    ['x-actor-token', 'forged-actor-token', IAM_TOKEN],
    ['cookie', 'other=1', undefined],
    ['proxy-authorization', 'Basic ZXZpbDpldmls', undefined],
    ['x-forwarded-for', '6.6.6.6', undefined],
    ['x-forwarded-host', 'evil.example', undefined],
    ['x-forwarded-proto', 'https', undefined],
    ['forwarded', 'for=6.6.6.6;host=evil.example', undefined],
    ['x-real-ip', '6.6.6.6', undefined],
    ['x-client-ip', '6.6.6.6', '127.0.0.1'],
    ['x-client-user-agent', 'forged agent', 'RealBrowser/1.0'],
    ['x-http-method-override', 'DELETE', undefined],
    ['x-csrf', '1', undefined],
  ];

  it('when the browser sends another Host (DNS rebinding), then 421 and the IAM API is not asked', async () => {
    const response = await get('/api/iam/test-items/abc', { host: 'evil.example' });
    expect(response.status).toBe(421);
    expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(problemSchema.parse(JSON.parse(response.body)).code).toBe('misdirected_request');
    expect(iam.received).toEqual([]);
  });

  it.each(spoofed)(
    'when the browser sends %s: %s, then the IAM API receives %s for it',
    async (name, value, expected) => {
      // A spoofed cookie rides along with the session cookie.
      const sent = name === 'cookie' ? `${cookie}; ${value}` : value;
      const response = await get('/api/iam/test-items/abc', { 'user-agent': 'RealBrowser/1.0', [name]: sent });
      expect(response.status).toBe(200);
      const headers = iam.received[0]?.headers ?? {};
      expect(headers[name]).toBe(expected);
      expect(headers.host).toBe(new URL(iam.url).host);
      // Whatever was spoofed, what the BFF sets is what arrives.
      expect(headers.authorization).toBe(BASIC);
      expect(headers['x-actor-token']).toBe(IAM_TOKEN);
      expect(headers.cookie).toBeUndefined();
    },
  );

  it('when the browser sends its own request id, then the IAM API receives the BFF’s, which the browser is told', async () => {
    const response = await get('/api/iam/test-items/abc', { 'x-request-id': 'chosen-by-the-browser' });
    const upstream = iam.received[0]?.headers['x-request-id'];
    expect(upstream).not.toBe('chosen-by-the-browser');
    expect(upstream).toBe(response.headers['x-request-id']);
  });

  it('when Connection names a header, then neither it nor any hop-by-hop header is passed on', async () => {
    const response = await get('/api/iam/test-items/abc', {
      connection: 'keep-alive, x-hop-secret',
      'x-hop-secret': 'must not pass',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      'proxy-connection': 'keep-alive',
    });
    expect(response.status).toBe(200);
    const headers = iam.received[0]?.headers ?? {};
    for (const name of ['x-hop-secret', 'keep-alive', 'te', 'proxy-connection']) expect(headers[name]).toBeUndefined();
  });

  it('when a write carries If-Match, then it reaches the IAM API untouched and the new strong ETag comes back', async () => {
    const read = await get('/api/iam/test-items/abc');
    expect(read.headers.etag).toBe(FAKE_ITEM_ETAG);
    const write = await rawRequest(bff.url, {
      method: 'PATCH',
      path: '/api/iam/test-items/abc',
      headers: { 'x-csrf': '1', cookie, 'content-type': 'application/json', 'if-match': read.headers.etag as string },
      body: '{"name":"x"}',
    });
    expect(write.status).toBe(200);
    expect(write.headers.etag).toBe('"8"');
    expect(iam.received[1]?.headers['if-match']).toBe(FAKE_ITEM_ETAG);
    expect(iam.received[1]?.body).toBe('{"name":"x"}');

    const stale = await rawRequest(bff.url, {
      method: 'PATCH',
      path: '/api/iam/test-items/abc',
      headers: { 'x-csrf': '1', cookie, 'content-type': 'application/json', 'if-match': '"1"' },
      body: '{}',
    });
    expectProblem(stale, 412, 'precondition_failed');
  });

  it('when a read carries If-None-Match with the current ETag, then the IAM API’s 304 reaches the browser', async () => {
    const response = await get('/api/iam/test-items/abc', { 'if-none-match': FAKE_ITEM_ETAG });
    expect(response.status).toBe(304);
    expect(response.headers.etag).toBe(FAKE_ITEM_ETAG);
    expect(iam.received[0]?.headers['if-none-match']).toBe(FAKE_ITEM_ETAG);
  });

  it('when the IAM API answers, then only representation headers pass and the BFF’s own security headers stay', async () => {
    const response = await get('/api/iam/test-items/abc');
    expect(response.status).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers.server).toBeUndefined();
    expect(response.headers['x-internal-trace']).toBeUndefined();
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(response.body)).toEqual({ id: 'abc', version: 7 });
  });

  it('when a body is over the limit, then 413 and the IAM API receives nothing', async () => {
    const response = await rawRequest(bff.url, {
      method: 'POST',
      path: '/api/iam/test-items',
      headers: { 'x-csrf': '1', cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(PROXY_BODY_LIMIT_BYTES) }),
    });
    expectProblem(response, 413, 'payload_too_large');
    expect(iam.received).toEqual([]);
  });

  it('when a body comes chunked with no length, then 411 and the IAM API receives nothing', async () => {
    const response = await rawRequest(bff.url, {
      method: 'POST',
      path: '/api/iam/test-items',
      headers: { 'x-csrf': '1', cookie, 'content-type': 'application/json' },
      body: '{"name":"x"}',
      chunked: true,
    });
    expectProblem(response, 411, 'length_required');
    expect(iam.received).toEqual([]);
  });

  it('when a body is within the limit, then the IAM API receives it byte for byte', async () => {
    const body = JSON.stringify({ name: 'é', padding: 'x'.repeat(10_000) });
    const response = await rawRequest(bff.url, {
      method: 'POST',
      path: '/api/iam/test-items',
      headers: { 'x-csrf': '1', cookie, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(201);
    expect(iam.received[0]?.body).toBe(body);
  });

  it('when the IAM API fails with a stack trace, then the browser gets a 503 problem and no trace', async () => {
    const response = await get('/api/iam/test-items/crash');
    const problem = expectProblem(response, 503, 'upstream_unavailable');
    expect(response.body).not.toMatch(/TypeError|secret-path|at Object/);
    expect(problem.requestId).toBe(response.headers['x-request-id']);
  });

  it('when the IAM API does not answer in time, then the proxy answers 504', async () => {
    expectProblem(await get('/api/iam/test-items/slow'), 504, 'upstream_timeout');
  });

  it('when the IAM API refuses the BFF’s credentials, then 503 naming them, no challenge, and the session stays', async () => {
    const response = await get('/api/iam/test-items/refused');
    const problem = expectProblem(response, 503, 'upstream_unavailable');
    expect(problem.detail).toMatch(/API_KEY and API_SECRET/);
    expect(response.body).not.toContain('upstream says');
    expect(response.headers['www-authenticate']).toBeUndefined();
    expect((await get('/api/iam/test-items/abc')).status).toBe(200);
  });

  it('when the IAM API says the actor’s session ended, then the BFF session ends too', async () => {
    expectProblem(await get('/api/iam/test-items/ended'), 401, 'unauthenticated');
    iam.received.length = 0;
    await expect.poll(async () => (await get('/api/iam/test-items/abc')).status).toBe(401);
    expect(iam.received).toEqual([]);
  });
});

describe('public routes (mailed-link pages), seen from the IAM API', () => {
  let iam: FakeIam;
  let bff: TestBff;

  beforeAll(async () => {
    iam = await startFakeIam();
    bff = await startTestBff({ iamBaseUrl: iam.url, proxyRoutes: FAKE_ROUTES, trustProxy: false });
  });
  afterAll(async () => {
    await bff?.close();
    await iam?.close();
  });
  beforeEach(() => {
    iam.received.length = 0;
  });

  const post = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(bff.url, {
      method: 'POST',
      path,
      headers: { 'x-csrf': '1', 'content-type': 'application/json', ...headers },
      body: '{"token":"abc"}',
    });

  it('when a public route is called with no cookie, then it reaches the IAM API with the client credentials only', async () => {
    const response = await post('/api/iam/test-items/abc/open', { 'user-agent': 'RealBrowser/1.0' });

    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toEqual({ id: 'abc', version: 7 });
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(iam.received).toHaveLength(1);
    const received = iam.received[0] as (typeof iam.received)[number];
    expect(received.url).toBe('/v2/client/test-items/abc/open');
    expect(received.body).toBe('{"token":"abc"}');
    expect(received.headers.authorization).toBe(BASIC);
    expect(received.headers['x-actor-token']).toBeUndefined();
    expect(received.headers.cookie).toBeUndefined();
    expect(received.headers['x-client-ip']).toBe('127.0.0.1');
    expect(received.headers['x-client-user-agent']).toBe('RealBrowser/1.0');
    expect(received.headers['x-request-id']).toBe(response.headers['x-request-id']);
  });

  it('when a signed-in browser calls a public route, even with a forged actor token, then no actor token reaches the IAM API', async () => {
    const cookie = await bff.sessionCookie(IAM_TOKEN);

    const response = await post('/api/iam/test-items/abc/open', {
      cookie,
      'x-actor-token': 'forged-actor-token',
      authorization: 'Basic ZXZpbDpldmls',
    });

    expect(response.status).toBe(201);
    const headers = iam.received[0]?.headers ?? {};
    expect(headers['x-actor-token']).toBeUndefined();
    expect(headers.authorization).toBe(BASIC);
    expect(headers.cookie).toBeUndefined();
    expect(JSON.stringify(iam.received)).not.toContain(IAM_TOKEN);
  });

  it('when the IAM API answers a public route with 401, then the browser’s own session is left alone', async () => {
    const cookie = await bff.sessionCookie(IAM_TOKEN);

    expectProblem(await post('/api/iam/test-items/ended/open', { cookie }), 401, 'unauthenticated');

    const session = await get(bff.url, '/api/iam/test-items/abc', cookie);
    expect(session.status).toBe(200);
    expect(iam.received.at(-1)?.headers['x-actor-token']).toBe(IAM_TOKEN);
  });

  it('when a session route is called with no cookie, then 401 and the IAM API receives nothing', async () => {
    expectProblem(await get(bff.url, '/api/iam/test-items/abc', ''), 401, 'unauthenticated');
    expectProblem(
      await rawRequest(bff.url, {
        method: 'POST',
        path: '/api/iam/test-items',
        headers: { 'x-csrf': '1', 'content-type': 'application/json' },
        body: '{}',
      }),
      401,
      'unauthenticated',
    );
    expect(iam.received).toEqual([]);
  });

  it('when a public route is called without X-CSRF or from another site, then 403 and the IAM API receives nothing', async () => {
    expectProblem(
      await rawRequest(bff.url, {
        method: 'POST',
        path: '/api/iam/test-items/abc/open',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
      403,
      'csrf_rejected',
    );
    expectProblem(await post('/api/iam/test-items/abc/open', { origin: 'https://evil.example' }), 403, 'csrf_rejected');
    expectProblem(await post('/api/iam/test-items/abc/open', { 'sec-fetch-site': 'cross-site' }), 403, 'csrf_rejected');
    expect(iam.received).toEqual([]);
  });

  it('when a public route is called with another method or a tricky path, then 404 and the IAM API receives nothing', async () => {
    for (const [method, path] of [
      ['GET', '/api/iam/test-items/abc/open'],
      ['POST', '/api/iam/test-items/abc/open/'],
      ['POST', '/api/iam/test-items/%2e%2e/open'],
      ['POST', '/api/iam/test-items/abc/../abc/open'],
    ] as const) {
      const response = await rawRequest(bff.url, {
        method,
        path,
        headers: { 'x-csrf': '1', 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expectProblem(response, 404, 'not_found');
    }
    expect(iam.received).toEqual([]);
  });
});

function get(base: string, path: string, cookie: string) {
  return rawRequest(base, { path, headers: { 'x-csrf': '1', ...(cookie ? { cookie } : {}) } });
}
