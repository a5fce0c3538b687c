import type { ListOrganizationMembersQuery } from '@team-access/contract';
import { userOrganizationsQuery } from '@/domain/organizations/user-organizations.ts';
import { listQueries, screenQuery } from '@/lib/queries.ts';
import { organizationsApi } from './organizations-api.ts';

const organizations = listQueries('organizations', organizationsApi.list);
/** Every members query of one organization, whatever its search or page. */
const allMembers = (organizationId: string) => [...organizations.details(), organizationId, 'members'] as const;

export const organizationQueries = {
  ...organizations,
  detail: (id: string) =>
    screenQuery([...organizations.details(), id] as const, (signal) => organizationsApi.get(id, signal)),
  allMembers,
  members: (organizationId: string, params: ListOrganizationMembersQuery) =>
    screenQuery(
      [...allMembers(organizationId), params] as const,
      (signal) => organizationsApi.members(organizationId, params, signal),
      { keepPrevious: true },
    ),
  /** The organizations a user belongs to, with their org role in each. */
  ofUser: userOrganizationsQuery,
  /**
   * The people of a picker search who already belong to the organization: the same search, order
   * and page size filtered to its members, so every member among the search's answers is in this
   * one too (one request per search, not one per person). Under the organization's members key,
   * so adding or removing a member refreshes it.
   */
  membersInSearch: (organizationId: string, search: string) =>
    screenQuery(
      [...allMembers(organizationId), 'user-search', search] as const,
      (signal) => organizationsApi.searchUsers(search, signal, organizationId),
      { keepPrevious: true },
    ),
  /** Team members matching a search, for the add-member picker. */
  userSearch: (search: string) =>
    screenQuery(
      [...organizations.all(), 'user-search', search] as const,
      (signal) => organizationsApi.searchUsers(search, signal),
      { keepPrevious: true, staleTime: 10_000 },
    ),
};
