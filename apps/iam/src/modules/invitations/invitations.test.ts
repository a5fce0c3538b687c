import { createHash } from 'node:crypto';
import {
  acceptInvitationResultSchema,
  bulkInvitationResultSchema,
  INVITATIONS_PER_HOUR_MAX,
  type Invitation,
  invitationListSchema,
  invitationPreviewSchema,
  invitationSchema,
  type Organization,
  PASSWORD_IS_EMAIL_MESSAGE,
  type Role,
  type User,
  userOrganizationListSchema,
} from '@team-access/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import type { TestIam } from '../../testing/harness.ts';
import { invalidBodies, notString, unknownFields } from '../../testing/invalid-bodies.ts';
import { invitationLinkToken } from '../../testing/mail-links.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

const PASSWORD = 'a long enough password';
const MISSING = '00000000-0000-4000-8000-000000000000';
const INVITATIONS = '/v2/client/invitations';
const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(testDatabases)('invitations API on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  let owner: User;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken, owner } = suite));

  let seq = 0;
  const email = (name: string) => `${name}.${++seq}@example.com`;
  const count = async (sql: string, params: unknown[] = []) =>
    (await iam.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params))[0]?.n ?? 0;

  /** Everything an invitation request may change, as text to compare. */
  async function snapshot(): Promise<string> {
    return JSON.stringify(
      await iam.db.query(
        `select (select coalesce(json_agg(i order by i.id), '[]') from
                   (select id, status, encode(token_hash, 'hex') as token, expires_at, send_count, accepted_user_id
                      from invitations) i) as invitations,
                (select count(*)::int from users) as users,
                (select count(*)::int from user_roles) as user_roles,
                (select count(*)::int from organization_members) as members,
                (select count(*)::int from mail_outbox) as mails,
                (select count(*)::int from audit_events) as events,
                (select count(*)::int from idempotency_keys) as keys`,
      ),
    );
  }

  async function invite(body: Record<string, unknown>, options: { token?: string } = {}): Promise<Invitation> {
    const res = await api.call('POST', INVITATIONS, { token: options.token ?? ownerToken, body });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return invitationSchema.parse(res.json);
  }

  async function mailsTo(address: string) {
    return iam.db.query<{ kind: string; subject: string; text_body: string; html_body: string; status: string }>(
      'select kind, subject, text_body, html_body, status from mail_outbox where to_address = $1 order by created_at, id',
      [address],
    );
  }

  /** The token of the latest mail to the address, read from its link as the invitee would. */
  const linkToken = (address: string) => invitationLinkToken(iam.db, address);

  const lookup = (token: string) => api.call('POST', `${INVITATIONS}/lookup`, { body: { token } });
  const accept = (body: Record<string, unknown>) => api.call('POST', `${INVITATIONS}/accept`, { body });
  const get = async (id: string) => invitationSchema.parse((await api.call('GET', `${INVITATIONS}/${id}`)).json);
  /** The OWNER resends the invitation. */
  const resend = (id: string) => api.call('POST', `${INVITATIONS}/${id}/resend`, { token: ownerToken });

  async function organization(name = `Org ${++seq}`): Promise<Organization> {
    const res = await api.call('POST', '/v2/client/organizations', { body: { name } });
    expect(res.status).toBe(201);
    return res.json;
  }
  async function role(permissions: string[]): Promise<Role> {
    const res = await api.call('POST', '/v2/client/roles', { body: { name: `Role ${++seq}`, permissions } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json;
  }
  async function adminWith(permissions: Record<string, boolean>) {
    const user = await api.createUser({ email: email('admin'), password: PASSWORD, role: 'ADMIN', permissions });
    return { user, token: await api.signIn(user.email, PASSWORD) };
  }
  const events = (action: string, targetId: string) =>
    iam.db.query<{ actor_user_id: string | null; before: unknown; after: Record<string, unknown> }>(
      'select actor_user_id, before, after from audit_events where action = $1 and target_id = $2 order by created_at, id',
      [action, targetId],
    );
  /** Moves an invitation's last send back, so the resend interval has passed. */
  const sentAgo = (id: string, seconds: number) =>
    iam.db.query(
      `update invitations set last_sent_at = last_sent_at - make_interval(secs => $2),
                              expires_at = expires_at - make_interval(secs => $2),
                              created_at = created_at - make_interval(secs => $2) where id = $1`,
      [id, seconds],
    );

  describe('sending one', () => {
    it('when an owner invites someone with roles, permissions and an organization, then 201, one mail with a working link, the token stored only hashed, and invitation.sent', async () => {
      const org = await organization('Newsroom');
      const marketing = await role(['ignite']);
      const address = email('alice');
      const started = Date.now();
      const res = await api.call('POST', INVITATIONS, {
        token: ownerToken,
        body: {
          email: address,
          role: 'ADMIN',
          groups: [marketing.id],
          permissions: { export: true },
          organizationId: org.id,
          organizationRole: 'ORG_ADMIN',
          expiresInDays: 3,
        },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      const invitation = invitationSchema.parse(res.json);
      expect(res.headers.get('location')).toBe(`${INVITATIONS}/${invitation.id}`);
      expect(invitation).toMatchObject({
        email: address,
        status: 'pending',
        role: 'ADMIN',
        roles: [{ id: marketing.id, name: marketing.name }],
        permissions: { export: true },
        organization: { id: org.id, name: 'Newsroom', slug: org.slug },
        organizationRole: 'ORG_ADMIN',
        invitedBy: { userId: owner.id, email: owner.email },
        sendCount: 1,
        acceptedAt: null,
        revokedAt: null,
        acceptedUserId: null,
      });
      const ttl = Date.parse(invitation.expiresAt) - Date.parse(invitation.lastSentAt);
      expect(ttl).toBe(3 * DAY_MS);
      expect(Date.parse(invitation.createdAt)).toBeGreaterThanOrEqual(started - 5_000);
      expect(await get(invitation.id)).toEqual(invitation);

      const mails = await mailsTo(address);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ kind: 'invitation', status: 'pending' });
      expect(mails[0]?.subject).toContain('Newsroom');
      expect(mails[0]?.html_body).toContain('http://localhost:3000/invitations/accept#token=');
      const token = await linkToken(address);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      const [stored] = await iam.db.query<{ token_hash: Uint8Array; row: string }>(
        'select token_hash, row_to_json(i)::text as row from invitations i where id = $1',
        [invitation.id],
      );
      expect(Buffer.from(stored?.token_hash as Uint8Array)).toEqual(createHash('sha256').update(token).digest());
      expect(stored?.row).not.toContain(token);

      const preview = await lookup(token);
      expect(preview.status, JSON.stringify(preview.json)).toBe(200);
      expect(invitationPreviewSchema.parse(preview.json)).toEqual({
        email: address,
        tenantName: expect.any(String),
        invitedBy: { name: null, email: owner.email },
        organization: { name: 'Newsroom' },
        organizationRole: 'ORG_ADMIN',
        role: 'ADMIN',
        expiresAt: invitation.expiresAt,
        accountExists: false,
      });

      const [sent] = await events('invitation.sent', invitation.id);
      expect(sent?.actor_user_id).toBe(owner.id);
      expect(sent?.after).toMatchObject({ email: address, role: 'ADMIN', organizationRole: 'ORG_ADMIN' });
      expect(JSON.stringify(sent)).not.toContain(token);
    });

    it('when a create is retried with the same Idempotency-Key, then one invitation and one mail; another body with that key is a 422 and changes nothing', async () => {
      const address = email('retry');
      const send = (body: Record<string, unknown>) =>
        api.call('POST', INVITATIONS, { token: ownerToken, body, headers: { 'idempotency-key': `key-${address}` } });
      const first = await send({ email: address });
      const second = await send({ email: address });
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.json).toEqual(first.json);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await count('invitations where email = $1', [address])).toBe(1);
      expect(await mailsTo(address)).toHaveLength(1);

      const before = await snapshot();
      const other = await send({ email: address, role: 'ADMIN' });
      expect(expectProblem(other, 422, 'idempotency_key_reused').errors?.map((e) => e.path)).toEqual([
        'header.idempotency-key',
      ]);
      expect(await snapshot()).toBe(before);
    });

    it('when the person already has an account (no organization) or is already invited, then 409 naming body.email and nothing sent', async () => {
      const member = await api.createUser({ email: email('member') });
      const org = await organization();
      const address = email('twice');
      await invite({ email: address });
      await invite({ email: address, organizationId: org.id });
      const before = await snapshot();
      const asMember = await api.call('POST', INVITATIONS, { token: ownerToken, body: { email: member.email } });
      expect(expectProblem(asMember, 409, 'already_member').errors?.map((e) => e.path)).toEqual(['body.email']);
      const again = await api.call('POST', INVITATIONS, { token: ownerToken, body: { email: address.toUpperCase() } });
      expect(expectProblem(again, 409, 'already_invited').errors?.map((e) => e.path)).toEqual(['body.email']);
      const againInOrg = await api.call('POST', INVITATIONS, { body: { email: address, organizationId: org.id } });
      expectProblem(againInOrg, 409, 'already_invited');
      expect(await snapshot()).toBe(before);

      // An account outside the organization is invited into it (accepting joins it); one inside is a member.
      const joining = await invite({ email: member.email, organizationId: org.id });
      expect(joining.status).toBe('pending');
      await api.call('POST', `/v2/client/organizations/${org.id}/members`, { body: { userId: member.id } });
      const other = await organization();
      await api.call('POST', `/v2/client/organizations/${other.id}/members`, { body: { userId: member.id } });
      expectProblem(
        await api.call('POST', INVITATIONS, { body: { email: member.email, organizationId: other.id } }),
        409,
        'already_member',
      );
    });
  });

  describe('listing', () => {
    it('when invitations are listed, then newest first, by status (expired derived from the expiry), searched by email, keyset paged', async () => {
      const tag = `list${++seq}`;
      const made: Invitation[] = [];
      for (const name of ['ann', 'bob', 'cy', 'dee', 'ed']) {
        made.push(await invite({ email: `${name}@${tag}.example` }));
        // Distinct creation times, as separate requests seconds apart would have.
        await iam.db.query(`update invitations set created_at = created_at - make_interval(secs => $2) where id = $1`, [
          made.at(-1)?.id,
          100 - made.length,
        ]);
      }
      const [ann, bob, cy, dee, ed] = made as [Invitation, Invitation, Invitation, Invitation, Invitation];
      await iam.db.query(`update invitations set expires_at = now() - interval '1 minute' where id = $1`, [bob.id]);
      expect((await api.call('POST', `${INVITATIONS}/${cy.id}/revoke`, { token: ownerToken })).status).toBe(200);
      expect((await accept({ token: await linkToken(`dee@${tag}.example`), password: PASSWORD })).status).toBe(200);

      const list = async (query: string) => {
        const res = await api.call('GET', `${INVITATIONS}?search=${tag}&${query}`, { token: ownerToken });
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        return invitationListSchema.parse(res.json);
      };
      const emails = (l: { items: Invitation[] }) => l.items.map((i) => i.email.split('@')[0]);
      expect(emails(await list(''))).toEqual(['ed', 'dee', 'cy', 'bob', 'ann']);
      expect(emails(await list('status=pending'))).toEqual(['ed', 'ann']);
      expect(await list('status=expired')).toMatchObject({ items: [{ id: bob.id, status: 'expired' }], total: 1 });
      expect(await list('status=revoked')).toMatchObject({ items: [{ id: cy.id, status: 'revoked' }], total: 1 });
      expect(await list('status=accepted')).toMatchObject({ items: [{ id: dee.id, status: 'accepted' }], total: 1 });
      expect((await get(bob.id)).status).toBe('expired');

      const search = await api.call('GET', `${INVITATIONS}?search=${encodeURIComponent(`ED@${tag}`)}`);
      expect(invitationListSchema.parse(search.json).items.map((i) => i.id)).toEqual([ed.id]);
      const wildcard = await api.call('GET', `${INVITATIONS}?search=${encodeURIComponent(`%@${tag}`)}`);
      expect(invitationListSchema.parse(wildcard.json).total).toBe(0);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.total).toBe(5);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([ed.id, dee.id, cy.id, bob.id, ann.id]);

      for (const bad of ['nonsense', Buffer.from('{"k":"members","v":"x","i":"y"}').toString('base64url')]) {
        const res = await api.call('GET', `${INVITATIONS}?cursor=${bad}`);
        expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['query.cursor']);
      }
      const badStatus = await api.call('GET', `${INVITATIONS}?status=lost`);
      expect(expectProblem(badStatus, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['query.status']);
    });
  });

  describe('resending and revoking', () => {
    it('when resent, then a new token: the old link is link_invalid (404), the new one works, the lifetime counts again, and invitation.resent', async () => {
      const address = email('resend');
      const invitation = await invite({ email: address, expiresInDays: 2 });
      const oldToken = await linkToken(address);

      const tooSoon = await resend(invitation.id);
      expectProblem(tooSoon, 429, 'rate_limited');
      const wait = Number(tooSoon.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      expect(await mailsTo(address)).toHaveLength(1);

      await sentAgo(invitation.id, 61);
      const res = await resend(invitation.id);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const resent = invitationSchema.parse(res.json);
      expect(resent).toMatchObject({ id: invitation.id, status: 'pending', sendCount: 2 });
      expect(Date.parse(resent.expiresAt) - Date.parse(resent.lastSentAt)).toBe(2 * DAY_MS);
      expect(Date.parse(resent.lastSentAt)).toBeGreaterThan(Date.parse(invitation.lastSentAt) - 1_000);

      expect(await mailsTo(address)).toHaveLength(2);
      const newToken = await linkToken(address);
      expect(newToken).not.toBe(oldToken);
      // The old token's hash is gone from every row: it is a link that never existed.
      expectProblem(await lookup(oldToken), 404, 'link_invalid');
      expectProblem(await accept({ token: oldToken, password: PASSWORD }), 404, 'link_invalid');
      expect((await lookup(newToken)).status).toBe(200);

      const [event] = await events('invitation.resent', invitation.id);
      expect(event?.actor_user_id).toBe(owner.id);
      expect(event?.before).toMatchObject({ sendCount: 1 });
      expect(event?.after).toMatchObject({ sendCount: 2 });
    });

    it('when an invitation was sent five times, then resending is a 429 and changes nothing; an expired one can be resent', async () => {
      const address = email('often');
      const invitation = await invite({ email: address });
      await iam.db.query('update invitations set send_count = 5 where id = $1', [invitation.id]);
      await sentAgo(invitation.id, 3600);
      const before = await snapshot();
      expectProblem(await resend(invitation.id), 429, 'rate_limited');
      expect(await snapshot()).toBe(before);

      const late = await invite({ email: email('late') });
      await iam.db.query(`update invitations set expires_at = now() - interval '1 day' where id = $1`, [late.id]);
      await sentAgo(late.id, 120);
      expect((await get(late.id)).status).toBe('expired');
      const res = await resend(late.id);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const resent = invitationSchema.parse(res.json);
      expect(resent.status).toBe('pending');
      // A lifetime that no longer makes sense (edited by hand) falls back to the default 7 days.
      expect(Date.parse(resent.expiresAt) - Date.parse(resent.lastSentAt)).toBe(7 * DAY_MS);
      expect((await lookup(await linkToken(late.email))).status).toBe(200);
    });

    it('when revoked, then its link is 410 link_revoked, revoking again is 200 with nothing new, and resending is a 409', async () => {
      const address = email('revoked');
      const invitation = await invite({ email: address });
      const token = await linkToken(address);
      const res = await api.call('POST', `${INVITATIONS}/${invitation.id}/revoke`, { token: ownerToken });
      expect(res.status).toBe(200);
      const revoked = invitationSchema.parse(res.json);
      expect(revoked).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
      expect(await events('invitation.revoked', invitation.id)).toHaveLength(1);

      const before = await snapshot();
      const again = await api.call('POST', `${INVITATIONS}/${invitation.id}/revoke`, { token: ownerToken });
      expect(again.status).toBe(200);
      expect(again.json).toEqual(revoked);
      expectProblem(await lookup(token), 410, 'link_revoked');
      expectProblem(await accept({ token, password: PASSWORD }), 410, 'link_revoked');
      expect(await snapshot()).toBe(before);
      await sentAgo(invitation.id, 120);
      const after = await snapshot();
      expectProblem(await resend(invitation.id), 409, 'invitation_not_pending');
      expect(await snapshot()).toBe(after);
      expectProblem(await api.call('POST', `${INVITATIONS}/${MISSING}/revoke`), 404, 'not_found');
      expectProblem(await api.call('GET', `${INVITATIONS}/${MISSING}`), 404, 'not_found');
    });
  });

  describe('accepting', () => {
    it('when a new person accepts, then an active account with exactly what was granted (roles that still exist), they can sign in, and it is audited', async () => {
      const org = await organization('Sports desk');
      const kept = await role(['ignite', 'journey']);
      const gone = await role(['billing']);
      const address = email('newcomer');
      const invitation = await invite({
        email: address,
        role: 'ADMIN',
        groups: [kept.id, gone.id],
        permissions: { export: true, webhooks: false },
        organizationId: org.id,
        organizationRole: 'ORG_ADMIN',
      });
      expect((await api.call('DELETE', `/v2/client/roles/${gone.id}?force=true`)).status).toBe(204);
      expect((await get(invitation.id)).roles).toEqual([{ id: kept.id, name: kept.name }]);

      const token = await linkToken(address);
      const res = await accept({ token, firstName: 'New', lastName: 'Comer', password: PASSWORD });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(acceptInvitationResultSchema.parse(res.json)).toEqual({
        email: address,
        outcome: 'created',
        organization: { name: 'Sports desk' },
      });

      const session = await api.signIn(address, PASSWORD);
      const me: User = (await api.call('GET', '/v2/client/auth/me', { token: session })).json;
      expect(me).toMatchObject({
        email: address,
        firstName: 'New',
        lastName: 'Comer',
        status: 'active',
        role: 'ADMIN',
        permissions: { export: true, webhooks: false },
        groups: [kept.id],
      });
      expect([...me.effectivePermissions].sort()).toEqual(['export', 'ignite', 'journey']);
      const orgs = userOrganizationListSchema.parse(
        (await api.call('GET', `/v2/client/multi-user/${me.id}/organizations`)).json,
      );
      expect(orgs.items).toEqual([
        { organization: { id: org.id, name: 'Sports desk', slug: org.slug }, orgRole: 'ORG_ADMIN' },
      ]);
      expect(await get(invitation.id)).toMatchObject({
        status: 'accepted',
        acceptedUserId: me.id,
        acceptedAt: expect.any(String),
      });

      expect((await events('user.created', me.id))[0]).toMatchObject({
        actor_user_id: me.id,
        after: { email: address, role: 'ADMIN', groups: [kept.id] },
      });
      expect((await events('organization.member_added', org.id))[0]).toMatchObject({
        actor_user_id: me.id,
        after: { userId: me.id, orgRole: 'ORG_ADMIN' },
      });
      expect((await events('invitation.accepted', invitation.id))[0]).toMatchObject({
        actor_user_id: me.id,
        after: { status: 'accepted', acceptedUserId: me.id },
      });

      // The link is single-use: a second accept or lookup is a 410 link_used and changes nothing.
      const before = await snapshot();
      expectProblem(await accept({ token, password: 'another long password' }), 410, 'link_used');
      expectProblem(await lookup(token), 410, 'link_used');
      expect(await snapshot()).toBe(before);
      expect(await api.signIn(address, PASSWORD)).toEqual(expect.any(String));
    });

    it('when someone with an account accepts an invitation to an organization, then they join it with no password asked and their account is unchanged but for the email now verified', async () => {
      const org = await organization('Archive');
      const existing = await api.createUser({ email: email('existing'), password: PASSWORD, firstName: 'Ex' });
      const invitation = await invite({ email: existing.email.toUpperCase(), organizationId: org.id });
      const token = await linkToken(existing.email.toUpperCase());
      const preview = invitationPreviewSchema.parse((await lookup(token)).json);
      expect(preview).toMatchObject({ accountExists: true, organization: { name: 'Archive' } });

      const res = await accept({ token });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json).toEqual({
        email: existing.email.toUpperCase(),
        outcome: 'joined',
        organization: { name: 'Archive' },
      });
      const now: User = (await api.call('GET', `/v2/client/multi-user/${existing.id}`)).json;
      // The invitation reached that mailbox: accepting it proves the address (issue 25).
      expect(existing.emailVerified).toBe(false);
      expect(now).toEqual({
        ...existing,
        emailVerified: true,
        version: existing.version + 1,
        updatedAt: now.updatedAt,
      });
      expect(await api.signIn(existing.email, PASSWORD)).toEqual(expect.any(String));
      const orgs = userOrganizationListSchema.parse(
        (await api.call('GET', `/v2/client/multi-user/${existing.id}/organizations`)).json,
      );
      expect(orgs.items).toEqual([{ organization: expect.objectContaining({ id: org.id }), orgRole: 'ORG_MEMBER' }]);
      expect(await get(invitation.id)).toMatchObject({ status: 'accepted', acceptedUserId: existing.id });
      expect(await events('organization.member_added', org.id)).toHaveLength(1);
      expect(await events('user.created', existing.id)).toHaveLength(1); // only the server-to-server create
    });

    it('when the invitation has no organization and an account was made for the email since, then accepting is a 409 already_member and changes nothing', async () => {
      const address = email('late-account');
      const invitation = await invite({ email: address });
      const token = await linkToken(address);
      await api.createUser({ email: address });
      const before = await snapshot();
      expectProblem(await accept({ token, password: PASSWORD }), 409, 'already_member');
      expect(await snapshot()).toBe(before);
      expect((await get(invitation.id)).status).toBe('pending');
    });

    it('when a link is unknown or expired, then 404 link_invalid or 410 link_expired, for lookup and accept, and nothing changes', async () => {
      const address = email('expired');
      const invitation = await invite({ email: address });
      const token = await linkToken(address);
      await iam.db.query(`update invitations set expires_at = now() - interval '1 second' where id = $1`, [
        invitation.id,
      ]);
      const before = await snapshot();
      expectProblem(await lookup(token), 410, 'link_expired');
      expectProblem(await accept({ token, password: PASSWORD }), 410, 'link_expired');
      const unknown = Buffer.alloc(32, 7).toString('base64url');
      expectProblem(await lookup(unknown), 404, 'link_invalid');
      expectProblem(await accept({ token: unknown, password: PASSWORD }), 404, 'link_invalid');
      expect(await snapshot()).toBe(before);
    });

    it('when a new person sends no password, a short one, their email as password, or a name with control or text-direction characters, then 400 naming the field and the link still works', async () => {
      const address = email('policy');
      const invitation = await invite({ email: address });
      const token = await linkToken(address);
      const before = await snapshot();
      const missing = await accept({ token, firstName: 'No' });
      expect(expectProblem(missing, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.password']);
      const short = await accept({ token, password: 'short' });
      expect(expectProblem(short, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.password']);
      const asEmail = await accept({ token, password: `  ${address.toUpperCase()} ` });
      expect(expectProblem(asEmail, 400, 'validation_failed').errors).toEqual([
        { path: 'body.password', message: PASSWORD_IS_EMAIL_MESSAGE, code: 'custom' },
      ]);
      const bidi = await accept({ token, password: PASSWORD, firstName: 'moc.live\u202Eevil', lastName: 'A\u0085' });
      expect(expectProblem(bidi, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual([
        'body.firstName',
        'body.lastName',
      ]);
      const unknownField = await accept({ token, password: PASSWORD, role: 'OWNER' });
      expect(expectProblem(unknownField, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.role']);
      expect(await snapshot()).toBe(before);
      expect((await get(invitation.id)).status).toBe('pending');
      expect((await accept({ token, password: PASSWORD })).status).toBe(200);
    });

    it('when one link is accepted several times at once, then exactly one account is made and the others get 410 link_used', async () => {
      const address = email('racer');
      await invite({ email: address });
      const token = await linkToken(address);
      const results = await Promise.all(
        ['first password!', 'second password', 'third password!'].map((password) => accept({ token, password })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410]);
      for (const res of results.filter((r) => r.status === 410)) expectProblem(res, 410, 'link_used');
      expect(await count('users where lower(email) = lower($1)', [address])).toBe(1);
      expect(await count(`audit_events where action = 'invitation.accepted' and target_email = $1`, [address])).toBe(1);
    });
  });

  describe('bulk', () => {
    it('when a bulk request mixes new people, members, invited people and bad rows, then each row is answered on its own', async () => {
      const org = await organization();
      const member = await api.createUser({ email: email('bulk-member') });
      const invited = email('bulk-invited');
      await invite({ email: invited });
      const fresh = email('bulk-fresh');
      const inOrg = email('bulk-org');
      const before = await count('invitations');
      const res = await api.call('POST', `${INVITATIONS}/bulk`, {
        token: ownerToken,
        body: {
          rows: [
            { email: fresh },
            { email: member.email },
            { email: invited },
            { email: 'not an email' },
            { email: email('bulk-role'), groups: [MISSING] },
            { email: fresh.toUpperCase() },
            42,
            { email: inOrg, organizationId: org.id, organizationRole: 'ORG_ADMIN' },
            { email: email('bulk-org-gone'), organizationId: MISSING },
            { email: email('bulk-extra'), colour: 'blue' },
          ],
        },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const result = bulkInvitationResultSchema.parse(res.json);
      expect(result.items.map((i) => [i.index, i.outcome, i.code])).toEqual([
        [0, 'sent', null],
        [1, 'skipped', 'already_member'],
        [2, 'skipped', 'already_invited'],
        [3, 'failed', 'validation_failed'],
        [4, 'failed', 'validation_failed'],
        [5, 'skipped', 'already_invited'],
        [6, 'failed', 'validation_failed'],
        [7, 'sent', null],
        [8, 'failed', 'not_found'],
        [9, 'failed', 'validation_failed'],
      ]);
      expect(result).toMatchObject({ sent: 2, skipped: 3, failed: 5 });
      expect(result.items[0]?.invitation).toMatchObject({ email: fresh, status: 'pending' });
      expect(result.items[7]?.invitation).toMatchObject({
        organization: { id: org.id },
        organizationRole: 'ORG_ADMIN',
      });
      expect(result.items[1]?.email).toBe(member.email);
      expect(result.items[3]).toMatchObject({
        email: 'not an email',
        errors: [expect.objectContaining({ path: 'email' })],
      });
      expect(result.items[4]?.errors.map((e) => e.path)).toEqual(['groups.0']);
      expect(result.items[6]).toMatchObject({ email: null, errors: [expect.objectContaining({ path: '' })] });
      expect(result.items[8]?.errors.map((e) => e.path)).toEqual(['organizationId']);
      expect(result.items[9]?.errors.map((e) => e.path)).toEqual(['colour']);
      expect(await count('invitations')).toBe(before + 2);
      expect(await mailsTo(fresh)).toHaveLength(1);
      expect(await mailsTo(inOrg)).toHaveLength(1);
      expect((await lookup(await linkToken(inOrg))).status).toBe(200);
    });

    it('when a bulk request is retried with its Idempotency-Key, then the same answer and nothing sent twice', async () => {
      const rows = [{ email: email('bulk-retry') }, { email: email('bulk-retry') }];
      const send = (body: unknown) =>
        api.call('POST', `${INVITATIONS}/bulk`, { body, headers: { 'idempotency-key': `bulk-${rows[0]?.email}` } });
      const first = await send({ rows });
      expect(first.status).toBe(200);
      const before = await snapshot();
      const second = await send({ rows });
      expect(second.json).toEqual(first.json);
      expect(await snapshot()).toBe(before);
      expectProblem(await send({ rows: rows.slice(0, 1) }), 422, 'idempotency_key_reused');
      expect(await snapshot()).toBe(before);
    });

    it('when a bulk request has no rows or too many, then 400 naming body.rows and nothing sent', async () => {
      const before = await snapshot();
      for (const rows of [[], Array.from({ length: 101 }, (_, i) => ({ email: `many${i}@example.com` })), 'x']) {
        const res = await api.call('POST', `${INVITATIONS}/bulk`, { token: ownerToken, body: { rows } });
        expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.rows']);
      }
      expect(await snapshot()).toBe(before);
    });
  });

  describe('the hourly send limit', () => {
    it(`when a sender has sent ${INVITATIONS_PER_HOUR_MAX} in the last hour, then the next is a 429 with Retry-After, and bulk rows past it fail`, async () => {
      const sender = await adminWith({});
      // 498 sends in the last hour, the oldest 59 minutes ago; and some older than an hour, not counted.
      await iam.db.query(
        `insert into invitations (id, tenant_id, email, role, token_hash, invited_by, expires_at, last_sent_at, created_at)
         select gen_random_uuid(), $1, 'filler' || g || '@' || $3 || '.example', 'MEMBER',
                sha256(convert_to($3 || g, 'UTF8')), $2, now() + interval '7 days',
                now() - make_interval(mins => case when g <= 498 then 59 else 61 end),
                now() - make_interval(mins => case when g <= 498 then 59 else 61 end)
           from generate_series(1, 520) as g`,
        [iam.tenantId, sender.user.id, `fill${++seq}`],
      );
      const bulk = await api.call('POST', `${INVITATIONS}/bulk`, {
        token: sender.token,
        body: { rows: [{ email: email('limit-a') }, { email: email('limit-b') }, { email: email('limit-c') }] },
      });
      expect(bulk.status, JSON.stringify(bulk.json)).toBe(200);
      const result = bulkInvitationResultSchema.parse(bulk.json);
      expect(result.items.map((i) => [i.outcome, i.code])).toEqual([
        ['sent', null],
        ['sent', null],
        ['failed', 'rate_limited'],
      ]);

      const before = await snapshot();
      const refused = await api.call('POST', INVITATIONS, { token: sender.token, body: { email: email('limit-d') } });
      expectProblem(refused, 429, 'rate_limited');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await snapshot()).toBe(before);

      // Other senders are not affected, and server-to-server calls are not limited.
      expect(
        (await api.call('POST', INVITATIONS, { token: ownerToken, body: { email: email('limit-e') } })).status,
      ).toBe(201);
      expect((await api.call('POST', INVITATIONS, { body: { email: email('limit-f') } })).status).toBe(201);
    });
  });

  describe('bad requests', () => {
    it('when a create names unknown permissions, roles or organizations, or breaks the schema, then the answer names each field and nothing changes', async () => {
      const before = await snapshot();
      const cases: [Record<string, unknown>, number, string[]][] = [
        [{ email: email('bad'), permissions: { flying: true } }, 400, ['body.permissions.flying']],
        [{ email: email('bad'), groups: [MISSING] }, 400, ['body.groups.0']],
        [{ email: email('bad'), organizationId: MISSING }, 404, ['body.organizationId']],
        [{ email: email('bad'), organizationRole: 'ORG_ADMIN' }, 400, ['body.organizationRole']],
        [{ email: email('bad'), expiresInDays: 31 }, 400, ['body.expiresInDays']],
        [{ email: email('bad'), expiresInDays: 0 }, 400, ['body.expiresInDays']],
        [{ email: email('bad'), role: 'ROOT' }, 400, ['body.role']],
        [{ email: email('bad'), id: MISSING }, 400, ['body.id']],
        [{ email: 'nobody' }, 400, ['body.email']],
      ];
      for (const [body, status, paths] of cases) {
        const res = await api.call('POST', INVITATIONS, { token: ownerToken, body });
        expect(res.status, JSON.stringify({ body, answer: res.json })).toBe(status);
        expect((res.json as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(paths);
      }
      const badKey = await api.call('POST', INVITATIONS, {
        body: { email: email('bad') },
        headers: { 'idempotency-key': '' },
      });
      expect(expectProblem(badKey, 400, 'validation_failed').errors?.[0]?.path).toBe('header.idempotency-key');
      expect(await snapshot()).toBe(before);
    });

    it('when invalid bodies are generated for create and accept, then always a 4xx naming fields, never a change', async () => {
      const address = email('target');
      await invite({ email: address });
      const token = await linkToken(address);
      const before = await snapshot();
      const createMutation = fc.oneof(
        fc.record({
          email: fc.oneof(
            notString,
            fc.string().filter((s) => !s.includes('@')),
          ),
        }),
        fc.record({
          role: fc.oneof(
            notString,
            fc.string().filter((s) => !['OWNER', 'ADMIN', 'MEMBER'].includes(s)),
          ),
        }),
        fc.record({
          groups: fc.oneof(
            notString.filter((v) => !Array.isArray(v)),
            fc.array(fc.string(), { minLength: 1 }),
          ),
        }),
        fc.record({
          permissions: fc.oneof(
            fc.integer(),
            fc.string(),
            fc.dictionary(
              fc.string().filter((k) => k !== '__proto__'),
              fc.string(),
              { minKeys: 1 },
            ),
          ),
        }),
        fc.record({
          expiresInDays: fc.oneof(fc.integer({ min: 31 }), fc.integer({ max: 0 }), fc.double({ min: 1.1, max: 2.9 })),
        }),
        fc.record({ organizationId: fc.oneof(notString, fc.string({ maxLength: 10 })) }),
        unknownFields([
          'email',
          'role',
          'groups',
          'permissions',
          'organizationId',
          'organizationRole',
          'expiresInDays',
        ]),
      );
      const acceptMutation = fc.oneof(
        fc.record({ token: fc.oneof(notString, fc.string({ maxLength: 21 }), fc.constant(`${token}!`)) }),
        fc.record({ password: fc.oneof(notString, fc.string({ maxLength: 7 })) }),
        fc.record({
          firstName: fc.oneof(
            fc.integer(),
            fc.constant(''),
            fc.string({ minLength: 101, maxLength: 120 }).filter((s) => s.trim().length > 100),
          ),
        }),
        unknownFields(['token', 'firstName', 'lastName', 'password']),
      );
      await fc.assert(
        fc.asyncProperty(
          invalidBodies({ email: email('valid'), role: 'MEMBER' }, createMutation),
          invalidBodies({ token, password: PASSWORD }, acceptMutation),
          fc.boolean(),
          async (createBody, acceptBody, create) => {
            const body = create ? createBody : acceptBody;
            const res = create
              ? await api.call('POST', INVITATIONS, { token: ownerToken, body })
              : await accept(acceptBody);
            expect(res.status, JSON.stringify({ body, answer: res.json })).toBe(400);
            // A body that is not a JSON object at all has no field to name.
            if ((res.json as { code?: string }).code === 'malformed_json') return;
            const errors = (res.json as { errors?: { path: string }[] }).errors ?? [];
            expect(errors.length, JSON.stringify({ body, answer: res.json })).toBeGreaterThan(0);
            for (const e of errors) expect(e.path).toMatch(/^body/);
          },
        ),
        { numRuns: 150 },
      );
      expect(await snapshot()).toBe(before);
    }, 120_000);
  });
});
