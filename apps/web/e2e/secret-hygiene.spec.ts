import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_OWNER, expect, test } from './fixtures.ts';
import { ROOT, useOwnSystem } from './own-system.ts';
import { SCREENS, ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const DIST = path.join(ROOT, 'apps/web/dist');
const NEW_MEMBER = { email: 'hygiene-member@example.com', password: 'a member password nobody may see' };

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

/** The SHA-256 (hex) of every IAM session token ever issued, as the IAM API stores them. */
function iamTokenHashes(dataDir: string): Set<string> {
  const script = `import { openPglite } from './src/db/client.ts';
const db = await openPglite(process.argv[1]);
const rows = await db.query("select encode(token_hash, 'hex') as h from sessions");
process.stdout.write(JSON.stringify(rows.map((r) => r.h)));
await db.close();`;
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, path.join(dataDir, 'pglite')],
    { cwd: path.join(ROOT, 'apps/iam'), encoding: 'utf8' },
  );
  return new Set(JSON.parse(out) as string[]);
}

test.describe('secret hygiene over one end-to-end run', () => {
  // Debug logs: the most a server ever writes.
  const system = useOwnSystem({ logLevel: 'debug' });

  test('no response, header, built file, browser storage or server log holds API_SECRET, a password or a session token', async ({
    page,
    context,
  }) => {
    test.setTimeout(120_000);
    const recorded: { url: string; text: string }[] = [];
    const pending: Promise<void>[] = [];
    let sessionCookieHeaders = 0;
    page.on('response', (response) => {
      pending.push(
        (async () => {
          const headers = await response.allHeaders();
          if (headers['set-cookie']?.includes('__Host-ta_session=')) sessionCookieHeaders++;
          // The session cookie is set there by design; everything else in the headers is scanned.
          const { 'set-cookie': _setCookie, ...rest } = headers;
          const body = await response.body().then(
            (b) => b.toString('utf8'),
            () => '',
          );
          recorded.push({ url: response.url(), text: `${JSON.stringify(rest)}\n${body}` });
        })(),
      );
    });

    // The run: a wrong password, sign-in, every screen, the proxied API (reads, a create with a
    // password, a refused path), a reload, sign-out.
    const signIn = new SignInPage(page);
    await signIn.goto(`${system().url}/sign-in`);
    await signIn.signIn(E2E_OWNER.email, 'a wrong password, tried first');
    await expect(signIn.error()).toBeVisible();
    await signIn.signIn(E2E_OWNER.email, E2E_OWNER.password);
    const shell = new ShellPage(page);
    await shell.expectSignedInAs(E2E_OWNER.email);
    for (const screen of SCREENS) await shell.open(screen);
    const statuses = await page.evaluate(async (member) => {
      const call = async (path: string, init: RequestInit = {}) =>
        (
          await fetch(path, {
            ...init,
            headers: { 'x-csrf': '1', 'content-type': 'application/json', ...(init.headers ?? {}) },
          })
        ).status;
      return [
        await call('/api/iam/auth/me'),
        await call('/api/iam/permissions'),
        await call('/api/iam/multi-user'),
        await call('/api/iam/multi-user', { method: 'POST', body: JSON.stringify(member) }),
        await call('/api/iam/auth/sign-in', { method: 'POST', body: '{}' }),
      ];
    }, NEW_MEMBER);
    expect(statuses).toEqual([200, 200, 200, 201, 404]);
    await page.reload();
    await shell.expectSignedInAs(E2E_OWNER.email);

    const cookies = await context.cookies();
    const sessionId = cookies.find((c) => c.name === '__Host-ta_session')?.value ?? '';
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const storage = await page.evaluate(async () => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      documentCookie: document.cookie,
      indexedDb: JSON.stringify(await indexedDB.databases()),
      caches: JSON.stringify(await caches.keys()),
    }));
    await shell.signOut();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await Promise.all(pending);
    await system().stop();

    const { apiSecret, apiKey } = JSON.parse(fs.readFileSync(path.join(system().dataDir, 'credentials.json'), 'utf8'));
    const basic = Buffer.from(`${apiKey}:${apiSecret}`).toString('base64');
    const secrets: Record<string, string> = {
      API_SECRET: apiSecret,
      'the Basic credential': basic,
      "the owner's password": E2E_OWNER.password,
      'the wrong password': 'a wrong password, tried first',
      "the new member's password": NEW_MEMBER.password,
      'the BFF session id': sessionId,
    };
    const iamTokens = iamTokenHashes(system().dataDir);
    expect(iamTokens.size).toBeGreaterThanOrEqual(1);
    expect(sessionCookieHeaders).toBeGreaterThanOrEqual(1);

    const places: { name: string; text: string }[] = [
      ...recorded.map((r) => ({ name: `response ${r.url}`, text: r.text })),
      ...files(DIST).map((file) => ({
        name: `built ${path.relative(DIST, file)}`,
        text: fs.readFileSync(file, 'utf8'),
      })),
      ...Object.entries(storage).map(([name, text]) => ({ name: `browser ${name}`, text })),
      { name: 'server logs', text: system().logs() },
    ];
    expect(recorded.length).toBeGreaterThan(10);
    // The request logs are there to scan (pino-http logs every request at info).
    expect(system().logs()).toContain('"url":"/api/session"');
    for (const place of places) {
      for (const [what, secret] of Object.entries(secrets)) {
        expect(place.text.includes(secret), `${what} in ${place.name}`).toBe(false);
      }
      // Any token-shaped string that hashes to an IAM session token is one.
      for (const candidate of place.text.match(/[A-Za-z0-9_-]{43}/g) ?? []) {
        const hash = createHash('sha256').update(candidate).digest('hex');
        expect(iamTokens.has(hash), `an IAM session token in ${place.name}`).toBe(false);
      }
    }
  });
});
