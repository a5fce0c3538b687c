import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { User, UserList } from '@team-access/contract';
import { userQueries } from '@/domain/users/queries.ts';
import { matrixQueries } from './queries.ts';

type MatrixData = InfiniteData<UserList, string | undefined>;

/** A cell switched on the client: what the optimistic update writes, and what a rollback restores. */
export interface CellChange {
  userId: string;
  key: string;
  grant: boolean;
}

const isMatrixKey = (key: readonly unknown[]) => key[2] === matrixQueries.all()[2];

/** Changes one user wherever the matrix shows them; every other row keeps its identity (no re-render). */
export function updateMatrixUser(queryClient: QueryClient, userId: string, update: (user: User) => User): void {
  queryClient.setQueriesData<MatrixData>({ queryKey: matrixQueries.all() }, (data) => {
    if (!data) return data;
    let changed = false;
    const pages = data.pages.map((page) => {
      const index = page.items.findIndex((user) => user.id === userId);
      if (index === -1) return page;
      changed = true;
      return { ...page, items: page.items.map((user, i) => (i === index ? update(user) : user)) };
    });
    return changed ? { ...data, pages } : data;
  });
}

/** The user as the matrix shows them now (with the newest version any cached view holds). */
export function matrixUser(queryClient: QueryClient, userId: string): User | undefined {
  let found: User | undefined;
  for (const [, data] of queryClient.getQueriesData<MatrixData>({ queryKey: matrixQueries.all() })) {
    for (const page of data?.pages ?? []) {
      const user = page.items.find((u) => u.id === userId);
      if (user && (!found || user.version > found.version)) found = user;
    }
  }
  return found;
}

/** The sources of one key with the direct grant set or taken away; roles that grant it stay. */
function sourcesWith(user: User, key: string, direct: boolean): User['permissionSources'] {
  const { [key]: current = [], ...others } = user.permissionSources;
  const roles = current.filter((source) => source.type === 'role');
  const sources = direct ? [{ type: 'direct' as const }, ...roles] : roles;
  return sources.length ? { ...others, [key]: sources } : others;
}

/**
 * A user with one direct grant switched, as the server will answer if it agrees: a key that a role
 * also grants stays effective (and keeps its role sources) when the direct grant goes.
 */
export function withCell(user: User, { key, grant }: Omit<CellChange, 'userId'>): User {
  const permissionSources = sourcesWith(user, key, grant);
  const effective = user.effectivePermissions.filter((k) => k !== key);
  return {
    ...user,
    permissions: { ...user.permissions, [key]: grant },
    effectivePermissions: permissionSources[key] ? [...effective, key] : effective,
    permissionSources,
  };
}

/** One cell put back as it was before an optimistic change (the rest of the user is left alone). */
export function restoreCell(user: User, before: User, key: string): User {
  const { [key]: _switched, ...permissions } = user.permissions;
  const { [key]: _sources, ...sources } = user.permissionSources;
  const was = before.permissions[key];
  const wasFrom = before.permissionSources[key];
  const effective = user.effectivePermissions.filter((k) => k !== key);
  return {
    ...user,
    permissions: was === undefined ? permissions : { ...permissions, [key]: was },
    effectivePermissions: before.effectivePermissions.includes(key) ? [...effective, key] : effective,
    permissionSources: wasFrom ? { ...sources, [key]: wasFrom } : sources,
  };
}

/**
 * The server's answer for a user: stored in the matrix and the user's detail, with the changes still
 * queued for them laid over it (they were shown already and will land after this one). Other lists
 * (the Users screen) are marked stale; the matrix is not refetched, the answer is the truth.
 */
export function storeMatrixUser(queryClient: QueryClient, user: User, stillPending: readonly CellChange[] = []): void {
  const shown = stillPending.filter((c) => c.userId === user.id).reduce(withCell, user);
  updateMatrixUser(queryClient, user.id, () => shown);
  queryClient.setQueryData(userQueries.detail(user.id).queryKey, user);
  void queryClient.invalidateQueries({ queryKey: userQueries.lists(), predicate: (q) => !isMatrixKey(q.queryKey) });
}
