import net from 'node:net';
import { PROBLEM_CONTENT_TYPE, problemSchema } from '@team-access/contract';
import { sendStalled } from '@team-access/http-server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabases } from './testing/databases.ts';
import { basicAuth, startTestIam, TEST_OWNER, type TestIam } from './testing/harness.ts';
import { pausingDb } from './testing/pausing-db.ts';

// Issue 23: the IAM API's own server holds against slow bodies and many requests, and a sign-in
// whose caller stopped waiting leaves no live session behind.

const SIGN_IN = '/v2/client/auth/sign-in';

describe('the IAM API server under slow and many requests', () => {
  let iam: TestIam;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await (testDatabases[0] as (typeof testDatabases)[number]).create();
    drop = created.drop;
    iam = await startTestIam(created.db, { requestTimeoutMs: 500, maxInFlight: 3, maxConnections: 6 });
  });
  afterAll(async () => {
    await iam?.close();
    await drop?.();
  });

  const stalledSignIn = () =>
    sendStalled(iam.url, {
      method: 'POST',
      path: SIGN_IN,
      headers: { authorization: basicAuth() },
      declaredLength: 300,
    });

  it('when a body does not arrive within the deadline, then 408 problem+json and the connection closes', async () => {
    const answer = await stalledSignIn().answer;

    expect(answer.status).toBe(408);
    expect(answer.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(answer.headers.connection).toBe('close');
    expect(problemSchema.parse(JSON.parse(answer.body)).code).toBe('request_timeout');
  });

  it('when more requests are in flight than the limit, then the extra ones get 503 with Retry-After at once, health checks answer, and work resumes after', async () => {
    const stalled = Array.from({ length: 5 }, stalledSignIn);
    const answers = await Promise.all(stalled.map((s) => s.answer));
    const refused = answers.filter((a) => a.status === 503);

    expect(refused).toHaveLength(2);
    for (const answer of refused) {
      expect(answer.headers['retry-after']).toBe('1');
      expect(problemSchema.parse(JSON.parse(answer.body)).code).toBe('overloaded');
      expect(answer.afterMs).toBeLessThan(400);
    }
    expect(answers.filter((a) => a.status === 408)).toHaveLength(3);
    const signIn = await fetch(`${iam.url}${SIGN_IN}`, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify(TEST_OWNER),
    });
    expect(signIn.status).toBe(200);
  });

  it('when more connections are open than the limit, then the extra ones are closed at once and the server answers again after', async () => {
    // Start from no open connection (earlier tests' kept-alive ones would count).
    iam.server.closeIdleConnections();
    await vi.waitFor(async () => {
      const open = await new Promise<number>((resolve) => iam.server.getConnections((_err, n) => resolve(n)));
      expect(open).toBe(0);
    });
    const { hostname, port } = new URL(iam.url);
    const idle = Array.from({ length: 8 }, () => {
      const socket = net.connect({ host: hostname, port: Number(port) });
      socket.on('error', () => {});
      return socket;
    });
    const closedEarly = await Promise.all(
      idle.map(
        (socket) =>
          new Promise<boolean>((resolve) => {
            socket.once('close', () => resolve(true));
            // Still open when the server answers a request on it: it was accepted.
            socket.once('connect', () => {
              socket.write(`GET /healthz HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
              socket.once('data', () => resolve(false));
            });
          }),
      ),
    );
    for (const socket of idle) socket.destroy();
    expect(closedEarly.filter(Boolean)).toHaveLength(2);
    await vi.waitFor(async () => expect((await fetch(`${iam.url}/healthz`)).status).toBe(200));
  });

  it('while the in-flight limit is reached, then /healthz still answers', async () => {
    const stalled = Array.from({ length: 3 }, stalledSignIn);
    await vi.waitFor(async () => {
      const busy = await fetch(`${iam.url}${SIGN_IN}`, { method: 'POST', headers: { authorization: basicAuth() } });
      expect(busy.status).toBe(503);
    });
    expect((await fetch(`${iam.url}/healthz`)).status).toBe(200);
    await Promise.all(stalled.map((s) => s.answer));
  });
});

describe.each(testDatabases)('a sign-in whose caller stopped waiting, on $name', (database) => {
  let iam: TestIam;
  let drop: () => Promise<void>;
  let paused: ReturnType<typeof pausingDb>;
  /** The server side of the newest connection, to know when the IAM API has seen it close. */
  let serverSocket: net.Socket | undefined;
  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    paused = pausingDb(created.db);
    iam = await startTestIam(paused.db, {
      onRequest: (req) => {
        serverSocket = req.socket;
      },
    });
  });
  afterEach(async () => {
    await paused.settled();
  });
  afterAll(async () => {
    await iam?.close();
    await drop?.();
  });

  const liveSessions = async () =>
    (
      await iam.db.query<{ n: number }>(
        'select count(*)::int as n from sessions where tenant_id = $1 and revoked_at is null and expires_at > now()',
        [iam.tenantId],
      )
    )[0]?.n ?? 0;

  /** Sends a sign-in on a raw connection, closes it at the paused point, and lets the IAM API go on. */
  async function abandonSignIn(when: 'before' | 'after') {
    const { reached, resume } = paused.pauseNext(when);
    const body = JSON.stringify(TEST_OWNER);
    const { hostname, port } = new URL(iam.url);
    const client = net.connect({ host: hostname, port: Number(port) });
    client.on('error', () => {});
    client.write(
      `POST ${SIGN_IN} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: ${basicAuth()}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await reached;
    const closed = new Promise<void>((resolve) => serverSocket?.once('close', () => resolve()));
    client.destroy();
    await closed;
    resume();
    await paused.settled();
  }

  it('when the caller leaves before the session is committed, then the sign-in is rolled back', async () => {
    const before = await liveSessions();
    await abandonSignIn('before');

    expect(await liveSessions()).toBe(before);
    const audit = await iam.db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where tenant_id = $1 and action = 'auth.signed_in'`,
      [iam.tenantId],
    );
    expect(audit[0]?.n).toBe(0);
  });

  it('when the caller leaves after the commit but before the answer, then that session is ended', async () => {
    const before = await liveSessions();
    await abandonSignIn('after');

    await vi.waitFor(async () => expect(await liveSessions()).toBe(before));
  });
});
