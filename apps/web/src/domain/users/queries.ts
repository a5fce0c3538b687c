import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ListUsersQuery } from '@team-access/contract';
import { usersApi } from './users-api.ts';

export const userQueries = {
  all: () => ['users'] as const,
  lists: () => [...userQueries.all(), 'list'] as const,
  /** One page of the list; the previous page stays on screen while the next one loads. */
  list: (params: ListUsersQuery) =>
    queryOptions({
      queryKey: [...userQueries.lists(), params] as const,
      queryFn: ({ signal }) => usersApi.list(params, signal),
      placeholderData: keepPreviousData,
      meta: { silent: true },
    }),
  details: () => [...userQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...userQueries.details(), id] as const,
      queryFn: ({ signal }) => usersApi.get(id, signal),
      meta: { silent: true },
    }),
  activity: (id: string) =>
    queryOptions({
      queryKey: [...userQueries.details(), id, 'activity'] as const,
      queryFn: ({ signal }) => usersApi.activity(id, signal),
      staleTime: 0,
      meta: { silent: true },
    }),
};

export const catalogQueries = {
  /** The tenant's permission catalog, grouped by category; it rarely changes. */
  catalog: () =>
    queryOptions({
      queryKey: ['permission-catalog'] as const,
      queryFn: ({ signal }) => usersApi.catalog(signal),
      staleTime: 5 * 60_000,
      meta: { silent: true },
    }),
};
