import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ListInvitationsQuery } from '@team-access/contract';
import { invitationsApi } from './invitations-api.ts';

export const invitationQueries = {
  all: () => ['invitations'] as const,
  lists: () => [...invitationQueries.all(), 'list'] as const,
  /** One page of the list; the previous page stays on screen while the next one loads. */
  list: (params: ListInvitationsQuery) =>
    queryOptions({
      queryKey: [...invitationQueries.lists(), params] as const,
      queryFn: ({ signal }) => invitationsApi.list(params, signal),
      placeholderData: keepPreviousData,
      meta: { silent: true },
    }),
};

/**
 * Organizations as the invite dialogs offer them. The keys start with 'organizations', so changes
 * made on the Organizations screens refresh them too.
 */
export const invitationOrganizationQueries = {
  /** Organizations whose name or slug contains the search (tenant administrators). */
  search: (search: string) =>
    queryOptions({
      queryKey: ['organizations', 'invite-options', search] as const,
      queryFn: ({ signal }) => invitationsApi.organizations({ search: search || undefined, limit: 20 }, signal),
      placeholderData: keepPreviousData,
      staleTime: 30_000,
      meta: { silent: true },
    }),
  /** The organization with exactly this slug, if there is one: a CSV row names organizations by slug. */
  bySlug: (slug: string) =>
    queryOptions({
      queryKey: ['organizations', 'invite-slug', slug] as const,
      queryFn: async ({ signal }) => {
        const list = await invitationsApi.organizations({ search: slug, limit: 200 }, signal);
        return list.items.find((organization) => organization.slug === slug) ?? null;
      },
      staleTime: 30_000,
      meta: { silent: true },
    }),
  /**
   * A person's organizations and org roles. The same key and answer as the Organizations feature's
   * `ofUser` query: the shell has already read the signed-in person's, and it is shared.
   */
  ofUser: (userId: string) =>
    queryOptions({
      queryKey: ['organizations', 'of-user', userId] as const,
      queryFn: ({ signal }) => invitationsApi.userOrganizations(userId, signal),
      meta: { silent: true },
    }),
};
