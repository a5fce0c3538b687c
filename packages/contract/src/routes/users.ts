import { z } from 'zod';
import { auditEventPageSchema } from '../audit.ts';
import * as bulk from '../bulk.ts';
import { permissionCatalogSchema } from '../permissions.ts';
import * as user from '../user.ts';
import * as userImport from '../user-import.ts';
import { idempotencyKey, ifMatch, type RouteFields, withAreaDefaults } from './define.ts';

/** Users (Conscent-compatible `multi-user`), the permission catalog and bulk permission changes. */
export const userRoutes = {
  listPermissions: route({
    method: 'get',
    path: '/v2/client/permissions',
    scope: 'users:read',
    summary: "The tenant's permission catalog, grouped by category",
    tag: 'permissions',
    responses: { 200: permissionCatalogSchema },
  }),
  listUsers: route({
    method: 'get',
    path: '/v2/client/multi-user',
    scope: 'users:read',
    summary: 'Search, filter, sort and page through users (keyset cursor)',
    query: user.listUsersQuerySchema,
    responses: { 200: user.userListResponseSchema },
  }),
  exportUsers: route({
    method: 'get',
    path: '/v2/client/multi-user/export',
    scope: 'users:read',
    summary:
      'Every user the filters match (all pages) as CSV: UTF-8 with a BOM, RFC 4180 quoting, formula-like cells neutralised; streamed',
    query: user.exportUsersQuerySchema,
    produces: ['text/csv'],
    responses: { 200: z.string() },
  }),
  importUsers: route({
    method: 'post',
    path: '/v2/client/multi-user/import',
    scope: 'users:write',
    summary:
      'Create and update members from CSV rows keyed by email; each row answered create, update (the columns), unchanged or error; dryRun rolls everything back',
    headers: idempotencyKey,
    body: userImport.userImportSchema,
    responses: { 200: userImport.userImportResultSchema },
    problems: { 429: ['rate_limited'] },
  }),
  createUser: route({
    method: 'post',
    path: '/v2/client/multi-user',
    scope: 'users:write',
    summary: 'Create a dashboard user (Conscent-compatible); Idempotency-Key makes a retry safe',
    query: user.userExpandQuerySchema,
    headers: idempotencyKey,
    body: user.createUserSchema,
    responses: { 201: user.userResponseSchema },
    problems: { 409: ['conflict'] },
  }),
  getUser: route({
    method: 'get',
    path: '/v2/client/multi-user/{userId}',
    scope: 'users:read',
    summary: 'One user; ETag carries the version',
    params: user.userIdParamsSchema,
    query: user.userExpandQuerySchema,
    responses: { 200: user.userResponseSchema },
  }),
  updateUser: route({
    method: 'patch',
    path: '/v2/client/multi-user/{userId}',
    scope: 'users:write',
    summary: 'Change a user (partial; Conscent-compatible); If-Match with a stale version is a 412',
    params: user.userIdParamsSchema,
    query: user.userExpandQuerySchema,
    headers: ifMatch,
    body: user.updateUserSchema,
    responses: { 200: user.userResponseSchema },
    problems: { 409: ['conflict', 'last_owner', 'last_org_owner'] },
  }),
  replaceUser: route({
    method: 'put',
    path: '/v2/client/multi-user/{userId}',
    scope: 'users:write',
    summary:
      "Replace a user's profile, access level, direct permissions and roles (absent optional fields are cleared); If-Match is required (428 without, 412 when stale)",
    params: user.userIdParamsSchema,
    query: user.userExpandQuerySchema,
    headers: ifMatch,
    body: user.replaceUserSchema,
    responses: { 200: user.userResponseSchema },
    problems: { 409: ['conflict', 'last_owner', 'last_org_owner'], 428: ['precondition_required'] },
  }),
  deleteUser: route({
    method: 'delete',
    path: '/v2/client/multi-user/{userId}',
    scope: 'users:write',
    summary: 'Delete a user and end their sessions',
    params: user.userIdParamsSchema,
    headers: ifMatch,
    responses: { 204: null },
    problems: { 409: ['last_owner', 'last_org_owner'] },
  }),
  setUserPassword: route({
    method: 'put',
    path: '/v2/client/multi-user/{userId}/password',
    scope: 'users:write',
    summary: "Set another user's password (an administrator's action); ends that user's sessions",
    params: user.userIdParamsSchema,
    headers: ifMatch,
    body: user.setPasswordSchema,
    responses: { 200: user.userSchema },
  }),
  resendEmailVerification: route({
    method: 'post',
    path: '/v2/client/multi-user/{userId}/email-verification',
    scope: 'users:write',
    summary: 'Mail a new verification link to the unverified (or pending new) address; earlier links stop working',
    params: user.userIdParamsSchema,
    responses: { 202: null },
    problems: { 409: ['already_verified'], 429: ['rate_limited'] },
  }),
  listUserActivity: route({
    method: 'get',
    path: '/v2/client/multi-user/{userId}/activity',
    scope: 'audit:read',
    summary:
      'The latest audit events about a user or made by them (newest first, at most 50); the audit list with userId',
    params: user.userIdParamsSchema,
    responses: { 200: auditEventPageSchema },
  }),
  changePermissions: route({
    method: 'post',
    path: '/v2/client/permission-changes',
    scope: 'users:write',
    summary: "Grant and revoke many users' direct permissions at once: all applied or none",
    tag: 'permissions',
    body: user.bulkPermissionChangeSchema,
    responses: { 200: user.bulkPermissionResultSchema },
    problems: { 404: ['not_found'], 409: ['last_owner'], 412: ['precondition_failed'] },
  }),
  planBulkChange: route({
    method: 'post',
    path: '/v2/client/bulk-changes/dry-run',
    scope: 'users:write',
    summary:
      'Dry run of a bulk action on members (explicit ids, or the list filter resolved now): the counts, a sample, and who is skipped and why; changes nothing',
    body: bulk.bulkChangeSchema,
    responses: { 200: bulk.bulkPlanSchema },
    problems: { 404: ['not_found'] },
  }),
  applyBulkChange: route({
    method: 'post',
    path: '/v2/client/bulk-changes',
    scope: 'users:write',
    summary: `Apply a bulk action: re-planned on the server and applied exactly as its dry run says now, each member's change audited. Up to ${bulk.BULK_APPLY_MAX} members: one all-or-nothing request (200); more: a job in chunks of ${bulk.BULK_JOB_CHUNK}, each all or nothing (202)`,
    body: bulk.bulkChangeSchema,
    responses: { 200: bulk.bulkResultSchema, 202: bulk.jobSchema },
    problems: { 404: ['not_found'], 409: ['last_owner', 'last_org_owner', 'conflict'] },
  }),
  getJob: route({
    method: 'get',
    path: '/v2/client/jobs/{jobId}',
    scope: 'users:read',
    summary: 'A bulk job and its progress (total, processed, changed, skipped, failed), to poll',
    params: bulk.jobIdParamsSchema,
    responses: { 200: bulk.jobSchema },
  }),
  cancelJob: route({
    method: 'post',
    path: '/v2/client/jobs/{jobId}/cancel',
    scope: 'users:write',
    summary:
      'Cancel a bulk job: it stops before its next chunk (chunks done stay done); a finished job is left as it is',
    params: bulk.jobIdParamsSchema,
    responses: { 200: bulk.jobSchema },
  }),
  undoJob: route({
    method: 'post',
    path: '/v2/client/jobs/{jobId}/undo',
    scope: 'users:write',
    summary:
      "Undo a bulk job that finished: its reverse plan (each changed member's previous state) as a new job, re-planned and applied in chunks like any bulk change, each member's change audited. Once per job",
    params: bulk.jobIdParamsSchema,
    responses: { 202: bulk.jobSchema },
    problems: { 409: ['job_not_undoable'] },
  }),
  jobOutcome: route({
    method: 'get',
    path: '/v2/client/jobs/{jobId}/outcome',
    scope: 'users:read',
    summary:
      'The outcome of a bulk job per member as CSV (email, userId, outcome: changed / skipped / failed, reason): UTF-8 with a BOM, RFC 4180, streamed',
    params: bulk.jobIdParamsSchema,
    produces: ['text/csv'],
    responses: { 200: z.string() },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'users', auth: 'client', browser: true } as const, r);
}
