import { describe, expect, it } from 'vitest';
import {
  END_OWNER_SESSIONS_REFUSAL,
  END_SESSIONS_REFUSAL,
  inviteAtAllRefusal,
  inviteRefusal,
  memberChangeRefusal,
  organizationDetailsRefusal,
  READ_SESSIONS_REFUSAL,
  type RuleActor,
  roleCellRefusal,
  roleDeleteRefusal,
  rolePermissionsRefusal,
  sessionsEndRefusal,
  sessionsReadRefusal,
  standingIn,
  USER_MANAGER_MEMBERS_ONLY,
} from './index.ts';
import {
  CHANGE_OWNER_REFUSAL,
  GRANT_REFUSAL,
  MAKE_OWNER_REFUSAL,
  MANAGE_USERS_REFUSAL,
  managesMember,
  mayReadUser,
  ownerPermissionsRefusal,
  permissionSwitchRefusal,
  REVOKE_REFUSAL,
  USER_MANAGER_FIELDS_REFUSAL,
  USER_MANAGER_TARGET_REFUSAL,
  userEditRefusal,
  userWriteRefusal,
} from './users.ts';

/**
 * The one declaration of "who may do what": the IAM API's policies throw these refusals, the web's
 * access hooks show them. These are the policies' unit tests; the IAM's authorization tables are the
 * end-to-end proof.
 */
const owner: RuleActor = { id: 'o', role: 'OWNER', effectivePermissions: [] };
const admin: RuleActor = { id: 'a', role: 'ADMIN', effectivePermissions: ['journey'] };
const member: RuleActor = { id: 'm', role: 'MEMBER', effectivePermissions: ['journey', 'billing'] };
const someone = { id: 't', role: 'MEMBER' as const };
const at = (key: string) => ({ key, path: `body.permissions.${key}` });

describe('users', () => {
  it('when nobody acts (server to server) or an owner acts, then nothing is refused', () => {
    for (const actor of [undefined, owner]) {
      expect(
        userWriteRefusal(actor, {
          target: { id: 't', role: 'OWNER' },
          role: 'OWNER',
          grants: [at('billing')],
          revokes: [at('webhooks')],
        }),
      ).toBeUndefined();
    }
  });

  it('when a member acts, then every write is refused, and they read only themselves', () => {
    expect(userWriteRefusal(member, { target: someone, role: 'MEMBER' })?.detail).toBe(MANAGE_USERS_REFUSAL);
    expect(mayReadUser(member, 't')).toBeDefined();
    expect(mayReadUser(member, 'm')).toBeUndefined();
  });

  it('when an admin grants or revokes, then only what they hold passes, each refusal naming its field', () => {
    expect(userWriteRefusal(admin, { target: someone, role: 'MEMBER', grants: [at('journey')] })).toBeUndefined();
    expect(userWriteRefusal(admin, { target: someone, role: 'MEMBER', revokes: [at('journey')] })).toBeUndefined();
    expect(userWriteRefusal(admin, { target: someone, role: 'MEMBER', grants: [at('billing')] })).toEqual({
      detail: GRANT_REFUSAL,
      errors: [
        {
          path: 'body.permissions.billing',
          message: 'You do not hold "billing", so you cannot grant it',
          code: 'forbidden',
        },
      ],
    });
    expect(userWriteRefusal(admin, { target: someone, role: 'MEMBER', revokes: [at('billing')] })).toEqual({
      detail: REVOKE_REFUSAL,
      errors: [
        {
          path: 'body.permissions.billing',
          message: 'You do not hold "billing", so you cannot revoke it',
          code: 'forbidden',
        },
      ],
    });
  });

  it('when an admin gives or takes away a role carrying what they do not hold, then it is refused', () => {
    const finance = { id: 'r', name: 'Finance', permissions: ['journey', 'billing'], path: 'body.groups.0' };
    expect(userWriteRefusal(admin, { target: someone, role: 'MEMBER', addedRoles: [finance] })?.errors).toEqual([
      { path: 'body.groups.0', message: 'Role "Finance" grants billing, which you do not hold', code: 'forbidden' },
    ]);
    const taken = userWriteRefusal(admin, { target: someone, role: 'MEMBER', removedRoles: [finance] });
    expect(taken?.detail).toBe(REVOKE_REFUSAL);
    expect(taken?.errors[0]?.message).toBe(
      'Role "Finance" carries billing, which you do not hold, so you cannot take it away',
    );
  });

  it('when an admin touches an owner or makes one, then it is refused and every other reason is listed too', () => {
    expect(userWriteRefusal(admin, { target: { id: 't', role: 'OWNER' }, role: 'OWNER' })?.detail).toBe(
      CHANGE_OWNER_REFUSAL,
    );
    const refusal = userWriteRefusal(admin, { target: undefined, role: 'OWNER', grants: [at('billing')] });
    expect(refusal?.detail).toBe(MAKE_OWNER_REFUSAL);
    expect(refusal?.errors.map((e) => e.path)).toEqual(['body.role', 'body.permissions.billing']);
  });

  it("when anyone switches an owner's permissions, then it is refused; other users' are judged by the rules", () => {
    expect(ownerPermissionsRefusal('OWNER', [at('journey')])?.errors[0]?.code).toBe('owner_holds_all');
    expect(ownerPermissionsRefusal('OWNER', [])).toBeUndefined();
    expect(ownerPermissionsRefusal('ADMIN', [at('journey')])).toBeUndefined();
    expect(permissionSwitchRefusal(owner, { id: 't', role: 'OWNER' }, 'journey', true)?.detail).toMatch(
      /^An owner holds every permission/,
    );
    expect(permissionSwitchRefusal(admin, someone, 'journey', true)).toBeUndefined();
    expect(permissionSwitchRefusal(admin, someone, 'billing', true)?.detail).toBe(REVOKE_REFUSAL);
    expect(permissionSwitchRefusal(admin, someone, 'billing', false)?.detail).toBe(GRANT_REFUSAL);
  });
});

