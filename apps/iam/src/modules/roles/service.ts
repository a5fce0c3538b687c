import { randomUUID } from 'node:crypto';
import type {
  createRoleSchema,
  FieldError,
  listRoleMembersQuerySchema,
  Role,
  RoleDeletionImpact,
  RoleList,
  UserList,
  updateRoleSchema,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { checkVersion } from '../../http/if-match.ts';
import { auditOf, auditRepository } from '../../kernel/audit.ts';
import { invitationRepository } from '../invitations/repository.ts';
import { revokeInvitationsSendersMayNoLongerSend } from '../invitations/sender-rights.ts';
import { permissionRepository } from '../permissions/repository.ts';
import { groupsOf, userRepository } from '../users/repository.ts';
import { type Caller, listUsers } from '../users/service.ts';
import {
  assertMayChangeRolePermissions,
  assertMayDeleteRole,
  assertMayListRoles,
  assertMayManageRoles,
} from './policy.ts';
import { type RoleRow, roleRepository } from './repository.ts';
import { userAuditEntry } from './user-audit.ts';

type CreateRoleBody = z.output<typeof createRoleSchema>;
type UpdateRoleBody = z.output<typeof updateRoleSchema>;
type MembersQuery = z.output<typeof listRoleMembersQuerySchema>;

export const roleNotFound = () => new AppError(404, 'not_found', 'No such role.');
const invalid = (errors: FieldError[]) => new AppError(400, 'validation_failed', 'Some fields are not valid.', errors);
const nameTaken = () =>
  new AppError(409, 'conflict', 'A role with this name already exists.', [
    { path: 'body.name', message: 'Another role has this name (letter case does not count)', code: 'duplicate' },
  ]);

export function toRole(row: RoleRow): Role {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: row.permissions,
    memberCount: row.member_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

const audit = auditOf('role');

/** The role, locked for update, at the version If-Match names (404, 412 otherwise). */
async function lockRole(tx: Queryable, caller: Caller, roleId: string, ifMatch: string | undefined): Promise<RoleRow> {
  const row = await roleRepository.findById(tx, caller.tenantId, roleId, { forUpdate: true });
  if (!row) throw roleNotFound();
  checkVersion(row, ifMatch, 'role');
  return row;
}

/** The keys, all of which must be in the tenant's catalog (a 400 naming each other one), in catalog order. */
async function inCatalogOrder(tx: Queryable, tenantId: string, keys: string[]): Promise<string[]> {
  const catalog = await permissionRepository.list(tx, tenantId);
  const position = new Map(catalog.map((p, i) => [p.key, i]));
  const errors = keys.flatMap((key, i) =>
    position.has(key)
      ? []
      : [
          {
            path: `body.permissions.${i}`,
            message: `"${key}" is not a permission in this catalog`,
            code: 'unknown_permission',
          },
        ],
  );
  if (errors.length) throw invalid(errors);
  return [...keys].sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
}

const keyPaths = (keys: string[]) => keys.map((key, i) => ({ key, path: `body.permissions.${i}` }));

/** A blank description is no description. */
const descriptionOf = (description: string | null | undefined) =>
  description === undefined ? undefined : description || null;

function isUniqueNameViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (e.constraint === undefined || e.constraint === 'roles_tenant_name_key');
}

/** Runs a write, turning a lost race on the unique name into the same 409 as the check. */
async function withUniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueNameViolation(error)) throw nameTaken();
    throw error;
  }
}

async function reload(tx: Queryable, tenantId: string, id: string): Promise<Role> {
  return toRole((await roleRepository.findById(tx, tenantId, id)) as RoleRow);
}

export async function listRoles(db: Db, caller: Caller): Promise<RoleList> {
  const actor = caller.actor;
  const managesUsers =
    actor?.user.role === 'MEMBER' && (await roleRepository.managesUsers(db, caller.tenantId, actor.user.id));
  assertMayListRoles(actor, managesUsers);
  return { items: (await roleRepository.list(db, caller.tenantId)).map(toRole) };
}

export async function getRole(db: Db, caller: Caller, roleId: string): Promise<Role> {
  assertMayManageRoles(caller.actor);
  const row = await roleRepository.findById(db, caller.tenantId, roleId);
  if (!row) throw roleNotFound();
  return toRole(row);
}

export async function createRole(db: Db, caller: Caller, body: CreateRoleBody): Promise<Role> {
  assertMayManageRoles(caller.actor);
  return withUniqueName(() =>
    db.transaction(async (tx) => {
      const permissions = await inCatalogOrder(tx, caller.tenantId, body.permissions);
      assertMayChangeRolePermissions(caller.actor, keyPaths(body.permissions));
      if (await roleRepository.nameTaken(tx, caller.tenantId, body.name)) throw nameTaken();
      const id = randomUUID();
      const description = descriptionOf(body.description) ?? null;
      await roleRepository.insert(tx, { id, tenantId: caller.tenantId, name: body.name, description, permissions });
      const role = await reload(tx, caller.tenantId, id);
      await audit(tx, caller, 'role.created', id, undefined, role);
      return role;
    }),
  );
}

