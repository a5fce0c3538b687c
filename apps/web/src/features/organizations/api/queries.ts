import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ListOrganizationMembersQuery, ListOrganizationsQuery } from '@team-access/contract';
import { organizationsApi } from './organizations-api.ts';

export const organizationQueries = {
  all: () => ['organizations'] as const,
  lists: () => [...organizationQueries.all(), 'list'] as const,
  /** One page of the list; the previous page stays on screen while the next one loads. */
  list: (params: ListOrganizationsQuery) =>
    queryOptions({
      queryKey: [...organizationQueries.lists(), params] as const,
      queryFn: ({ signal }) => organizationsApi.list(params, signal),
      placeholderData: keepPreviousData,
      meta: { silent: true },
    }),
  details: () => [...organizationQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...organizationQueries.details(), id] as const,
      queryFn: ({ signal }) => organizationsApi.get(id, signal),
      meta: { silent: true },
    }),
  /** Every members query of one organization, whatever its search or page. */
  allMembers: (organizationId: string) => [...organizationQueries.details(), organizationId, 'members'] as const,
  members: (organizationId: string, params: ListOrganizationMembersQuery) =>
    queryOptions({
      queryKey: [...organizationQueries.allMembers(organizationId), params] as const,
      queryFn: ({ signal }) => organizationsApi.members(organizationId, params, signal),
      placeholderData: keepPreviousData,
      meta: { silent: true },
    }),
  /** The organizations a user belongs to, with their org role in each. */
  ofUser: (userId: string) =>
    queryOptions({
      queryKey: [...organizationQueries.all(), 'of-user', userId] as const,
      queryFn: ({ signal }) => organizationsApi.userOrganizations(userId, signal),
      meta: { silent: true },
    }),
  /**
   * The people of a picker search who already belong to the organization: the same search, order
   * and page size filtered to its members, so every member among the search's answers is in this
   * one too (one request per search, not one per person). Under the organization's members key,
   * so adding or removing a member refreshes it.
   */
  membersInSearch: (organizationId: string, search: string) =>
    queryOptions({
      queryKey: [...organizationQueries.allMembers(organizationId), 'user-search', search] as const,
      queryFn: ({ signal }) => organizationsApi.searchUsers(search, signal, organizationId),
      placeholderData: keepPreviousData,
      meta: { silent: true },
    }),
  /** Team members matching a search, for the add-member picker. */
  userSearch: (search: string) =>
    queryOptions({
      queryKey: [...organizationQueries.all(), 'user-search', search] as const,
      queryFn: ({ signal }) => organizationsApi.searchUsers(search, signal),
      placeholderData: keepPreviousData,
      staleTime: 10_000,
      meta: { silent: true },
    }),
};
