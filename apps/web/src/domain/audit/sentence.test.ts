import { type AuditEvent, auditActions } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { diffLines, eventSentence, fieldLabel, groupEvents, groupSentence, sentenceText } from './sentence.ts';

const ANA = { id: '00000000-0000-4000-8000-00000000000a', name: 'Ana Silva', email: 'ana@example.com' };
const BOB_ID = '00000000-0000-4000-8000-00000000000b';
const MARKETING = '00000000-0000-4000-8000-0000000000f1';
const SALES = '00000000-0000-4000-8000-0000000000f2';
const LOCAI = '00000000-0000-4000-8000-0000000000c1';

let n = 0;
function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    action: 'user.updated',
    actor: ANA,
    target: { type: 'user', id: BOB_ID, name: 'bob@example.com' },
    organizationId: null,
    source: 'console',
    ip: '203.0.113.9',
    requestId: `req-${n}`,
    createdAt: '2026-12-07T10:00:00.000Z',
    changes: [],
    before: null,
    after: null,
    roleNames: {},
    revertsEventId: null,
    revertedByEventId: null,
    revertible: false,
    ...overrides,
  };
}

function changed(before: Record<string, unknown>, after: Record<string, unknown>) {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return { before, after, changes: fields.map((field) => ({ field, before: before[field], after: after[field] })) };
}

const org = { target: { type: 'organization', id: LOCAI, name: 'Locai' }, organizationId: LOCAI };
const invitation = { target: { type: 'invitation', id: MARKETING, name: 'carol@example.com' } };
const role = { target: { type: 'role', id: MARKETING, name: 'Marketing' } };
const webhook = { target: { type: 'webhook', id: MARKETING, name: 'https://crm.example.com/hooks' } };
const bobHimself = { actor: { id: BOB_ID, name: 'Bob', email: 'bob@example.com' } };

