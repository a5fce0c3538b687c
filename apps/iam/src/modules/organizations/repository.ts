import type { Organization } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import { escapeLike } from '../../db/like.ts';
import { cappedCountWhere, findOneBy, type ListTotal } from '../../db/rows.ts';
import type { Keyset } from '../../kernel/keyset.ts';
import { ADMINISTERING_ROLES, membershipRepository } from './membership-repository.ts';

export interface OrganizationRow {
  id: string;
  tenant_id: string;
  name: string;
  slug: string;
  description: string | null;
  member_count: number;
  owner_count: number;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const ORGANIZATION_SELECT = `o.id, o.tenant_id, o.name, o.slug, o.description, o.created_at, o.updated_at, o.version,
  (select count(*)::int from organization_members m where m.organization_id = o.id) as member_count,
  (select count(*)::int from organization_members m where m.organization_id = o.id and m.org_role = 'ORG_OWNER') as owner_count`;

export function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    memberCount: row.member_count,
    ownerCount: row.owner_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

export interface OrganizationFilter {
  search?: string | undefined;
  /** Only the organizations this user administers (a tenant MEMBER's view). */
  administeredBy?: string | undefined;
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

export const organizationRepository = {
  findById: findOneBy<OrganizationRow>({
    columns: ORGANIZATION_SELECT,
    from: 'organizations o',
    alias: 'o',
    column: 'id',
  }),
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
  count(db: Queryable, tenantId: string, filter: OrganizationFilter): Promise<ListTotal> {
    return cappedCountWhere(db, 'organizations o', organizationFilterSql(tenantId, filter));
  },

  // The memberships' queries (membership-repository.ts), under the same name for every caller.
  ...membershipRepository,
};
