import type { OrgRole } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';

/** What an import looks names up in: the tenant's roles and organizations, a member's memberships. */
export const importRepository = {
  async roles(db: Queryable, tenantId: string): Promise<{ id: string; name: string }[]> {
    return db.query(`select id, name from roles where tenant_id = $1`, [tenantId]);
  },

  async organizations(db: Queryable, tenantId: string): Promise<{ id: string; name: string; slug: string }[]> {
    return db.query(`select id, name, slug from organizations where tenant_id = $1 order by created_at, id`, [tenantId]);
  },

  async memberships(db: Queryable, tenantId: string, userId: string): Promise<Map<string, OrgRole>> {
    const rows = await db.query<{ organization_id: string; org_role: OrgRole }>(
      `select organization_id, org_role from organization_members where tenant_id = $1 and user_id = $2`,
      [tenantId, userId],
    );
    return new Map(rows.map((r) => [r.organization_id, r.org_role]));
  },
};
