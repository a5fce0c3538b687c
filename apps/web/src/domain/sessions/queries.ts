import { screenQuery } from '@/lib/queries.ts';
import { userSessionsApi } from './sessions-api.ts';

export const userSessionQueries = {
  all: () => ['user-sessions'] as const,
  /** Fresh on every visit: a session may end or start at any moment. */
  list: (userId: string) =>
    screenQuery([...userSessionQueries.all(), userId] as const, (signal) => userSessionsApi.list(userId, signal), {
      staleTime: 0,
    }),
};
