import { defaultPermissionCatalog, type Permission } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';

export const permissionRepository = {
  /** Seeds the default (Conscent) catalog for a tenant; keys it already has are left as they are. */
  async ensureDefaultCatalog(db: Queryable, tenantId: string): Promise<void> {
    await db.query(
      `insert into permissions (tenant_id, key, label, category, description, position)
       select $1, c.key, c.label, c.category, c.description, c.position
         from jsonb_to_recordset($2::jsonb) as c(key text, label text, category text, description text, position int)
       on conflict (tenant_id, key) do nothing`,
      [tenantId, JSON.stringify(defaultPermissionCatalog.map((p, position) => ({ ...p, position })))],
    );
  },
  async list(db: Queryable, tenantId: string): Promise<Permission[]> {
    return db.query<Permission>(
      'select key, label, category, description from permissions where tenant_id = $1 order by position, key',
      [tenantId],
    );
  },
  async keys(db: Queryable, tenantId: string): Promise<Set<string>> {
    const rows = await db.query<{ key: string }>('select key from permissions where tenant_id = $1', [tenantId]);
    return new Set(rows.map((r) => r.key));
  },
};
