import { queryOptions } from '@tanstack/react-query';
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
