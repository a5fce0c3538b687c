import type { Queryable } from '../../db/client.ts';

export interface RoleGrant {
  id: string;
  name: string;
  permissions: string[];
}

export const roleRepository = {
  /** The tenant's roles among `ids` (others' and unknown ids are simply absent). */
  async findGrants(db: Queryable, tenantId: string, ids: string[]): Promise<RoleGrant[]> {
    if (ids.length === 0) return [];
    return db.query<RoleGrant>(
      'select id, name, permissions from roles where tenant_id = $1 and id = any($2::uuid[])',
      [tenantId, ids],
    );
  },
};
