import { randomUUID } from 'node:crypto';
import {
  type AccessLevel,
  type ChangeOwnPassword,
  type createUserSchema,
  type ExpandedUser,
  type FieldError,
  LIST_TOTAL_CAP,
  type listUsersQuerySchema,
  PASSWORD_IS_EMAIL_MESSAGE,
  passwordIsEmail,
  type replaceUserSchema,
  type User,
  type UserList,
  type UserSort,
  type updateUserSchema,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { ESTIMATE_ONLY_ABOVE, type ListTotal } from '../../db/rows.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { checkVersion } from '../../http/if-match.ts';
import { auditOf, auditRepository } from '../../kernel/audit.ts';
import type { Actor, Caller } from '../../kernel/context.ts';
import { hashPassword, verifyPassword } from '../../security/password.ts';
import {
  type EmailVerificationOptions,
  queueEmailVerification,
  resendVerification,
  type VerificationCaller,
} from '../auth/email-verification.ts';
import { passwordResetRepository } from '../auth/password-reset.ts';
import { sessionRepository } from '../auth/repository.ts';
import { revokeInvitationsSendersMayNoLongerSend } from '../invitations/sender-rights.ts';
import { notifyMailQueued } from '../mail/outbox.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { permissionRepository } from '../permissions/repository.ts';
import { type RoleGrant, roleRepository } from '../roles/repository.ts';
import { once } from './idempotency.ts';
import {
  assertMayEdit,
  assertMayManageUsers,
  assertMayRead,
  assertMayRequirePasswordChange,
  assertMayResendVerification,
  assertMayWrite,
  assertNotSelf,
  type EditIntent,
  permissionChanges,
  rolesTakenAway,
} from './policy.ts';
import {
  groupsOf,
  type Keyset,
  toUser,
  type UserChanges,
  type UserFilter,
  type UserRow,
  userRepository,
} from './repository.ts';

/** Who is calling (defined in the kernel; re-exported for the modules that import it from here). */
export type { Caller };

type CreateUserBody = z.output<typeof createUserSchema>;
type UpdateUserBody = z.output<typeof updateUserSchema>;
type ReplaceUserBody = z.output<typeof replaceUserSchema>;
type ListBody = z.output<typeof listUsersQuerySchema>;

const notFound = () => new AppError(404, 'not_found', 'No such user.');
const invalid = (errors: FieldError[]) => new AppError(400, 'validation_failed', 'Some fields are not valid.', errors);

const audit = auditOf('user');

/** The keys of a `permissions` map, each named by its path in the body. */
export function permissionKeyPaths(permissions: Record<string, boolean>): { key: string; path: string }[] {
  return Object.keys(permissions).map((key) => ({ key, path: `body.permissions.${key}` }));
}

/** The policy's cross-field rule, checked where the email is known (the stored one on updates). */
function passwordIsEmailError(field: string, password: string, email: string): FieldError | undefined {
  return passwordIsEmail(password, email)
    ? { path: field, message: PASSWORD_IS_EMAIL_MESSAGE, code: 'custom' }
    : undefined;
}

/** Unknown catalog keys are a 400 naming each one. */
export async function assertKnownPermissions(db: Queryable, tenantId: string, keys: { key: string; path: string }[]) {
  if (keys.length === 0) return;
  const catalog = await permissionRepository.keys(db, tenantId);
  const errors = keys
    .filter(({ key }) => !catalog.has(key))
    .map(({ key, path }) => ({
      path,
      message: `"${key}" is not a permission in this catalog`,
      code: 'unknown_permission',
    }));
  if (errors.length) throw invalid(errors);
}

/** The roles found, which must be all of `ids` (a 400 naming each unknown id). */
function knownRoles(found: RoleGrant[], ids: string[], path: string) {
  const byId = new Map(found.map((r) => [r.id, r]));
  const errors = ids.flatMap((id, i) =>
    byId.has(id) ? [] : [{ path: `${path}.${i}`, message: 'No such role', code: 'unknown_role' }],
  );
  if (errors.length) throw invalid(errors);
  return ids.map((id, i) => ({ ...(byId.get(id) as RoleGrant), path: `${path}.${i}` }));
}

/** The roles, which must all exist in this tenant, share-locked (so none is deleted under us). */
export async function loadRoles(db: Queryable, tenantId: string, ids: string[], path: string) {
  return knownRoles(await roleRepository.findGrants(db, tenantId, ids), ids, path);
}

/**
 * The user about to change, locked; when they are an active owner, the tenant's active owners are
 * locked first (one statement), as bulk changes do: every change that can take an owner away takes
 * the owners before its own rows, so two of them changing two different owners wait in turn
 * instead of each holding its owner and waiting for the other's.
 */
async function lockTarget(tx: Queryable, tenantId: string, userId: string): Promise<UserRow | undefined> {
  await userRepository.lockActiveOwnersIfOwner(tx, tenantId, userId);
  return userRepository.findById(tx, tenantId, userId, { forUpdate: true });
}

/** The last active owner must stay an active owner: checked under a lock on the owners' rows. */
async function assertOwnersRemain(tx: Queryable, tenantId: string, target: UserRow, leaves: boolean): Promise<void> {
  if (!leaves || target.role !== 'OWNER' || target.status !== 'active') return;
  const owners = await userRepository.lockActiveOwners(tx, tenantId);
  if (owners.filter((id) => id !== target.id).length === 0) {
    throw new AppError(409, 'last_owner', 'This is the last active owner. Make someone else an owner first.');
  }
}

/**
 * A user leaving the tenant leaves their organizations: refused while they are the only ORG_OWNER
 * of one (every organization keeps an owner); otherwise each organization's history records it.
 */
async function leaveOrganizations(tx: Queryable, caller: Caller, target: UserRow): Promise<void> {
  const memberships = await organizationRepository.lockMembershipsOf(tx, caller.tenantId, target.id);
  const orphaned = memberships.filter((m) => m.soleOwner);
  if (orphaned.length) {
    const names = orphaned.map((o) => o.name).join(', ');
    throw new AppError(
      409,
      'last_org_owner',
      `${target.email} is the only ORG_OWNER of ${names}. Make someone else an ORG_OWNER there first.`,
    );
  }
  await auditRepository.recordMany(
    tx,
    memberships.map((m) => ({
      tenantId: caller.tenantId,
      actorUserId: caller.actor?.user.id ?? null,
      action: 'organization.member_removed',
      targetType: 'organization',
      targetId: m.id,
      before: { userId: target.id, email: target.email, orgRole: m.orgRole, reason: 'user_deleted' },
      requestId: caller.requestId,
      ip: caller.ip,
      source: caller.source,
    })),
  );
}

export function isUniqueEmailViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (e.constraint === undefined || e.constraint === 'users_tenant_email_key');
}

