import {
  type AccessLevel,
  LIST_TOTAL_CAP,
  type PermissionSource,
  twoStepRequiredFor,
  type User,
  type UserSort,
  type UserStatus,
} from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import { escapeLike } from '../../db/like.ts';
import { cappedCountWhere, countWhere, estimatedRows, findOneBy, type ListTotal } from '../../db/rows.ts';
import { effectivePermissions, type UserRow } from '../../kernel/context.ts';
import type { Keyset } from '../../kernel/keyset.ts';

export type { RoleGrantRow, UserRow } from '../../kernel/context.ts';
export { effectivePermissions, rolePermissionsOf } from '../../kernel/context.ts';
export type { Keyset } from '../../kernel/keyset.ts';

/**
 * The user columns plus their roles with the roles' permissions, for a `users` row aliased `u`.
 * One correlated subquery per row: the role ids (`groups`) and the union of the roles' permissions
 * are derived from it in JS (`groupsOf`, `rolePermissionsOf`) instead of two more subqueries.
 */
export const USER_SELECT = `u.id, u.tenant_id, u.email, u.password_hash, u.first_name, u.last_name, u.phone, u.status,
  u.role, u.permissions, u.mfa, (select t.two_step_policy from tenants t where t.id = u.tenant_id) as two_step_policy,
  u.must_change_password, u.email_verified_at, u.pending_email, u.last_login_at, u.created_at, u.updated_at, u.version,
  coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name, 'permissions', r.permissions)
                            order by lower(r.name), r.id)
              from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id), '[]'::json) as role_grants`;

/** The ids of the user's roles, in id order. */
export function groupsOf(row: Pick<UserRow, 'role_grants'>): string[] {
  return (row.role_grants ?? []).map((r) => r.id).sort();
}

/** For each effective permission: direct first, then every role that grants it (by role name). */
export function permissionSources(
  row: Pick<UserRow, 'permissions' | 'role_grants'>,
): Record<string, PermissionSource[]> {
  const sources: Record<string, PermissionSource[]> = {};
  for (const [key, on] of Object.entries(row.permissions ?? {})) if (on === true) sources[key] = [{ type: 'direct' }];
  for (const role of row.role_grants ?? []) {
    for (const key of role.permissions) {
      const list = sources[key] ?? [];
      list.push({ type: 'role', roleId: role.id, roleName: role.name });
      sources[key] = list;
    }
  }
  return sources;
}

/** The API's view of a user: never the password hash; effective permissions computed. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    status: row.status,
    role: row.role,
    permissions: row.permissions ?? {},
    effectivePermissions: effectivePermissions(row),
    permissionSources: permissionSources(row),
    groups: groupsOf(row),
    mfa: row.mfa,
    twoStepRequired: twoStepRequiredFor(row.two_step_policy ?? 'off', row.role),
    resetPw: row.must_change_password,
    emailVerified: row.email_verified_at !== null,
    pendingEmail: row.pending_email,
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

export interface NewUser {
  id: string;
  tenantId: string;
  email: string;
  passwordHash: string | null;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  phone?: string | null | undefined;
  role: AccessLevel;
  status: UserStatus;
  permissions: Record<string, boolean>;
  /** The address is proven already (an accepted invitation, the bootstrap owner). */
  emailVerified: boolean;
  resetPw?: boolean;
}

export interface UserChanges {
  email?: string;
  passwordHash?: string;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  role?: AccessLevel;
  status?: UserStatus;
  permissions?: Record<string, boolean>;
  resetPw?: boolean;
  /** A Date proves the address; null marks it unproven. */
  emailVerifiedAt?: Date | null;
  pendingEmail?: string | null;
}

const CHANGE_COLUMNS: Record<keyof UserChanges, string> = {
  email: 'email',
  passwordHash: 'password_hash',
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  role: 'role',
  status: 'status',
  permissions: 'permissions',
  resetPw: 'must_change_password',
  emailVerifiedAt: 'email_verified_at',
  pendingEmail: 'pending_email',
};

