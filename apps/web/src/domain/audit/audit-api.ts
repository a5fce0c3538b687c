import { type ExportAuditEventsQuery, type ListAuditEventsQuery, routes } from '@team-access/contract';
import { callRoute, fetchRouteFile } from '@/lib/api-client.ts';

/** The filters of the audit list and its export (everything but paging). */
export type AuditFilters = Omit<ListAuditEventsQuery, 'limit' | 'cursor'>;

export const auditApi = {
  list: (query: ListAuditEventsQuery, signal?: AbortSignal) => callRoute(routes.listAuditEvents, { query, signal }),
  get: (eventId: string, signal?: AbortSignal) => callRoute(routes.getAuditEvent, { params: { eventId }, signal }),
  previewRevert: (eventId: string, signal?: AbortSignal) =>
    callRoute(routes.previewAuditRevert, { params: { eventId }, signal }),
  revert: (eventId: string, expected: string) =>
    callRoute(routes.revertAuditEvent, { params: { eventId }, body: { expected } }),
  export: (query: ExportAuditEventsQuery) => fetchRouteFile(routes.exportAuditEvents, { query }),
};
