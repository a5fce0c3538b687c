import type { AccessLevel } from '../user.ts';
import { administersTenant, fieldRefusal, type KeyAt, type Refusal, type RuleActor, refuse, unheld } from './actor.ts';

/**
 * "Who may do what" to team members (the design), one declaration for both sides: the IAM API calls
 * these and answers a refusal with 403; the web calls them to show read-only, with the same
 * sentence, what would be refused. ADR 017 (revoke only what you hold) and ADR 018 (an OWNER's
 * permissions).
 */

export const MANAGE_USERS_REFUSAL = 'Only owners and administrators can manage team members.';
export const READ_USER_REFUSAL = 'Members can see only their own profile.';
export const CHANGE_OWNER_REFUSAL = 'Only an owner can change or remove an owner.';
export const MAKE_OWNER_REFUSAL = 'Only an owner can make someone an owner.';
export const GRANT_REFUSAL = 'You can grant only permissions you hold yourself.';
export const REVOKE_REFUSAL = 'You can revoke only permissions you hold yourself.';
export const GRANT_AND_REVOKE_REFUSAL = 'You can grant and revoke only permissions you hold yourself.';
export const OWNER_PERMISSIONS_REFUSAL =
  "An owner holds every permission through the access level; an owner's permissions cannot be switched.";

export const REQUIRE_OWN_PASSWORD_CHANGE_REFUSAL =
  'You cannot require a new password of yourself. Change your password instead.';
/** The problem code the IAM answers to every other call while a new password is required. */
export const PASSWORD_CHANGE_REQUIRED = 'password_change_required' as const;

export const grantMessage = (key: string) => `You do not hold "${key}", so you cannot grant it`;
export const revokeMessage = (key: string) => `You do not hold "${key}", so you cannot revoke it`;

export function mayManageUsers(actor: RuleActor | undefined): Refusal | undefined {
  return administersTenant(actor) ? undefined : refuse(MANAGE_USERS_REFUSAL);
}

/** `managed`: the user is an ORG_MEMBER of an organization where the person is ORG_USER_MANAGER. */
export function mayReadUser(actor: RuleActor | undefined, userId: string, managed = false): Refusal | undefined {
  return administersTenant(actor) || actor?.id === userId || managed ? undefined : refuse(READ_USER_REFUSAL);
}

/** A role added to or taken from someone, with its permissions and the field that asks for it. */
export interface RoleChange {
  id: string;
  name: string;
  permissions: readonly string[];
  path: string;
}

export interface UserWriteIntent {
  /** The user as it is now; undefined when creating. */
  target: { id: string; role: AccessLevel } | undefined;
  /** The access level the user will have. */
  role: AccessLevel;
  /** Permissions the change turns on that were off. */
  grants?: readonly KeyAt[];
  /** Permissions the change turns off that were on. */
  revokes?: readonly KeyAt[];
  /** Roles the change gives the user. */
  addedRoles?: readonly RoleChange[];
  /** Roles the change takes from the user. */
  removedRoles?: readonly RoleChange[];
}

/** Refusals for each permission the person does not hold: they can neither grant nor revoke it. */
export function permissionRefusals(
  actor: RuleActor | undefined,
  grants: readonly KeyAt[] = [],
  revokes: readonly KeyAt[] = [],
) {
  const held = (list: readonly KeyAt[]) =>
    new Set(
      unheld(
        actor,
        list.map(({ key }) => key),
      ),
    );
  const notGrantable = held(grants);
  const notRevocable = held(revokes);
  return [
    ...grants.filter(({ key }) => notGrantable.has(key)).map(({ key, path }) => fieldRefusal(path, grantMessage(key))),
    ...revokes
      .filter(({ key }) => notRevocable.has(key))
      .map(({ key, path }) => fieldRefusal(path, revokeMessage(key))),
  ];
}

/** Why the person may not give (or take away) the role: it carries permissions they do not hold. */
export function roleHandoverMessage(
  actor: RuleActor | undefined,
  role: Pick<RoleChange, 'name' | 'permissions'>,
  giving: boolean,
): string | undefined {
  const missing = unheld(actor, role.permissions);
  if (missing.length === 0) return undefined;
  return `Role "${role.name}" ${giving ? 'grants' : 'carries'} ${missing.join(', ')}, which you do not hold${giving ? '' : ', so you cannot take it away'}`;
}

function roleRefusals(actor: RuleActor | undefined, roles: readonly RoleChange[], giving: boolean) {
  return roles.flatMap((role) => {
    const message = roleHandoverMessage(actor, role, giving);
    return message ? [fieldRefusal(role.path, message)] : [];
  });
}

/**
 * Creating, changing or removing a user. An ADMIN cannot create, change or remove an OWNER, nor
 * make anyone one, and grants and revokes only permissions they hold — directly, or through a role
 * they give or take away (no escalation through a group, ADR 011; no revoking what they could not
 * give back, ADR 017).
 */
export function userWriteRefusal(actor: RuleActor | undefined, intent: UserWriteIntent): Refusal | undefined {
  const manage = mayManageUsers(actor);
  if (manage || !actor || actor.role === 'OWNER') return manage;
  if (intent.target?.role === 'OWNER') return refuse(CHANGE_OWNER_REFUSAL);
  const makesOwner = intent.role === 'OWNER' ? [fieldRefusal('body.role', MAKE_OWNER_REFUSAL)] : [];
  const granting = [
    ...permissionRefusals(actor, intent.grants, []),
    ...roleRefusals(actor, intent.addedRoles ?? [], true),
  ];
  const revoking = [
    ...permissionRefusals(actor, [], intent.revokes),
    ...roleRefusals(actor, intent.removedRoles ?? [], false),
  ];
  const errors = [...makesOwner, ...granting, ...revoking];
  if (errors.length === 0) return undefined;
  const detail = makesOwner.length
    ? MAKE_OWNER_REFUSAL
    : granting.length && revoking.length
      ? GRANT_AND_REVOKE_REFUSAL
      : revoking.length
        ? REVOKE_REFUSAL
        : GRANT_REFUSAL;
  return refuse(detail, errors);
}

