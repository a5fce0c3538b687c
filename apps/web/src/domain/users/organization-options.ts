import { queryOptions } from '@tanstack/react-query';
import { organizationListSchema } from '@team-access/contract';
import { apiRequest } from '@/lib/api-client.ts';

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
      apiRequest(`/iam/organizations?limit=${OPTIONS_LIMIT}`, { schema: organizationListSchema, signal }),
    staleTime: 60_000,
    meta: { silent: true },
  });
