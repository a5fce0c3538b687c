import { queryOptions } from '@tanstack/react-query';
import { invitationLinkApi, passwordResetApi } from './public-links-api.ts';
import { sessionApi } from './session-api.ts';

export const sessionQueries = {
  all: () => ['session'] as const,
  /** Who is signed in: the BrowserSession, or null when nobody is (the BFF answered 401). */
  current: () =>
    queryOptions({
      queryKey: sessionQueries.all(),
      queryFn: ({ signal }) => sessionApi.get(signal),
      staleTime: 60_000,
      // The screens show session errors themselves (loading, retry, redirect): no toast.
      meta: { silent: true },
    }),
};

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
