import type { OrgRole } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';

/** What a bulk plan reads about organizations, set-based (one query whatever the selection's size). */
export const bulkRepository = {
  /** The org role in this organization of each of the users who are its members. */
  async orgRolesIn(
    db: Queryable,
    tenantId: string,
    organizationId: string,
    userIds: readonly string[],
  ): Promise<Map<string, OrgRole>> {
    const rows = await db.query<{ user_id: string; org_role: OrgRole }>(
      `select user_id, org_role from organization_members
        where tenant_id = $1 and organization_id = $2 and user_id = any($3::uuid[])`,
      [tenantId, organizationId, userIds],
    );
    return new Map(rows.map((r) => [r.user_id, r.org_role]));
  },
  /**
   * The organizations where any of the users is an ORG_OWNER: for each, its name, how many
   * ORG_OWNERs it has in all, and which of the users are among them.
   */
  async ownedOrganizations(
    db: Queryable,
    tenantId: string,
    userIds: readonly string[],
  ): Promise<{ id: string; name: string; owners: number; userIds: string[] }[]> {
    const rows = await db.query<{ id: string; name: string; owners: number; user_ids: string[] }>(
      `select o.id, o.name,
              (select count(*)::int from organization_members a
                where a.tenant_id = o.tenant_id and a.organization_id = o.id and a.org_role = 'ORG_OWNER') as owners,
              array_agg(m.user_id::text order by m.user_id) as user_ids
         from organization_members m
         join organizations o on o.tenant_id = m.tenant_id and o.id = m.organization_id
        where m.tenant_id = $1 and m.user_id = any($2::uuid[]) and m.org_role = 'ORG_OWNER'
        group by o.id, o.name, o.tenant_id
        order by o.id`,
      [tenantId, userIds],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, owners: r.owners, userIds: r.user_ids }));
  },
  /** How many ORG_OWNERs the organization has. */
  async orgOwnerCount(db: Queryable, tenantId: string, organizationId: string): Promise<number> {
    const rows = await db.query<{ n: number }>(
      `select count(*)::int as n from organization_members
        where tenant_id = $1 and organization_id = $2 and org_role = 'ORG_OWNER'`,
      [tenantId, organizationId],
    );
    return rows[0]?.n ?? 0;
  },
  /** The tenant's active owners. */
  async activeOwners(db: Queryable, tenantId: string): Promise<string[]> {
    const rows = await db.query<{ id: string }>(
      `select id from users where tenant_id = $1 and role = 'OWNER' and status = 'active'`,
      [tenantId],
    );
    return rows.map((r) => r.id);
  },
};