export const emailTaken = () =>
  new AppError(409, 'conflict', 'A user with this email already exists.', [
    { path: 'body.email', message: 'This email is already in use', code: 'duplicate' },
  ]);

async function reload(tx: Queryable, tenantId: string, id: string): Promise<UserRow> {
  return (await userRepository.findById(tx, tenantId, id)) as UserRow;
}

/** The permissions a `permissions` map turns on that were off (see `permissionChanges`). */
export function grantsIn(
  permissions: Record<string, boolean> | undefined,
  current: Record<string, boolean>,
  path: string,
): { key: string; path: string }[] {
  return permissionChanges(permissions, current, path).grants;
}

/** What a new user is made of, but the password (hashed first, or none: see `insertUser`). */
export type NewUserFields = Omit<CreateUserBody, 'password'> & { status?: 'active' | 'inactive' };

/**
 * A new user inside the caller's transaction, under create's rules: known permissions and roles,
 * no escalation, an unused address, the verification mail queued, `user.created` audited.
 * `passwordHash` null: no password to sign in with until one is set through a reset link.
 */
export async function insertUser(
  tx: Queryable,
  caller: VerificationCaller,
  body: NewUserFields,
  passwordHash: string | null,
  options: EmailVerificationOptions,
): Promise<User> {
  await assertKnownPermissions(tx, caller.tenantId, permissionKeyPaths(body.permissions));
  const roles = await loadRoles(tx, caller.tenantId, body.groups, 'body.groups');
  assertMayWrite(caller.actor, {
    target: undefined,
    role: body.role,
    grants: grantsIn(body.permissions, {}, 'body.permissions'),
    addedRoles: roles,
  });
  if (await userRepository.findByEmail(tx, caller.tenantId, body.email)) throw emailTaken();
  const id = randomUUID();
  await userRepository.insert(tx, {
    id,
    tenantId: caller.tenantId,
    email: body.email,
    passwordHash,
    firstName: body.firstName,
    lastName: body.lastName,
    phone: body.phone,
    role: body.role,
    status: body.status ?? 'active',
    permissions: body.permissions,
    // Unproven until the verification link mailed to it is followed.
    emailVerified: false,
    resetPw: body.resetPw,
  });
  await userRepository.setRoles(tx, caller.tenantId, id, body.groups);
  await queueEmailVerification(tx, caller, { id, email: body.email }, body.email, options);
  const user = toUser(await reload(tx, caller.tenantId, id));
  await audit(tx, caller, 'user.created', id, undefined, user);
  return user;
}

