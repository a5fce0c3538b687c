import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { bffRoutes, type RouteDef, routeList } from '@team-access/contract';
import { TEST_OWNER, type TestIam } from '@team-access/iam/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browser, expectProblem, liveIamSessions } from './testing/browser.ts';
import { rawRequest } from './testing/fake-iam.ts';
import { startIamOnOwnDatabase, startTestBff, type TestBff } from './testing/harness.ts';

/** A proxied contract route as the browser calls it, with a placeholder for each path parameter. */
const browserPath = (r: RouteDef) =>
  `/api/iam${r.path.slice('/v2/client'.length).replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000')}`;

/** Routes proxied for a signed-in admin only, and public routes (mailed-link pages, no session). */
const sessionRoutes = routeList.filter((r) => r.browser === true && r.path.startsWith('/v2/client/'));
const publicRoutes = routeList.filter((r) => r.browser === 'public' && r.path.startsWith('/v2/client/'));

/** Every state-changing route the BFF serves: its own, and every proxied one from the contract. */
const mutatingRoutes = [
  ...bffRoutes.filter((r) => r.mutating).map((r) => ({ method: r.method.toUpperCase(), path: r.path })),
  ...routeList
    .filter((r) => r.browser && r.method !== 'get' && r.path.startsWith('/v2/client/'))
    .map((r) => ({ method: r.method.toUpperCase(), path: browserPath(r) })),
];

