import { overviewRoutes } from '@team-access/contract/routes/overview';
import { callRoute } from '@/lib/api-client.ts';
import { screenQuery } from '@/lib/queries.ts';

/** The overview's one request (ADR 040): read fresh at every visit. */
export const overviewQueries = {
  all: () => ['overview'] as const,
  figures: () =>
    screenQuery(
      [...overviewQueries.all(), 'figures'] as const,
      (signal) => callRoute(overviewRoutes.getOverview, { signal }),
      {
        staleTime: 0,
      },
    ),
};