/**
 * ADR 018: an OWNER holds every permission by their access level, so the direct permissions of a
 * user who is (and stays) an OWNER are not switched — by anyone. `changes` are the keys the
 * request would switch.
 */
export function ownerPermissionsRefusal(role: AccessLevel, changes: readonly KeyAt[]): Refusal | undefined {
  if (role !== 'OWNER' || changes.length === 0) return undefined;
  return refuse(
    OWNER_PERMISSIONS_REFUSAL,
    changes.map(({ path }) => ({ path, message: OWNER_PERMISSIONS_REFUSAL, code: 'owner_holds_all' })),
  );
}

/**
 * One permission of one user, as the matrix switches it: why the person may not switch it, or
 * undefined when they may. `on`: whether the user holds it directly now.
 */
export function permissionSwitchRefusal(
  actor: RuleActor | undefined,
  target: { id: string; role: AccessLevel },
  key: string,
  on: boolean,
): Refusal | undefined {
  const owner = ownerPermissionsRefusal(target.role, [{ key, path: 'permissions' }]);
  if (owner) return refuse(owner.detail);
  const change = [{ key, path: `permissions.${key}` }];
  return userWriteRefusal(actor, {
    target,
    role: target.role,
    grants: on ? [] : change,
    revokes: on ? change : [],
  });
}

/** The access levels the person may give. */
export function assignableAccessLevels(actor: RuleActor | undefined): AccessLevel[] {
  if (!actor || actor.role === 'OWNER') return ['OWNER', 'ADMIN', 'MEMBER'];
  return actor.role === 'ADMIN' ? ['ADMIN', 'MEMBER'] : [];
}

export const USER_MANAGER_TARGET_REFUSAL =
  "A user manager edits only their organization's ORG_MEMBERs who are members of the account.";
export const USER_MANAGER_FIELD_MESSAGE = 'A user manager changes only names, phone and roles';
export const USER_MANAGER_FIELDS_REFUSAL = `${USER_MANAGER_FIELD_MESSAGE}.`;

/**
 * Whether a person who is ORG_USER_MANAGER of an organization manages one of its members (ADR
 * 027): an ORG_MEMBER there who is a plain MEMBER of the account. The IAM API asks the database
 * whether such an organization exists; the web asks the member list it shows.
 */
export const managesMember = (managerOrgRole: string | undefined, member: { orgRole: string; role: AccessLevel }) =>
  managerOrgRole === 'ORG_USER_MANAGER' && member.orgRole === 'ORG_MEMBER' && member.role === 'MEMBER';

export interface ManagedUserWriteIntent extends UserWriteIntent {
  /** The target is an ORG_MEMBER of an organization where the person is ORG_USER_MANAGER. */
  managed: boolean;
  /** The paths of the fields the request changes other than names, phone, roles and permissions. */
  otherChanges: readonly string[];
}

/**
 * Changing a user, by anyone: tenant OWNERs and ADMINs (and server-to-server calls) under
 * `userWriteRefusal`; a MEMBER who is ORG_USER_MANAGER changes the names, phone and roles of a user
 * they manage (an ORG_MEMBER of their organization who is a MEMBER of the account), giving and
 * taking away only roles whose permissions they hold; no email, password, access level, status
 * or direct permission.
 */
export function userEditRefusal(actor: RuleActor | undefined, intent: ManagedUserWriteIntent): Refusal | undefined {
  if (administersTenant(actor)) return userWriteRefusal(actor, intent);
  if (!intent.managed) return refuse(MANAGE_USERS_REFUSAL);
  if (intent.target?.role !== 'MEMBER') return refuse(USER_MANAGER_TARGET_REFUSAL);
  const fields = [
    ...intent.otherChanges,
    ...(intent.role !== intent.target.role ? ['body.role'] : []),
    ...[...(intent.grants ?? []), ...(intent.revokes ?? [])].map(({ path }) => path),
  ].map((path) => fieldRefusal(path, USER_MANAGER_FIELD_MESSAGE));
  if (fields.length) return refuse(USER_MANAGER_FIELDS_REFUSAL, fields);
  const giving = roleRefusals(actor, intent.addedRoles ?? [], true);
  const taking = roleRefusals(actor, intent.removedRoles ?? [], false);
  if (giving.length + taking.length === 0) return undefined;
  return refuse(taking.length ? (giving.length ? GRANT_AND_REVOKE_REFUSAL : REVOKE_REFUSAL) : GRANT_REFUSAL, [
    ...giving,
    ...taking,
  ]);
}

/**
 * Requiring (or no longer requiring) a new password at the user's next sign-in (`reset_pw`): an
 * OWNER or ADMIN, on anyone they may change (an ADMIN not on an OWNER), but never on themselves.
 */
export function mayRequirePasswordChange(
  actor: RuleActor | undefined,
  target: { id: string; role: AccessLevel },
): Refusal | undefined {
  const manage = mayManageUsers(actor);
  if (manage) return manage;
  if (actor?.id === target.id) return refuse(REQUIRE_OWN_PASSWORD_CHANGE_REFUSAL);
  return userWriteRefusal(actor, { target, role: target.role });
}

/** Sending a user a new email verification link: whoever may change that user. */
export function mayResendEmailVerification(
  actor: RuleActor | undefined,
  target: { id: string; role: AccessLevel },
): Refusal | undefined {
  return userWriteRefusal(actor, { target, role: target.role });
}
