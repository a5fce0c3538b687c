import * as checks from '../permission-checks.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/** Permission checks for the client's own apps (issue 22, ADR 047). */
export const permissionCheckRoutes = {
  checkPermissions: route({
    method: 'post',
    path: '/v2/client/permission-checks',
    scope: 'permissions:check',
    summary:
      'Whether users hold permissions: 1 to 1,000 { userId, permission } pairs, one result each in order, with explain: true the reasons (direct grant, roles, access level, deactivated, unknown permission or user) and the audit events that made the grants; never cached',
    body: checks.permissionChecksRequestSchema,
    responses: { 200: checks.permissionChecksResultSchema },
  }),
};

/** The area's defaults: server to server (the main use), or an OWNER or ADMIN through the console. */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'permission-checks', auth: 'client', browser: true } as const, r);
}
