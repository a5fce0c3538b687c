import {
  type AccessLevel,
  ADMINISTERING_ORG_ROLES,
  type OrganizationMember,
  type OrgRole,
  type UserOrganizationList,
  type UserStatus,
} from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import { escapeLike } from '../../db/like.ts';
import { cappedCountWhere, firstRow, type ListTotal } from '../../db/rows.ts';
import type { Keyset } from '../../kernel/keyset.ts';

/** Who belongs to which organization, with which org role. */

export interface MemberRow {
  user_id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  status: UserStatus;
  role: AccessLevel;
  org_role: OrgRole;
  joined_at: Date;
}

const MEMBER_SELECT = `u.id as user_id, u.email, u.first_name, u.last_name, u.status, u.role, m.org_role,
  m.created_at as joined_at`;

/** The roles that administer an organization (delegated administration), as the shared rules say. */
export const ADMINISTERING_ROLES: readonly OrgRole[] = [...ADMINISTERING_ORG_ROLES];

export function toMember(row: MemberRow): OrganizationMember {
  return {
    userId: row.user_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    status: row.status,
    role: row.role,
    orgRole: row.org_role,
    joinedAt: row.joined_at.toISOString(),
  };
}

export interface MemberFilter {
  search?: string | undefined;
  orgRole?: OrgRole | undefined;
}

function memberFilterSql(tenantId: string, organizationId: string, filter: MemberFilter) {
  const params: unknown[] = [tenantId, organizationId];
  const where = ['m.tenant_id = $1', 'm.organization_id = $2'];
  if (filter.search) {
    params.push(`%${escapeLike(filter.search.toLowerCase())}%`);
    // The users list's search expression (migration 002 indexes it).
    where.push(
      `lower(u.email || ' ' || coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')) like $${params.length}`,
    );
  }
  if (filter.orgRole) {
    params.push(filter.orgRole);
    where.push(`m.org_role = $${params.length}`);
  }
  return { where, params };
}