const SORT_KEYS: Record<string, { expr: string; type: 'text' | 'timestamptz' }> = {
  email: { expr: 'lower(u.email)', type: 'text' },
  name: { expr: 'u.sort_name', type: 'text' },
  createdAt: { expr: 'u.created_at', type: 'timestamptz' },
  lastLoginAt: { expr: "coalesce(u.last_login_at, '-infinity'::timestamptz)", type: 'timestamptz' },
};

/** The same expression the trigram index is built on (migration 002). */
const SEARCH_EXPR = "lower(u.email || ' ' || coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))";

export interface UserFilter {
  search?: string | undefined;
  /** Exactly this address, case-insensitively (the unique index's own expression). */
  email?: string | undefined;
  role?: AccessLevel | undefined;
  status?: UserStatus | undefined;
  group?: string | undefined;
  /** Members of this organization only. */
  organizationId?: string | undefined;
  /** Whether the current address is proven. */
  emailVerified?: boolean | undefined;
  resetPw?: boolean | undefined;
  /** Whether any two-step factor is enrolled. */
  mfa?: boolean | undefined;
}

/** A role's holders or an organization's members in tenant `$1`, `$G` being the role or organization. */
const MEMBERS = {
  group: { from: 'user_roles ur', user: 'ur.user_id', where: 'ur.role_id = $G and ur.tenant_id = $1' },
  organizationId: {
    from: 'organization_members om',
    user: 'om.user_id',
    where: 'om.organization_id = $G and om.tenant_id = $1',
  },
} as const;

/** `u.id in (the members)`, with `$G` as parameter `n`. */
function membersOf(kind: keyof typeof MEMBERS, n: number): string {
  const m = MEMBERS[kind];
  return `u.id in (select ${m.user} from ${m.from} where ${m.where.replace('$G', `$${n}`)})`;
}

/**
 * The count of a list filtered by one role or one organization and nothing else: its members,
 * read from the membership index alone (every membership row is of a user of its tenant), so a
 * role held by 50,000 users costs 10,001 index entries, not 10,001 visits to `users`. Undefined
 * when another filter applies.
 */
function membersOnly(
  tenantId: string,
  filter: UserFilter,
): { from: string; where: string[]; params: unknown[] } | undefined {
  const { group, organizationId, ...others } = filter;
  if ((group === undefined) === (organizationId === undefined)) return undefined;
  if (Object.values(others).some((value) => value !== undefined)) return undefined;
  const m = MEMBERS[group !== undefined ? 'group' : 'organizationId'];
  return { from: m.from, where: [m.where.replace('$G', '$2')], params: [tenantId, group ?? organizationId] };
}

function filterSql(tenantId: string, filter: UserFilter): { where: string[]; params: unknown[] } {
  const params: unknown[] = [tenantId];
  const where = ['u.tenant_id = $1'];
  if (filter.search) {
    params.push(`%${escapeLike(filter.search.toLowerCase())}%`);
    where.push(`${SEARCH_EXPR} like $${params.length}`);
  }
  if (filter.email) {
    params.push(filter.email);
    where.push(`lower(u.email) = lower($${params.length})`);
  }
  if (filter.role) {
    params.push(filter.role);
    where.push(`u.role = $${params.length}`);
  }
  if (filter.status) {
    params.push(filter.status);
    where.push(`u.status = $${params.length}`);
  }
  // Members of a role or an organization: the membership index (migration 016) gives them, in
  // the tenant, without the rows; the planner then walks either the members or the sort order.
  if (filter.group) {
    params.push(filter.group);
    where.push(membersOf('group', params.length));
  }
  if (filter.organizationId) {
    params.push(filter.organizationId);
    where.push(membersOf('organizationId', params.length));
  }
  if (filter.emailVerified !== undefined) {
    where.push(`u.email_verified_at is ${filter.emailVerified ? 'not null' : 'null'}`);
  }
  if (filter.resetPw !== undefined) {
    where.push(`${filter.resetPw ? '' : 'not '}u.must_change_password`);
  }
  if (filter.mfa !== undefined) {
    where.push(`${filter.mfa ? '' : 'not '}u.mfa`);
  }
  return { where, params };
}

