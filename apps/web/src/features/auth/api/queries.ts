import { queryOptions } from '@tanstack/react-query';
import { twoStepRoutes } from '@team-access/contract/routes/two-step';
import { callRoute } from '@/lib/api-client.ts';

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