describe('roles', () => {
  it('when an admin puts in, takes out or deletes, then only what they hold passes', () => {
    expect(rolePermissionsRefusal(admin, [at('journey')], [at('journey')])).toBeUndefined();
    expect(rolePermissionsRefusal(admin, [at('billing')], [])?.detail).toBe(
      'You can put in a role only permissions you hold yourself.',
    );
    expect(rolePermissionsRefusal(admin, [], [at('billing')])?.detail).toBe(
      'You can take out of a role only permissions you hold yourself.',
    );
    expect(roleCellRefusal(admin, 'billing', true)?.errors).toEqual([]);
    expect(roleDeleteRefusal(admin, { name: 'Finance', permissions: ['billing'] })?.detail).toMatch(/cannot delete it/);
    expect(roleDeleteRefusal(owner, { name: 'Finance', permissions: ['billing'] })).toBeUndefined();
    expect(rolePermissionsRefusal(member, [], [])?.detail).toBe('Only owners and administrators can change roles.');
  });
});

describe('sessions', () => {
  it('when anyone acts on their own sessions, then nothing is refused', () => {
    for (const actor of [owner, admin, member]) {
      expect(sessionsReadRefusal(actor, actor.id)).toBeUndefined();
      expect(sessionsEndRefusal(actor, { id: actor.id, role: actor.role })).toBeUndefined();
    }
  });
  it("when someone acts on another person's sessions, then a member is refused and an admin may not end an owner's", () => {
    expect(sessionsReadRefusal(member, 't')?.detail).toBe(READ_SESSIONS_REFUSAL);
    expect(sessionsEndRefusal(member, someone)?.detail).toBe(END_SESSIONS_REFUSAL);
    expect(sessionsReadRefusal(admin, 't')).toBeUndefined();
    expect(sessionsEndRefusal(admin, someone)).toBeUndefined();
    expect(sessionsEndRefusal(admin, { id: 't', role: 'OWNER' })?.detail).toBe(END_OWNER_SESSIONS_REFUSAL);
    expect(sessionsEndRefusal(owner, { id: 't', role: 'OWNER' })).toBeUndefined();
    expect(sessionsEndRefusal(undefined, { id: 't', role: 'OWNER' })).toBeUndefined();
  });
});

describe('organizations', () => {
  it('when a tenant member administers an organization, then their standing sets what they may do', () => {
    expect(standingIn(admin, undefined)).toBe('TENANT');
    expect(standingIn(member, 'ORG_MEMBER')).toBeUndefined();
    expect(standingIn(member, 'ORG_ADMIN')).toBe('ORG_ADMIN');
    expect(organizationDetailsRefusal('ORG_OWNER', {})).toBeUndefined();
    expect(organizationDetailsRefusal('ORG_OWNER', { slug: 'x' })?.errors[0]?.path).toBe('body.slug');
    expect(organizationDetailsRefusal('ORG_ADMIN', {})).toBeDefined();
    expect(memberChangeRefusal('ORG_ADMIN', { orgRole: 'ORG_OWNER' })).toBeDefined();
    expect(memberChangeRefusal('ORG_ADMIN', { orgRole: 'ORG_MEMBER' }, 'ORG_OWNER')?.errors[0]?.path).toBe(
      'body.orgRole',
    );
    expect(memberChangeRefusal('ORG_OWNER', { orgRole: 'ORG_OWNER' }, 'ORG_MEMBER')).toBeUndefined();
  });
});