export const membershipRepository = {
  /** The user's org role in the organization, if they are a member. */
  async orgRoleOf(
    db: Queryable,
    tenantId: string,
    organizationId: string,
    userId: string,
  ): Promise<OrgRole | undefined> {
    const rows = await db.query<{ org_role: OrgRole }>(
      'select org_role from organization_members where tenant_id = $1 and organization_id = $2 and user_id = $3',
      [tenantId, organizationId, userId],
    );
    return rows[0]?.org_role;
  },
  async findMember(
    db: Queryable,
    tenantId: string,
    organizationId: string,
    userId: string,
  ): Promise<MemberRow | undefined> {
    return firstRow<MemberRow>(
      db,
      `select ${MEMBER_SELECT} from organization_members m join users u on u.id = m.user_id and u.tenant_id = m.tenant_id
        where m.tenant_id = $1 and m.organization_id = $2 and m.user_id = $3`,
      [tenantId, organizationId, userId],
    );
  },
  async membershipsOf(
    db: Queryable,
    tenantId: string,
    organizationId: string,
  ): Promise<{ userId: string; orgRole: OrgRole }[]> {
    return db.query(
      `select user_id as "userId", org_role as "orgRole" from organization_members
        where tenant_id = $1 and organization_id = $2 order by user_id`,
      [tenantId, organizationId],
    );
  },
  /** Adds the membership unless the user is one already (answers false then, without an error). */
  async insertMember(
    db: Queryable,
    m: { tenantId: string; organizationId: string; userId: string; orgRole: OrgRole },
  ): Promise<boolean> {
    const rows = await db.query(
      `insert into organization_members (tenant_id, organization_id, user_id, org_role) values ($1, $2, $3, $4)
       on conflict (organization_id, user_id) do nothing returning user_id`,
      [m.tenantId, m.organizationId, m.userId, m.orgRole],
    );
    return rows.length === 1;
  },
  async updateMemberRole(
    db: Queryable,
    tenantId: string,
    organizationId: string,
    userId: string,
    orgRole: OrgRole,
  ): Promise<void> {
    await db.query(
      'update organization_members set org_role = $4 where tenant_id = $1 and organization_id = $2 and user_id = $3',
      [tenantId, organizationId, userId, orgRole],
    );
  },
  /**
   * Whether `managerId` is ORG_USER_MANAGER of an organization where `userId` is an ORG_MEMBER
   * (ADR 027: the users such a manager may read and edit, within the shared rules).
   */
  async managesUser(db: Queryable, tenantId: string, managerId: string, userId: string): Promise<boolean> {
    const rows = await db.query<{ managed: boolean }>(
      `select exists (select 1 from organization_members mgr
                        join organization_members m on m.organization_id = mgr.organization_id
                       where mgr.tenant_id = $1 and mgr.user_id = $2 and mgr.org_role = 'ORG_USER_MANAGER'
                         and m.tenant_id = $1 and m.user_id = $3 and m.org_role = 'ORG_MEMBER') as managed`,
      [tenantId, managerId, userId],
    );
    return rows[0]?.managed === true;
  },
  async deleteMember(db: Queryable, tenantId: string, organizationId: string, userId: string): Promise<void> {
    await db.query('delete from organization_members where tenant_id = $1 and organization_id = $2 and user_id = $3', [
      tenantId,
      organizationId,
      userId,
    ]);
  },
  /** The organization's ORG_OWNERs, their membership rows locked until the transaction ends. */
  async lockOwners(db: Queryable, tenantId: string, organizationId: string): Promise<string[]> {
    const rows = await db.query<{ user_id: string }>(
      `select user_id from organization_members
        where tenant_id = $1 and organization_id = $2 and org_role = 'ORG_OWNER'
        order by user_id for update`,
      [tenantId, organizationId],
    );
    return rows.map((r) => r.user_id);
  },
  /**
   * Every organization the user belongs to, locked (in id order, as member changes lock them
   * first), with the user's org role and whether they are its only ORG_OWNER. Deleting the user
   * takes these locks, so no org role can change under it; the owners are counted afterwards, in
   * a statement that sees every change committed meanwhile.
   */
  async lockMembershipsOf(
    db: Queryable,
    tenantId: string,
    userId: string,
  ): Promise<{ id: string; name: string; orgRole: OrgRole; soleOwner: boolean }[]> {
    const orgs = await db.query<{ id: string; name: string }>(
      `select o.id, o.name from organizations o
        where o.tenant_id = $1
          and exists (select 1 from organization_members m where m.organization_id = o.id and m.user_id = $2)
        order by o.id for update of o`,
      [tenantId, userId],
    );
    if (orgs.length === 0) return [];
    const roles = await db.query<{ organization_id: string; org_role: OrgRole; other_owners: number }>(
      `select m.organization_id, m.org_role,
              (select count(*)::int from organization_members o
                where o.organization_id = m.organization_id and o.user_id <> m.user_id and o.org_role = 'ORG_OWNER')
                as other_owners
         from organization_members m
        where m.tenant_id = $1 and m.user_id = $2 and m.organization_id = any($3::uuid[])`,
      [tenantId, userId, orgs.map((o) => o.id)],
    );
    const byOrg = new Map(roles.map((r) => [r.organization_id, r]));
    return orgs.flatMap((o) => {
      const membership = byOrg.get(o.id);
      if (!membership) return [];
      return [
        {
          id: o.id,
          name: o.name,
          orgRole: membership.org_role,
          soleOwner: membership.org_role === 'ORG_OWNER' && membership.other_owners === 0,
        },
      ];
    });
  },
  /** One page of members by (lower(email), user id) after `after`, plus one row. */
  async pageMembers(
    db: Queryable,
    tenantId: string,
    organizationId: string,
    filter: MemberFilter,
    limit: number,
    after: Keyset | undefined,
  ): Promise<(MemberRow & { sort_value: string })[]> {
    const { where, params } = memberFilterSql(tenantId, organizationId, filter);
    if (after) {
      params.push(after.value, after.id);
      where.push(`(lower(u.email), u.id) > ($${params.length - 1}::text, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    return db.query(
      `select ${MEMBER_SELECT}, lower(u.email) as sort_value
         from organization_members m join users u on u.id = m.user_id and u.tenant_id = m.tenant_id
        where ${where.join(' and ')}
        order by lower(u.email), u.id
        limit $${params.length}`,
      params,
    );
  },
  countMembers(db: Queryable, tenantId: string, organizationId: string, filter: MemberFilter): Promise<ListTotal> {
    return cappedCountWhere(
      db,
      'organization_members m join users u on u.id = m.user_id and u.tenant_id = m.tenant_id',
      memberFilterSql(tenantId, organizationId, filter),
    );
  },
  /** The user's organizations by name, with their org role in each. */
  async forUser(db: Queryable, tenantId: string, userId: string): Promise<UserOrganizationList['items']> {
    const rows = await db.query<{ id: string; name: string; slug: string; org_role: OrgRole }>(
      `select o.id, o.name, o.slug, m.org_role
         from organization_members m join organizations o on o.id = m.organization_id and o.tenant_id = m.tenant_id
        where m.tenant_id = $1 and m.user_id = $2
        order by lower(o.name), o.id`,
      [tenantId, userId],
    );
    return rows.map((r) => ({ organization: { id: r.id, name: r.name, slug: r.slug }, orgRole: r.org_role }));
  },
};