/**
 * A page's conditions and order: the filter's, then the keyset after the previous page's last
 * row. `$1` is the tenant; `shift` numbers the keyset's parameters after that many others.
 */
function pageSql(
  tenantId: string,
  filter: UserFilter,
  sort: UserSort,
  after: Keyset | undefined,
  shift = 0,
): { where: string[]; params: unknown[]; order: { by: string; value: string } } {
  const descending = sort.startsWith('-');
  const key = SORT_KEYS[descending ? sort.slice(1) : sort] as (typeof SORT_KEYS)[string];
  const { where, params } = filterSql(tenantId, filter);
  if (after) {
    params.push(after.value, after.id);
    const [v, id] = [params.length - 1 + shift, params.length + shift];
    where.push(`(${key.expr}, u.id) ${descending ? '<' : '>'} ($${v}::${key.type}, $${id}::uuid)`);
  }
  const direction = descending ? 'desc' : 'asc';
  return {
    where,
    params,
    order: { by: `order by ${key.expr} ${direction}, u.id ${direction}`, value: `(${key.expr})::text` },
  };
}

export const userRepository = {
  findById: findOneBy<UserRow>({ columns: USER_SELECT, from: 'users u', alias: 'u', column: 'id' }),
  /** Locks the rows, in id order (so two bulk changes cannot deadlock). */
  async findManyForUpdate(db: Queryable, tenantId: string, ids: string[]): Promise<UserRow[]> {
    return db.query<UserRow>(
      `select ${USER_SELECT} from users u where u.tenant_id = $1 and u.id = any($2::uuid[]) order by u.id for update of u`,
      [tenantId, ids],
    );
  },
  /** The users of these ids, unlocked, in id order (a dry run reads them as `findManyForUpdate` locks them). */
  async findMany(db: Queryable, tenantId: string, ids: string[]): Promise<UserRow[]> {
    return db.query<UserRow>(
      `select ${USER_SELECT} from users u where u.tenant_id = $1 and u.id = any($2::uuid[]) order by u.id`,
      [tenantId, ids],
    );
  },
  async findByEmail(db: Queryable, tenantId: string, email: string): Promise<UserRow | undefined> {
    const rows = await db.query<UserRow>(
      `select ${USER_SELECT} from users u where u.tenant_id = $1 and lower(u.email) = lower($2)`,
      [tenantId, email],
    );
    return rows[0];
  },
  async countByRole(db: Queryable, tenantId: string, role: AccessLevel): Promise<number> {
    const rows = await db.query<{ n: number }>(
      'select count(*)::int as n from users where tenant_id = $1 and role = $2',
      [tenantId, role],
    );
    return rows[0]?.n ?? 0;
  },
  /** The tenant's active owners, locked until the transaction ends (the last-owner rule). */
  async lockActiveOwners(db: Queryable, tenantId: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `select id from users where tenant_id = $1 and role = 'OWNER' and status = 'active' order by id for update`,
      [tenantId],
    );
    return rows.map((r) => r.id);
  },
  /** `lockActiveOwners`, only when `userId` is an active owner (else nothing is locked). */
  async lockActiveOwnersIfOwner(db: Queryable, tenantId: string, userId: string): Promise<void> {
    await db.query(
      `select o.id from users o
        where o.tenant_id = $1 and o.role = 'OWNER' and o.status = 'active'
          and exists (select 1 from users t where t.tenant_id = $1 and t.id = $2 and t.role = 'OWNER' and t.status = 'active')
        order by o.id for update of o`,
      [tenantId, userId],
    );
  },
  async insert(db: Queryable, u: NewUser): Promise<void> {
    await db.query(
      `insert into users (id, tenant_id, email, password_hash, first_name, last_name, phone, role, status, permissions,
                          email_verified_at, must_change_password)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, case when $11::boolean then now() end, $12)`,
      [
        u.id,
        u.tenantId,
        u.email,
        u.passwordHash,
        u.firstName ?? null,
        u.lastName ?? null,
        u.phone ?? null,
        u.role,
        u.status,
        JSON.stringify(u.permissions),
        u.emailVerified,
        u.resetPw ?? false,
      ],
    );
  },
  /** Applies the changes and bumps the version. */
  async update(db: Queryable, tenantId: string, id: string, changes: UserChanges): Promise<void> {
    const params: unknown[] = [tenantId, id];
    const sets = ['updated_at = now()', 'version = version + 1'];
    for (const [field, column] of Object.entries(CHANGE_COLUMNS) as [keyof UserChanges, string][]) {
      const value = changes[field];
      if (value === undefined) continue;
      params.push(field === 'permissions' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}`);
    }
    await db.query(`update users set ${sets.join(', ')} where tenant_id = $1 and id = $2`, params);
  },
  /** A change made elsewhere (the user's roles) still moves the version, so a stale tab gets its 412. */
  async bumpVersions(db: Queryable, tenantId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await db.query(
      'update users set version = version + 1, updated_at = now() where tenant_id = $1 and id = any($2::uuid[])',
      [tenantId, ids],
    );
  },
  async setRoles(db: Queryable, tenantId: string, userId: string, roleIds: string[]): Promise<void> {
    await db.query('delete from user_roles where tenant_id = $1 and user_id = $2', [tenantId, userId]);
    if (roleIds.length === 0) return;
    await db.query(`insert into user_roles (tenant_id, user_id, role_id) select $1, $2, unnest($3::uuid[])`, [
      tenantId,
      userId,
      roleIds,
    ]);
  },
  async delete(db: Queryable, tenantId: string, id: string): Promise<void> {
    await db.query('delete from users where tenant_id = $1 and id = $2', [tenantId, id]);
  },
  async recordLogin(db: Queryable, tenantId: string, id: string): Promise<void> {
    await db.query('update users set last_login_at = now() where tenant_id = $1 and id = $2', [tenantId, id]);
  },
  /**
   * One page in (sort key, id) order after `after`, plus one row to know whether there is more,
   * each with its sort key as text for the next cursor. No OFFSET: every page costs the same.
   */
  async page(
    db: Queryable,
    tenantId: string,
    filter: UserFilter,
    sort: UserSort,
    limit: number,
    after: Keyset | undefined,
  ): Promise<(UserRow & { sort_value: string })[]> {
    const { where, params, order } = pageSql(tenantId, filter, sort, after);
    params.push(limit + 1);
    return db.query(
      `select ${USER_SELECT}, ${order.value} as sort_value from users u
        where ${where.join(' and ')} ${order.by} limit $${params.length}`,
      params,
    );
  },
  /**
   * Every user the filter matches, in id order; `forUpdate` locks them (in id order, as
   * `findManyForUpdate`, so bulk changes cannot deadlock). `limit`: at most that many.
   */
  async matching(
    db: Queryable,
    tenantId: string,
    filter: UserFilter,
    options: { forUpdate?: boolean; limit?: number } = {},
  ): Promise<UserRow[]> {
    const { where, params } = filterSql(tenantId, filter);
    let limit = '';
    if (options.limit !== undefined) {
      params.push(options.limit);
      limit = ` limit $${params.length}`;
    }
    return db.query<UserRow>(
      `select ${USER_SELECT} from users u where ${where.join(' and ')} order by u.id${limit}${options.forUpdate ? ' for update of u' : ''}`,
      params,
    );
  },
  /** The id and email of every user the filter matches, in id order (a job's members). */
  async matchingEmails(db: Queryable, tenantId: string, filter: UserFilter): Promise<{ id: string; email: string }[]> {
    const { where, params } = filterSql(tenantId, filter);
    return db.query(`select u.id, u.email from users u where ${where.join(' and ')} order by u.id`, params);
  },
  /**
   * A search's page and its capped total from one scan of its matches (ADR 038): at most
   * `LIST_TOTAL_CAP + 1` matches are found (the trigram index's work, done once where a page and
   * a count did it twice), counted, and, when they are all of them, the page is sorted out of
   * them. `rows` is undefined past the cap: those matches are not all, and the page must come
   * from the sort order (`page`).
   */
  async pageWithinCap(
    db: Queryable,
    tenantId: string,
    filter: UserFilter,
    sort: UserSort,
    limit: number,
    after: Keyset | undefined,
  ): Promise<{ matches: number; rows: (UserRow & { sort_value: string })[] | undefined }> {
    const matching = filterSql(tenantId, filter);
    // The page's own parameters ($1, the tenant, is shared) come after the filter's.
    const { where, params, order } = pageSql(tenantId, {}, sort, after, matching.params.length - 1);
    where.push('u.id in (select id from matching)');
    const all = [...matching.params, ...params.slice(1), limit + 1];
    const rows = await db.query<UserRow & { sort_value: string | null; matches: number }>(
      `with matching as materialized (
         select u.id from users u where ${matching.where.join(' and ')} limit ${LIST_TOTAL_CAP + 1}
       )
       select (select count(*)::int from matching) as matches, page.*
         from (select 1) one
         left join lateral (
           select ${USER_SELECT}, ${order.value} as sort_value from users u
            where ${where.join(' and ')} ${order.by} limit $${all.length}
         ) page on true`,
      all,
    );
    const matches = rows[0]?.matches ?? 0;
    if (matches > LIST_TOTAL_CAP) return { matches, rows: undefined };
    const found = rows.filter((r) => r.id !== null) as (UserRow & { sort_value: string; matches?: number })[];
    return { matches, rows: found.map(({ matches: _matches, ...row }) => row as UserRow & { sort_value: string }) };
  },
  /** The planner's estimate of the users that match (EXPLAIN: nothing runs). */
  estimate(db: Queryable, tenantId: string, filter: UserFilter): Promise<number> {
    const { where, params } = filterSql(tenantId, filter);
    return estimatedRows(db, `select 1 from users u where ${where.join(' and ')}`, params);
  },
  count(db: Queryable, tenantId: string, filter: UserFilter): Promise<number> {
    return countWhere(db, 'users u', filterSql(tenantId, filter));
  },
  /** For each of the users, their organizations' names and their org role in each, by name: one query. */
  async organizationsOf(
    db: Queryable,
    tenantId: string,
    userIds: readonly string[],
  ): Promise<Map<string, { name: string; orgRole: string }[]>> {
    const rows = await db.query<{ user_id: string; name: string; org_role: string }>(
      `select m.user_id, o.name, m.org_role
         from organization_members m join organizations o on o.id = m.organization_id and o.tenant_id = m.tenant_id
        where m.tenant_id = $1 and m.user_id = any($2::uuid[])
        order by lower(o.name), o.id`,
      [tenantId, userIds],
    );
    const byUser = new Map<string, { name: string; orgRole: string }[]>();
    for (const r of rows)
      byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), { name: r.name, orgRole: r.org_role }]);
    return byUser;
  },
  /** The list's `total`: exact up to 10,000 matches, an estimate beyond (ADR 033). */
  listTotal(db: Queryable, tenantId: string, filter: UserFilter): Promise<ListTotal> {
    const members = membersOnly(tenantId, filter);
    return members
      ? cappedCountWhere(db, members.from, members)
      : cappedCountWhere(db, 'users u', filterSql(tenantId, filter));
  },
};