/** One event of every action the IAM records, and the sentence a person reads. */
const cases: Record<string, [Partial<AuditEvent>, string]> = {
  'user.created': [changed({}, { email: 'bob@example.com' }), 'Ana Silva added bob@example.com'],
  'user.bootstrapped_owner': [{ actor: null }, 'bob@example.com was created as the first owner'],
  'user.updated': [
    changed({ firstName: null, role: 'MEMBER' }, { firstName: 'Bob', role: 'ADMIN' }),
    "Ana Silva changed bob@example.com's first name and access level",
  ],
  'user.deleted': [{}, 'Ana Silva deleted bob@example.com'],
  'user.permissions_changed': [
    changed({ permissions: { Checkout: null } }, { permissions: { Checkout: true } }),
    'Ana Silva granted Checkout to bob@example.com',
  ],
  'user.roles_changed': [
    { ...changed({ groups: [SALES] }, { groups: [SALES, MARKETING] }), roleNames: { [MARKETING]: 'Marketing' } },
    'Ana Silva gave bob@example.com Marketing',
  ],
  'user.password_set': [{}, "Ana Silva set bob@example.com's password"],
  'user.password_changed': [bobHimself, 'Bob changed their password'],
  'user.password_check_failed': [bobHimself, 'Bob typed a wrong current password'],
  'user.password_reset': [bobHimself, 'Bob set a new password from a reset link'],
  'user.replaced': [
    changed({ firstName: 'Bob', phone: '+44 20 7946 0000' }, { firstName: 'Robert', phone: null }),
    "Ana Silva replaced bob@example.com's first name and phone",
  ],
  'user.password_change_required': [{}, 'Ana Silva required bob@example.com to choose a new password at next sign-in'],
  'user.password_change_lifted': [{}, 'Ana Silva no longer requires bob@example.com to choose a new password'],
  'user.email_verification_sent': [{}, 'An email verification link was sent to bob@example.com'],
  'user.email_verified': [bobHimself, 'Bob confirmed their email address'],
  'user.email_changed': [bobHimself, 'Bob confirmed their new email address'],
  'auth.session_revoked': [{}, "Ana Silva ended one of bob@example.com's sessions"],
  'auth.sessions_revoked': [{}, "Ana Silva ended bob@example.com's sessions"],
  'auth.signed_in': [{ ...bobHimself, target: { type: 'session', id: MARKETING, name: 'Bob' } }, 'Bob signed in'],
  'auth.signed_out': [{ ...bobHimself, target: { type: 'session', id: MARKETING, name: 'Bob' } }, 'Bob signed out'],
  'auth.two_step_failed': [
    { actor: null, target: { type: 'user', id: BOB_ID, name: 'bob@example.com' } },
    'A second sign-in step as bob@example.com failed',
  ],
  'auth.recovery_code_used': [bobHimself, 'Bob signed in with a recovery code'],
  'user.two_step_enrolled': [
    { ...bobHimself, ...changed({}, { type: 'totp', name: 'Phone' }) },
    'Bob turned on two-step sign-in with the authenticator app “Phone”',
  ],
  'user.two_step_removed': [
    { ...bobHimself, ...changed({ type: 'totp', name: 'Phone' }, {}) },
    'Bob removed the authenticator app “Phone” from their two-step sign-in',
  ],
  'user.recovery_codes_renewed': [bobHimself, 'Bob made new recovery codes'],
  'user.two_step_reset': [{}, "Ana Silva reset bob@example.com's two-step sign-in"],
  'user.list_exported': [
    { target: { type: 'user', id: null, name: null }, ...changed({}, { rows: 1, columns: ['email'] }) },
    'Ana Silva exported 1 member to CSV',
  ],
  'tenant.signing_key_rotated': [
    {
      actor: null,
      target: { type: 'tenant', id: BOB_ID, name: null },
      ...changed({ kid: 'OldKeyThumbprint0000' }, { kid: 'NewKeyThumbprint1234abcd' }),
    },
    'The access-token signing key was rotated (new key NewKeyThumbp…)',
  ],
  'tenant.passkey_sign_in_changed': [
    {
      target: { type: 'tenant', id: BOB_ID, name: null },
      ...changed({ passkeySignIn: false }, { passkeySignIn: true }),
    },
    'Ana Silva allowed signing in with a passkey alone',
  ],
  'user.bulk_job_started': [
    { target: { type: 'user', id: null, name: null }, ...changed({}, { total: 1500, action: { type: 'deactivate' } }) },
    'Ana Silva started a bulk change of 1,500 members',
  ],
  'invitation.bulk_resend_started': [
    { target: { type: 'invitation', id: null, name: null }, ...changed({}, { total: 1200 }) },
    'Ana Silva started resending 1,200 invitations',
  ],
  'user.bulk_job_cancelled': [
    { target: { type: 'user', id: null, name: null }, ...changed({}, { processed: 250, total: 1500 }) },
    'Ana Silva cancelled a bulk change',
  ],
  'invitation.bulk_resend_cancelled': [
    { target: { type: 'invitation', id: null, name: null }, ...changed({}, { processed: 500, total: 1200 }) },
    'Ana Silva cancelled resending invitations',
  ],
  'user.list_imported': [
    { target: { type: 'user', id: null, name: null }, ...changed({}, { rows: 3, changed: 1 }) },
    'Ana Silva imported 3 CSV rows (1 member created or changed)',
  ],
  'tenant.two_step_policy_changed': [
    {
      target: { type: 'tenant', id: BOB_ID, name: null },
      ...changed({ twoStepPolicy: 'off' }, { twoStepPolicy: 'admins' }),
    },
    'Ana Silva now requires two-step sign-in of owners and admins',
  ],
  'auth.sign_in_failed': [
    { actor: null, target: { type: 'user', id: null, name: 'bob@example.com' } },
    'A sign-in as bob@example.com failed',
  ],
  'auth.session_ended': [
    { after: { reason: 'user_deactivated' } },
    "bob@example.com's sessions were ended (user deactivated)",
  ],
  'auth.password_reset_requested': [{ actor: null }, 'A password reset link was sent to bob@example.com'],
  'api_key.created': [
    {
      target: { type: 'api_key', id: MARKETING, name: 'CI sync' },
      ...changed({}, { name: 'CI sync', scopes: ['users:read', 'roles:read'], expiresAt: '2027-03-07T12:00:00.000Z' }),
    },
    'Ana Silva created the API key CI sync for users:read and roles:read, valid until 7 Mar 2027',
  ],
  'api_key.revoked': [
    { target: { type: 'api_key', id: MARKETING, name: 'CI sync' }, ...changed({ name: 'CI sync' }, {}) },
    'Ana Silva revoked the API key CI sync',
  ],
  'role.created': [role, 'Ana Silva created the role Marketing'],
  'role.updated': [
    { ...role, ...changed({ permissions: ['Checkout'] }, { permissions: ['Checkout', 'ignite'] }) },
    'Ana Silva changed the permissions of the role Marketing',
  ],
  'role.deleted': [role, 'Ana Silva deleted the role Marketing'],
  'organization.created': [org, 'Ana Silva created the organization Locai'],
  'organization.updated': [
    { ...org, ...changed({ description: null }, { description: 'Our shop' }) },
    'Ana Silva changed the description of the organization Locai',
  ],
  'organization.deleted': [org, 'Ana Silva deleted the organization Locai'],
  'organization.member_added': [
    { ...org, after: { userId: BOB_ID, email: 'bob@example.com', orgRole: 'ORG_ADMIN' } },
    'Ana Silva added bob@example.com to Locai as Org admin',
  ],
  'organization.member_role_changed': [
    {
      ...org,
      ...changed(
        { userId: BOB_ID, email: 'bob@example.com', orgRole: 'ORG_ADMIN' },
        { userId: BOB_ID, email: 'bob@example.com', orgRole: 'ORG_MEMBER' },
      ),
    },
    "Ana Silva changed bob@example.com's role in Locai to Org member",
  ],
  'organization.member_removed': [
    { ...org, before: { userId: BOB_ID, email: 'bob@example.com', orgRole: 'ORG_MEMBER' } },
    'Ana Silva removed bob@example.com from Locai',
  ],
  'invitation.sent': [invitation, 'Ana Silva invited carol@example.com'],
  'invitation.resent': [invitation, 'Ana Silva sent the invitation to carol@example.com again'],
  'invitation.revoked': [invitation, 'Ana Silva withdrew the invitation to carol@example.com'],
  'invitation.accepted': [
    { ...invitation, actor: { id: BOB_ID, name: 'Carol', email: 'carol@example.com' } },
    'Carol accepted the invitation',
  ],
  'webhook.created': [webhook, 'Ana Silva added the webhook https://crm.example.com/hooks'],
  'webhook.updated': [
    { ...webhook, ...changed({ paused: false }, { paused: true }) },
    'Ana Silva changed the webhook https://crm.example.com/hooks',
  ],
  'webhook.deleted': [webhook, 'Ana Silva deleted the webhook https://crm.example.com/hooks'],
  'webhook.secret_rotated': [
    webhook,
    'Ana Silva rotated the signing secret of the webhook https://crm.example.com/hooks',
  ],
  'webhook.test_sent': [webhook, 'Ana Silva sent a test event to the webhook https://crm.example.com/hooks'],
  'webhook.redelivery_requested': [
    webhook,
    'Ana Silva asked for a delivery to the webhook https://crm.example.com/hooks to be sent again',
  ],
};

