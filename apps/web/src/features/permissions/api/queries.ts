import { infiniteQueryOptions } from '@tanstack/react-query';
import { USER_PAGE_SIZE_MAX } from '@team-access/contract';
import { userQueries } from '@/domain/users/queries.ts';
import { usersApi } from '@/domain/users/users-api.ts';
import type { MatrixFilters } from '../matrix-filters.ts';

/** Members load 200 at a time, by the keyset cursor, as the matrix scrolls. */
export const MATRIX_PAGE_SIZE = USER_PAGE_SIZE_MAX;

export const matrixQueries = {
  /** Under the users' list prefix, so a change to a user anywhere marks the matrix stale too. */
  all: () => [...userQueries.lists(), 'matrix'] as const,
  members: (filters: MatrixFilters) =>
    infiniteQueryOptions({
      queryKey: [...matrixQueries.all(), filters] as const,
      queryFn: ({ pageParam, signal }) =>
        usersApi.list(
          {
            search: filters.search.trim() || undefined,
            role: filters.role,
            status: filters.status,
            group: filters.group,
            organizationId: filters.organizationId,
            sort: 'email',
            limit: MATRIX_PAGE_SIZE,
            cursor: pageParam,
          },
          signal,
        ),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      // The screen shows its own error state.
      meta: { silent: true },
    }),
};
