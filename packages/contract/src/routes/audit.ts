import * as audit from '../audit.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/**
 * The audit log: read, export, revert. Who reads what: OWNER and ADMIN the whole tenant, an
 * ORG_OWNER or ORG_ADMIN the events of the organizations they administer, anyone else the
 * events they made or that were about them; a server-to-server call the whole tenant. An event of
 * another tenant, or one the caller may not read, is a 404.
 */
export const auditRoutes = {
  listAuditEvents: route({
    method: 'get',
    path: '/v2/client/audit-events',
    scope: 'audit:read',
    summary: 'Audit events, newest first (filters combine; keyset cursor); only those the caller may read',
    query: audit.listAuditEventsQuerySchema,
    responses: { 200: audit.auditEventPageSchema },
  }),
  exportAuditEvents: route({
    method: 'get',
    path: '/v2/client/audit-events/export',
    scope: 'audit:read',
    summary: 'The filtered events as CSV (formula-safe) or NDJSON, streamed, newest first',
    query: audit.exportAuditEventsQuerySchema,
    produces: ['text/csv', 'application/x-ndjson'],
    responses: { 200: audit.auditEventSchema },
  }),
  getAuditEvent: route({
    method: 'get',
    path: '/v2/client/audit-events/{eventId}',
    scope: 'audit:read',
    summary: 'One audit event',
    params: audit.auditEventIdParamsSchema,
    responses: { 200: audit.auditEventSchema },
  }),
  previewAuditRevert: route({
    method: 'get',
    path: '/v2/client/audit-events/{eventId}/revert-preview',
    scope: 'audit:read',
    summary: 'Dry run of a revert: what would change back, and what changed since the event',
    params: audit.auditEventIdParamsSchema,
    responses: { 200: audit.auditRevertPreviewSchema },
    problems: { 409: ['not_revertible', 'last_owner', 'last_org_owner', 'conflict'] },
  }),
  // No scope (ADR 048): a revert changes members, roles or organizations in another area's name,
  // so it stays with the console and the tenant's own credentials.
  revertAuditEvent: route({
    method: 'post',
    path: '/v2/client/audit-events/{eventId}/revert',
    summary: "Restore an event's before as a new change; 409 naming what changed if the target moved since the preview",
    params: audit.auditEventIdParamsSchema,
    body: audit.applyAuditRevertSchema,
    responses: { 201: audit.auditRevertResultSchema },
    problems: { 409: ['not_revertible', 'revert_conflict', 'last_owner', 'last_org_owner', 'conflict'] },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'audit', auth: 'client', browser: true } as const, r);
}
