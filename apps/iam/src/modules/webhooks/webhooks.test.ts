import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { User, WebhookDelivery, WebhookPayload, WebhookWithSecret } from '@team-access/contract';
import { Webhook as Verifier } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createLogger } from '../../logger.ts';
import { secretBox } from '../../security/secret-box.ts';
import { expectProblem, type IamClient, iamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, startTestIam, TEST_OWNER, type TestIam } from '../../testing/harness.ts';
import { createJobRunner, type JobRunner } from '../jobs/runner.ts';
import { isForbiddenAddress } from './address-guard.ts';
import { createWebhookOutbox, WEBHOOK_RETRY_DELAYS_SECONDS } from './outbox.ts';

/**
 * Webhooks (ADR 050) through the real HTTP API and the real job runner, on PGlite and PostgreSQL,
 * with a receiver this test starts on loopback (ports 3470-3489; the IAM here runs with
 * WEBHOOK_ALLOW_PRIVATE, except where the refusal itself is tested). No fixed sleeps: the runner
 * is run until the outcome shows, and back-off is skipped by making the next try due now.
 */

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A receiver on loopback: answers each request with the next queued status (200 when none is queued). */
async function startReceiver(port: number) {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'thanks' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const PASSWORD = 'a webhook test password';

describe.each(testDatabases.map((d, i) => ({ ...d, port: 3470 + i * 4 })))('webhooks on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let drop: () => Promise<void>;
  let ownerToken = '';
  let owner: User;
  let adminToken = '';
  let memberToken = '';
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let runner: JobRunner;
  let strictRunner: JobRunner;
  const logger = createLogger('silent', 'iam-test');
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => iam.db.query<T>(text, params);

  /** Runs the job runner until `done` holds (each run sends every delivery that is due). */
  async function runUntil<T>(check: () => Promise<T | undefined>, using = runner): Promise<T> {
    for (let i = 0; i < 50; i += 1) {
      await using.runDue();
      const value = await check();
      if (value !== undefined) return value;
    }
    throw new Error('the outcome did not show');
  }

  const deliveriesOf = async (webhookId: string, token = ownerToken) => {
    const res = await api.call('GET', `/v2/client/webhooks/${webhookId}/deliveries`, { token });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return (res.json as { items: WebhookDelivery[] }).items;
  };

  const addWebhook = async (body: Record<string, unknown>) => {
    const res = await api.call('POST', '/v2/client/webhooks', { token: ownerToken, body });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json as WebhookWithSecret;
  };

  const payloads = () => receiver.received.map((r) => JSON.parse(r.body) as WebhookPayload);

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    iam = await startTestIam(created.db, { webhookAllowPrivate: true });
    api = iamClient(iam.url);
    ownerToken = await api.signIn(TEST_OWNER.email, TEST_OWNER.password);
    owner = (await api.call('GET', '/v2/client/auth/me', { token: ownerToken })).json;
    adminToken = (await api.createSignedIn({ email: 'admin@hooks.example', password: PASSWORD, role: 'ADMIN' })).token;
    memberToken = (await api.createSignedIn({ email: 'member@hooks.example', password: PASSWORD })).token;
    receiver = await startReceiver(database.port);
    const outbox = (allowPrivate: boolean) =>
      createWebhookOutbox({ box: secretBox(iam.mfaKey), allowPrivate, timeoutMs: 3_000 });
    runner = createJobRunner({ db: iam.db, logger, handlers: {}, outboxes: { webhooks: outbox(true) } });
    strictRunner = createJobRunner({ db: iam.db, logger, handlers: {}, outboxes: { webhooks: outbox(false) } });
  });
  afterAll(async () => {
    await receiver?.close();
    await iam?.close();
    await drop?.();
  });

  it('when a user is created, then the receiver gets a user.created signed so that standardwebhooks verifies the raw body', async () => {
    const hook = await addWebhook({ url: receiver.url, description: 'CRM sync', events: ['user.created'] });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const shown = await api.call('GET', `/v2/client/webhooks/${hook.id}`, { token: ownerToken });
    expect(JSON.stringify(shown.json)).not.toContain(hook.secret);
    receiver.received.length = 0;

    const user = await api.createUser({ email: 'signed@hooks.example' });
    const got = await runUntil(async () => receiver.received[0]);
    const verified = new Verifier(hook.secret).verify(got.body, got.headers) as WebhookPayload;
    expect(verified.type).toBe('user.created');
    expect(verified.data.subject).toMatchObject({ type: 'user', id: user.id, email: 'signed@hooks.example' });
    const [event] = await sql<{ id: string }>(
      `select id from audit_events where action = 'user.created' and target_id = $1`,
      [user.id],
    );
    expect(verified.data.eventId).toBe(event?.id);
    expect(got.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Re-serialised JSON, a changed byte, another secret, a stale timestamp: all refused.
    expect(() =>
      new Verifier(hook.secret).verify(JSON.stringify(JSON.parse(got.body), null, 1), got.headers),
    ).toThrow();
    expect(() => new Verifier(hook.secret).verify(got.body.replace('signed@', 'signer@'), got.headers)).toThrow();
    const other = (await addWebhook({ url: receiver.url, events: ['role.deleted'] })).secret;
    expect(() => new Verifier(other).verify(got.body, got.headers)).toThrow();
    const stale = { ...got.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 6 * 60) };
    expect(() => new Verifier(hook.secret).verify(got.body, stale)).toThrow();
    await api.call('DELETE', `/v2/client/webhooks/${hook.id}`, { token: ownerToken });
  });

  it('when a change comes from the console, the API, or a call naming a webhook delivery, then the payload says so, with the actor', async () => {
    const hook = await addWebhook({ url: receiver.url, events: ['user.created'] });
    receiver.received.length = 0;
    await api.createUser({ email: 'from-api@hooks.example' });
    await api.call('POST', '/v2/client/multi-user', {
      token: ownerToken,
      body: { email: 'from-console@hooks.example', password: PASSWORD },
    });
    await api.call('POST', '/v2/client/multi-user', {
      headers: { 'x-triggered-by-webhook': 'msg_123' },
      body: { email: 'from-hook@hooks.example', password: PASSWORD },
    });
    await runUntil(async () => (receiver.received.length >= 3 ? true : undefined));
    const by = (email: string) => payloads().find((p) => p.data.subject.email === email)?.data;
    expect(by('from-api@hooks.example')).toMatchObject({ source: 'api', actor: null });
    expect(by('from-console@hooks.example')).toMatchObject({
      source: 'console',
      actor: { id: owner.id, email: TEST_OWNER.email },
    });
    expect(by('from-hook@hooks.example')).toMatchObject({ source: 'webhook-triggered', actor: null });
    const [event] = await sql<{ source: string }>(
      `select source from audit_events where action = 'user.created' and target_email = 'from-hook@hooks.example'`,
    );
    expect(event?.source).toBe('webhook-triggered');
    await api.call('DELETE', `/v2/client/webhooks/${hook.id}`, { token: ownerToken });
  });

  it('when the receiver fails twice, then the delivery is retried after 10 s and 1 min, and the third try succeeds', async () => {
    const hook = await addWebhook({ url: receiver.url, events: ['role.created'] });
    receiver.received.length = 0;
    receiver.answers.push(500, 503);
    await api.call('POST', '/v2/client/roles', { body: { name: 'Retried', permissions: [] } });

    const dueIn = async () => {
      const [d] = await sql<{ seconds: number; failures: number }>(
        `select extract(epoch from next_attempt_at - now())::float8 as seconds, failures
           from webhook_deliveries where webhook_id = $1`,
        [hook.id],
      );
      return d;
    };
    for (const [failures, delay] of [
      [1, WEBHOOK_RETRY_DELAYS_SECONDS[0]],
      [2, WEBHOOK_RETRY_DELAYS_SECONDS[1]],
    ] as const) {
      const after = await runUntil(async () => {
        const d = await dueIn();
        return d && d.failures === failures ? d : undefined;
      });
      // The back-off step is waiting (not due yet): nothing more is sent until it is.
      expect(after.seconds).toBeGreaterThan((delay as number) - 5);
      expect(after.seconds).toBeLessThanOrEqual(delay as number);
      await runner.runDue();
      expect(receiver.received).toHaveLength(failures);
      // Time passes: the try is due now.
      await sql('update webhook_deliveries set next_attempt_at = now() where webhook_id = $1', [hook.id]);
    }
    const [delivery] = await runUntil(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.status === 'delivered' ? list : undefined;
    });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery?.id]));
    expect(delivery?.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
      [3, 200],
      [2, 503],
      [1, 500],
    ]);
    expect(delivery?.attempts[0]?.responseExcerpt).toBe('thanks');
    expect(delivery?.attempts[1]?.error).toBe('Answered 503');
    expect(delivery?.attempts.every((a) => a.durationMs >= 0)).toBe(true);
    await api.call('DELETE', `/v2/client/webhooks/${hook.id}`, { token: ownerToken });
  });

  it('when a webhook is paused, then no delivery is made for it until it is resumed', async () => {
    const hook = await addWebhook({ url: receiver.url, events: ['role.created'] });
    receiver.received.length = 0;
    // Queued before the pause: held while paused.
    await api.call('POST', '/v2/client/roles', { body: { name: 'Before pause', permissions: [] } });
    const paused = await api.call('PATCH', `/v2/client/webhooks/${hook.id}`, {
      token: ownerToken,
      body: { paused: true },
    });
    expect(paused.json).toMatchObject({ paused: true });
    await api.call('POST', '/v2/client/roles', { body: { name: 'During pause', permissions: [] } });
    await runner.runDue();
    await runner.runDue();
    expect(receiver.received).toHaveLength(0);
    expect((await deliveriesOf(hook.id)).map((d) => d.status)).toEqual(['pending']);

    await api.call('PATCH', `/v2/client/webhooks/${hook.id}`, { token: ownerToken, body: { paused: false } });
    await runUntil(async () => (receiver.received.length === 1 ? true : undefined));
    expect(payloads()[0]?.data.subject.name).toBe('Before pause');
    await api.call('DELETE', `/v2/client/webhooks/${hook.id}`, { token: ownerToken });
  });

  it('when "send test event" and then "redeliver" are asked, then the receiver gets the test twice with one webhook-id, and both are audited', async () => {
    const hook = await addWebhook({ url: receiver.url, events: ['user.deleted'] });
    receiver.received.length = 0;
    const sent = await api.call('POST', `/v2/client/webhooks/${hook.id}/test`, { token: ownerToken });
    expect(sent.status).toBe(202);
    const delivery = sent.json as WebhookDelivery;
    expect(delivery).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    await runUntil(async () => ((await deliveriesOf(hook.id))[0]?.status === 'delivered' ? true : undefined));
    const again = await api.call('POST', `/v2/client/webhooks/${hook.id}/deliveries/${delivery.id}/redeliver`, {
      token: adminToken,
    });
    expect(again.status, JSON.stringify(again.json)).toBe(202);
    await runUntil(async () => (receiver.received.length === 2 ? true : undefined));
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([delivery.id, delivery.id]);
    expect(payloads()[0]).toMatchObject({
      type: 'webhook.test',
      data: { source: 'console', action: 'webhook.test_sent' },
    });
    const [d] = await deliveriesOf(hook.id);
    expect(d?.attempts.map((a) => a.statusCode)).toEqual([200, 200]);
    const actions = await sql<{ action: string }>(
      `select action from audit_events where target_id = $1 order by created_at`,
      [hook.id],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'webhook.created',
      'webhook.test_sent',
      'webhook.redelivery_requested',
    ]);
    await api.call('DELETE', `/v2/client/webhooks/${hook.id}`, { token: ownerToken });
  });

  it('when two instances drain the outbox at once, then each delivery is tried once', async () => {
    const hook = await addWebhook({ url: receiver.url, events: ['role.created'] });
    receiver.received.length = 0;
    for (let i = 0; i < 12; i += 1) {
      await api.call('POST', '/v2/client/roles', { body: { name: `Race ${i}`, permissions: [] } });
    }
    const second = createJobRunner({
      db: iam.db,
      logger,
      handlers: {},
      outboxes: { webhooks: createWebhookOutbox({ box: secretBox(iam.mfaKey), allowPrivate: true }) },
    });
    await Promise.all([runner.runDue(), second.runDue(), runner.runDue(), second.runDue()]);
    await runUntil(async () => (receiver.received.length >= 12 ? true : undefined));
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    const [tries] = await sql<{ n: number }>(
      `select count(*)::int as n from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id where d.webhook_id = $1`,
      [hook.id],
    );
    expect(tries?.n).toBe(12);
    await api.call('DELETE', `/v2/client/webhooks/${hook.id}`, { token: ownerToken });
  });

  it('when the operator does not allow private addresses, then a delivery to loopback is refused at delivery time and nothing is sent', async () => {
    const hook = await addWebhook({ url: receiver.url.replace('127.0.0.1', 'localhost'), events: ['role.created'] });
    receiver.received.length = 0;
    await api.call('POST', '/v2/client/roles', { body: { name: 'Refused', permissions: [] } });
    const [delivery] = await runUntil(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.attempts.length ? list : undefined;
    }, strictRunner);
    expect(receiver.received).toHaveLength(0);
    expect(delivery?.attempts[0]).toMatchObject({ statusCode: null });
    expect(delivery?.attempts[0]?.error).toMatch(/private, loopback/);
    await api.call('DELETE', `/v2/client/webhooks/${hook.id}`, { token: ownerToken });
  });

  it('when the operator does not allow private addresses, then saving one is a 400 naming url and nothing is created', async () => {
    const strictApp = createApp({ db: iam.db, logger, mfaKey: iam.mfaKey });
    const server = http.createServer(strictApp);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const strict = iamClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const [before] = await sql<{ n: number }>('select count(*)::int as n from webhooks');
      for (const url of [
        'http://127.0.0.1:3470/hook',
        'http://localhost:3470/hook',
        'http://10.1.2.3/hook',
        'http://169.254.169.254/latest/meta-data',
        'https://[::1]/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://[::ffff:a9fe:a9fe]/hook',
        'http://[fd00:ec2::254]/hook',
        'http://[fe80::1]/hook',
        'http://0.0.0.0/hook',
      ]) {
        const res = await strict.call('POST', '/v2/client/webhooks', { token: ownerToken, body: { url } });
        expectProblem(res, 400, 'validation_failed');
        expect(
          (res.json as { errors: { path: string }[] }).errors.map((e) => e.path),
          url,
        ).toEqual(['body.url']);
      }
      const existing = await addWebhook({ url: receiver.url, events: ['role.created'] });
      const moved = await strict.call('PATCH', `/v2/client/webhooks/${existing.id}`, {
        token: ownerToken,
        body: { url: 'http://192.168.1.1/' },
      });
      expectProblem(moved, 400, 'validation_failed');
      const [after] = await sql<{ n: number }>('select count(*)::int as n from webhooks');
      expect(after?.n).toBe((before?.n ?? 0) + 1);
      await api.call('DELETE', `/v2/client/webhooks/${existing.id}`, { token: ownerToken });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('when the address is not http(s), has credentials, or an event is unknown, then 400 naming the field', async () => {
    for (const [body, path] of [
      [{ url: 'ftp://example.com/' }, 'url'],
      [{ url: 'javascript:alert(1)' }, 'url'],
      [{ url: 'https://user:pw@example.com/' }, 'url'],
      [{ url: receiver.url, events: ['user.exploded'] }, 'events.0'],
      [{ url: receiver.url, events: [] }, 'events'],
      [{ url: receiver.url, secret: 'mine' }, 'secret'],
    ] as const) {
      const res = await api.call('POST', '/v2/client/webhooks', { token: ownerToken, body });
      expectProblem(res, 400, 'validation_failed');
      expect(JSON.stringify((res.json as { errors: unknown[] }).errors), JSON.stringify(body)).toContain(path);
    }
  });

  it("when another tenant asks, then it sees none of this tenant's webhooks and its events reach none of them", async () => {
    await addTenant(iam.db);
    const other = { credentials: OTHER_TENANT_CREDENTIALS };
    const hook = await addWebhook({ url: receiver.url, events: ['user.created'] });
    receiver.received.length = 0;
    expect((await api.call('GET', `/v2/client/webhooks/${hook.id}`, other)).status).toBe(404);
    expect((await api.call('GET', `/v2/client/webhooks/${hook.id}/deliveries`, other)).status).toBe(404);
    expect((await api.call('DELETE', `/v2/client/webhooks/${hook.id}`, other)).status).toBe(404);
    expect((await api.call('POST', `/v2/client/webhooks/${hook.id}/test`, other)).status).toBe(404);
    expect((await api.call('GET', '/v2/client/webhooks', other)).json).toEqual({ items: [] });
    await api.call('POST', '/v2/client/multi-user', {
      ...other,
      body: { email: 'x@other.example', password: PASSWORD },
    });
    await runner.runDue();
    expect(receiver.received).toHaveLength(0);
    await api.call('DELETE', `/v2/client/webhooks/${hook.id}`, { token: ownerToken });
  });

  describe('who may', () => {
    // OWNER, ADMIN, MEMBER, server to server.
    const table: [string, (id: string) => [string, string, unknown?], number[]][] = [
      ['list', () => ['GET', '/v2/client/webhooks'], [200, 200, 403, 200]],
      ['create', () => ['POST', '/v2/client/webhooks', { url: 'http://127.0.0.1:3489/x' }], [201, 201, 403, 201]],
      ['read', (id) => ['GET', `/v2/client/webhooks/${id}`], [200, 200, 403, 200]],
      ['change', (id) => ['PATCH', `/v2/client/webhooks/${id}`, { description: 'new' }], [200, 200, 403, 200]],
      ['rotate', (id) => ['POST', `/v2/client/webhooks/${id}/rotate-secret`], [200, 200, 403, 200]],
      ['test', (id) => ['POST', `/v2/client/webhooks/${id}/test`], [202, 202, 403, 202]],
      ['deliveries', (id) => ['GET', `/v2/client/webhooks/${id}/deliveries`], [200, 200, 403, 200]],
      ['delete', (id) => ['DELETE', `/v2/client/webhooks/${id}`], [204, 204, 403, 204]],
    ];
    it.each(table)('%s: OWNER, ADMIN, MEMBER, server to server', async (_label, request, expected) => {
      const tokens = [ownerToken, adminToken, memberToken, undefined];
      for (const [i, token] of tokens.entries()) {
        const hook = await addWebhook({ url: 'http://127.0.0.1:3489/x', events: ['role.deleted'] });
        const [method, path, body] = request(hook.id);
        const res = await api.call(method, path, { token, ...(body ? { body } : {}) });
        expect(res.status, `${_label} as ${['OWNER', 'ADMIN', 'MEMBER', 'server'][i]}`).toBe(expected[i]);
        if (res.status === 403) expectProblem(res, 403, 'forbidden');
        await sql('delete from webhooks where id = $1', [hook.id]);
      }
      await sql(`delete from webhooks where url = 'http://127.0.0.1:3489/x'`);
    });
  });
});

describe('the address guard', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.9.9.9', true],
    ['10.0.0.1', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['192.168.0.1', true],
    ['169.254.169.254', true],
    ['100.100.100.200', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fc00::1', true],
    ['fd00:ec2::254', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:169.254.169.254', true],
    ['64:ff9b::a00:1', true],
    ['2002:c0a8:0101::1', true],
    ['not an address', true],
    ['93.184.216.34', false],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['2606:4700:4700::1111', false],
    ['::ffff:8.8.8.8', false],
  ])('when the address is %s, then refused is %s', (address, refused) => {
    expect(isForbiddenAddress(address)).toBe(refused);
  });
});
