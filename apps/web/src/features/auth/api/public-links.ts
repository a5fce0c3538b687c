import { queryOptions, useMutation } from '@tanstack/react-query';
import { invitationLinkApi, passwordResetApi } from './public-links-api.ts';

// The queries and mutations of the pages reached from a mailed link (accept an invitation, reset a
// password). Kept apart from the sign-in page's (queries.ts, mutations.ts): the sign-in page must
// not load the invitation and password-reset schemas (ADR 046).

/**
 * What a mailed link offers, looked up once per page visit: never refetched in the background (after
 * accepting, a refetch would answer "used" under the person's feet), and never toasted (the page
 * shows its own states).
 */
const linkLookup = { staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false, meta: { silent: true } };

export const linkQueries = {
  all: () => ['links'] as const,
  invitation: (token: string) =>
    queryOptions({
      queryKey: [...linkQueries.all(), 'invitation', token],
      queryFn: ({ signal }) => invitationLinkApi.lookup(token, signal),
      ...linkLookup,
    }),
  passwordReset: (token: string) =>
    queryOptions({
      queryKey: [...linkQueries.all(), 'password-reset', token],
      queryFn: ({ signal }) => passwordResetApi.lookup(token, signal),
      ...linkLookup,
    }),
};

// The public pages' forms show every error themselves, at the field or above the form.

export function useAcceptInvitation() {
  return useMutation({ mutationFn: invitationLinkApi.accept, meta: { silent: true } });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: passwordResetApi.request, meta: { silent: true } });
}

export function useCompletePasswordReset() {
  return useMutation({ mutationFn: passwordResetApi.complete, meta: { silent: true } });
}
