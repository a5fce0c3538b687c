import {
  bulkInvitationResultSchema,
  type Invitation,
  invitationListSchema,
  type Organization,
  type Role,
  type RouteName,
  type User,
} from '@team-access/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeAuthorizationTable,
  expectTableCovers,
  organizationsXAndY,
  type TableRow,
} from '../../testing/authorization-table.ts';
import { type CallOptions, expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS, TEST_OWNER, type TestIam } from '../../testing/harness.ts';
import { invitationLinkToken } from '../../testing/mail-links.ts';
import { useTestIam } from '../../testing/suite.ts';

/**
 * Every invitations endpoint × every kind of caller → the status. Each case gets fresh
 * organizations X and Y and fresh invitations (into X, into Y, and to the account with no
 * organization); a refusal must leave the tenant's invitations, accounts, memberships, mail and
 * audit trail exactly as they were.
 */

const ACTORS = [
  'OWNER',
  'ADMIN',
  'server-to-server',
  'MEMBER',
  'ORG_ADMIN of X',
  'ORG_ADMIN of Y',
  'other tenant',
] as const;
type ActorName = (typeof ACTORS)[number];

interface Fixture {
  tag: string;
  x: Organization;
  y: Organization;
  inX: Invitation;
  inY: Invitation;
  toTenant: Invitation;
  /** The link token of the invitation into X, as mailed. */
  tokenX: string;
}

interface Row extends TableRow<Fixture> {
  route: RouteName;
  /** Whether a 2xx changed our tenant (default: any 2xx write by one of our tenant's callers). */
  changes?(actor: ActorName, status: number, json: unknown): boolean;
}

const PASSWORD = 'a long enough password';
const INVITATIONS = '/v2/client/invitations';

