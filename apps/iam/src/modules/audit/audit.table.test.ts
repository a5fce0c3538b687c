import { type RouteName, routeList, routes, type User } from '@team-access/contract';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_APP_URL } from '../../app.ts';
import { type CallOptions, expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import type { TestIam } from '../../testing/harness.ts';
import { invitationLinkToken } from '../../testing/mail-links.ts';
import { softPasskey } from '../../testing/passkey.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

/**
 * One event per change, in the change's transaction, for EVERY mutating route of the registry.
 *
 * The rule (see docs/api.md "Audit log"): a request records one event per thing it changed —
 * one for a single change; one per user for a bulk change (the matrix, role assignments, bulk
 * invitations) — all carrying the request's id, written in the same transaction as the change.
 *
 * Each row runs twice on the same fixture. First with a request id that a constraint on
 * audit_events refuses: the event cannot be written, so the change must not be either (the
 * tenant's state is exactly as before). Then normally: the listed events, and only they, carry the
 * request id, and no event written before changed (append-only).
 */

/** The request id whose audit insert the probe constraint refuses. */
const FAILING_REQUEST_ID = 'audit-probe-must-fail';

/**
 * Mutating (non-GET) routes that change nothing: they look a link up. Proven below: state and
 * audit trail unchanged.
 */
const LOOKUPS: RouteName[] = ['previewInvitation', 'previewPasswordReset'];
/**
 * Mutating routes that answer a question and change no resource: permission checks (a POST for
 * its batch body) and an API key's exchange for an access token (like a sign-in's token, no event).
 * Proven below.
 */
const READS: RouteName[] = ['checkPermissions', 'createApiKeyAccessToken'];
/** Mutating routes that only answer what a change would do (a dry run). Proven below. */
const DRY_RUNS: RouteName[] = ['planBulkChange', 'planInvitationResend'];
/**
 * TODO(audit-revert): the revert is implemented on branch audit-revert, which adds its row here
 * (one event with revertsEventId) and removes this entry before merge.
 */
const IMPLEMENTED_ELSEWHERE: RouteName[] = ['revertAuditEvent'];
/**
 * Mutating routes that only hand out a WebAuthn challenge (kept server-side, single use): they
 * change no resource and record nothing. Proven below.
 */
const CEREMONY_STEPS: RouteName[] = ['passkeyRegistrationOptions', 'passkeySignInOptions', 'passwordlessOptions'];

const PASSWORD = 'a long enough password';
const ORIGIN = new URL(DEFAULT_APP_URL).origin;

interface Call {
  method: string;
  path: string;
  body?: unknown;
  options?: CallOptions;
}

interface Row {
  route: RouteName;
  /** Sets up what the call needs (server-to-server) and answers the call. */
  arrange(): Promise<Call>;
  /** The actions the call records, sorted. */
  events: string[];
}

describe.each(testDatabases)('one audit event per change, every mutating route, on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken } = suite));

  beforeAll(async () => {
    await iam.db.exec(
      `alter table audit_events add constraint audit_probe_must_fail
         check (request_id is distinct from '${FAILING_REQUEST_ID}') not valid`,
    );
  });

  let seq = 0;
  const email = (name: string) => `table-${name}.${++seq}@example.com`;
  const asOwner = (): CallOptions => ({ token: ownerToken });
  const user = (extra: Record<string, unknown> = {}) => api.createUser({ email: email('user'), ...extra });
  const role = async (name = 'Role') =>
    (await api.arrange('POST', '/v2/client/roles', { name: `${name} ${++seq}`, permissions: ['ignite'] })) as {
      id: string;
    };
  const webhook = async () =>
    (await api.arrange('POST', '/v2/client/webhooks', { url: `https://1.1.1.1/hooks/${++seq}` })) as {
      webhook: { id: string };
    }['webhook'];
  const org = async () =>
    (await api.arrange('POST', '/v2/client/organizations', { name: `Org ${++seq}` })) as { id: string };
  const invitation = async (address = email('invitee')) =>
    (await api.arrange('POST', '/v2/client/invitations', { email: address })) as { id: string; email: string };
  const signedIn = async () => {
    const u = await user({ password: PASSWORD });
    return { user: u, token: await api.signIn(u.email, PASSWORD) };
  };

  const codeAt = (secret: string, timestamp: number) =>
    new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });
  /** A signed-in user with an authenticator set up (its current step taken) and recovery codes. */
  const withTwoStep = async () => {
    const { user: u, token } = await signedIn();
    const { secret } = (await api.call('GET', '/v2/client/auth/two-step/totp/setup', { token })).json as {
      secret: string;
    };
    const res = await api.call('POST', '/v2/client/auth/two-step/totp', {
      token,
      body: { secret, code: codeAt(secret, Date.now()) },
    });
    const { factor, recoveryCodes } = res.json as { factor: { id: string }; recoveryCodes: string[] };
    return { user: u, token, secret, factor, recoveryCodes };
  };
  const challengeFor = async (address: string) =>
    (
      (await api.call('POST', '/v2/client/auth/sign-in', { body: { email: address, password: PASSWORD } })).json as {
        twoStep: { challengeToken: string };
      }
    ).twoStep.challengeToken;

  const table: Row[] = [
    {
      route: 'confirmTotp',
      events: ['user.two_step_enrolled'],
      arrange: async () => {
        const { token } = await signedIn();
        const { secret } = (await api.call('GET', '/v2/client/auth/two-step/totp/setup', { token })).json as {
          secret: string;
        };
        return {
          method: 'POST',
          path: '/v2/client/auth/two-step/totp',
          body: { secret, code: codeAt(secret, Date.now()) },
          options: { token },
        };
      },
    },
    {
      route: 'completeTwoStepSignIn',
      events: ['auth.recovery_code_used', 'auth.signed_in'],
      arrange: async () => {
        const { user: u, recoveryCodes } = await withTwoStep();
        return {
          method: 'POST',
          path: '/v2/client/auth/sign-in/two-step',
          body: { challengeToken: await challengeFor(u.email), recoveryCode: recoveryCodes[0] },
        };
      },
    },
    {
      route: 'registerPasskey',
      events: ['user.two_step_enrolled'],
      arrange: async () => {
        const { token } = await signedIn();
        const { options } = (await api.call('POST', '/v2/client/auth/two-step/passkey/options', { token })).json as {
          options: Record<string, unknown>;
        };
        return {
          method: 'POST',
          path: '/v2/client/auth/two-step/passkey',
          body: { name: 'Laptop', response: softPasskey().register(options, ORIGIN) },
          options: { token },
        };
      },
    },
    {
      route: 'passkeySignIn',
      events: ['auth.signed_in'],
      arrange: async () => {
        await api.arrange('PATCH', '/v2/client/tenant/settings', { passkeySignIn: true });
        const { token } = await signedIn();
        const key = softPasskey();
        const registration = (await api.call('POST', '/v2/client/auth/two-step/passkey/options', { token })).json as {
          options: Record<string, unknown>;
        };
        await api.call('POST', '/v2/client/auth/two-step/passkey', {
          token,
          body: { response: key.register(registration.options, ORIGIN) },
        });
        const { options } = (await api.call('POST', '/v2/client/auth/passkey-sign-in/options')).json as {
          options: Record<string, unknown>;
        };
        return {
          method: 'POST',
          path: '/v2/client/auth/passkey-sign-in',
          body: { response: key.authenticate(options, ORIGIN) },
        };
      },
    },
    {
      route: 'removeOwnFactor',
      events: ['user.two_step_removed'],
      arrange: async () => {
        const { token, factor } = await withTwoStep();
        return { method: 'DELETE', path: `/v2/client/auth/two-step/${factor.id}`, options: { token } };
      },
    },
    {
      route: 'renewRecoveryCodes',
      events: ['user.recovery_codes_renewed'],
      arrange: async () => {
        const { token } = await withTwoStep();
        return { method: 'POST', path: '/v2/client/auth/two-step/recovery-codes', options: { token } };
      },
    },
    {
      route: 'resetUserTwoStep',
      events: ['user.two_step_reset'],
      arrange: async () => {
        const { user: u } = await withTwoStep();
        return { method: 'DELETE', path: `/v2/client/multi-user/${u.id}/two-step`, options: asOwner() };
      },
    },
    {
      route: 'updateTenantSettings',
      events: ['tenant.two_step_policy_changed'],
      arrange: async () => {
        // From `everyone` back to `off`, server to server: the rows after this one sign people in
        // without a factor (and the seeded OWNER has none, so it would be held meanwhile).
        await api.arrange('PATCH', '/v2/client/tenant/settings', { twoStepPolicy: 'everyone' });
        return { method: 'PATCH', path: '/v2/client/tenant/settings', body: { twoStepPolicy: 'off' } };
      },
    },
    {
      route: 'signIn',
      events: ['auth.signed_in'],
      arrange: async () => {
        const u = await user({ password: PASSWORD });
        return { method: 'POST', path: '/v2/client/auth/sign-in', body: { email: u.email, password: PASSWORD } };
      },
    },
    {
      route: 'signOut',
      events: ['auth.signed_out'],
      arrange: async () => {
        const { token } = await signedIn();
        return { method: 'POST', path: '/v2/client/auth/sign-out', options: { token } };
      },
    },
    {
      route: 'changeOwnPassword',
      events: ['user.password_changed'],
      arrange: async () => {
        const { token } = await signedIn();
        return {
          method: 'POST',
          path: '/v2/client/auth/password',
          body: { currentPassword: PASSWORD, newPassword: 'another long enough password' },
          options: { token },
        };
      },
    },
    {
      route: 'endUserSession',
      events: ['auth.session_revoked'],
      arrange: async () => {
        const { user: u } = await signedIn();
        const sessions = (await api.arrange('GET', `/v2/client/multi-user/${u.id}/sessions`)) as {
          items: { id: string }[];
        };
        const [session] = sessions.items;
        return {
          method: 'DELETE',
          path: `/v2/client/multi-user/${u.id}/sessions/${session?.id}`,
          options: asOwner(),
        };
      },
    },
    {
      route: 'endUserSessions',
      events: ['auth.sessions_revoked'],
      arrange: async () => {
        const { user: u } = await signedIn();
        return { method: 'DELETE', path: `/v2/client/multi-user/${u.id}/sessions`, options: asOwner() };
      },
    },
    {
      route: 'createUser',
      events: ['user.created'],
      arrange: async () => ({
        method: 'POST',
        path: '/v2/client/multi-user',
        body: { email: email('created'), password: PASSWORD },
        options: asOwner(),
      }),
    },
    {
      route: 'updateUser',
      events: ['user.updated'],
      arrange: async () => {
        const u = await user();
        return {
          method: 'PATCH',
          path: `/v2/client/multi-user/${u.id}`,
          body: { firstName: 'Renamed' },
          options: asOwner(),
        };
      },
    },
    {
      route: 'replaceUser',
      events: ['user.replaced'],
      arrange: async () => {
        const u = await user();
        return {
          method: 'PUT',
          path: `/v2/client/multi-user/${u.id}`,
          body: { email: u.email, role: 'MEMBER', firstName: 'Replaced' },
          options: { ...asOwner(), headers: { 'if-match': `"${u.version}"` } },
        };
      },
    },
    {
      route: 'resendEmailVerification',
      events: ['user.email_verification_sent'],
      arrange: async () => {
        const u = await user({ password: PASSWORD });
        return { method: 'POST', path: `/v2/client/multi-user/${u.id}/email-verification`, options: asOwner() };
      },
    },
    {
      route: 'verifyEmail',
      events: ['user.email_verified'],
      arrange: async () => {
        const u = await user({ password: PASSWORD });
        const [mail] = await iam.db.query<{ text_body: string }>(
          `select text_body from mail_outbox where kind = 'email_verification' and lower(to_address) = lower($1)
            order by created_at desc, id desc limit 1`,
          [u.email],
        );
        const token = /\/verify-email#token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1];
        expect(token, mail?.text_body).toBeDefined();
        return { method: 'POST', path: '/v2/client/auth/email-verification', body: { token } };
      },
    },
    {
      route: 'deleteUser',
      events: ['user.deleted'],
      arrange: async () => {
        const u = await user();
        return { method: 'DELETE', path: `/v2/client/multi-user/${u.id}`, options: asOwner() };
      },
    },
    {
      route: 'setUserPassword',
      events: ['user.password_set'],
      arrange: async () => {
        const u = await user();
        return {
          method: 'PUT',
          path: `/v2/client/multi-user/${u.id}/password`,
          body: { password: 'a brand new long password' },
          options: { ...asOwner(), headers: { 'if-match': `"${u.version}"` } },
        };
      },
    },
    {
      route: 'changePermissions',
      // The matrix's bulk change: one event per user changed.
      events: ['user.permissions_changed', 'user.permissions_changed'],
      arrange: async () => {
        const [a, b] = [await user(), await user()] as [User, User];
        return {
          method: 'POST',
          path: '/v2/client/permission-changes',
          body: {
            changes: [
              { userId: a.id, version: a.version, grant: ['ignite'] },
              { userId: b.id, version: b.version, grant: ['ignite'] },
            ],
          },
          options: asOwner(),
        };
      },
    },
    {
      route: 'applyBulkChange',
      // A bulk action: one event per member changed, by the single edit's own core.
      events: ['user.updated', 'user.updated'],
      arrange: async () => {
        const [a, b] = [await user(), await user()] as [User, User];
        return {
          method: 'POST',
          path: '/v2/client/bulk-changes',
          body: { selection: { userIds: [a.id, b.id] }, action: { type: 'deactivate' } },
          options: asOwner(),
        };
      },
    },
    {
      route: 'importUsers',
      // One event per member and membership a row changes (listed by action).
      events: ['organization.member_added', 'user.created', 'user.list_imported', 'user.updated'],
      arrange: async () => {
        const existing = await user();
        const o = (await api.arrange('POST', '/v2/client/organizations', { name: `Import ${++seq}` })) as {
          slug: string;
        };
        return {
          method: 'POST',
          path: '/v2/client/multi-user/import',
          body: {
            rows: [
              { cells: { email: email('imported'), organizations: `${o.slug} (ORG_MEMBER)` } },
              { cells: { email: existing.email, firstName: 'Imported' } },
            ],
          },
          options: asOwner(),
        };
      },
    },
    {
      route: 'undoJob',
      // Queues the undo (a bulk change): the members' own events come as its chunks run.
      events: ['user.bulk_job_started'],
      arrange: async () => {
        // A bulk job that finished, with one member changed and what undoes that.
        const member = await user();
        const [job] = await iam.db.query<{ id: string }>(
          `insert into jobs (id, tenant_id, kind, payload, total, changed, status, finished_at)
           values (gen_random_uuid(), $1, 'bulk_change', '{"action":{"type":"deactivate"}}', 1, 1, 'done', now())
           returning id`,
          [iam.tenantId],
        );
        await iam.db.query(
          `insert into job_items (job_id, seq, subject_id, email, outcome, reason, undo)
           values ($1, 1, $2, $3, 'changed', 'active → inactive', '{"type":"activate"}')`,
          [job?.id, member.id, member.email],
        );
        return { method: 'POST', path: `/v2/client/jobs/${job?.id}/undo`, options: asOwner() };
      },
    },
    {
      route: 'cancelJob',
      events: ['user.bulk_job_cancelled'],
      arrange: async () => {
        // A queued bulk job (one made by a bulk change of more than 1,000 members).
        const [job] = await iam.db.query<{ id: string }>(
          `insert into jobs (id, tenant_id, kind, payload, total)
           values (gen_random_uuid(), $1, 'bulk_change', '{"action":{"type":"activate"}}', 0) returning id`,
          [iam.tenantId],
        );
        return { method: 'POST', path: `/v2/client/jobs/${job?.id}/cancel`, options: asOwner() };
      },
    },
    {
      route: 'cancelJob',
      events: ['invitation.bulk_resend_cancelled'],
      arrange: async () => {
        // A queued invitations job (a resend of more than 1,000 invitations, ADR 042).
        const [job] = await iam.db.query<{ id: string }>(
          `insert into jobs (id, tenant_id, kind, payload, total)
           values (gen_random_uuid(), $1, 'invitation_resend', '{}', 0) returning id`,
          [iam.tenantId],
        );
        return { method: 'POST', path: `/v2/client/jobs/${job?.id}/cancel`, options: asOwner() };
      },
    },
    {
      route: 'createApiKey',
      events: ['api_key.created'],
      arrange: async () => ({
        method: 'POST',
        path: '/v2/client/api-keys',
        body: { name: `Key ${++seq}`, scopes: ['users:read'] },
        options: asOwner(),
      }),
    },
    {
      route: 'revokeApiKey',
      events: ['api_key.revoked'],
      arrange: async () => {
        const created = (await api.call('POST', '/v2/client/api-keys', {
          ...asOwner(),
          body: { name: `Key ${++seq}`, scopes: ['users:read'] },
        })) as { json: { apiKey: { id: string } } };
        return { method: 'DELETE', path: `/v2/client/api-keys/${created.json.apiKey.id}`, options: asOwner() };
      },
    },
    {
      route: 'createWebhook',
      events: ['webhook.created'],
      arrange: async () => ({
        method: 'POST',
        path: '/v2/client/webhooks',
        body: { url: `https://1.1.1.1/hooks/${++seq}` },
        options: asOwner(),
      }),
    },
    {
      route: 'updateWebhook',
      events: ['webhook.updated'],
      arrange: async () => {
        const w = await webhook();
        return { method: 'PATCH', path: `/v2/client/webhooks/${w.id}`, body: { paused: true }, options: asOwner() };
      },
    },
    {
      route: 'deleteWebhook',
      events: ['webhook.deleted'],
      arrange: async () => {
        const w = await webhook();
        return { method: 'DELETE', path: `/v2/client/webhooks/${w.id}`, options: asOwner() };
      },
    },
    {
      route: 'rotateWebhookSecret',
      events: ['webhook.secret_rotated'],
      arrange: async () => {
        const w = await webhook();
        return { method: 'POST', path: `/v2/client/webhooks/${w.id}/rotate-secret`, options: asOwner() };
      },
    },
    {
      route: 'sendWebhookTest',
      events: ['webhook.test_sent'],
      arrange: async () => {
        const w = await webhook();
        return { method: 'POST', path: `/v2/client/webhooks/${w.id}/test`, options: asOwner() };
      },
    },
    {
      route: 'redeliverWebhookDelivery',
      events: ['webhook.redelivery_requested'],
      arrange: async () => {
        // A delivery that exists: the one a test event queued.
        const w = await webhook();
        await api.arrange('POST', `/v2/client/webhooks/${w.id}/test`);
        const [delivery] = await iam.db.query<{ id: string }>(
          'select id from webhook_deliveries where webhook_id = $1',
          [w.id],
        );
        return {
          method: 'POST',
          path: `/v2/client/webhooks/${w.id}/deliveries/${delivery?.id}/redeliver`,
          options: asOwner(),
        };
      },
    },
    {
      route: 'createRole',
      events: ['role.created'],
      arrange: async () => ({
        method: 'POST',
        path: '/v2/client/roles',
        body: { name: `Created ${++seq}` },
        options: asOwner(),
      }),
    },
    {
      route: 'updateRole',
      events: ['role.updated'],
      arrange: async () => {
        const r = await role();
        return {
          method: 'PATCH',
          path: `/v2/client/roles/${r.id}`,
          body: { name: `Renamed ${++seq}` },
          options: { ...asOwner(), headers: { 'if-match': '"1"' } },
        };
      },
    },
    {
      route: 'deleteRole',
      events: ['role.deleted'],
      arrange: async () => {
        const r = await role();
        return {
          method: 'DELETE',
          path: `/v2/client/roles/${r.id}`,
          options: { ...asOwner(), headers: { 'if-match': '"1"' } },
        };
      },
    },
    {
      route: 'assignRole',
      events: ['user.roles_changed'],
      arrange: async () => {
        const [r, u] = [await role(), await user()];
        return { method: 'PUT', path: `/v2/client/roles/${r.id}/members/${u.id}`, options: asOwner() };
      },
    },
    {
      route: 'unassignRole',
      events: ['user.roles_changed'],
      arrange: async () => {
        const [r, u] = [await role(), await user()];
        await api.arrange('PUT', `/v2/client/roles/${r.id}/members/${u.id}`);
        return { method: 'DELETE', path: `/v2/client/roles/${r.id}/members/${u.id}`, options: asOwner() };
      },
    },
    {
      route: 'changeRoleAssignments',
      // "Ana Silva added Marketing to 2 members": one event per member, one request id.
      events: ['user.roles_changed', 'user.roles_changed'],
      arrange: async () => {
        const [r, a, b] = [await role('Marketing'), await user(), await user()];
        return {
          method: 'POST',
          path: '/v2/client/role-assignments',
          body: { userIds: [a.id, b.id], add: [r.id], remove: [] },
          options: asOwner(),
        };
      },
    },
    {
      route: 'createOrganization',
      events: ['organization.created'],
      arrange: async () => ({
        method: 'POST',
        path: '/v2/client/organizations',
        body: { name: `Org ${++seq}` },
        options: asOwner(),
      }),
    },
    {
      route: 'updateOrganization',
      events: ['organization.updated'],
      arrange: async () => {
        const o = await org();
        return {
          method: 'PATCH',
          path: `/v2/client/organizations/${o.id}`,
          body: { description: 'Changed' },
          options: { ...asOwner(), headers: { 'if-match': '"1"' } },
        };
      },
    },
    {
      route: 'deleteOrganization',
      events: ['organization.deleted'],
      arrange: async () => {
        const o = await org();
        return {
          method: 'DELETE',
          path: `/v2/client/organizations/${o.id}`,
          options: { ...asOwner(), headers: { 'if-match': '"1"' } },
        };
      },
    },
    {
      route: 'addOrganizationMember',
      events: ['organization.member_added'],
      arrange: async () => {
        const [o, u] = [await org(), await user()];
        return {
          method: 'POST',
          path: `/v2/client/organizations/${o.id}/members`,
          body: { userId: u.id, orgRole: 'ORG_ADMIN' },
          options: asOwner(),
        };
      },
    },
    {
      route: 'updateOrganizationMember',
      events: ['organization.member_role_changed'],
      arrange: async () => {
        const [o, u] = [await org(), await user()];
        await api.arrange('POST', `/v2/client/organizations/${o.id}/members`, { userId: u.id, orgRole: 'ORG_MEMBER' });
        return {
          method: 'PATCH',
          path: `/v2/client/organizations/${o.id}/members/${u.id}`,
          body: { orgRole: 'ORG_ADMIN' },
          options: asOwner(),
        };
      },
    },
    {
      route: 'removeOrganizationMember',
      events: ['organization.member_removed'],
      arrange: async () => {
        const [o, u] = [await org(), await user()];
        await api.arrange('POST', `/v2/client/organizations/${o.id}/members`, { userId: u.id, orgRole: 'ORG_MEMBER' });
        return { method: 'DELETE', path: `/v2/client/organizations/${o.id}/members/${u.id}`, options: asOwner() };
      },
    },
    {
      route: 'createInvitation',
      events: ['invitation.sent'],
      arrange: async () => ({
        method: 'POST',
        path: '/v2/client/invitations',
        body: { email: email('invited') },
        options: asOwner(),
      }),
    },
    {
      route: 'bulkCreateInvitations',
      events: ['invitation.sent', 'invitation.sent'],
      arrange: async () => ({
        method: 'POST',
        path: '/v2/client/invitations/bulk',
        body: { rows: [{ email: email('bulk') }, { email: email('bulk') }] },
        options: asOwner(),
      }),
    },
    {
      route: 'resendInvitation',
      events: ['invitation.resent'],
      arrange: async () => {
        const i = await invitation();
        // Past the resend interval.
        await iam.db.query(`update invitations set last_sent_at = now() - interval '1 day' where id = $1`, [i.id]);
        return { method: 'POST', path: `/v2/client/invitations/${i.id}/resend`, options: asOwner() };
      },
    },
    {
      route: 'resendInvitations',
      // The single resend's event, per invitation resent.
      events: ['invitation.resent', 'invitation.resent'],
      arrange: async () => {
        const [a, b] = [await invitation(), await invitation()];
        await iam.db.query(
          `update invitations set last_sent_at = now() - interval '1 day' where id = any($1::uuid[])`,
          [[a.id, b.id]],
        );
        return {
          method: 'POST',
          path: routes.resendInvitations.path,
          body: { selection: { invitationIds: [a.id, b.id] } },
          options: asOwner(),
        };
      },
    },
    {
      route: 'revokeInvitation',
      events: ['invitation.revoked'],
      arrange: async () => {
        const i = await invitation();
        return { method: 'POST', path: `/v2/client/invitations/${i.id}/revoke`, options: asOwner() };
      },
    },
    {
      route: 'acceptInvitation',
      // Two things change: a user is created, and the invitation is used up.
      events: ['invitation.accepted', 'user.created'],
      arrange: async () => {
        const i = await invitation();
        const token = await invitationLinkToken(iam.db, i.email);
        return { method: 'POST', path: '/v2/client/invitations/accept', body: { token, password: PASSWORD } };
      },
    },
    {
      route: 'requestPasswordReset',
      events: ['auth.password_reset_requested'],
      arrange: async () => {
        const u = await user();
        return { method: 'POST', path: '/v2/client/auth/password-reset', body: { email: u.email } };
      },
    },
    {
      route: 'completePasswordReset',
      events: ['user.password_reset'],
      arrange: async () => {
        const u = await user();
        await api.arrange('POST', '/v2/client/auth/password-reset', { email: u.email });
        const [mail] = await iam.db.query<{ text_body: string }>(
          'select text_body from mail_outbox where to_address = $1 order by created_at desc limit 1',
          [u.email],
        );
        const token = /#token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1];
        return {
          method: 'POST',
          path: '/v2/client/auth/password-reset/complete',
          body: { token, password: 'a reset long password' },
        };
      },
    },
  ];

  /** The tenant's state outside the audit trail, as text (a session's last-seen time left out). */
  async function state(): Promise<string> {
    const tables = [
      'users',
      'roles',
      'user_roles',
      'organizations',
      'organization_members',
      'invitations',
      'password_reset_tokens',
      'mail_outbox',
      'idempotency_keys',
      'mfa_factors',
      'mfa_recovery_codes',
      'mfa_challenges',
      'tenants',
    ];
    const parts = await Promise.all([
      ...tables.map(async (t) => {
        const [row] = await iam.db.query<{ h: string | null }>(
          `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${t} x`,
        );
        return `${t}:${row?.h}`;
      }),
      iam.db
        .query<{ h: string | null }>(
          `select md5(coalesce(string_agg(id::text || coalesce(revoked_at::text, ''), '|' order by id), '')) as h
             from sessions`,
        )
        .then((rows) => `sessions:${rows[0]?.h}`),
    ]);
    return parts.join('\n');
  }

  const trail = async () =>
    (
      await iam.db.query<{ h: string | null; n: number }>(
        `select md5(coalesce(string_agg(e::text, '|' order by e.id), '')) as h, count(*)::int as n from audit_events e`,
      )
    )[0];

  const eventsOf = (requestId: string) =>
    iam.db.query<{ action: string; tenant_id: string; source: string }>(
      'select action, tenant_id, source from audit_events where request_id = $1 order by action',
      [requestId],
    );

  const send = (c: Call, requestId: string) =>
    api.call(c.method, c.path, {
      ...c.options,
      body: c.body,
      headers: { ...c.options?.headers, 'x-request-id': requestId, 'x-client-ip': '203.0.113.7' },
    });

  it('when the table is read, then it covers every mutating route of the registry', () => {
    const mutating = routeList.filter((r) => r.method !== 'get').map((r) => r.operationId);
    const covered = [
      ...table.map((r) => r.route),
      ...LOOKUPS,
      ...READS,
      ...DRY_RUNS,
      ...IMPLEMENTED_ELSEWHERE,
      ...CEREMONY_STEPS,
    ];
    // A route whose event depends on what it acts on (cancelJob: a users' or an invitations' job) has a row for each.
    expect([...new Set(covered)].sort()).toEqual([...mutating].sort());
  });

  it.each(table)('when $route succeeds, then it wrote exactly its events in its transaction', async (row) => {
    const call = await row.arrange();

    const before = await state();
    const trailBefore = await trail();
    const failed = await send(call, FAILING_REQUEST_ID);
    // requestPasswordReset answers 202 whatever happens (no enumeration); everything else owns up.
    if (row.route !== 'requestPasswordReset') expectProblem(failed, 500, 'internal_error');
    expect(await state(), 'a change whose event could not be written must not be kept').toBe(before);
    expect(await trail()).toEqual(trailBefore);

    const requestId = `table-${row.route}-${++seq}`;
    const res = await send(call, requestId);
    expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
    const events = await eventsOf(requestId);
    expect(events.map((e) => e.action)).toEqual(row.events);
    expect(new Set(events.map((e) => e.tenant_id))).toEqual(new Set([iam.tenantId]));
    // Through the BFF (its client-address header): console.
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(['console']));
    // Append-only: every earlier event is exactly as it was.
    const [earlier] = await iam.db.query<{ h: string | null; n: number }>(
      `select md5(coalesce(string_agg(e::text, '|' order by e.id), '')) as h, count(*)::int as n
         from audit_events e where request_id is distinct from $1`,
      [requestId],
    );
    expect(earlier).toEqual(trailBefore);
  });

  it('when passkey options are handed out, then no resource changes and nothing is recorded', async () => {
    const { user: u, token } = await signedIn();
    const key = softPasskey();
    const options = (await api.call('POST', '/v2/client/auth/two-step/passkey/options', { token })).json as {
      options: Record<string, unknown>;
    };
    await api.call('POST', '/v2/client/auth/two-step/passkey', {
      token,
      body: { response: key.register(options.options, ORIGIN) },
    });
    const pending = await challengeFor(u.email);
    await api.arrange('PATCH', '/v2/client/tenant/settings', { passkeySignIn: true });
    const before = await state();
    const trailBefore = await trail();
    expect((await api.call('POST', '/v2/client/auth/two-step/passkey/options', { token })).status).toBe(200);
    const signIn = await api.call('POST', '/v2/client/auth/sign-in/two-step/passkey-options', {
      body: { challengeToken: pending },
    });
    expect(signIn.status, JSON.stringify(signIn.json)).toBe(200);
    const passwordless = await api.call('POST', '/v2/client/auth/passkey-sign-in/options');
    expect(passwordless.status, JSON.stringify(passwordless.json)).toBe(200);
    expect(await state()).toBe(before);
    expect(await trail()).toEqual(trailBefore);
  });

  it.each(LOOKUPS)('when %s looks a link up, then nothing changes and nothing is recorded', async (route) => {
    const i = await invitation();
    const token = await invitationLinkToken(iam.db, i.email);
    const path = route === 'previewInvitation' ? routes.previewInvitation.path : routes.previewPasswordReset.path;
    const before = await state();
    const trailBefore = await trail();
    await api.call('POST', path, { body: { token } });
    expect(await state()).toBe(before);
    expect(await trail()).toEqual(trailBefore);
  });

  it.each(READS)('when %s answers, then no resource changes and nothing is recorded', async (route) => {
    const u = await user();
    let credentials: CallOptions = {};
    if (route === 'createApiKeyAccessToken') {
      const created = (await api.call('POST', '/v2/client/api-keys', {
        ...asOwner(),
        body: { name: `Key ${++seq}`, scopes: ['permissions:check'] },
      })) as { json: { apiKey: { keyId: string }; secret: string } };
      credentials = { credentials: { apiKey: created.json.apiKey.keyId, apiSecret: created.json.secret } };
    }
    const before = await state();
    const trailBefore = await trail();
    const res =
      route === 'checkPermissions'
        ? await api.call('POST', routes.checkPermissions.path, {
            body: { checks: [{ userId: u.id, permission: 'ignite' }], explain: true },
          })
        : await api.call('POST', routes.createApiKeyAccessToken.path, credentials);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(await state()).toBe(before);
    expect(await trail()).toEqual(trailBefore);
  });

  it.each(DRY_RUNS)('when %s answers a dry run, then nothing changes and nothing is recorded', async (route) => {
    const [a, b] = [await user(), await user()] as [User, User];
    const i = await invitation();
    await iam.db.query(`update invitations set last_sent_at = now() - interval '1 day' where id = $1`, [i.id]);
    const before = await state();
    const trailBefore = await trail();
    const res =
      route === 'planBulkChange'
        ? await api.call('POST', routes.planBulkChange.path, {
            ...asOwner(),
            body: { selection: { userIds: [a.id, b.id] }, action: { type: 'delete' } },
          })
        : await api.call('POST', routes.planInvitationResend.path, {
            ...asOwner(),
            body: { selection: { invitationIds: [i.id] } },
          });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject(route === 'planBulkChange' ? { total: 2, changed: 2 } : { total: 1, resent: 1 });
    expect(await state()).toBe(before);
    expect(await trail()).toEqual(trailBefore);
  });
});
