import { randomUUID } from 'node:crypto';
import {
  type ChangeOwnPassword,
  type createUserSchema,
  type FieldError,
  type listUsersQuerySchema,
  PASSWORD_IS_EMAIL_MESSAGE,
  passwordIsEmail,
  type User,
  type UserList,
  type UserSort,
  type updateUserSchema,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { checkVersion } from '../../http/if-match.ts';
import { auditOf, auditRepository } from '../../kernel/audit.ts';
import type { Actor, Caller } from '../../kernel/context.ts';
import { hashPassword, verifyPassword } from '../../security/password.ts';
import { passwordResetRepository } from '../auth/password-reset.ts';
import { sessionRepository } from '../auth/repository.ts';
import { revokeInvitationsSendersMayNoLongerSend } from '../invitations/sender-rights.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { permissionRepository } from '../permissions/repository.ts';
import { type RoleGrant, roleRepository } from '../roles/repository.ts';
import { once } from './idempotency.ts';
import {
  assertMayManageUsers,
  assertMayRead,
  assertMayWrite,
  assertMayWriteEntry,
  assertNotSelf,
  permissionChanges,
  rolesTakenAway,
  type WriteIntent,
} from './policy.ts';
import { groupsOf, type Keyset, toUser, type UserChanges, type UserRow, userRepository } from './repository.ts';

/** Who is calling (defined in the kernel; re-exported for the modules that import it from here). */
export type { Caller };

type CreateUserBody = z.output<typeof createUserSchema>;
type UpdateUserBody = z.output<typeof updateUserSchema>;
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

function isUniqueEmailViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (e.constraint === undefined || e.constraint === 'users_tenant_email_key');
}

const emailTaken = () =>
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

export async function createUser(
  db: Db,
  caller: Caller,
  body: CreateUserBody,
  idempotencyKey: string | undefined,
): Promise<{ status: 201; body: User; replayed: boolean }> {
  assertMayManageUsers(caller.actor);
  const passwordHash = await hashPassword(body.password);
  const run = async (tx: Queryable) => {
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
      status: 'active',
      permissions: body.permissions,
    });
    await userRepository.setRoles(tx, caller.tenantId, id, body.groups);
    const user = toUser(await reload(tx, caller.tenantId, id));
    await audit(tx, caller, 'user.created', id, undefined, user);
    return { status: 201 as const, body: user };
  };
  try {
    return await db.transaction(async (tx) => {
      if (!idempotencyKey) return { ...(await run(tx)), replayed: false };
      const { password: _password, ...request } = body;
      const result = await once(
        tx,
        {
          tenantId: caller.tenantId,
          scope: caller.actor ? `user:${caller.actor.user.id}` : 'client',
          key: idempotencyKey,
          request,
        },
        () => run(tx),
      );
      return { status: 201 as const, body: result.body, replayed: result.replayed };
    });
  } catch (error) {
    if (isUniqueEmailViolation(error)) throw emailTaken();
    throw error;
  }
}

export async function getUser(db: Db, caller: Caller, userId: string): Promise<User> {
  assertMayRead(caller.actor, userId);
  const row = await userRepository.findById(db, caller.tenantId, userId);
  if (!row) throw notFound();
  return toUser(row);
}

