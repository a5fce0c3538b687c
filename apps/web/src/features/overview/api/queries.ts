import { routes } from '@team-access/contract';
import { callRoute } from '@/lib/api-client.ts';
import { screenQuery } from '@/lib/queries.ts';

/** The overview's one request (ADR 040): read fresh at every visit. */
export const overviewQueries = {
  all: () => ['overview'] as const,
  figures: () =>
    screenQuery([...overviewQueries.all(), 'figures'] as const, (signal) => callRoute(routes.getOverview, { signal }), {
      staleTime: 0,
    }),
};
