import type {
  AccessLevel,
  Organization,
  OrganizationMember,
  OrgRole,
  UserOrganizationList,
  UserStatus,
} from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import { escapeLike } from '../../db/like.ts';

export interface OrganizationRow {
  id: string;
  tenant_id: string;
  name: string;
  slug: string;
  description: string | null;
  member_count: number;
  created_at: Date;
  updated_at: Date;
  version: number;
}

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

const ORGANIZATION_SELECT = `o.id, o.tenant_id, o.name, o.slug, o.description, o.created_at, o.updated_at, o.version,
  (select count(*)::int from organization_members m where m.organization_id = o.id) as member_count`;

const MEMBER_SELECT = `u.id as user_id, u.email, u.first_name, u.last_name, u.status, u.role, m.org_role,
  m.created_at as joined_at`;

/** The roles that administer an organization (delegated administration). */
export const ADMINISTERING_ROLES: readonly OrgRole[] = ['ORG_OWNER', 'ORG_ADMIN'];

export function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    memberCount: row.member_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

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

/** Where a page starts: after (value, id) in the list's order. */
export interface Keyset {
  value: string;
  id: string;
}

export interface OrganizationFilter {
  search?: string | undefined;
  /** Only the organizations this user administers (a tenant MEMBER's view). */
  administeredBy?: string | undefined;
}

export interface MemberFilter {
  search?: string | undefined;
  orgRole?: OrgRole | undefined;
}

export interface OrganizationChanges {
  name?: string | undefined;
  slug?: string | undefined;
  description?: string | null | undefined;
}

function organizationFilterSql(tenantId: string, filter: OrganizationFilter) {
  const params: unknown[] = [tenantId];
  const where = ['o.tenant_id = $1'];
  if (filter.search) {
    params.push(`%${escapeLike(filter.search.toLowerCase())}%`);
    where.push(`(lower(o.name) like $${params.length} or o.slug like $${params.length})`);
  }
  if (filter.administeredBy) {
    params.push(filter.administeredBy, ADMINISTERING_ROLES);
    where.push(
      `exists (select 1 from organization_members a where a.organization_id = o.id
                 and a.user_id = $${params.length - 1} and a.org_role = any($${params.length}::text[]))`,
    );
  }
  return { where, params };
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

export const organizationRepository = {
  async findById(
    db: Queryable,
    tenantId: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<OrganizationRow | undefined> {
    const rows = await db.query<OrganizationRow>(
      `select ${ORGANIZATION_SELECT} from organizations o where o.tenant_id = $1 and o.id = $2${
        options.forUpdate ? ' for update of o' : ''
      }`,
      [tenantId, id],
    );
    return rows[0];
  },
  /** The slugs in use that start with `prefix`, for picking the next free derived one. */
  async slugsStartingWith(db: Queryable, tenantId: string, prefix: string): Promise<Set<string>> {
    const rows = await db.query<{ slug: string }>(
      `select slug from organizations where tenant_id = $1 and slug like $2`,
      [tenantId, `${escapeLike(prefix)}%`],
    );
    return new Set(rows.map((r) => r.slug));
  },
  async slugTaken(db: Queryable, tenantId: string, slug: string, exceptId?: string): Promise<boolean> {
    const rows = await db.query(
      'select 1 from organizations where tenant_id = $1 and slug = $2 and id is distinct from $3::uuid',
      [tenantId, slug, exceptId ?? null],
    );
    return rows.length > 0;
  },
  /**
   * Inserts unless the slug is taken: answers false then, without an error, so the transaction
   * stays usable and the caller can try the next slug.
   */
  async insert(
    db: Queryable,
    o: { id: string; tenantId: string; name: string; slug: string; description: string | null },
  ): Promise<boolean> {
    const rows = await db.query(
      `insert into organizations (id, tenant_id, name, slug, description) values ($1, $2, $3, $4, $5)
       on conflict (tenant_id, slug) do nothing returning id`,
      [o.id, o.tenantId, o.name, o.slug, o.description],
    );
    return rows.length === 1;
  },
  /** Applies the changes and bumps the version. */
  async update(db: Queryable, tenantId: string, id: string, changes: OrganizationChanges): Promise<void> {
    const params: unknown[] = [tenantId, id];
    const sets = ['updated_at = now()', 'version = version + 1'];
    for (const column of ['name', 'slug', 'description'] as const) {
      if (changes[column] === undefined) continue;
      params.push(changes[column]);
      sets.push(`${column} = $${params.length}`);
    }
    await db.query(`update organizations set ${sets.join(', ')} where tenant_id = $1 and id = $2`, params);
  },
  async delete(db: Queryable, tenantId: string, id: string): Promise<void> {
    await db.query('delete from organizations where tenant_id = $1 and id = $2', [tenantId, id]);
  },
  /** One page by (lower(name), id) after `after`, plus one row to know whether there is more. */
  async page(
    db: Queryable,
    tenantId: string,
    filter: OrganizationFilter,
    limit: number,
    after: Keyset | undefined,
  ): Promise<(OrganizationRow & { sort_value: string })[]> {
    const { where, params } = organizationFilterSql(tenantId, filter);
    if (after) {
      params.push(after.value, after.id);
      where.push(`(lower(o.name), o.id) > ($${params.length - 1}::text, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    return db.query(
      `select ${ORGANIZATION_SELECT}, lower(o.name) as sort_value from organizations o
        where ${where.join(' and ')}
        order by lower(o.name), o.id
        limit $${params.length}`,
      params,
    );
  },
  async count(db: Queryable, tenantId: string, filter: OrganizationFilter): Promise<number> {
    const { where, params } = organizationFilterSql(tenantId, filter);
    const rows = await db.query<{ n: number }>(
      `select count(*)::int as n from organizations o where ${where.join(' and ')}`,
      params,
    );
    return rows[0]?.n ?? 0;
  },

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
    const rows = await db.query<MemberRow>(
      `select ${MEMBER_SELECT} from organization_members m join users u on u.id = m.user_id and u.tenant_id = m.tenant_id
        where m.tenant_id = $1 and m.organization_id = $2 and m.user_id = $3`,
      [tenantId, organizationId, userId],
    );
    return rows[0];
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
  async countMembers(db: Queryable, tenantId: string, organizationId: string, filter: MemberFilter): Promise<number> {
    const { where, params } = memberFilterSql(tenantId, organizationId, filter);
    const rows = await db.query<{ n: number }>(
      `select count(*)::int as n
         from organization_members m join users u on u.id = m.user_id and u.tenant_id = m.tenant_id
        where ${where.join(' and ')}`,
      params,
    );
    return rows[0]?.n ?? 0;
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
