import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { type RoleMembersQuery, rolesApi } from './roles-api.ts';

/**
 * The roles' query keys. They live outside the features because three screens read them: the
 * Roles screens, the user page (a member's roles) and the users list (the Role filter, bulk change).
 */
export const roleQueries = {
  all: () => ['roles'] as const,
  /** Every role of the tenant (tens, not thousands): one request, no paging. */
  list: () =>
    queryOptions({
      queryKey: [...roleQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => rolesApi.list(signal),
      meta: { silent: true },
    }),
  details: () => [...roleQueries.all(), 'detail'] as const,
  detail: (roleId: string) =>
    queryOptions({
      queryKey: [...roleQueries.details(), roleId] as const,
      queryFn: ({ signal }) => rolesApi.get(roleId, signal),
      meta: { silent: true },
    }),
  /** What deleting would take away: always read fresh when the confirm opens. */
  deletionImpact: (roleId: string) =>
    queryOptions({
      queryKey: [...roleQueries.details(), roleId, 'deletion-impact'] as const,
      queryFn: ({ signal }) => rolesApi.deletionImpact(roleId, signal),
      staleTime: 0,
      gcTime: 0,
      meta: { silent: true },
    }),
  membersOf: (roleId: string) => [...roleQueries.details(), roleId, 'members'] as const,
  members: (roleId: string, query: RoleMembersQuery) =>
    queryOptions({
      queryKey: [...roleQueries.membersOf(roleId), query] as const,
      queryFn: ({ signal }) => rolesApi.members(roleId, query, signal),
      placeholderData: keepPreviousData,
      meta: { silent: true },
    }),
};