describe.each(testDatabases)('invitations authorization on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  useTestIam(database, (suite) => ({ iam, api } = suite));
  let seq = 0;
  const auth = {} as Record<ActorName, CallOptions>;
  const users = {} as { admin: User; xAdmin: User; yAdmin: User; xOwner: User };
  const tokens = {} as { admin: string; xAdmin: string; xOwner: string };
  let scarce: Role;

  beforeAll(async () => {
    const signedIn = (role: 'ADMIN' | 'MEMBER', name: string, extra: Record<string, unknown> = {}) =>
      api.createSignedIn({ email: `${name}@example.com`, password: PASSWORD, role, ...extra });
    // The ADMIN holds ignite and journey (a role gives journey), nothing else.
    const held = (await api.call('POST', '/v2/client/roles', { body: { name: 'Held', permissions: ['journey'] } }))
      .json as Role;
    scarce = (await api.call('POST', '/v2/client/roles', { body: { name: 'Scarce', permissions: ['billing'] } }))
      .json as Role;
    const admin = await signedIn('ADMIN', 'admin', { permissions: { ignite: true }, groups: [held.id] });
    const member = await signedIn('MEMBER', 'member');
    const xAdmin = await signedIn('MEMBER', 'x-admin');
    const yAdmin = await signedIn('MEMBER', 'y-admin');
    const xOwner = await signedIn('MEMBER', 'x-owner');
    Object.assign(auth, {
      OWNER: { token: await api.signIn(TEST_OWNER.email, TEST_OWNER.password) },
      ADMIN: { token: admin.token },
      'server-to-server': {},
      MEMBER: { token: member.token },
      'ORG_ADMIN of X': { token: xAdmin.token },
      'ORG_ADMIN of Y': { token: yAdmin.token },
      'other tenant': { credentials: OTHER_TENANT_CREDENTIALS },
    } satisfies Record<ActorName, CallOptions>);
    Object.assign(users, { admin: admin.user, xAdmin: xAdmin.user, yAdmin: yAdmin.user, xOwner: xOwner.user });
    Object.assign(tokens, { admin: admin.token, xAdmin: xAdmin.token, xOwner: xOwner.token });
    await addTenant(iam.db);
  });

  const linkToken = (address: string) => invitationLinkToken(iam.db, address);

  async function fixture(): Promise<Fixture> {
    const tag = `authz${++seq}q`;
    const { x, y } = await organizationsXAndY(api, tag, users);
    const inX: Invitation = await api.arrange('POST', INVITATIONS, {
      email: `x.${tag}@example.com`,
      organizationId: x.id,
    });
    const inY: Invitation = await api.arrange('POST', INVITATIONS, {
      email: `y.${tag}@example.com`,
      organizationId: y.id,
    });
    const toTenant: Invitation = await api.arrange('POST', INVITATIONS, { email: `t.${tag}@example.com` });
    // Sent long enough ago to be resent.
    await iam.db.query(
      `update invitations set last_sent_at = last_sent_at - interval '2 minutes' where id = any($1::uuid[])`,
      [[inX.id, inY.id, toTenant.id]],
    );
    return { tag, x, y, inX, inY, toTenant, tokenX: await linkToken(inX.email) };
  }

  /** Our tenant's invitations, accounts, memberships, mail and audit events, as text to compare. */
  async function snapshot(): Promise<string> {
    const rows = await iam.db.query(
      `select
         (select coalesce(json_agg(i order by i.id), '[]') from
            (select id, status, encode(token_hash, 'hex') as token, send_count, expires_at, organization_id
               from invitations where tenant_id = $1) i) as invitations,
         (select count(*)::int from users where tenant_id = $1) as users,
         (select count(*)::int from organization_members where tenant_id = $1) as members,
         (select count(*)::int from mail_outbox where tenant_id = $1) as mails,
         (select count(*)::int from audit_events where tenant_id = $1) as events`,
      [iam.tenantId],
    );
    return JSON.stringify(rows);
  }

  const one = (id: string) => `${INVITATIONS}/${id}`;
  //                       OWNER ADMIN s2s MEMBER O_ADM_X O_ADM_Y other
  const table: Row[] = [
    {
      route: 'listInvitations',
      label: 'list invitations',
      expected: [200, 200, 200, 200, 200, 200, 200],
      request: (f) => ({ method: 'GET', path: `${INVITATIONS}?search=${f.tag}` }),
    },
    {
      route: 'createInvitation',
      label: 'invite a member into X',
      expected: [201, 201, 201, 403, 201, 404, 404],
      request: (f) => ({
        method: 'POST',
        path: INVITATIONS,
        body: { email: `new.${f.tag}@example.com`, organizationId: f.x.id },
      }),
    },
    {
      route: 'createInvitation',
      label: 'invite someone to the account, no organization',
      expected: [201, 201, 201, 403, 403, 403, 201],
      request: (f) => ({ method: 'POST', path: INVITATIONS, body: { email: `new.${f.tag}@example.com` } }),
    },
    {
      route: 'bulkCreateInvitations',
      label: 'bulk invite into X',
      expected: [200, 200, 200, 403, 200, 200, 200],
      request: (f) => ({
        method: 'POST',
        path: `${INVITATIONS}/bulk`,
        body: { rows: [{ email: `bulk.${f.tag}@example.com`, organizationId: f.x.id }] },
      }),
      // Y's admin and the other tenant get the row back as failed: X does not exist for them.
      changes: (actor, status, json) =>
        status === 200 && actor !== 'other tenant' && bulkInvitationResultSchema.parse(json).sent === 1,
    },
    {
      route: 'getInvitation',
      label: 'read the invitation into X',
      expected: [200, 200, 200, 404, 200, 404, 404],
      request: (f) => ({ method: 'GET', path: one(f.inX.id) }),
    },
    {
      route: 'getInvitation',
      label: 'read the invitation with no organization',
      expected: [200, 200, 200, 404, 404, 404, 404],
      request: (f) => ({ method: 'GET', path: one(f.toTenant.id) }),
    },
    {
      route: 'resendInvitation',
      label: 'resend the invitation into X',
      expected: [200, 200, 200, 404, 200, 404, 404],
      request: (f) => ({ method: 'POST', path: `${one(f.inX.id)}/resend` }),
    },
    {
      route: 'resendInvitation',
      label: 'resend the invitation into Y',
      expected: [200, 200, 200, 404, 404, 200, 404],
      request: (f) => ({ method: 'POST', path: `${one(f.inY.id)}/resend` }),
    },
    {
      // Bulk resend (ADR 042): for those who administer the tenant; another tenant's ids are not found.
      route: 'planInvitationResend',
      label: 'dry-run a resend of the invitation into X',
      expected: [200, 200, 200, 403, 403, 403, 404],
      request: (f) => ({
        method: 'POST',
        path: `${INVITATIONS}/bulk-resend/dry-run`,
        body: { selection: { invitationIds: [f.inX.id] } },
      }),
      changes: () => false,
    },
    {
      route: 'resendInvitations',
      label: 'resend the invitation into Y in bulk',
      expected: [200, 200, 200, 403, 403, 403, 404],
      request: (f) => ({
        method: 'POST',
        path: `${INVITATIONS}/bulk-resend`,
        body: { selection: { invitationIds: [f.inY.id] } },
      }),
      // Resent only past the resend interval since the last send (else skipped as just_sent).
      changes: (_actor, status, json) => status === 200 && (json as { resent: number }).resent > 0,
    },
    {
      route: 'revokeInvitation',
      label: 'revoke the invitation into X',
      expected: [200, 200, 200, 404, 200, 404, 404],
      request: (f) => ({ method: 'POST', path: `${one(f.inX.id)}/revoke` }),
    },
    {
      route: 'revokeInvitation',
      label: 'revoke the invitation with no organization',
      expected: [200, 200, 200, 404, 404, 404, 404],
      request: (f) => ({ method: 'POST', path: `${one(f.toTenant.id)}/revoke` }),
    },
    {
      route: 'previewInvitation',
      label: 'look up the link into X (public)',
      expected: [200, 200, 200, 200, 200, 200, 404],
      request: (f) => ({ method: 'POST', path: `${INVITATIONS}/lookup`, body: { token: f.tokenX } }),
    },
    {
      route: 'acceptInvitation',
      label: 'accept the link into X (public)',
      expected: [200, 200, 200, 200, 200, 200, 404],
      request: (f) => ({
        method: 'POST',
        path: `${INVITATIONS}/accept`,
        body: { token: f.tokenX, password: PASSWORD },
      }),
    },
  ];

  /** Which of the fixture's invitations each caller's list shows. */
  const listed: Record<ActorName, ('X' | 'Y' | 'T')[]> = {
    OWNER: ['T', 'Y', 'X'],
    ADMIN: ['T', 'Y', 'X'],
    'server-to-server': ['T', 'Y', 'X'],
    MEMBER: [],
    'ORG_ADMIN of X': ['X'],
    'ORG_ADMIN of Y': ['Y'],
    'other tenant': [],
  };

  it('when the table is read, then it covers every invitations endpoint of the contract', () => {
    expectTableCovers(table, (r) => r.tag === 'invitations');
  });

  describeAuthorizationTable(table, {
    actors: ACTORS,
    fixture,
    snapshot,
    call: (actor, { method, path, body }) => api.call(method, path, { ...auth[actor], body }),
    changes: (row, actor, { method }, res) =>
      row.changes
        ? row.changes(actor, res.status, res.json)
        : method !== 'GET' && row.route !== 'previewInvitation' && res.status < 300 && actor !== 'other tenant',
    check: (row, actor, res) => {
      if (row.route === 'listInvitations') {
        const names = invitationListSchema.parse(res.json).items.map((i) => i.email.slice(0, 1).toUpperCase());
        expect(names).toEqual(listed[actor]);
      }
    },
  });

  describe('escalation', () => {
    it('when an ADMIN invites an OWNER, grants a permission they lack, or gives a role granting one, then 403 naming the field and nothing changes', async () => {
      const as = { token: tokens.admin };
      const before = await snapshot();
      const cases: [Record<string, unknown>, string[]][] = [
        [{ role: 'OWNER' }, ['body.role']],
        [{ permissions: { ignite: true, billing: true, export: false } }, ['body.permissions.billing']],
        [{ groups: [scarce.id] }, ['body.groups.0']],
      ];
      for (const [fields, paths] of cases) {
        const res = await api.call('POST', INVITATIONS, {
          ...as,
          body: { email: `esc${++seq}@example.com`, ...fields },
        });
        expect(expectProblem(res, 403, 'forbidden').errors?.map((e) => e.path)).toEqual(paths);
      }
      const bulk = await api.call('POST', `${INVITATIONS}/bulk`, {
        ...as,
        body: { rows: cases.map(([fields]) => ({ email: `esc${++seq}@example.com`, ...fields })) },
      });
      const result = bulkInvitationResultSchema.parse(bulk.json);
      expect(result.items.map((i) => [i.outcome, i.code, i.errors.map((e) => e.path)])).toEqual([
        ['failed', 'forbidden', ['role']],
        ['failed', 'forbidden', ['permissions.billing']],
        ['failed', 'forbidden', ['groups.0']],
      ]);
      expect(await snapshot()).toBe(before);

      // What they hold, directly or through a role, they may give.
      const held = await api.call('POST', INVITATIONS, {
        ...as,
        body: { email: `esc${++seq}@example.com`, role: 'ADMIN', permissions: { ignite: true, journey: true } },
      });
      expect(held.status, JSON.stringify(held.json)).toBe(201);
    });

    it('when an ADMIN resends an invitation granting more than they hold, then 403 and nothing changes; revoking it is allowed', async () => {
      const owned: Invitation = await api.arrange('POST', INVITATIONS, {
        email: `to-owner${++seq}@example.com`,
        role: 'OWNER',
      });
      await iam.db.query(`update invitations set last_sent_at = last_sent_at - interval '2 minutes' where id = $1`, [
        owned.id,
      ]);
      const before = await snapshot();
      expectProblem(await api.call('POST', `${one(owned.id)}/resend`, { token: tokens.admin }), 403, 'forbidden');
      expect(await snapshot()).toBe(before);
      const revoked = await api.call('POST', `${one(owned.id)}/revoke`, { token: tokens.admin });
      expect(revoked.json).toMatchObject({ status: 'revoked' });
    });

    it('when an ORG_ADMIN invites with more than a plain membership, or an ORG_OWNER, then 403 naming the field; an ORG_OWNER may invite an ORG_OWNER', async () => {
      const f = await fixture();
      const as = { token: tokens.xAdmin };
      const before = await snapshot();
      const cases: [Record<string, unknown>, string[]][] = [
        [{ role: 'ADMIN' }, ['body.role']],
        [{ groups: [scarce.id] }, ['body.groups.0']],
        [{ permissions: { ignite: true } }, ['body.permissions.ignite']],
        [{ organizationRole: 'ORG_OWNER' }, ['body.organizationRole']],
      ];
      for (const [fields, paths] of cases) {
        const res = await api.call('POST', INVITATIONS, {
          ...as,
          body: { email: `org${++seq}@example.com`, organizationId: f.x.id, ...fields },
        });
        expect(expectProblem(res, 403, 'forbidden').errors?.map((e) => e.path)).toEqual(paths);
      }
      expect(await snapshot()).toBe(before);
      const asOwner = await api.call('POST', INVITATIONS, {
        token: tokens.xOwner,
        body: { email: `org${++seq}@example.com`, organizationId: f.x.id, organizationRole: 'ORG_OWNER' },
      });
      expect(asOwner.status, JSON.stringify(asOwner.json)).toBe(201);
      const asAdmin = await api.call('POST', INVITATIONS, {
        ...as,
        body: { email: `org${++seq}@example.com`, organizationId: f.x.id, organizationRole: 'ORG_ADMIN' },
      });
      expect(asAdmin.status, JSON.stringify(asAdmin.json)).toBe(201);

      // An invitation into X that grants more (sent by the tenant's owner) is theirs to see and
      // withdraw, not to send again.
      const granting: Invitation = await api.arrange('POST', INVITATIONS, {
        email: `org${++seq}@example.com`,
        organizationId: f.x.id,
        role: 'ADMIN',
      });
      await iam.db.query(`update invitations set last_sent_at = last_sent_at - interval '2 minutes' where id = $1`, [
        granting.id,
      ]);
      expect((await api.call('GET', one(granting.id), as)).status).toBe(200);
      expectProblem(await api.call('POST', `${one(granting.id)}/resend`, as), 403, 'forbidden');
      expect((await api.call('POST', `${one(granting.id)}/revoke`, as)).status).toBe(200);
    });

    it('when an ORG_ADMIN invites people with accounts elsewhere in the tenant, then nothing tells them: they are invited; a member of X is already_member', async () => {
      const f = await fixture();
      const as = { token: tokens.xAdmin };
      // The tenant's ADMIN is not in X: invited like anyone (accepting would join X).
      const elsewhere = await api.call('POST', INVITATIONS, {
        ...as,
        body: { email: users.admin.email, organizationId: f.x.id },
      });
      expect(elsewhere.status, JSON.stringify(elsewhere.json)).toBe(201);
      expect(elsewhere.json).toMatchObject({ status: 'pending', email: users.admin.email });
      // X's owner is a member of X, which the org admin sees anyway.
      const inside = await api.call('POST', INVITATIONS, {
        ...as,
        body: { email: users.xOwner.email, organizationId: f.x.id },
      });
      expectProblem(inside, 409, 'already_member');
      // Their list never shows invitations elsewhere, even when asked for Y.
      const list = await api.call('GET', `${INVITATIONS}?organizationId=${f.y.id}`, as);
      expect(invitationListSchema.parse(list.json)).toEqual({
        items: [],
        nextCursor: null,
        total: 0,
        totalIsCapped: false,
      });
    });
  });
});