export async function createUser(
  db: Db,
  caller: VerificationCaller,
  body: CreateUserBody,
  idempotencyKey: string | undefined,
  options: EmailVerificationOptions,
): Promise<{ status: 201; body: User; replayed: boolean }> {
  assertMayManageUsers(caller.actor);
  const { password, ...fields } = body;
  const passwordHash = await hashPassword(password);
  const run = async (tx: Queryable) => ({
    status: 201 as const,
    body: await insertUser(tx, caller, fields, passwordHash, options),
  });
  try {
    const created = await db.transaction(async (tx) => {
      if (!idempotencyKey) return { ...(await run(tx)), replayed: false };
      const result = await once(
        tx,
        {
          tenantId: caller.tenantId,
          scope: caller.actor ? `user:${caller.actor.user.id}` : 'client',
          key: idempotencyKey,
          request: fields,
        },
        () => run(tx),
      );
      return { status: 201 as const, body: result.body, replayed: result.replayed };
    });
    if (!created.replayed) notifyMailQueued();
    return created;
  } catch (error) {
    if (isUniqueEmailViolation(error)) throw emailTaken();
    throw error;
  }
}

export async function getUser(db: Db, caller: Caller, userId: string): Promise<User> {
  assertMayRead(caller.actor, userId, await managedByActor(db, caller, userId));
  const row = await userRepository.findById(db, caller.tenantId, userId);
  if (!row) throw notFound();
  return toUser(row);
}

/**
 * One user's change as PATCH and PUT ask for it. `permissions`: the direct grants as sent;
 * `replacePermissions`: whether they replace the map (PUT) or merge into it (PATCH).
 */
export interface UserWrite {
  email?: string | undefined;
  password?: string | undefined;
  role?: AccessLevel | undefined;
  status?: 'active' | 'inactive' | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  phone?: string | null | undefined;
  permissions?: Record<string, boolean> | undefined;
  replacePermissions: boolean;
  groups?: string[] | undefined;
  /** Require a new password at the next sign-in (the seed's `reset_pw`); absent leaves it. */
  resetPw?: boolean | undefined;
}

/** The paths of what a write changes beyond names, phone, access level, permissions and roles. */
function otherChanges(write: UserWrite, target: UserRow): string[] {
  return [
    ...(write.email !== undefined && write.email.toLowerCase() !== target.email.toLowerCase() ? ['body.email'] : []),
    ...(write.password !== undefined ? ['body.password'] : []),
    ...(write.status !== undefined && write.status !== target.status ? ['body.status'] : []),
  ];
}

/**
 * Whether the actor, a tenant MEMBER, manages the user as an ORG_USER_MANAGER (ADR 027); false for
 * everyone else (the tenant's owners and administrators need no such standing).
 */
async function managedByActor(db: Queryable, caller: Caller, userId: string): Promise<boolean> {
  const actor = caller.actor;
  if (actor?.user.role !== 'MEMBER' || actor.user.id === userId) return false;
  return organizationRepository.managesUser(db, caller.tenantId, actor.user.id, userId);
}

/** A MEMBER who manages no one is refused before anything is looked up (no user enumeration). */
async function assertMayEditAtAll(db: Queryable, caller: Caller, userId: string): Promise<boolean> {
  const managed = await managedByActor(db, caller, userId);
  if (!managed) assertMayManageUsers(caller.actor);
  return managed;
}

