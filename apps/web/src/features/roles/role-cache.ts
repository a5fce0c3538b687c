import type { QueryClient } from '@tanstack/react-query';
import type { Role } from '@team-access/contract';
import { roleQueries } from '@/domain/roles/queries.ts';

/**
 * A role lives in two caches: its detail (the role page) and its row in the list (the Roles screen,
 * its "Permissions by role" grid, the users list's Role filter). A toggle keeps both showing the
 * same thing, so neither view needs a request per role to catch up with the other.
 */

const listKey = () => roleQueries.list().queryKey;
const detailKey = (roleId: string) => roleQueries.detail(roleId).queryKey;

/** The role as this browser last heard of it: the detail or the list's row, the newer (versions only grow). */
export function knownRole(queryClient: QueryClient, roleId: string): Role | undefined {
  const detail = queryClient.getQueryData(detailKey(roleId));
  const listed = queryClient.getQueryData(listKey())?.items.find((role) => role.id === roleId);
  if (!detail || !listed) return detail ?? listed;
  return listed.version > detail.version ? listed : detail;
}

function updateListed(queryClient: QueryClient, roleId: string, update: (role: Role) => Role): void {
  queryClient.setQueryData(listKey(), (list) =>
    list?.items.some((role) => role.id === roleId)
      ? { ...list, items: list.items.map((role) => (role.id === roleId ? update(role) : role)) }
      : list,
  );
}

/** Shows a change of one role wherever it is cached; a cache that does not hold it stays as it is. */
export function updateRole(queryClient: QueryClient, roleId: string, update: (role: Role) => Role): void {
  queryClient.setQueryData(detailKey(roleId), (role) => (role ? update(role) : role));
  updateListed(queryClient, roleId, update);
}

/** The server's answer for a role: its detail (kept for the next write's version) and its row in the list. */
export function putRole(queryClient: QueryClient, role: Role): void {
  queryClient.setQueryData(detailKey(role.id), role);
  updateListed(queryClient, role.id, () => role);
}

/** Stops reads of the role in flight, so an older answer cannot land over a toggle just shown. */
export async function cancelRoleReads(queryClient: QueryClient, roleId: string): Promise<void> {
  await Promise.all([
    queryClient.cancelQueries({ queryKey: detailKey(roleId), exact: true }),
    queryClient.cancelQueries({ queryKey: listKey(), exact: true }),
  ]);
}
