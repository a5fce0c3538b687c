import { type Invitation, invitationSchema, type Organization } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { invitationLinkToken } from '../../testing/mail-links.ts';
import { useTestIam } from '../../testing/suite.ts';

const PASSWORD = 'a long enough password';
const INVITATIONS = '/v2/client/invitations';

describe.each(testDatabases)('an invitation gives only what its sender may still give, on $name', (database) => {
  const suite = useTestIam(database);

  let seq = 0;
  const email = (name: string) => `${name}.${++seq}@example.com`;

  const sender = (body: Record<string, unknown>) =>
    suite.api.createSignedIn({ email: email('sender'), password: PASSWORD, ...body });

  async function invite(token: string | undefined, body: Record<string, unknown>): Promise<Invitation> {
    const res = await suite.api.call('POST', INVITATIONS, { token, body });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return invitationSchema.parse(res.json);
  }

  const linkToken = (address: string) => invitationLinkToken(suite.iam.db, address);

  const lookup = (token: string) => suite.api.call('POST', `${INVITATIONS}/lookup`, { body: { token } });
  const accept = (token: string) =>
    suite.api.call('POST', `${INVITATIONS}/accept`, { body: { token, password: PASSWORD, firstName: 'New' } });
  const get = async (id: string) => invitationSchema.parse((await suite.api.call('GET', `${INVITATIONS}/${id}`)).json);
  const userCount = async (address: string) =>
    (await suite.iam.db.query<{ n: number }>('select count(*)::int as n from users where email = $1', [address]))[0]?.n;
  const revocations = (invitationId: string) =>
    suite.iam.db.query<{ actor_user_id: string | null; reason: string | null }>(
      `select actor_user_id, after->>'reason' as reason from audit_events
        where action = 'invitation.revoked' and target_id = $1`,
      [invitationId],
    );

  /** The link is dead for good: lookup and accept answer 410 link_revoked and no account is made. */
  async function expectRefused(invitation: Invitation, token: string) {
    const seen = expectProblem(await lookup(token), 410, 'link_revoked');
    expect(seen.detail).toMatch(/new invitation/);
    expectProblem(await accept(token), 410, 'link_revoked');
    expect(await userCount(invitation.email)).toBe(0);
    expect((await get(invitation.id)).status).toBe('revoked');
  }

  async function organization(): Promise<Organization> {
    const res = await suite.api.call('POST', '/v2/client/organizations', { body: { name: `Org ${++seq}` } });
    expect(res.status).toBe(201);
    return res.json;
  }

  it('when the ADMIN who sent an ADMIN invitation is made a MEMBER, then it is revoked (audited) and its link answers 410 link_revoked', async () => {
    const admin = await sender({ role: 'ADMIN' });
    const invitation = await invite(admin.token, { email: email('invitee'), role: 'ADMIN' });
    const token = await linkToken(invitation.email);

    const res = await suite.api.call('PATCH', `/v2/client/multi-user/${admin.user.id}`, { body: { role: 'MEMBER' } });
    expect(res.status).toBe(200);

    await expectRefused(invitation, token);
    expect(await revocations(invitation.id)).toEqual([{ actor_user_id: null, reason: 'sender_may_no_longer_send' }]);
  });

  it('when the sender is deactivated, then their invitation is revoked and cannot be accepted', async () => {
    const admin = await sender({ role: 'ADMIN' });
    const invitation = await invite(admin.token, { email: email('invitee') });
    const token = await linkToken(invitation.email);
    await suite.api.call('PATCH', `/v2/client/multi-user/${admin.user.id}`, { body: { status: 'inactive' } });
    await expectRefused(invitation, token);
  });

  it('when the sender is deleted, then their invitation is revoked and cannot be accepted', async () => {
    const admin = await sender({ role: 'ADMIN' });
    const invitation = await invite(admin.token, { email: email('invitee'), role: 'ADMIN' });
    const token = await linkToken(invitation.email);
    expect((await suite.api.call('DELETE', `/v2/client/multi-user/${admin.user.id}`)).status).toBe(204);
    await expectRefused(invitation, token);
  });

  it('when the sender loses a permission the invitation grants, then it is revoked; one that grants only what they keep stays', async () => {
    const admin = await sender({ role: 'ADMIN', permissions: { ignite: true, journey: true } });
    const withIgnite = await invite(admin.token, { email: email('ignite'), permissions: { ignite: true } });
    const withJourney = await invite(admin.token, { email: email('journey'), permissions: { journey: true } });
    const igniteToken = await linkToken(withIgnite.email);
    const journeyToken = await linkToken(withJourney.email);

    await suite.api.call('PATCH', `/v2/client/multi-user/${admin.user.id}`, {
      body: { permissions: { ignite: false } },
    });

    await expectRefused(withIgnite, igniteToken);
    expect((await get(withJourney.id)).status).toBe('pending');
    expect((await accept(journeyToken)).status).toBe(200);
  });

  /** An ORG_ADMIN of a fresh organization, and the invitation into it they sent, with its link token. */
  async function orgAdminsInvitation() {
    const org = await organization();
    const orgAdmin = await sender({ role: 'MEMBER' });
    await suite.api.call('POST', `/v2/client/organizations/${org.id}/members`, {
      body: { userId: orgAdmin.user.id, orgRole: 'ORG_ADMIN' },
    });
    const invitation = await invite(orgAdmin.token, { email: email('invitee'), organizationId: org.id });
    return { org, orgAdmin, invitation, token: await linkToken(invitation.email) };
  }

  it('when an ORG_ADMIN is removed from the organization, then their invitations into it are revoked', async () => {
    const { org, orgAdmin, invitation, token } = await orgAdminsInvitation();

    const res = await suite.api.call('DELETE', `/v2/client/organizations/${org.id}/members/${orgAdmin.user.id}`);
    expect(res.status).toBe(204);

    await expectRefused(invitation, token);
  });

  it('when an ORG_ADMIN is made an ORG_MEMBER, then their invitations into the organization are revoked', async () => {
    const { org, orgAdmin, invitation, token } = await orgAdminsInvitation();
    await suite.api.call('PATCH', `/v2/client/organizations/${org.id}/members/${orgAdmin.user.id}`, {
      body: { orgRole: 'ORG_MEMBER' },
    });
    await expectRefused(invitation, token);
  });

  it("when the sender's rights changed in a way nothing swept (a direct database change), then accepting checks again, refuses with 410 and revokes it", async () => {
    const admin = await sender({ role: 'ADMIN' });
    const invitation = await invite(admin.token, { email: email('invitee'), role: 'ADMIN' });
    const token = await linkToken(invitation.email);
    await suite.iam.db.query(`update users set role = 'MEMBER' where id = $1`, [admin.user.id]);

    expectProblem(await lookup(token), 410, 'link_revoked');
    expect((await get(invitation.id)).status).toBe('pending');
    expectProblem(await accept(token), 410, 'link_revoked');
    expect(await userCount(invitation.email)).toBe(0);
    expect((await get(invitation.id)).status).toBe('revoked');
    expect(await revocations(invitation.id)).toEqual([{ actor_user_id: null, reason: 'sender_may_no_longer_send' }]);
  });

  it('when a server-to-server invitation (no sender user) is accepted, then it still works', async () => {
    const invitation = await invite(undefined, { email: email('s2s'), role: 'ADMIN' });
    const token = await linkToken(invitation.email);
    expect((await lookup(token)).status).toBe(200);
    expect((await accept(token)).status).toBe(200);
  });

  it('when the sender keeps their rights, then their invitation is accepted as sent', async () => {
    const admin = await sender({ role: 'ADMIN' });
    const invitation = await invite(admin.token, { email: email('invitee'), role: 'ADMIN' });
    const token = await linkToken(invitation.email);
    await suite.api.call('PATCH', `/v2/client/multi-user/${admin.user.id}`, { body: { firstName: 'Renamed' } });
    const res = await accept(token);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const [created] = await suite.iam.db.query<{ role: string }>('select role from users where email = $1', [
      invitation.email,
    ]);
    expect(created?.role).toBe('ADMIN');
  });
});