describe('invitations', () => {
  const paths = { role: 'body.role', organizationId: 'body.organizationId', organizationRole: 'body.organizationRole' };

  it('when an org admin invites, then only a plain member into their organization passes', () => {
    expect(inviteAtAllRefusal(member, false)).toBeDefined();
    expect(inviteAtAllRefusal(member, true)).toBeUndefined();
    const plain = { role: 'MEMBER' as const, grants: [], roles: [], organizationRole: 'ORG_MEMBER' as const, paths };
    expect(inviteRefusal(member, 'ORG_ADMIN', plain)).toBeUndefined();
    expect(inviteRefusal(member, undefined, plain)?.errors[0]?.path).toBe('body.organizationId');
    expect(inviteRefusal(member, 'ORG_ADMIN', { ...plain, organizationRole: 'ORG_OWNER' })?.errors[0]?.path).toBe(
      'body.organizationRole',
    );
    expect(
      inviteRefusal(member, 'ORG_OWNER', { ...plain, role: 'ADMIN', grants: [at('journey')] })?.errors.map(
        (e) => e.path,
      ),
    ).toEqual(['body.role', 'body.permissions.journey']);
  });

  it('when a tenant admin invites, then the rules for creating a user apply, on the invitation’s fields', () => {
    const refusal = inviteRefusal(admin, undefined, {
      role: 'OWNER',
      grants: [at('billing')],
      roles: [],
      organizationRole: null,
      paths: { ...paths, role: 'role' },
    });
    expect(refusal?.errors.map((e) => e.path)).toEqual(['role', 'body.permissions.billing']);
  });
});

describe('ORG_USER_MANAGER (ADR 027)', () => {
  const manager: RuleActor = { id: 'um', role: 'MEMBER', effectivePermissions: ['ignite'] };
  const target = { id: 't', role: 'MEMBER' as const };
  const editors = { id: 'r1', name: 'Editors', permissions: ['ignite'], path: 'body.groups' };
  const finance = { id: 'r2', name: 'Finance', permissions: ['billing'], path: 'body.groups' };
  const edit = (intent: Partial<Parameters<typeof userEditRefusal>[1]>) =>
    userEditRefusal(manager, { target, role: 'MEMBER', managed: true, otherChanges: [], ...intent });

  it('when they manage the user, then names and roles they hold pass; others are refused naming the field', () => {
    expect(edit({ addedRoles: [editors], removedRoles: [] })).toBeUndefined();
    expect(edit({ addedRoles: [finance] })?.errors.map((e) => e.path)).toEqual(['body.groups']);
    expect(edit({ removedRoles: [finance] })?.detail).toBe(REVOKE_REFUSAL);
    expect(edit({ otherChanges: ['body.email'] })?.errors.map((e) => e.path)).toEqual(['body.email']);
    expect(edit({ role: 'ADMIN' })?.errors.map((e) => e.path)).toEqual(['body.role']);
    expect(edit({ grants: [{ key: 'ignite', path: 'body.permissions.ignite' }] })?.detail).toBe(
      USER_MANAGER_FIELDS_REFUSAL,
    );
  });

  it('when they do not manage the user, or the user administers the account, then refused', () => {
    expect(edit({ managed: false })?.detail).toBe(MANAGE_USERS_REFUSAL);
    expect(edit({ target: { id: 't', role: 'ADMIN' }, role: 'ADMIN' })?.detail).toBe(USER_MANAGER_TARGET_REFUSAL);
    expect(mayReadUser(manager, 't', true)).toBeUndefined();
    expect(mayReadUser(manager, 't', false)?.detail).toBeDefined();
  });

  it('when they act in the organization, then ORG_MEMBERs only, and no org role but ORG_MEMBER', () => {
    expect(standingIn(manager, 'ORG_USER_MANAGER')).toBe('ORG_USER_MANAGER');
    expect(memberChangeRefusal('ORG_USER_MANAGER', { orgRole: 'ORG_MEMBER' })).toBeUndefined();
    expect(memberChangeRefusal('ORG_USER_MANAGER', { orgRole: 'ORG_ADMIN' })?.detail).toBe(USER_MANAGER_MEMBERS_ONLY);
    expect(memberChangeRefusal('ORG_USER_MANAGER', { orgRole: 'ORG_MEMBER' }, 'ORG_ADMIN')?.errors[0]?.path).toBe(
      'body.orgRole',
    );
    expect(organizationDetailsRefusal('ORG_USER_MANAGER')).toBeDefined();
    expect(managesMember('ORG_USER_MANAGER', { orgRole: 'ORG_MEMBER', role: 'MEMBER' })).toBe(true);
    expect(managesMember('ORG_ADMIN', { orgRole: 'ORG_MEMBER', role: 'MEMBER' })).toBe(false);
  });
});
