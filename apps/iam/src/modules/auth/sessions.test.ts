import { randomUUID } from 'node:crypto';
import { END_OWNER_SESSIONS_REFUSAL, READ_SESSIONS_REFUSAL, routes, type UserSessionList } from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_OWNER } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';

const PASSWORD = 'a long enough password';
const CHROME_ON_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe.each(testDatabases)('sessions on $name', (database) => {
  const suite = useTestIam(database);
  const api = () => suite.api;

  let seq = 0;
  const person = (role: 'OWNER' | 'ADMIN' | 'MEMBER' = 'MEMBER') =>
    api().createUser({ email: `sessions.${++seq}@example.com`, password: PASSWORD, role });
  /** A sign-in as the BFF makes it: the browser's address and user agent in the BFF's headers. */
  const signIn = async (email: string, userAgent = CHROME_ON_MAC, ip = '203.0.113.7', password = PASSWORD) => {
    const res = await api().call('POST', '/v2/client/auth/sign-in', {
      body: { email, password },
      headers: { 'x-client-user-agent': userAgent, 'x-client-ip': ip },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return (res.json as { token: string }).token;
  };
  const list = (userId: string, token?: string) => api().route(routes.listUserSessions, { params: { userId }, token });
  const endOne = (userId: string, sessionId: string, token?: string) =>
    api().route(routes.endUserSession, { params: { userId, sessionId }, token });
  const endOthers = (userId: string, token?: string) =>
    api().route(routes.endUserSessions, { params: { userId }, token });
  const me = async (token: string) => (await api().call('GET', '/v2/client/auth/me', { token })).status;
  const events = (userId: string, action: string) =>
    suite.iam.db.query<{ actor_user_id: string | null; after: { sessions: { id: string }[] } }>(
      `select actor_user_id, after from audit_events where tenant_id = $1 and target_type = 'user'
          and target_id = $2 and action = $3`,
      [suite.iam.tenantId, userId, action],
    );

  it('when a user lists their sessions, then each says when, where from, which browser and system, and which is this one; no token or hash', async () => {
    const user = await person();
    const mac = await signIn(user.email, CHROME_ON_MAC, '203.0.113.7');
    const windows = await signIn(user.email, FIREFOX_ON_WINDOWS, '198.51.100.4');

    const res = await list(user.id, mac);

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = res.json as UserSessionList;
    expect(body.total).toBe(2);
    expect(body.items[0]?.current).toBe(true);
    expect(body.items.map((s) => [s.browser, s.system, s.ip, s.current]).sort()).toEqual([
      ['Chrome 131', 'macOS', '203.0.113.7', true],
      ['Firefox 133', 'Windows', '198.51.100.4', false],
    ]);
    const [session] = body.items;
    expect(Object.keys(session ?? {}).sort()).toEqual(
      ['browser', 'createdAt', 'current', 'expiresAt', 'id', 'ip', 'lastSeenAt', 'system', 'userAgent'].sort(),
    );
    expect(Date.parse(session?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    const text = JSON.stringify(body);
    for (const secret of [mac, windows]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/token|hash/i);
  });

  it('when a user ends one of their other sessions, then its next call is refused and one event records it', async () => {
    const user = await person();
    const here = await signIn(user.email);
    const there = await signIn(user.email, FIREFOX_ON_WINDOWS, '198.51.100.4');
    const target = ((await list(user.id, here)).json as UserSessionList).items.find((s) => !s.current);

    const res = await endOne(user.id, target?.id ?? '', here);

    expect(res.status).toBe(204);
    expect(await me(there)).toBe(401);
    expect(await me(here)).toBe(200);
    expect((await list(user.id, here)).json).toMatchObject({ total: 1, items: [{ current: true }] });
    const recorded = await events(user.id, 'auth.session_revoked');
    expect(recorded).toEqual([
      {
        actor_user_id: user.id,
        after: { sessions: [{ id: target?.id, browser: 'Firefox 133', system: 'Windows', ip: '198.51.100.4' }] },
      },
    ]);
    // Ended already: no live session by that id, and nothing more recorded.
    expectProblem(await endOne(user.id, target?.id ?? '', here), 404, 'not_found');
    expect(await events(user.id, 'auth.session_revoked')).toHaveLength(1);
  });

  it('when a user signs out their other sessions, then all but this one end, in one event; again, nothing more', async () => {
    const user = await person();
    const here = await signIn(user.email);
    const others = [await signIn(user.email), await signIn(user.email, FIREFOX_ON_WINDOWS)];

    const res = await endOthers(user.id, here);

    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ended: 2 });
    for (const token of others) expect(await me(token)).toBe(401);
    expect(await me(here)).toBe(200);
    const recorded = await events(user.id, 'auth.sessions_revoked');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.after.sessions).toHaveLength(2);

    expect((await endOthers(user.id, here)).json).toEqual({ ended: 0 });
    expect(await events(user.id, 'auth.sessions_revoked')).toHaveLength(1);
  });

  it("when an owner or admin ends a member's sessions, then every one ends, none of the actor's own", async () => {
    for (const role of ['OWNER', 'ADMIN'] as const) {
      const admin = await person(role);
      const adminToken = await signIn(admin.email);
      const member = await person();
      const memberTokens = [await signIn(member.email), await signIn(member.email)];
      const listed = (await list(member.id, adminToken)).json as UserSessionList;
      expect(listed.items.map((s) => s.current)).toEqual([false, false]);

      expect((await endOne(member.id, listed.items[0]?.id ?? '', adminToken)).status).toBe(204);
      expect((await Promise.all(memberTokens.map(me))).sort()).toEqual([200, 401]);
      expect((await endOthers(member.id, adminToken)).json).toEqual({ ended: 1 });
      for (const token of memberTokens) expect(await me(token)).toBe(401);
      expect(await me(adminToken)).toBe(200);
      const [event] = await events(member.id, 'auth.sessions_revoked');
      expect(event?.actor_user_id).toBe(admin.id);
    }
  });

  it("when an admin acts on an owner's sessions, then they see them but ending any is refused and nothing ends", async () => {
    const admin = await person('ADMIN');
    const adminToken = await signIn(admin.email);
    const owner = await person('OWNER');
    const ownerToken = await signIn(owner.email);
    const listed = (await list(owner.id, adminToken)).json as UserSessionList;
    expect(listed.total).toBe(1);

    const one = expectProblem(await endOne(owner.id, listed.items[0]?.id ?? '', adminToken), 403, 'forbidden');
    const all = expectProblem(await endOthers(owner.id, adminToken), 403, 'forbidden');

    expect(one.detail).toBe(END_OWNER_SESSIONS_REFUSAL);
    expect(all.detail).toBe(END_OWNER_SESSIONS_REFUSAL);
    expect(await me(ownerToken)).toBe(200);
    // An owner may end another owner's.
    const otherOwner = await signIn(TEST_OWNER.email, CHROME_ON_MAC, '203.0.113.7', TEST_OWNER.password);
    expect((await endOthers(owner.id, otherOwner)).json).toEqual({ ended: 1 });
    expect(await me(ownerToken)).toBe(401);
  });

  it("when a member asks about someone else's sessions, then 403 whether or not the user exists, and nothing ends", async () => {
    const member = await person();
    const memberToken = await signIn(member.email);
    const other = await person();
    const otherToken = await signIn(other.email);
    const [session] = ((await list(other.id)).json as UserSessionList).items;

    expect(expectProblem(await list(other.id, memberToken), 403, 'forbidden').detail).toBe(READ_SESSIONS_REFUSAL);
    expectProblem(await list(randomUUID(), memberToken), 403, 'forbidden');
    expectProblem(await endOne(other.id, session?.id ?? '', memberToken), 403, 'forbidden');
    expectProblem(await endOthers(other.id, memberToken), 403, 'forbidden');
    expect(await me(otherToken)).toBe(200);
  });

  it('when called server to server, then every session is listed as not current and may be ended', async () => {
    const user = await person();
    const token = await signIn(user.email);
    const listed = (await list(user.id)).json as UserSessionList;
    expect(listed.items.map((s) => s.current)).toEqual([false]);
    expect((await endOthers(user.id)).json).toEqual({ ended: 1 });
    expect(await me(token)).toBe(401);
    const [event] = await events(user.id, 'auth.sessions_revoked');
    expect(event?.actor_user_id).toBeNull();
  });

  describe('another tenant', () => {
    let otherUserId = '';
    let otherSessionId = '';
    let otherToken = '';
    beforeAll(async () => {
      await addTenant(suite.iam.db);
      const credentials = OTHER_TENANT_CREDENTIALS;
      const created = await api().call('POST', '/v2/client/multi-user', {
        credentials,
        body: { email: 'sessions.elsewhere@example.com', password: PASSWORD, role: 'MEMBER' },
      });
      otherUserId = (created.json as { id: string }).id;
      const signedIn = await api().call('POST', '/v2/client/auth/sign-in', {
        credentials,
        body: { email: 'sessions.elsewhere@example.com', password: PASSWORD },
      });
      otherToken = (signedIn.json as { token: string }).token;
      const listed = await api().call('GET', `/v2/client/multi-user/${otherUserId}/sessions`, { credentials });
      otherSessionId = ((listed.json as UserSessionList).items[0]?.id as string) ?? '';
    });

    it("when another tenant's user or session id is used, then 404 and the session lives on", async () => {
      const user = await person();
      const token = await signIn(user.email);
      for (const caller of [undefined, token]) {
        // A member asking about anyone else is refused before any lookup; server to server, unknown.
        if (caller) expectProblem(await list(otherUserId, caller), 403, 'forbidden');
        else expectProblem(await list(otherUserId), 404, 'not_found');
        expectProblem(await endOne(user.id, otherSessionId, caller), 404, 'not_found');
        expectProblem(await endOne(otherUserId, otherSessionId), 404, 'not_found');
        expectProblem(await endOthers(otherUserId), 404, 'not_found');
      }
      const stillThere = await api().call('GET', '/v2/client/auth/me', {
        credentials: OTHER_TENANT_CREDENTIALS,
        token: otherToken,
      });
      expect(stillThere.status).toBe(200);
    });
  });

  it('when a session id belongs to another user of the tenant, then 404 and it lives on', async () => {
    const user = await person();
    const token = await signIn(user.email);
    const other = await person();
    const otherToken = await signIn(other.email);
    const [session] = ((await list(other.id)).json as UserSessionList).items;

    expectProblem(await endOne(user.id, session?.id ?? '', token), 404, 'not_found');
    expect(await me(otherToken)).toBe(200);
  });

  it('when an id is not a uuid, then 400 naming the field', async () => {
    const user = await person();
    const token = await signIn(user.email);
    const res = await api().call('DELETE', `/v2/client/multi-user/${user.id}/sessions/not-a-session`, { token });
    expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['params.sessionId']);
    expect(await me(token)).toBe(200);
  });

  it('when a session is used often, then last seen moves at most once a minute', async () => {
    const user = await person();
    const token = await signIn(user.email);
    const lastSeen = async () => ((await list(user.id, token)).json as UserSessionList).items[0]?.lastSeenAt as string;
    const setLastSeen = (secondsAgo: number) =>
      suite.iam.db.query(
        `update sessions set last_seen_at = now() - make_interval(secs => $2) where tenant_id = $1 and user_id = $3`,
        [suite.iam.tenantId, secondsAgo, user.id],
      );

    await setLastSeen(30);
    const recent = await lastSeen();
    expect(await me(token)).toBe(200);
    expect(await lastSeen()).toBe(recent);

    await setLastSeen(120);
    // That list call is itself a use of a session last seen two minutes ago: it moves last seen.
    const moved = await lastSeen();
    expect(Date.now() - Date.parse(moved)).toBeLessThan(10_000);
    expect(Date.parse(moved)).toBeGreaterThan(Date.parse(recent));
  });
});