async function writeUser(
  db: Db,
  caller: VerificationCaller,
  userId: string,
  write: UserWrite,
  ifMatch: string | undefined,
  options: EmailVerificationOptions,
): Promise<User> {
  if (write.password !== undefined) {
    assertNotSelf(caller.actor, userId, 'Change your own password with your current one.');
  }
  if (write.status === 'inactive') assertNotSelf(caller.actor, userId, 'You cannot deactivate yourself.');
  await assertMayEditAtAll(db, caller, userId);
  const passwordHash = write.password === undefined ? undefined : await hashPassword(write.password);
  try {
    const { user, mailed } = await db.transaction((tx) =>
      writeUserIn(tx, caller, userId, write, ifMatch, options, passwordHash),
    );
    if (mailed) notifyMailQueued();
    return user;
  } catch (error) {
    if (isUniqueEmailViolation(error)) throw emailTaken();
    throw error;
  }
}

/**
 * One user's change inside the caller's transaction, under every rule of PATCH and PUT (the bulk
 * actions apply theirs through it too). `mailed`: a verification mail was queued (notify after
 * commit).
 */
export async function writeUserIn(
  tx: Queryable,
  caller: VerificationCaller,
  userId: string,
  write: UserWrite,
  ifMatch: string | undefined,
  options: EmailVerificationOptions,
  passwordHash?: string,
): Promise<{ user: User; mailed: boolean }> {
  let mailed = false;
  // Roles are locked before users everywhere (see roles/service.ts), so a concurrent forced role
  // delete cannot deadlock with this; unknown ids are reported after the user's 404.
  const found = write.groups ? await roleRepository.findGrants(tx, caller.tenantId, write.groups) : [];
  const target = await lockTarget(tx, caller.tenantId, userId);
  if (!target) throw notFound();
  checkVersion(target, ifMatch, 'user');
  if (write.permissions) {
    await assertKnownPermissions(tx, caller.tenantId, permissionKeyPaths(write.permissions));
  }
  const roles = write.groups ? knownRoles(found, write.groups, 'body.groups') : [];
  // A PUT revokes every direct grant its map leaves out.
  const asked =
    write.permissions && write.replacePermissions
      ? { ...Object.fromEntries(Object.keys(target.permissions).map((key) => [key, false])), ...write.permissions }
      : write.permissions;
  const intent: EditIntent = {
    target,
    role: write.role ?? target.role,
    ...permissionChanges(asked, target.permissions, 'body.permissions'),
    addedRoles: roles.filter((r) => !groupsOf(target).includes(r.id)),
    removedRoles: write.groups ? rolesTakenAway(target, write.groups, () => 'body.groups') : [],
    managed: await managedByActor(tx, caller, userId),
    otherChanges: otherChanges(write, target),
  };
  assertMayEdit(caller.actor, intent);
  if (write.resetPw !== undefined) assertMayRequirePasswordChange(caller.actor, target);
  const passwordError =
    write.password === undefined
      ? undefined
      : passwordIsEmailError('body.password', write.password, write.email ?? target.email);
  if (passwordError) throw invalid([passwordError]);
  const status = write.status ?? target.status;
  await assertOwnersRemain(tx, caller.tenantId, target, intent.role !== 'OWNER' || status !== 'active');
  // A new address becomes the email only when its verification link is followed (a newer
  // request replaces a pending one); the same address in another letter case is written at once.
  const newAddress =
    write.email !== undefined && write.email.toLowerCase() !== target.email.toLowerCase() ? write.email : undefined;
  if (newAddress && (await userRepository.findByEmail(tx, caller.tenantId, newAddress))) throw emailTaken();
  const pendingChanges = newAddress !== undefined && newAddress.toLowerCase() !== target.pending_email?.toLowerCase();

  const changes: UserChanges = {
    email: newAddress ? undefined : write.email,
    pendingEmail: pendingChanges ? newAddress : undefined,
    resetPw: write.resetPw,
    passwordHash,
    firstName: write.firstName,
    lastName: write.lastName,
    phone: write.phone,
    role: write.role,
    status: write.status,
    permissions:
      write.permissions && !write.replacePermissions
        ? { ...target.permissions, ...write.permissions }
        : write.permissions,
  };
  await userRepository.update(tx, caller.tenantId, userId, changes);
  if (write.groups) await userRepository.setRoles(tx, caller.tenantId, userId, write.groups);
  // A deactivated user, or one whose password an administrator replaced, is signed out everywhere.
  const endsSessions = (write.status === 'inactive' && target.status !== 'inactive') || passwordHash !== undefined;
  if (endsSessions) await sessionRepository.revokeAllForUser(tx, caller.tenantId, userId);
  // An open reset link was for the old password or an active account (the address changes later).
  if (endsSessions) await passwordResetRepository.revokeAllForUser(tx, caller.tenantId, userId);
  if (pendingChanges && newAddress) {
    await queueEmailVerification(tx, caller, target, newAddress, options);
    mailed = true;
  }
  // A demoted or deactivated sender's invitations that they could no longer send end now.
  await revokeInvitationsSendersMayNoLongerSend(tx, caller, [userId]);
  const before = toUser(target);
  const after = toUser(await reload(tx, caller.tenantId, userId));
  await audit(tx, caller, write.replacePermissions ? 'user.replaced' : 'user.updated', userId, before, after);
  if (passwordHash !== undefined) await audit(tx, caller, 'user.password_set', userId);
  if (write.resetPw !== undefined && write.resetPw !== target.must_change_password) {
    const action = write.resetPw ? 'user.password_change_required' : 'user.password_change_lifted';
    await audit(tx, caller, action, userId);
  }
  return { user: after, mailed };
}

