import type { Invitation } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/client.ts';
import { invitationLinkToken } from '../../testing/mail-links.ts';
import { racingDatabase, useRacingIam } from '../../testing/races.ts';

/**
 * Accepting one link from two places at once, interleaved on a real PostgreSQL: a second
 * connection holds the invitation row until both requests are waiting on it (PGlite runs one
 * transaction at a time, so only PostgreSQL can show the interleaving).
 */
const INVITATIONS = '/v2/client/invitations';

describe.runIf(racingDatabase)('invitations racing, on postgres', () => {
  const suite = useRacingIam();
  let seq = 0;

  async function invited(): Promise<{ invitation: Invitation; token: string }> {
    const email = `racer.${++seq}@example.com`;
    const res = await suite.api.call('POST', INVITATIONS, { body: { email } });
    expect(res.status).toBe(201);
    return { invitation: res.json, token: await invitationLinkToken(suite.iam.db, email) };
  }

  /** Locks the invitation row on its own connection until `finish`. */
  async function hold(invitationId: string) {
    const lock = await suite.openTransaction();
    await lock.query('select id from invitations where id = $1 for update', [invitationId]);
    return lock;
  }
  /** Until every request is parked on the row lock (they hash the password first). */
  async function waitingOnLocks(n: number) {
    for (let i = 0; i < 100; i++) {
      const [row] = await suite.iam.db.query<{ n: number }>(
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
      suite.api.call('POST', `${INVITATIONS}/accept`, { body: { token, password } }),
    );
    await waitingOnLocks(2);
    await lock.finish();
    const results = await Promise.all(accepts);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    expectProblem(results.find((r) => r.status === 410) as (typeof results)[number], 410, 'link_used');
    const users = await suite.iam.db.query<{ id: string }>('select id from users where email = $1', [invitation.email]);
    expect(users).toHaveLength(1);
    const [stored] = await suite.iam.db.query<{ accepted_user_id: string; events: number }>(
      `select accepted_user_id,
              (select count(*)::int from audit_events where action = 'invitation.accepted' and target_id = $2) as events
         from invitations where id = $1`,
      [invitation.id, invitation.id],
    );
    expect(stored).toEqual({ accepted_user_id: users[0]?.id, events: 1 });
    // The winner's password is the one that works.
    const winner = results.findIndex((r) => r.status === 200);
    const signIn = await suite.api.call('POST', '/v2/client/auth/sign-in', {
      body: { email: invitation.email, password: ['first password', 'second password'][winner] },
    });
    expect(signIn.status).toBe(200);
  });

  it('when an accept and a revoke race, then one of them wins whole: an account and a 409, or a revocation and a 410', async () => {
    const { invitation, token } = await invited();
    const lock = await hold(invitation.id);
    const accepting = suite.api.call('POST', `${INVITATIONS}/accept`, { body: { token, password: 'a long password' } });
    const revoking = suite.api.call('POST', `${INVITATIONS}/${invitation.id}/revoke`);
    await waitingOnLocks(2);
    await lock.finish();
    const [accepted, revoked] = await Promise.all([accepting, revoking]);
    const users = await suite.iam.db.query('select 1 from users where email = $1', [invitation.email]);
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
