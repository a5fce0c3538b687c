import { queryOptions } from '@tanstack/react-query';
import { twoStepRoutes } from '@team-access/contract/routes/two-step';
import { callRoute } from '@/lib/api-client.ts';
import { invitationLinkApi, passwordResetApi } from './public-links-api.ts';

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

/**
 * How this account lets people sign in (a passkey alone, ADR 039), for the sign-in page. Silent:
 * when it cannot be read, the page offers the password only.
 */
export const signInMethodsQuery = () =>
  queryOptions({
    queryKey: ['sign-in-methods'] as const,
    queryFn: ({ signal }) => callRoute(twoStepRoutes.signInMethods, { signal }),
    staleTime: 60_000,
    retry: false,
    meta: { silent: true },
  });