describe('eventSentence', () => {
  it('when the contract lists an action, then this table has its sentence', () => {
    expect(Object.keys(cases).sort()).toEqual([...auditActions].sort());
  });

  it.each(Object.entries(cases))('when the action is %s, then it reads as a sentence', (action, [overrides, text]) => {
    expect(sentenceText(eventSentence(event({ action, ...overrides })))).toBe(text);
  });

  it('when a passkey alone signed someone in, then the sentence says so', () => {
    const e = event({
      action: 'auth.signed_in',
      ...bobHimself,
      target: { type: 'session', id: MARKETING, name: 'Bob' },
      ...changed({}, { method: 'passkey' }),
    });
    expect(sentenceText(eventSentence(e))).toBe('Bob signed in with a passkey');
  });

  it('when a bulk job is undone, then its start reads as an undo, not as the change it reverses', () => {
    const e = event({
      action: 'user.bulk_job_started',
      target: { type: 'user', id: null, name: null },
      ...changed({}, { total: 1200, undoOf: MARKETING, action: { type: 'deactivate' } }),
    });
    expect(sentenceText(eventSentence(e))).toBe('Ana Silva started undoing a bulk change of 1,200 members');
  });

  it('when a permission is revoked, then it is "revoked … from"', () => {
    const e = event({
      action: 'user.permissions_changed',
      ...changed({ permissions: { Checkout: true } }, { permissions: { Checkout: null } }),
    });
    expect(sentenceText(eventSentence(e))).toBe('Ana Silva revoked Checkout from bob@example.com');
  });

  it('when the tenant names a permission, then the sentence uses its label', () => {
    const e = event({
      action: 'user.permissions_changed',
      ...changed({ permissions: { ignite: null, Checkout: true } }, { permissions: { ignite: true, Checkout: false } }),
    });
    const labels = { permission: (key: string) => (key === 'ignite' ? 'Ignite builder' : key) };
    expect(sentenceText(eventSentence(e, labels))).toBe(
      'Ana Silva granted Ignite builder to bob@example.com and revoked Checkout',
    );
  });

  it('when roles are taken away, or a role was deleted since, then it says so', () => {
    const e = event({
      action: 'user.roles_changed',
      ...changed({ groups: [SALES, MARKETING] }, { groups: [] }),
      roleNames: { [MARKETING]: 'Marketing' },
    });
    expect(sentenceText(eventSentence(e))).toBe('Ana Silva took a deleted role and Marketing from bob@example.com');
  });

  it('when a server-to-server call made the change, then the sentence says so', () => {
    expect(sentenceText(eventSentence(event({ action: 'user.deleted', actor: null })))).toBe(
      'A server-to-server call deleted bob@example.com',
    );
  });

  it('when the event is a revert, then the sentence says it reverted an earlier change', () => {
    const e = event({
      action: 'user.permissions_changed',
      revertsEventId: event().id,
      ...changed({ permissions: { Checkout: true } }, { permissions: { Checkout: null } }),
    });
    expect(sentenceText(eventSentence(e))).toBe(
      'Ana Silva revoked Checkout from bob@example.com, reverting an earlier change',
    );
  });

  it('when the invitee joins, then the sentences name them as the one who joined', () => {
    const joined = event({
      action: 'organization.member_added',
      ...org,
      actor: { id: BOB_ID, name: 'Bob', email: 'bob@example.com' },
      after: { userId: BOB_ID, email: 'bob@example.com', orgRole: 'ORG_MEMBER', via: 'invitation' },
    });
    expect(sentenceText(eventSentence(joined))).toBe(
      'bob@example.com joined Locai as Org member by accepting an invitation',
    );
    const created = event({ action: 'user.created', actor: { id: BOB_ID, name: 'Bob', email: 'bob@example.com' } });
    expect(sentenceText(eventSentence(created))).toBe('bob@example.com joined by accepting an invitation');
  });

  it('marks the actor and the target, so the screen can link them', () => {
    const parts = eventSentence(event({ action: 'user.deleted' }));
    expect(parts).toEqual([
      { kind: 'actor', text: 'Ana Silva' },
      ' deleted ',
      { kind: 'target', text: 'bob@example.com' },
    ]);
  });
});