describe('BFF security against a real IAM API', () => {
  let iam: TestIam;
  let bff: TestBff;
  const received: { method: string; url: string; headers?: http.IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    iam = await startIamOnOwnDatabase({
      onRequest: (req: http.IncomingMessage) =>
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers }),
    });
    bff = await startTestBff({ iamBaseUrl: iam.url, trustProxy: false });
  });
  afterAll(async () => {
    await bff?.close();
    await iam?.close();
  });
  beforeEach(() => {
    received.length = 0;
  });

  describe('Host allow-list (DNS rebinding)', () => {
    const port = () => new URL(bff.url).port;
    const signIn = (host: string, origin: string) =>
      rawRequest(bff.url, {
        method: 'POST',
        path: '/api/session',
        headers: { host, origin, 'x-csrf': '1', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
        body: JSON.stringify({ email: TEST_OWNER.email, password: TEST_OWNER.password }),
      });

    it('when a page on another name that resolves here signs in (same-origin to itself), then 421 problem+json and the IAM API is not asked', async () => {
      const res = await signIn(`evil.example:${port()}`, `http://evil.example:${port()}`);
      expect(res.status).toBe(421);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ status: 421, code: 'misdirected_request' });
      expect(received).toEqual([]);
    });

    it('when another Host asks for a page or a public route, then 421 as well; the health probes answer any Host', async () => {
      const host = `rebound.example:${port()}`;
      expect((await rawRequest(bff.url, { path: '/sign-in', headers: { host } })).status).toBe(421);
      expect(
        (
          await rawRequest(bff.url, {
            method: 'POST',
            path: '/api/iam/invitations/lookup',
            headers: { host, 'x-csrf': '1', 'content-type': 'application/json' },
            body: JSON.stringify({ token: 'A'.repeat(43) }),
          })
        ).status,
      ).toBe(421);
      expect((await rawRequest(bff.url, { path: '/healthz', headers: { host } })).status).toBe(200);
      expect(received).toEqual([]);
    });

    it('when APP_URL is not set, then the BFF answers on its own port at localhost and 127.0.0.1', async () => {
      expect((await signIn(`localhost:${port()}`, `http://localhost:${port()}`)).status).toBe(200);
      expect((await signIn(`127.0.0.1:${port()}`, `http://127.0.0.1:${port()}`)).status).toBe(200);
      expect((await signIn(`localhost:${Number(port()) + 1}`, `http://localhost:${Number(port()) + 1}`)).status).toBe(
        421,
      );
    });

    it('when the allowed origins are set, then exactly those Hosts are answered (behind a trusted proxy, the forwarded one)', async () => {
      const pinned = await startTestBff({
        iamBaseUrl: iam.url,
        trustProxy: 'loopback',
        allowedOrigins: ['https://app.example', 'http://localhost:5173'],
      });
      try {
        const at = (headers: Record<string, string>) =>
          rawRequest(pinned.url, {
            method: 'POST',
            path: '/api/session',
            headers: { 'x-csrf': '1', 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ email: TEST_OWNER.email, password: TEST_OWNER.password }),
          });
        const viaProxy = await at({
          host: '127.0.0.1',
          'x-forwarded-host': 'app.example',
          'x-forwarded-proto': 'https',
          origin: 'https://app.example',
        });
        expect(viaProxy.status).toBe(200);
        expect((await at({ host: 'localhost:5173', origin: 'http://localhost:5173' })).status).toBe(200);
        const own = new URL(pinned.url).host;
        expect((await at({ host: own, origin: `http://${own}` })).status).toBe(421);
      } finally {
        await pinned.close();
      }
    });
  });

  describe('CSRF, on every mutating route', () => {
    it('the enumeration covers the BFF’s own routes and every proxied write', () => {
      expect(mutatingRoutes).toEqual(
        expect.arrayContaining([
          { method: 'POST', path: '/api/session' },
          { method: 'DELETE', path: '/api/session' },
          { method: 'POST', path: '/api/session/two-step' },
          { method: 'POST', path: '/api/session/two-step/passkey-options' },
          { method: 'POST', path: '/api/session/passkey' },
        ]),
      );
      const proxiedWrites = routeList.filter((r) => r.browser && r.method !== 'get').length;
      expect(mutatingRoutes).toHaveLength(5 + proxiedWrites);
    });

    const attacks: [string, Record<string, string>, boolean][] = [
      ['without X-CSRF: 1', {}, false],
      ['with X-CSRF: 0', { 'x-csrf': '0' }, false],
      ['with a foreign Origin', { origin: 'https://evil.example' }, true],
      ['with a look-alike Origin', { origin: 'http://127.0.0.1.evil.example' }, true],
      ['with Origin: null', { origin: 'null' }, true],
      ['with Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, true],
      ['with Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }, true],
    ];

    for (const route of mutatingRoutes) {
      it.each(attacks)(
        `when ${route.method} ${route.path} comes %s, then 403 and the IAM API receives nothing`,
        async (_label, headers, csrf) => {
          // Signed in, so a refusal is the CSRF check and not a missing session.
          const b = browser(bff.url);
          await b.signIn();
          received.length = 0;
          const response = await b.fetch(route.path, {
            method: route.method,
            csrf,
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ email: TEST_OWNER.email, password: TEST_OWNER.password }),
          });
          await expectProblem(response, 403, 'csrf_rejected');
          expect(received).toEqual([]);
        },
      );
    }

    it('when a read comes without X-CSRF, then it is refused too', async () => {
      const b = browser(bff.url);
      await b.signIn();
      received.length = 0;
      await expectProblem(await b.fetch('/api/session', { csrf: false }), 403, 'csrf_rejected');
      await expectProblem(await b.fetch('/api/iam/auth/me', { csrf: false }), 403, 'csrf_rejected');
      expect(received).toEqual([]);
    });

    it('when any origin asks for CORS, then no route grants it', async () => {
      for (const route of [...mutatingRoutes, { method: 'GET', path: '/api/iam/auth/me' }]) {
        const preflight = await fetch(`${bff.url}${route.path}`, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://evil.example',
            'access-control-request-method': route.method,
            'access-control-request-headers': 'x-csrf, content-type',
          },
        });
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
        expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
        expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
      }
    });

    it('when a proxy in front says another host, then without TRUST_PROXY the Origin must match the Host itself', async () => {
      const response = await browser(bff.url).fetch('/api/session', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'https://app.example',
          'x-forwarded-host': 'app.example',
          'x-forwarded-proto': 'https',
        },
        body: JSON.stringify({ email: TEST_OWNER.email, password: TEST_OWNER.password }),
      });
      await expectProblem(response, 403, 'csrf_rejected');
    });
  });

  describe('session routes and public routes, enumerated from the contract', () => {
    it('the enumeration splits every proxied route into session and public ones, and the public ones are the mailed-link pages and the sign-in page', () => {
      expect(sessionRoutes.length + publicRoutes.length).toBe(routeList.filter((r) => r.browser).length);
      expect(publicRoutes.map((r) => r.operationId).sort()).toEqual(
        [
          'acceptInvitation',
          'completePasswordReset',
          'previewInvitation',
          'requestPasswordReset',
          'previewPasswordReset',
          'verifyEmail',
          'signInMethods',
          'passwordlessOptions',
        ].sort(),
      );
      // Public routes act for nobody: none of them may need an actor.
      expect(publicRoutes.filter((r) => r.auth !== 'client')).toEqual([]);
    });

    for (const route of sessionRoutes) {
      const path = browserPath(route);
      it(`when ${route.method.toUpperCase()} ${path} comes with no session, then 401 and the IAM API receives nothing`, async () => {
        const response = await browser(bff.url).fetch(path, {
          method: route.method.toUpperCase(),
          ...(route.method === 'get' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
        });
        await expectProblem(response, 401, 'unauthenticated');
        expect(received).toEqual([]);
      });
    }

    for (const route of publicRoutes) {
      const path = browserPath(route);
      it(`when ${route.method.toUpperCase()} ${path} comes with no session, or with one, then it reaches the IAM API with no actor token`, async () => {
        const signedIn = browser(bff.url);
        await signedIn.signIn();
        received.length = 0;
        const init =
          route.method === 'get'
            ? { method: 'GET' }
            : { method: route.method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: '{}' };
        const anonymous = await browser(bff.url).fetch(path, init);
        const withSession = await signedIn.fetch(path, init);

        for (const response of [anonymous, withSession]) {
          // The IAM API's own answer to an empty body (or to a route it does not have yet), never the BFF's refusal.
          expect([401, 403, 429]).not.toContain(response.status);
          expect(response.headers.get('set-cookie')).toBeNull();
        }
        const call = `${route.method.toUpperCase()} ${route.path}`;
        expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([call, call]);
        for (const { headers } of received) {
          expect(headers?.['x-actor-token']).toBeUndefined();
          expect(headers?.authorization).toMatch(/^Basic /);
        }
        // The browser's session is untouched by it.
        expect((await signedIn.fetch('/api/session')).status).toBe(200);
      });
    }
  });

  describe('the session cookie', () => {
    it('when signing in many times, then every id is new, 256 random bits in base64url', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const b = browser(bff.url);
        await b.signIn();
        const id = (b.cookie ?? '').split('=')[1] ?? '';
        expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(Buffer.from(id, 'base64url')).toHaveLength(32);
        ids.add(id);
      }
      expect(ids.size).toBe(5);
    });

    it('when an admin ends the user’s IAM sessions, then the BFF session ends too', async () => {
      const b = browser(bff.url);
      await b.signIn();
      await iam.db.query('update sessions set revoked_at = now() where revoked_at is null');
      await expectProblem(await b.fetch('/api/session'), 401, 'unauthenticated');
      // The cookie the browser still holds is refused by the BFF itself now.
      const replay = browser(bff.url);
      replay.cookie = (await signedInCookie()) ?? '';
      await iam.db.query('update sessions set revoked_at = now() where revoked_at is null');
      await expectProblem(await replay.fetch('/api/iam/auth/me'), 401, 'unauthenticated');
      received.length = 0;
      await expectProblem(await replay.fetch('/api/iam/auth/me'), 401, 'unauthenticated');
      await expectProblem(await replay.fetch('/api/session'), 401, 'unauthenticated');
      expect(received).toEqual([]);
    });

    it('when the user is deactivated, then the BFF session ends at the next request', async () => {
      const b = browser(bff.url);
      await b.signIn();
      const owner = await iam.db.query<{ id: string }>('select id from users where email = $1', [TEST_OWNER.email]);
      try {
        await iam.db.query("update users set status = 'inactive' where id = $1", [owner[0]?.id]);
        await expectProblem(await b.fetch('/api/iam/auth/me'), 401, 'unauthenticated');
        received.length = 0;
        await expectProblem(await b.fetch('/api/session'), 401, 'unauthenticated');
        expect(received).toEqual([]);
      } finally {
        await iam.db.query("update users set status = 'active' where id = $1", [owner[0]?.id]);
      }
    });

    async function signedInCookie() {
      const b = browser(bff.url);
      await b.signIn();
      return b.cookie;
    }
  });
});