/** `PATCH`: any subset of the fields; `permissions` merges into the direct grants. */
export async function updateUser(
  db: Db,
  caller: VerificationCaller,
  userId: string,
  body: UpdateUserBody,
  ifMatch: string | undefined,
  options: EmailVerificationOptions,
): Promise<User> {
  return writeUser(db, caller, userId, { ...body, replacePermissions: false }, ifMatch, options);
}

/**
 * `PUT` (Identity Manager's `PUT User`): the profile, access level, direct permission map and
 * roles as sent, under PATCH's rules; If-Match is required, so a replacement never overwrites a
 * change its sender did not see.
 */
export async function replaceUser(
  db: Db,
  caller: VerificationCaller,
  userId: string,
  body: ReplaceUserBody,
  ifMatch: string | undefined,
  options: EmailVerificationOptions,
): Promise<User> {
  if (ifMatch === undefined) {
    throw new AppError(428, 'precondition_required', 'Send If-Match with the ETag of the user you are replacing.', [
      { path: 'header.if-match', message: 'Send the ETag you received, e.g. "3"', code: 'required' },
    ]);
  }
  return writeUser(db, caller, userId, { ...body, replacePermissions: true }, ifMatch, options);
}

/**
 * A user as `?expand=groups` answers it: each role as `{id, name, permissions}` (read unlocked,
 * after the answer's own transaction; a role deleted meanwhile is left out).
 */
export async function expandGroups(db: Queryable, tenantId: string, users: User[]): Promise<ExpandedUser[]> {
  const ids = [...new Set(users.flatMap((user) => user.groups))];
  const roles = await roleRepository.groupsOf(db, tenantId, ids);
  const byId = new Map(roles.map((role) => [role.id, role]));
  return users.map((user) => ({
    ...user,
    groups: user.groups.flatMap((id) => {
      const role = byId.get(id);
      return role ? [{ id: role.id, name: role.name, permissions: role.permissions }] : [];
    }),
  }));
}

export async function setUserPassword(
  db: Db,
  caller: Caller,
  userId: string,
  password: string,
  ifMatch: string | undefined,
): Promise<User> {
  assertMayManageUsers(caller.actor);
  assertNotSelf(caller.actor, userId, 'Change your own password with your current one.');
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const target = await userRepository.findById(tx, caller.tenantId, userId, { forUpdate: true });
    if (!target) throw notFound();
    checkVersion(target, ifMatch, 'user');
    assertMayWrite(caller.actor, { target, role: target.role });
    const passwordError = passwordIsEmailError('body.password', password, target.email);
    if (passwordError) throw invalid([passwordError]);
    await userRepository.update(tx, caller.tenantId, userId, { passwordHash });
    await sessionRepository.revokeAllForUser(tx, caller.tenantId, userId);
    await passwordResetRepository.revokeAllForUser(tx, caller.tenantId, userId);
    await audit(tx, caller, 'user.password_set', userId);
    return toUser(await reload(tx, caller.tenantId, userId));
  });
}

export async function deleteUser(db: Db, caller: Caller, userId: string, ifMatch: string | undefined): Promise<void> {
  assertMayManageUsers(caller.actor);
  assertNotSelf(caller.actor, userId, 'You cannot delete yourself.');
  await db.transaction((tx) => deleteUserIn(tx, caller, userId, ifMatch));
}

