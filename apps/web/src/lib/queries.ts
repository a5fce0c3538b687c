import { keepPreviousData, type QueryKey, queryOptions } from '@tanstack/react-query';

interface ScreenQueryOptions {
  /** Keep the previous answer on screen while the next one loads (a list's next page, a search). */
  keepPrevious?: boolean;
  staleTime?: number;
  gcTime?: number;
}

/**
 * A query whose screen shows its own error state (`meta.silent`: no toast), fetched with the
 * query's abort signal.
 */
export function screenQuery<T, K extends QueryKey>(
  queryKey: K,
  fetch: (signal: AbortSignal) => Promise<T>,
  { keepPrevious = false, ...timing }: ScreenQueryOptions = {},
) {
  return queryOptions({
    queryKey,
    queryFn: ({ signal }) => fetch(signal),
    ...(keepPrevious && { placeholderData: keepPreviousData }),
    ...timing,
    meta: { silent: true },
  });
}

/**
 * The keys and the list query of an entity's paged list: `all` is the prefix mutations
 * invalidate; one page of the list keeps the previous page on screen while the next one loads.
 */
export function listQueries<Q, T, N extends string>(name: N, list: (params: Q, signal: AbortSignal) => Promise<T>) {
  const all = () => [name] as const;
  const lists = () => [...all(), 'list'] as const;
  return {
    all,
    lists,
    list: (params: Q) =>
      screenQuery([...lists(), params] as const, (signal) => list(params, signal), { keepPrevious: true }),
    details: () => [...all(), 'detail'] as const,
  };
}
