import { userOrganizationsQuery } from '@/domain/organizations/user-organizations.ts';
import { listQueries, screenQuery } from '@/lib/queries.ts';
import { invitationsApi } from './invitations-api.ts';

export const invitationQueries = listQueries('invitations', invitationsApi.list);

/**
 * Organizations as the invite dialogs offer them. The keys start with 'organizations', so changes
 * made on the Organizations screens refresh them too.
 */
export const invitationOrganizationQueries = {
  /** Organizations whose name or slug contains the search (tenant administrators). */
  search: (search: string) =>
    screenQuery(
      ['organizations', 'invite-options', search] as const,
      (signal) => invitationsApi.organizations({ search: search || undefined, limit: 20 }, signal),
      { keepPrevious: true, staleTime: 30_000 },
    ),
  /** The organization with exactly this slug, if there is one: a CSV row names organizations by slug. */
  bySlug: (slug: string) =>
    screenQuery(
      ['organizations', 'invite-slug', slug] as const,
      async (signal) => {
        const list = await invitationsApi.organizations({ search: slug, limit: 200 }, signal);
        return list.items.find((organization) => organization.slug === slug) ?? null;
      },
      { staleTime: 30_000 },
    ),
  /** A person's organizations and org roles: the shell has already read the signed-in person's. */
  ofUser: userOrganizationsQuery,
};
