import { queryOptions } from '@tanstack/react-query';
import { permissionChecksApi } from './checks-api.ts';

/**
 * "Why?" for one member and one permission: the check API's explanation (ADR 047). Never reused
 * once stale (`staleTime: 0`), and like the audit log (`meta.auditLog`) refreshed by every
 * successful change, so the panel never shows a grant that is gone.
 */
export const permissionCheckQueries = {
  all: () => ['permission-checks'] as const,
  why: (userId: string, permission: string) =>
    queryOptions({
      queryKey: [...permissionCheckQueries.all(), 'why', userId, permission] as const,
      queryFn: async ({ signal }) => {
        const { results } = await permissionChecksApi.explain([{ userId, permission }], signal);
        const [result] = results;
        if (!result) throw new Error('The check answered no result.');
        return result;
      },
      staleTime: 0,
      gcTime: 30_000,
      meta: { silent: true, auditLog: true },
    }),
};