/** One user's deletion inside the caller's transaction, under every rule of DELETE (bulk deletes too). */
export async function deleteUserIn(
  tx: Queryable,
  caller: Caller,
  userId: string,
  ifMatch: string | undefined,
): Promise<void> {
  const target = await lockTarget(tx, caller.tenantId, userId);
  if (!target) throw notFound();
  checkVersion(target, ifMatch, 'user');
  assertMayWrite(caller.actor, { target, role: target.role });
  await assertOwnersRemain(tx, caller.tenantId, target, true);
  await leaveOrganizations(tx, caller, target);
  // A deleted sender's open invitations die with them (invited_by would read as server-to-server).
  await revokeInvitationsSendersMayNoLongerSend(tx, caller, [userId], { gone: true });
  await userRepository.delete(tx, caller.tenantId, userId);
  await audit(tx, caller, 'user.deleted', userId, toUser(target));
}

/**
 * Wrong current passwords a user may send to `changeOwnPassword` in OWN_PASSWORD_WINDOW_MINUTES
 * (counted per account, across sessions and IAM instances, since the last password change). The
 * one that reaches the limit, and every later one in the window, ends the session it came on, and
 * is answered exactly like any wrong password (ADR 016).
 */
export const OWN_PASSWORD_FAILURES_MAX = 5;
export const OWN_PASSWORD_WINDOW_MINUTES = 15;

async function ownPasswordFailures(tx: Queryable, tenantId: string, userId: string): Promise<number> {
  const rows = await tx.query<{ n: number }>(
    `select count(*)::int as n from audit_events
      where tenant_id = $1 and target_type = 'user' and target_id = $2 and action = 'user.password_check_failed'
        and created_at > now() - make_interval(mins => $3)
        and created_at > coalesce((select max(created_at) from audit_events
                                    where tenant_id = $1 and target_type = 'user' and target_id = $2
                                      and action in ('user.password_changed', 'user.password_set', 'user.password_reset')),
                                  '-infinity')`,
    [tenantId, userId, OWN_PASSWORD_WINDOW_MINUTES],
  );
  return rows[0]?.n ?? 0;
}

export async function changeOwnPassword(db: Db, caller: Caller, actor: Actor, body: ChangeOwnPassword): Promise<void> {
  const passwordError = passwordIsEmailError('body.newPassword', body.newPassword, actor.user.email);
  const passwordHash = passwordError ? undefined : await hashPassword(body.newPassword);
  // Under a lock on the user, so parallel guesses are counted one after the other and none slips
  // past the limit; a wrong guess is committed (counted) and answered after the transaction.
  const outcome = await db.transaction(async (tx) => {
    const user = await userRepository.findById(tx, caller.tenantId, actor.user.id, { forUpdate: true });
    if (!user) throw notFound();
    const failures = await ownPasswordFailures(tx, caller.tenantId, user.id);
    const wrong =
      failures >= OWN_PASSWORD_FAILURES_MAX || !(await verifyPassword(user.password_hash, body.currentPassword));
    if (wrong) {
      await audit(tx, caller, 'user.password_check_failed', user.id);
      if (failures + 1 >= OWN_PASSWORD_FAILURES_MAX) {
        await sessionRepository.revoke(tx, caller.tenantId, actor.sessionId);
        await audit(tx, caller, 'auth.session_ended', user.id, undefined, { reason: 'too_many_wrong_passwords' });
      }
      return 'wrong' as const;
    }
    if (passwordError || passwordHash === undefined) return 'invalid' as const;
    // Asked to choose a new password: the current one again is not a new one.
    if (user.must_change_password && (await verifyPassword(user.password_hash, body.newPassword))) {
      return 'same' as const;
    }
    await userRepository.update(tx, caller.tenantId, actor.user.id, { passwordHash, resetPw: false });
    // Every other session ends (a stolen one among them); this one stays.
    await sessionRepository.revokeAllForUser(tx, caller.tenantId, actor.user.id, actor.sessionId);
    await passwordResetRepository.revokeAllForUser(tx, caller.tenantId, actor.user.id);
    await audit(tx, caller, 'user.password_changed', actor.user.id);
    return 'changed' as const;
  });
  if (outcome === 'changed') return;
  const errors: FieldError[] = [];
  if (outcome === 'wrong') {
    errors.push({ path: 'body.currentPassword', message: 'The current password is wrong', code: 'wrong_password' });
  }
  if (passwordError) errors.push(passwordError);
  if (outcome === 'same') {
    errors.push({
      path: 'body.newPassword',
      message: 'Choose a password other than the current one',
      code: 'same_password',
    });
  }
  throw invalid(errors);
}

