import { screenQuery } from '@/lib/queries.ts';
import { type RoleMembersQuery, rolesApi } from './roles-api.ts';

/**
 * The roles' query keys. They live outside the features because three screens read them: the
 * Roles screens, the user page (a member's roles) and the users list (the Role filter, bulk change).
 */
export const roleQueries = {
  all: () => ['roles'] as const,
  /** Every role of the tenant (tens, not thousands): one request, no paging. */
  list: () => screenQuery([...roleQueries.all(), 'list'] as const, rolesApi.list),
  details: () => [...roleQueries.all(), 'detail'] as const,
  detail: (roleId: string) =>
    screenQuery([...roleQueries.details(), roleId] as const, (signal) => rolesApi.get(roleId, signal)),
  /** What deleting would take away: always read fresh when the confirm opens. */
  deletionImpact: (roleId: string) =>
    screenQuery(
      [...roleQueries.details(), roleId, 'deletion-impact'] as const,
      (signal) => rolesApi.deletionImpact(roleId, signal),
      { staleTime: 0, gcTime: 0 },
    ),
  membersOf: (roleId: string) => [...roleQueries.details(), roleId, 'members'] as const,
  members: (roleId: string, query: RoleMembersQuery) =>
    screenQuery(
      [...roleQueries.membersOf(roleId), query] as const,
      (signal) => rolesApi.members(roleId, query, signal),
      { keepPrevious: true },
    ),
};
