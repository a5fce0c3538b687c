import { defaultPermissionCatalog, type Permission } from '@team-access/contract';
import type { Preload, Queryable } from '../../db/client.ts';

/** The tenant's catalog in its order, as `list` answers it. */
const CATALOG_ORDER = 'order by position, key';

/**
 * `list` as a read folded into the authentication statement (ADR 038): the catalog of `t.id` as
 * a JSON array of `list`'s rows.
 */
export const permissionCatalogPreload: Preload = {
  name: 'permission_catalog',
  sql: `select coalesce(json_agg(json_build_object('key', p.key, 'label', p.label, 'category', p.category,
                                                  'description', p.description) ${CATALOG_ORDER}), '[]'::json)
          from permissions p where p.tenant_id = t.id`,
};

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
      `select key, label, category, description from permissions where tenant_id = $1 ${CATALOG_ORDER}`,
      [tenantId],
    );
  },
  async keys(db: Queryable, tenantId: string): Promise<Set<string>> {
    const rows = await db.query<{ key: string }>('select key from permissions where tenant_id = $1', [tenantId]);
    return new Set(rows.map((r) => r.key));
  },
};
