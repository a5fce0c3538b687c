import { tenantSettingsSchema, updateTenantSettingsSchema } from '../two-step.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/** The account's (tenant's) settings: who must use two-step sign-in (ADR 031). */
export const tenantRoutes = {
  getTenantSettings: route({
    method: 'get',
    path: '/v2/client/tenant/settings',
    scope: 'settings:read',
    summary: "The account's settings: who must use two-step sign-in",
    responses: { 200: tenantSettingsSchema },
    // The set-up screen says why it is asked for.
    openWhileTwoStepSetupRequired: true,
  }),
  updateTenantSettings: route({
    method: 'patch',
    path: '/v2/client/tenant/settings',
    scope: 'settings:write',
    summary: "Change the account's settings (an OWNER, or server to server); audited",
    body: updateTenantSettingsSchema,
    responses: { 200: tenantSettingsSchema },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'tenant', auth: 'client', browser: true } as const, r);
}