describe('groupEvents and groupSentence', () => {
  const bulk = (requestId: string, i: number) =>
    event({
      action: 'user.roles_changed',
      requestId,
      target: {
        type: 'user',
        id: `00000000-0000-4000-8000-1000000000${String(i).padStart(2, '0')}`,
        name: `m${i}@x.io`,
      },
      ...changed({ groups: i % 2 ? [SALES] : [] }, { groups: i % 2 ? [SALES, MARKETING] : [MARKETING] }),
      roleNames: { [MARKETING]: 'Marketing', [SALES]: 'Sales' },
    });

  it('when one request added a role to 12 members, then it reads as one sentence', () => {
    const events = Array.from({ length: 12 }, (_, i) => bulk('req-bulk', i));
    const groups = groupEvents(events);
    expect(groups).toHaveLength(1);
    expect(sentenceText(groupSentence(groups[0] as never))).toBe('Ana Silva added Marketing to 12 members');
  });

  it('when a bulk grant covers members, then it reads "granted … to N members"', () => {
    const events = [1, 2, 3].map(() =>
      event({
        action: 'user.permissions_changed',
        requestId: 'req-grant',
        ...changed({ permissions: { Checkout: null } }, { permissions: { Checkout: true } }),
      }),
    );
    const [group] = groupEvents(events);
    expect(sentenceText(groupSentence(group as never))).toBe('Ana Silva granted Checkout to 3 members');
  });

  it('when requests or changes differ, then the events stay apart', () => {
    const other = event({
      action: 'user.roles_changed',
      requestId: 'req-a',
      ...changed({ groups: [MARKETING] }, { groups: [] }),
    });
    const groups = groupEvents([
      bulk('req-a', 1),
      bulk('req-a', 2),
      other,
      bulk('req-b', 3),
      event({ requestId: null }),
    ]);
    expect(groups.map((g) => g.events.length)).toEqual([2, 1, 1, 1]);
  });
});

describe('fields and the diff', () => {
  it('names fields as the screens do', () => {
    expect(['firstName', 'role', 'groups', 'orgRole', 'mfa', 'someNewField'].map(fieldLabel)).toEqual([
      'first name',
      'access level',
      'roles',
      'organization role',
      'two-step sign-in',
      'some new field',
    ]);
  });

  it('shows before → after in the screens’ words, a line per permission', () => {
    const e = event({
      ...changed(
        { role: 'MEMBER', status: 'active', permissions: { Checkout: null }, groups: [SALES] },
        { role: 'ADMIN', status: 'inactive', permissions: { Checkout: true }, groups: [] },
      ),
      roleNames: { [SALES]: 'Sales' },
    });
    expect(diffLines(e)).toEqual([
      { label: 'Access level', before: 'Member', after: 'Admin' },
      { label: 'Status', before: 'Active', after: 'Inactive' },
      { label: 'Permission Checkout', before: 'Not granted', after: 'Granted' },
      { label: 'Roles', before: 'Sales', after: 'none' },
    ]);
  });
});
