import { type PermissionCatalog, permissionCategories } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import type { Caller } from '../../kernel/context.ts';
import { permissionRepository } from './repository.ts';

/** The tenant's permission catalog, with only the categories it uses. */
export async function listPermissionCatalog(db: Queryable, caller: Caller): Promise<PermissionCatalog> {
  const items = await permissionRepository.list(db, caller.tenantId);
  const used = new Set(items.map((p) => p.category));
  return { categories: permissionCategories.filter((c) => used.has(c.key)), items };
}
