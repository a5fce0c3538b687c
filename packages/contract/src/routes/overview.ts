import { overviewSchema } from '../overview.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/** The overview an OWNER or ADMIN lands on (ADR 040). */
export const overviewRoutes = {
  getOverview: route({
    method: 'get',
    path: '/v2/client/overview',
    scope: 'overview:read',
    summary:
      'The team in figures (an OWNER or ADMIN, or server to server): members by status and access level, invitations, two-step, inactivity, permissions held, roles, organizations, sign-ins per day, latest changes',
    responses: { 200: overviewSchema },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'overview', auth: 'client', browser: true } as const, r);
}
