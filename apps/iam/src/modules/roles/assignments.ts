import type { FieldError, RoleAssignmentResult, roleAssignmentSchema, User } from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { auditRepository } from '../../kernel/audit.ts';
import { revokeInvitationsSendersMayNoLongerSend } from '../invitations/sender-rights.ts';
import { assertMayWrite, assertMayWriteEntry, rolesTakenAway } from '../users/policy.ts';
import { groupsOf, toUser, type UserRow, userRepository } from '../users/repository.ts';
import type { Caller } from '../users/service.ts';
import { assertMayManageRoles } from './policy.ts';
import { type RoleGrant, roleRepository } from './repository.ts';
import { roleNotFound } from './service.ts';
import { userAuditEntry } from './user-audit.ts';

type AssignmentBody = z.output<typeof roleAssignmentSchema>;

const absent = (ids: string[], found: Map<string, unknown>, path: string, message: string): FieldError[] =>
  ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `${path}.${i}`, message, code: 'not_found' }]));

/**
 * Records and answers users whose roles were just written: versions move and an audit event is
 * recorded for those whose `groups` changed, all users are answered. Set-based: the statement
 * count does not grow with the number of users.
 */
async function finish(
  tx: Queryable,
  caller: Caller,
  before: UserRow[],
  changed: Map<string, string[]>,
): Promise<User[]> {
  const changedIds = [...changed.keys()];
  await userRepository.bumpVersions(tx, caller.tenantId, changedIds);
  // Who lost a role may no longer send what their open invitations give.
  await revokeInvitationsSendersMayNoLongerSend(tx, caller, changedIds);
  await auditRepository.recordMany(
    tx,
    before
      .filter((row) => changed.has(row.id))
      .map((row) => userAuditEntry(caller, row, changed.get(row.id) as string[], row.version + 1)),
  );
  const after = changedIds.length
    ? await userRepository.findManyForUpdate(
        tx,
        caller.tenantId,
        before.map((r) => r.id),
      )
    : before;
  const byId = new Map(after.map((r) => [r.id, r]));
  return before.map((r) => toUser(byId.get(r.id) as UserRow));
}

/** The role (share-locked) and then the user (locked for update): roles before users, as everywhere. */
async function lockRoleAndUser(tx: Queryable, caller: Caller, roleId: string, userId: string) {
  const [role] = await roleRepository.findGrants(tx, caller.tenantId, [roleId]);
  if (!role) throw roleNotFound();
  const target = await userRepository.findById(tx, caller.tenantId, userId, { forUpdate: true });
  if (!target) throw new AppError(404, 'not_found', 'No such user.');
  return { role, target };
}

/** `PUT …/roles/{roleId}/members/{userId}`: idempotent; a user who holds the role already is left as is. */
export async function assignRole(db: Db, caller: Caller, roleId: string, userId: string): Promise<User> {
  assertMayManageRoles(caller.actor);
  return db.transaction(async (tx) => {
    const { role, target } = await lockRoleAndUser(tx, caller, roleId, userId);
    const groups = groupsOf(target);
    const held = groups.includes(roleId);
    assertMayWrite(caller.actor, {
      target,
      role: target.role,
      addedRoles: held ? [] : [{ ...role, path: 'params.roleId' }],
    });
    if (held) return toUser(target);
    await roleRepository.assign(tx, caller.tenantId, [userId], [roleId]);
    const [user] = await finish(tx, caller, [target], new Map([[userId, [...groups, roleId]]]));
    return user as User;
  });
}

/** `DELETE …/roles/{roleId}/members/{userId}`: idempotent; answers the user either way. */
export async function unassignRole(db: Db, caller: Caller, roleId: string, userId: string): Promise<User> {
  assertMayManageRoles(caller.actor);
  return db.transaction(async (tx) => {
    const { target } = await lockRoleAndUser(tx, caller, roleId, userId);
    // Taking a role away revokes what it carries: an ADMIN takes away only roles whose permissions
    // they hold (ADR 017), and cannot change an OWNER.
    const groups = groupsOf(target);
    assertMayWrite(caller.actor, {
      target,
      role: target.role,
      removedRoles: rolesTakenAway(
        target,
        groups.filter((id) => id !== roleId),
        () => 'params.roleId',
      ),
    });
    if (!groups.includes(roleId)) return toUser(target);
    await roleRepository.unassign(tx, caller.tenantId, [userId], [roleId]);
    const [user] = await finish(tx, caller, [target], new Map([[userId, groups.filter((id) => id !== roleId)]]));
    return user as User;
  });
}

/**
 * `POST /v2/client/role-assignments`: every rule checked for every user first (unknown role or
 * user 404, forbidden 403 naming the entry), then all written — or, when one is refused, none.
 */
export async function changeRoleAssignments(
  db: Db,
  caller: Caller,
  body: AssignmentBody,
): Promise<RoleAssignmentResult> {
  assertMayManageRoles(caller.actor);
  return db.transaction(async (tx) => {
    // Roles and users are what this request acts on: an unknown (or other tenant's) id of either is a 404.
    const found = new Map(
      (await roleRepository.findGrants(tx, caller.tenantId, [...body.add, ...body.remove])).map((r) => [r.id, r]),
    );
    const rows = await userRepository.findManyForUpdate(tx, caller.tenantId, body.userIds);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = [
      ...absent(body.add, found, 'body.add', 'No such role'),
      ...absent(body.remove, found, 'body.remove', 'No such role'),
      ...absent(body.userIds, byId, 'body.userIds', 'No such user'),
    ];
    if (missing.length) throw new AppError(404, 'not_found', 'Some roles or users do not exist.', missing);
    const added = body.add.map((id, i) => ({ ...(found.get(id) as RoleGrant), path: `body.add.${i}` }));

    const targets = body.userIds.map((id) => byId.get(id) as UserRow);
    const removed = new Set(body.remove);
    const changed = new Map<string, string[]>();
    for (const [i, target] of targets.entries()) {
      const groups = groupsOf(target);
      assertMayWriteEntry(
        caller.actor,
        {
          target,
          role: target.role,
          addedRoles: added.filter((r) => !groups.includes(r.id)),
          removedRoles: rolesTakenAway(
            target,
            groups.filter((id) => !removed.has(id)),
            (id) => `body.remove.${body.remove.indexOf(id)}`,
          ),
        },
        `body.userIds.${i}`,
      );
      const next = [...new Set([...groups, ...body.add])].filter((id) => !removed.has(id));
      if (next.length !== groups.length || next.some((id) => !groups.includes(id))) changed.set(target.id, next);
    }
    await roleRepository.assign(tx, caller.tenantId, body.userIds, body.add);
    await roleRepository.unassign(tx, caller.tenantId, body.userIds, body.remove);
    return { items: await finish(tx, caller, targets, changed) };
  });
}