describe('the absolute session lifetime', () => {
  it('when a session keeps working past its lifetime, then it ends anyway, in the IAM API too', async () => {
    const iam = await startIamOnOwnDatabase();
    const LIFETIME_MS = 1_200;
    const bff = await startTestBff({ iamBaseUrl: iam.url, sessionAbsoluteTimeoutMs: LIFETIME_MS });
    try {
      const b = browser(bff.url);
      expect((await b.signIn()).status).toBe(200);
      const live = await liveIamSessions(iam);
      let status = 200;
      const started = Date.now();
      while (status === 200) {
        status = (await b.fetch('/api/session')).status;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(401);
      expect(Date.now() - started).toBeGreaterThanOrEqual(LIFETIME_MS - 100);
      await expect.poll(() => liveIamSessions(iam)).toBe(live - 1);
    } finally {
      await bff.close();
      await iam.close();
    }
  });
});

describe('security headers on the web app and the API', () => {
  let iam: TestIam;
  let webDist: string;
  const bffs: Record<'development' | 'production', TestBff | undefined> = {
    development: undefined,
    production: undefined,
  };

  beforeAll(async () => {
    iam = await startIamOnOwnDatabase();
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-web-'));
    fs.mkdirSync(path.join(webDist, 'assets'));
    fs.writeFileSync(
      path.join(webDist, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>',
    );
    fs.writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log("app")');
    bffs.development = await startTestBff({ iamBaseUrl: iam.url, webDist });
    bffs.production = await startTestBff({ iamBaseUrl: iam.url, webDist, secureCookies: true });
  });
  afterAll(async () => {
    await bffs.development?.close();
    await bffs.production?.close();
    await iam?.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  const targets: [string, string, Record<string, string>][] = [
    ['the SPA entry', '/', { accept: 'text/html' }],
    ['a deep link into the SPA', '/users/123', { accept: 'text/html' }],
    ['a hashed asset', '/assets/app.js', {}],
    ['an API answer', '/api/session', { 'x-csrf': '1' }],
    ['a proxied API answer', '/api/iam/auth/me', { 'x-csrf': '1' }],
    ['an API refusal', '/api/session', {}],
    ['an unknown API route', '/api/nothing', { 'x-csrf': '1' }],
    ['a health check', '/healthz', {}],
  ];

  it.each(targets)('when %s is served, then helmet’s strict headers are on it', async (_label, target, headers) => {
    const response = await fetch(`${bffs.development?.url}${target}`, { headers });
    const csp = Object.fromEntries(
      (response.headers.get('content-security-policy') ?? '').split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('x-powered-by')).toBeNull();
    // HSTS only in production: on plain-http development it would pin localhost to https.
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it.each(targets)('when %s is served in production, then HSTS is on it too', async (_label, target, headers) => {
    const response = await fetch(`${bffs.production?.url}${target}`, { headers });
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('when the SPA is served, then the page it gets runs no inline script', async () => {
    const html = await (await fetch(`${bffs.development?.url}/`, { headers: { accept: 'text/html' } })).text();
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
      expect(tag).toMatch(/\bsrc="/);
      expect(tag).toMatch(/><\/script>$/);
    }
  });
});
