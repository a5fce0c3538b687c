import { infiniteQueryOptions } from '@tanstack/react-query';
import { screenQuery } from '@/lib/queries.ts';
import { type AuditFilters, auditApi } from './audit-api.ts';

/** Events per page of the log ("Load more" asks for the next). */
export const AUDIT_PAGE_SIZE = 50;

/**
 * The audit log's queries. They carry `meta.auditLog`: every successful mutation refreshes them
 * (lib/query-client.ts), since every change writes an event — one place, not one per mutation.
 */
export const auditQueries = {
  all: () => ['audit'] as const,
  list: (filters: AuditFilters) =>
    infiniteQueryOptions({
      queryKey: [...auditQueries.all(), 'list', filters] as const,
      queryFn: ({ pageParam, signal }) =>
        auditApi.list({ ...filters, limit: AUDIT_PAGE_SIZE, cursor: pageParam || undefined }, signal),
      initialPageParam: '',
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      meta: { silent: true, auditLog: true },
    }),
  revertPreview: (eventId: string) =>
    ({
      ...screenQuery([...auditQueries.all(), 'revert-preview', eventId] as const, (signal) =>
        auditApi.previewRevert(eventId, signal),
      ),
      staleTime: 0,
      gcTime: 0,
      meta: { silent: true, auditLog: true },
    }) as const,
};
