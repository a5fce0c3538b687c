import { queryOptions } from '@tanstack/react-query';
import { organizationRoutes } from '@team-access/contract/routes/organizations';
import { callRoute } from '@/lib/api-client.ts';

/** As many organizations as one request answers: enough for a filter's choices. */
const OPTIONS_LIMIT = 200;

/**
 * The users list's Organization filter reads the organizations itself (the Organizations screens
 * are their own feature). The key starts with 'organizations', so their changes refresh it.
 */
export const organizationOptionsQuery = () =>
  queryOptions({
    queryKey: ['organizations', 'filter-options'] as const,
    queryFn: ({ signal }) =>
      callRoute(organizationRoutes.listOrganizations, { query: { limit: OPTIONS_LIMIT }, signal }),
    staleTime: 60_000,
    meta: { silent: true },
  });