export async function updateUser(
  db: Db,
  caller: Caller,
  userId: string,
  body: UpdateUserBody,
  ifMatch: string | undefined,
): Promise<User> {
  assertMayManageUsers(caller.actor);
  if (body.password !== undefined) {
    assertNotSelf(caller.actor, userId, 'Change your own password with your current one.');
  }
  if (body.status === 'inactive') assertNotSelf(caller.actor, userId, 'You cannot deactivate yourself.');
  const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
  try {
    return await db.transaction(async (tx) => {
      // Roles are locked before users everywhere (see roles/service.ts), so a concurrent forced role
      // delete cannot deadlock with this; unknown ids are reported after the user's 404.
      const found = body.groups ? await roleRepository.findGrants(tx, caller.tenantId, body.groups) : [];
      const target = await userRepository.findById(tx, caller.tenantId, userId, { forUpdate: true });
      if (!target) throw notFound();
      checkVersion(target, ifMatch, 'user');
      if (body.permissions) {
        await assertKnownPermissions(tx, caller.tenantId, permissionKeyPaths(body.permissions));
      }
      const roles = body.groups ? knownRoles(found, body.groups, 'body.groups') : [];
      const intent: WriteIntent = {
        target,
        role: body.role ?? target.role,
        ...permissionChanges(body.permissions, target.permissions, 'body.permissions'),
        addedRoles: roles.filter((r) => !groupsOf(target).includes(r.id)),
        removedRoles: body.groups ? rolesTakenAway(target, body.groups, () => 'body.groups') : [],
      };
      assertMayWrite(caller.actor, intent);
      const passwordError =
        body.password === undefined
          ? undefined
          : passwordIsEmailError('body.password', body.password, body.email ?? target.email);
      if (passwordError) throw invalid([passwordError]);
      const status = body.status ?? target.status;
      await assertOwnersRemain(tx, caller.tenantId, target, intent.role !== 'OWNER' || status !== 'active');
      if (body.email && body.email.toLowerCase() !== target.email.toLowerCase()) {
        if (await userRepository.findByEmail(tx, caller.tenantId, body.email)) throw emailTaken();
      }

      const changes: UserChanges = {
        email: body.email,
        passwordHash,
        firstName: body.firstName,
        lastName: body.lastName,
        phone: body.phone,
        role: body.role,
        status: body.status,
        permissions: body.permissions ? { ...target.permissions, ...body.permissions } : undefined,
      };
      await userRepository.update(tx, caller.tenantId, userId, changes);
      if (body.groups) await userRepository.setRoles(tx, caller.tenantId, userId, body.groups);
      // A deactivated user, or one whose password an administrator replaced, is signed out everywhere.
      const endsSessions = (body.status === 'inactive' && target.status !== 'inactive') || passwordHash !== undefined;
      if (endsSessions) await sessionRepository.revokeAllForUser(tx, caller.tenantId, userId);
      // An open reset link was for the old password, the old address or an active account.
      const emailChanged = body.email !== undefined && body.email.toLowerCase() !== target.email.toLowerCase();
      if (endsSessions || emailChanged) await passwordResetRepository.revokeAllForUser(tx, caller.tenantId, userId);
      // A demoted or deactivated sender's invitations that they could no longer send end now.
      await revokeInvitationsSendersMayNoLongerSend(tx, caller, [userId]);
      const before = toUser(target);
      const after = toUser(await reload(tx, caller.tenantId, userId));
      await audit(tx, caller, 'user.updated', userId, before, after);
      if (passwordHash !== undefined) await audit(tx, caller, 'user.password_set', userId);
      return after;
    });
  } catch (error) {
    if (isUniqueEmailViolation(error)) throw emailTaken();
    throw error;
  }
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
  await db.transaction(async (tx) => {
    const target = await userRepository.findById(tx, caller.tenantId, userId, { forUpdate: true });
    if (!target) throw notFound();
    checkVersion(target, ifMatch, 'user');
    assertMayWrite(caller.actor, { target, role: target.role });
    await assertOwnersRemain(tx, caller.tenantId, target, true);
    await leaveOrganizations(tx, caller, target);
    // A deleted sender's open invitations die with them (invited_by would read as server-to-server).
    await revokeInvitationsSendersMayNoLongerSend(tx, caller, [userId], { gone: true });
    await userRepository.delete(tx, caller.tenantId, userId);
    await audit(tx, caller, 'user.deleted', userId, toUser(target));
  });
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
    await userRepository.update(tx, caller.tenantId, actor.user.id, { passwordHash });
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

export async function listUsers(db: Db, caller: Caller, query: ListBody): Promise<UserList> {
  assertMayManageUsers(caller.actor);
  const after = query.cursor ? decodeUserCursor(query.cursor, query.sort) : undefined;
  const filter = {
    search: query.search || undefined,
    role: query.role,
    status: query.status,
    group: query.group,
    organizationId: query.organizationId,
  };
  const [rows, total] = await Promise.all([
    userRepository.page(db, caller.tenantId, filter, query.sort, query.limit, after),
    userRepository.count(db, caller.tenantId, filter),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toUser),
    nextCursor: rows.length > query.limit && last ? encodeCursor(`users:${query.sort}`, last) : null,
    total,
  };
}