/** The users list's cursors are tagged with their sort order: a cursor of another order is refused. */
function decodeUserCursor(cursor: string, sort: UserSort): Keyset {
  const key = sort.replace(/^-/, '');
  return decodeCursor(
    cursor,
    `users:${sort}`,
    key === 'lastLoginAt' ? 'timestamptz-or-infinity' : key === 'createdAt' ? 'timestamptz' : 'text',
    {
      matches: (tag) => tag.startsWith('users:'),
      message: 'This cursor belongs to another sort order; start from the first page',
    },
  );
}

/** The list's filters out of its query (the list and its export read them alike). */
export function userFilterOf(query: Omit<ListBody, 'cursor' | 'limit' | 'expand' | 'sort'>): UserFilter {
  return {
    search: query.search || undefined,
    email: query.email,
    role: query.role,
    status: query.status,
    group: query.group,
    organizationId: query.organizationId,
    emailVerified: query.emailVerified,
    resetPw: query.resetPw,
    mfa: query.mfa,
  };
}

/**
 * A search's page and total (ADR 038). Finding a "contains" search's matches is the trigram
 * index's costly work, so it is done once, not by a page and a count side by side: the planner's
 * estimate first (EXPLAIN, nothing runs); far past the cap, the total is that estimate and the
 * page comes from the sort order (as `cappedCountWhere` does); otherwise one statement finds up to cap + 1 matches, counts
 * them and sorts the page out of them, and only when they pass the cap after all is the page
 * read from the sort order (a fourth statement). Three statements either way but that one.
 */
async function searchPage(
  db: Db,
  tenantId: string,
  filter: UserFilter,
  query: ListBody,
  after: Keyset | undefined,
): Promise<[(UserRow & { sort_value: string })[], ListTotal]> {
  const estimate = await userRepository.estimate(db, tenantId, filter);
  const fromSortOrder = () => userRepository.page(db, tenantId, filter, query.sort, query.limit, after);
  const beyondCap = { total: Math.max(LIST_TOTAL_CAP + 1, estimate), totalIsCapped: true };
  if (estimate > ESTIMATE_ONLY_ABOVE) return [await fromSortOrder(), beyondCap];
  const found = await userRepository.pageWithinCap(db, tenantId, filter, query.sort, query.limit, after);
  if (!found.rows) return [await fromSortOrder(), beyondCap];
  return [found.rows, { total: found.matches, totalIsCapped: false }];
}

export async function listUsers(db: Db, caller: Caller, query: ListBody): Promise<UserList> {
  assertMayManageUsers(caller.actor);
  const after = query.cursor ? decodeUserCursor(query.cursor, query.sort) : undefined;
  const filter = userFilterOf(query);
  const [rows, total] = filter.search
    ? await searchPage(db, caller.tenantId, filter, query, after)
    : await Promise.all([
        userRepository.page(db, caller.tenantId, filter, query.sort, query.limit, after),
        userRepository.listTotal(db, caller.tenantId, filter),
      ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toUser),
    nextCursor: rows.length > query.limit && last ? encodeCursor(`users:${query.sort}`, last) : null,
    ...total,
  };
}

/** Mails a new verification link to the user's pending or unverified address (an administrator's resend). */
export async function resendEmailVerification(
  db: Db,
  caller: VerificationCaller,
  userId: string,
  options: EmailVerificationOptions,
): Promise<void> {
  assertMayManageUsers(caller.actor);
  await db.transaction(async (tx) => {
    const target = await userRepository.findById(tx, caller.tenantId, userId, { forUpdate: true });
    if (!target) throw notFound();
    assertMayResendVerification(caller.actor, target);
    await resendVerification(tx, caller, target, options);
    await audit(tx, caller, 'user.email_verification_sent', userId, undefined, {
      to: target.pending_email ?? target.email,
    });
  });
  notifyMailQueued();
}
