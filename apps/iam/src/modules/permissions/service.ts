import { type Permission, type PermissionCatalog, permissionCategories } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import type { Caller } from '../../kernel/context.ts';
import { permissionRepository } from './repository.ts';

export { permissionCatalogPreload } from './repository.ts';

/**
 * The tenant's permission catalog, with only the categories it uses. `preloaded`: the catalog
 * already read with the call's authentication (`permissionCatalogPreload`), else it is read here.
 */
export async function listPermissionCatalog(
  db: Queryable,
  caller: Caller,
  preloaded?: unknown,
): Promise<PermissionCatalog> {
  const items = Array.isArray(preloaded)
    ? (preloaded as Permission[])
    : await permissionRepository.list(db, caller.tenantId);
  const used = new Set(items.map((p) => p.category));
  return { categories: permissionCategories.filter((c) => used.has(c.key)), items };
}
