import { listQueries, screenQuery } from '@/lib/queries.ts';
import { usersApi } from './users-api.ts';

const users = listQueries('users', usersApi.list);

export const userQueries = {
  ...users,
  detail: (id: string) => screenQuery([...users.details(), id] as const, (signal) => usersApi.get(id, signal)),
};

export const catalogQueries = {
  /** The tenant's permission catalog, grouped by category; it rarely changes. */
  catalog: () => screenQuery(['permission-catalog'] as const, usersApi.catalog, { staleTime: 5 * 60_000 }),
};
