import type { ExportAuditEventsQuery, ListAuditEventsQuery } from '@team-access/contract';
import { auditRoutes } from '@team-access/contract/routes/audit';
import { callRoute, fetchRouteFile } from '@/lib/api-client.ts';

/** The filters of the audit list and its export (everything but paging). */
export type AuditFilters = Omit<ListAuditEventsQuery, 'limit' | 'cursor'>;

export const auditApi = {
  list: (query: ListAuditEventsQuery, signal?: AbortSignal) =>
    callRoute(auditRoutes.listAuditEvents, { query, signal }),
  get: (eventId: string, signal?: AbortSignal) => callRoute(auditRoutes.getAuditEvent, { params: { eventId }, signal }),
  previewRevert: (eventId: string, signal?: AbortSignal) =>
    callRoute(auditRoutes.previewAuditRevert, { params: { eventId }, signal }),
  revert: (eventId: string, expected: string) =>
    callRoute(auditRoutes.revertAuditEvent, { params: { eventId }, body: { expected } }),
  export: (query: ExportAuditEventsQuery) => fetchRouteFile(auditRoutes.exportAuditEvents, { query }),
};
