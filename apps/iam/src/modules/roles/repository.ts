import type { Queryable } from '../../db/client.ts';
import { findOneBy } from '../../db/rows.ts';

export interface RoleGrant {
  id: string;
  name: string;
  permissions: string[];
}

export interface RoleRow {
  id: string;
  tenant_id: string;
  name: string;
  description: string | null;
  /** Catalog keys, stored in catalog order. */
  permissions: string[];
  created_at: Date;
  updated_at: Date;
  version: number;
  member_count: number;
}

export interface NewRole {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  permissions: string[];
}

export interface RoleChanges {
  name?: string | undefined;
  description?: string | null | undefined;
  permissions?: string[] | undefined;
}

/** The role columns and how many users hold it, for a `roles` row aliased `r`. */
const ROLE_SELECT = `r.id, r.tenant_id, r.name, r.description, r.permissions, r.created_at, r.updated_at, r.version,
  (select count(*)::int from user_roles ur where ur.role_id = r.id) as member_count`;

/**
 * Lock order, everywhere: roles before users. A role is share-locked while it is assigned (so it
 * cannot be deleted or changed under the assignment) and locked for update while it is changed or
 * deleted; users are locked after, in id order.
 */
export const roleRepository = {
  /** The tenant's roles among `ids`, share-locked (others' and unknown ids are simply absent). */
  async findGrants(db: Queryable, tenantId: string, ids: string[]): Promise<RoleGrant[]> {
    if (ids.length === 0) return [];
    return db.query<RoleGrant>(
      'select id, name, permissions from roles where tenant_id = $1 and id = any($2::uuid[]) order by id for share',
      [tenantId, ids],
    );
  },
  /** The tenant's roles among `ids`, unlocked (to show them, not to assign them). */
  async groupsOf(db: Queryable, tenantId: string, ids: string[]): Promise<RoleGrant[]> {
    if (ids.length === 0) return [];
    return db.query<RoleGrant>(
      'select id, name, permissions from roles where tenant_id = $1 and id = any($2::uuid[])',
      [tenantId, ids],
    );
  },
  /** Whether the user is ORG_USER_MANAGER of an organization (they may read the roles to give them). */
  async managesUsers(db: Queryable, tenantId: string, userId: string): Promise<boolean> {
    const rows = await db.query<{ manages: boolean }>(
      `select exists (select 1 from organization_members
                       where tenant_id = $1 and user_id = $2 and org_role = 'ORG_USER_MANAGER') as manages`,
      [tenantId, userId],
    );
    return rows[0]?.manages === true;
  },
  async list(db: Queryable, tenantId: string): Promise<RoleRow[]> {
    return db.query<RoleRow>(`select ${ROLE_SELECT} from roles r where r.tenant_id = $1 order by lower(r.name), r.id`, [
      tenantId,
    ]);
  },
  findById: findOneBy<RoleRow>({ columns: ROLE_SELECT, from: 'roles r', alias: 'r', column: 'id' }),
  /** Whether another role of the tenant has this name in any letter case. */
  async nameTaken(db: Queryable, tenantId: string, name: string, exceptId?: string): Promise<boolean> {
    const rows = await db.query(
      'select 1 from roles where tenant_id = $1 and lower(name) = lower($2) and ($3::uuid is null or id <> $3::uuid)',
      [tenantId, name, exceptId ?? null],
    );
    return rows.length > 0;
  },
  async insert(db: Queryable, role: NewRole): Promise<void> {
    await db.query('insert into roles (id, tenant_id, name, description, permissions) values ($1, $2, $3, $4, $5)', [
      role.id,
      role.tenantId,
      role.name,
      role.description,
      role.permissions,
    ]);
  },
  /** Applies the changes and bumps the version. */
  async update(db: Queryable, tenantId: string, id: string, changes: RoleChanges): Promise<void> {
    const params: unknown[] = [tenantId, id];
    const sets = ['updated_at = now()', 'version = version + 1'];
    for (const column of ['name', 'description', 'permissions'] as const) {
      if (changes[column] === undefined) continue;
      params.push(changes[column]);
      sets.push(`${column} = $${params.length}`);
    }
    await db.query(`update roles set ${sets.join(', ')} where tenant_id = $1 and id = $2`, params);
  },
  /** Deletes the role; its assignments go with it (on delete cascade). */
  async delete(db: Queryable, tenantId: string, id: string): Promise<void> {
    await db.query('delete from roles where tenant_id = $1 and id = $2', [tenantId, id]);
  },
  /** The ids of the users who hold the role. */
  async memberIds(db: Queryable, tenantId: string, roleId: string): Promise<string[]> {
    const rows = await db.query<{ user_id: string }>(
      'select user_id from user_roles where tenant_id = $1 and role_id = $2 order by user_id',
      [tenantId, roleId],
    );
    return rows.map((r) => r.user_id);
  },
  /** Gives every one of the users every one of the roles (those they hold already stay as they are). */
  async assign(db: Queryable, tenantId: string, userIds: string[], roleIds: string[]): Promise<void> {
    if (userIds.length === 0 || roleIds.length === 0) return;
    await db.query(
      `insert into user_roles (tenant_id, user_id, role_id)
       select $1, u.id, r.id from unnest($2::uuid[]) as u(id), unnest($3::uuid[]) as r(id)
       on conflict (user_id, role_id) do nothing`,
      [tenantId, userIds, roleIds],
    );
  },
  async unassign(db: Queryable, tenantId: string, userIds: string[], roleIds: string[]): Promise<void> {
    if (userIds.length === 0 || roleIds.length === 0) return;
    await db.query(
      'delete from user_roles where tenant_id = $1 and user_id = any($2::uuid[]) and role_id = any($3::uuid[])',
      [tenantId, userIds, roleIds],
    );
  },
  /**
   * Per permission of the role (in the role's order), how many of its members would lose it if the
   * role went: those who hold it neither directly nor through another role. One statement.
   */
  async deletionLosses(
    db: Queryable,
    tenantId: string,
    roleId: string,
  ): Promise<{ permission: string; users: number }[]> {
    return db.query(
      `select p.key as permission,
              (select count(*)::int
                 from user_roles ur join users u on u.id = ur.user_id and u.tenant_id = ur.tenant_id
                where ur.tenant_id = $1 and ur.role_id = r.id
                  and coalesce(u.permissions -> p.key = 'true'::jsonb, false) = false
                  and not exists (select 1 from user_roles o join roles orl on orl.id = o.role_id
                                   where o.user_id = ur.user_id and o.role_id <> r.id
                                     and p.key = any(orl.permissions))) as users
         from roles r, unnest(r.permissions) with ordinality as p(key, position)
        where r.tenant_id = $1 and r.id = $2
        order by p.position`,
      [tenantId, roleId],
    );
  },
};
