import type { Invitation } from '@team-access/contract';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import type { TestIam } from '../../testing/harness.ts';
import { useTestIam } from '../../testing/suite.ts';

/**
 * Accepting one link from two places at once, interleaved on a real PostgreSQL: a second
 * connection holds the invitation row until both requests are waiting on it (PGlite runs one
 * transaction at a time, so only PostgreSQL can show the interleaving).
 */
const postgres = testDatabases.find((d) => d.name === 'postgres');
const INVITATIONS = '/v2/client/invitations';

describe.runIf(postgres)('invitations racing, on postgres', () => {
  let iam: TestIam;
  let api: IamClient;
  let url: string;
  useTestIam(postgres as NonNullable<typeof postgres>, (suite) => {
    ({ iam, api } = suite);
    url = suite.databaseUrl as string;
  });
  let seq = 0;

  async function invited(): Promise<{ invitation: Invitation; token: string }> {
    const email = `racer.${++seq}@example.com`;
    const res = await api.call('POST', INVITATIONS, { body: { email } });
    expect(res.status).toBe(201);
    const [mail] = await iam.db.query<{ text_body: string }>(
      'select text_body from mail_outbox where to_address = $1',
      [email],
    );
    return { invitation: res.json, token: /#token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1] as string };
  }

  /** Locks the invitation row on its own connection until `release`. */
  async function hold(invitationId: string) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('begin');
    await client.query('select id from invitations where id = $1 for update', [invitationId]);
    return {
      async release() {
        await client.query('commit');
        await client.end();
      },
    };
  }
  /** Until every request is parked on the row lock (they hash the password first). */
  async function waitingOnLocks(n: number) {
    for (let i = 0; i < 100; i++) {
      const [row] = await iam.db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if ((row?.n ?? 0) >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`fewer than ${n} requests waited on the invitation`);
  }

  it('when two accepts of one link wait on each other, then exactly one makes the account and the other gets 410 link_used', async () => {
    const { invitation, token } = await invited();
    const lock = await hold(invitation.id);
    const accepts = ['first password', 'second password'].map((password) =>
      api.call('POST', `${INVITATIONS}/accept`, { body: { token, password } }),
    );
    await waitingOnLocks(2);
    await lock.release();
    const results = await Promise.all(accepts);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    expectProblem(results.find((r) => r.status === 410) as (typeof results)[number], 410, 'link_used');
    const users = await iam.db.query<{ id: string }>('select id from users where email = $1', [invitation.email]);
    expect(users).toHaveLength(1);
    const [stored] = await iam.db.query<{ accepted_user_id: string; events: number }>(
      `select accepted_user_id,
              (select count(*)::int from audit_events where action = 'invitation.accepted' and target_id = $2) as events
         from invitations where id = $1`,
      [invitation.id, invitation.id],
    );
    expect(stored).toEqual({ accepted_user_id: users[0]?.id, events: 1 });
    // The winner's password is the one that works.
    const winner = results.findIndex((r) => r.status === 200);
    const signIn = await api.call('POST', '/v2/client/auth/sign-in', {
      body: { email: invitation.email, password: ['first password', 'second password'][winner] },
    });
    expect(signIn.status).toBe(200);
  });

  it('when an accept and a revoke race, then one of them wins whole: an account and a 409, or a revocation and a 410', async () => {
    const { invitation, token } = await invited();
    const lock = await hold(invitation.id);
    const accepting = api.call('POST', `${INVITATIONS}/accept`, { body: { token, password: 'a long password' } });
    const revoking = api.call('POST', `${INVITATIONS}/${invitation.id}/revoke`);
    await waitingOnLocks(2);
    await lock.release();
    const [accepted, revoked] = await Promise.all([accepting, revoking]);
    const users = await iam.db.query('select 1 from users where email = $1', [invitation.email]);
    if (accepted.status === 200) {
      expectProblem(revoked, 409, 'invitation_not_pending');
      expect(users).toHaveLength(1);
    } else {
      expectProblem(accepted, 410, 'link_revoked');
      expect(revoked.json).toMatchObject({ status: 'revoked' });
      expect(users).toHaveLength(0);
    }
  });
});