/**
 * `permissions` replaces the role's set. The keys it adds and those it takes out are checked against the actor's own
 * permissions; members' effective permissions change with it, their versions do not (ADR 011).
 */
export async function updateRole(
  db: Db,
  caller: Caller,
  roleId: string,
  body: UpdateRoleBody,
  ifMatch: string | undefined,
): Promise<Role> {
  assertMayManageRoles(caller.actor);
  return withUniqueName(() =>
    db.transaction(async (tx) => {
      const row = await lockRole(tx, caller, roleId, ifMatch);
      let permissions: string[] | undefined;
      if (body.permissions) {
        permissions = await inCatalogOrder(tx, caller.tenantId, body.permissions);
        const asked = new Set(body.permissions);
        assertMayChangeRolePermissions(
          caller.actor,
          keyPaths(body.permissions).filter(({ key }) => !row.permissions.includes(key)),
          row.permissions.filter((key) => !asked.has(key)).map((key) => ({ key, path: 'body.permissions' })),
        );
      }
      if (body.name !== undefined && (await roleRepository.nameTaken(tx, caller.tenantId, body.name, roleId))) {
        throw nameTaken();
      }
      await roleRepository.update(tx, caller.tenantId, roleId, {
        name: body.name,
        description: descriptionOf(body.description),
        permissions,
      });
      if (permissions) {
        // Its holders may hold less now, and invitations naming it may give more than their senders hold.
        await revokeInvitationsSendersMayNoLongerSend(tx, caller, [
          ...(await roleRepository.memberIds(tx, caller.tenantId, roleId)),
          ...(await invitationRepository.sendersOfPendingWithRole(tx, caller.tenantId, roleId)),
        ]);
      }
      const before = toRole(row);
      const after = await reload(tx, caller.tenantId, roleId);
      await audit(tx, caller, 'role.updated', roleId, before, after);
      return after;
    }),
  );
}

/**
 * A role users hold is refused (409 role_in_use) unless `force`: then its assignments go too,
 * and each member's version moves and their change is audited, as if it had been taken from them.
 */
export async function deleteRole(
  db: Db,
  caller: Caller,
  roleId: string,
  force: boolean,
  ifMatch: string | undefined,
): Promise<void> {
  assertMayManageRoles(caller.actor);
  await db.transaction(async (tx) => {
    const row = await lockRole(tx, caller, roleId, ifMatch);
    assertMayDeleteRole(caller.actor, row);
    // Read after the lock (a new statement sees every assignment committed before it).
    const memberIds = await roleRepository.memberIds(tx, caller.tenantId, roleId);
    if (memberIds.length > 0 && !force) {
      const holders = memberIds.length === 1 ? '1 user holds' : `${memberIds.length} users hold`;
      throw new AppError(
        409,
        'role_in_use',
        `${holders} this role. Take it from them first, or delete with force=true to take it from all of them.`,
      );
    }
    const members = await userRepository.findManyForUpdate(tx, caller.tenantId, memberIds);
    // Recorded while the role still exists, so each member's event captures its name.
    await auditRepository.recordMany(
      tx,
      members.map((m) =>
        userAuditEntry(
          caller,
          m,
          groupsOf(m).filter((id) => id !== roleId),
          m.version + 1,
        ),
      ),
    );
    await roleRepository.delete(tx, caller.tenantId, roleId);
    await userRepository.bumpVersions(tx, caller.tenantId, memberIds);
    await revokeInvitationsSendersMayNoLongerSend(tx, caller, memberIds);
    await audit(tx, caller, 'role.deleted', roleId, { ...toRole(row), memberCount: memberIds.length });
  });
}

export async function getRoleDeletionImpact(db: Db, caller: Caller, roleId: string): Promise<RoleDeletionImpact> {
  assertMayManageRoles(caller.actor);
  const row = await roleRepository.findById(db, caller.tenantId, roleId);
  if (!row) throw roleNotFound();
  return {
    roleId,
    memberCount: row.member_count,
    losses: await roleRepository.deletionLosses(db, caller.tenantId, roleId),
  };
}

/** The role's members: the users list filtered by the role, by email (same search and cursor). */
export async function listRoleMembers(db: Db, caller: Caller, roleId: string, query: MembersQuery): Promise<UserList> {
  assertMayManageRoles(caller.actor);
  if (!(await roleRepository.findById(db, caller.tenantId, roleId))) throw roleNotFound();
  return listUsers(db, caller, { ...query, sort: 'email', group: roleId });
}
