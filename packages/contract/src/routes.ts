import { browserSessionSchema } from './auth.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { named, type RouteDef } from './routes/define.ts';
import { emailVerificationRoutes } from './routes/email-verification.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { metaRoutes } from './routes/meta.ts';
import { organizationRoutes } from './routes/organizations.ts';
import { overviewRoutes } from './routes/overview.ts';
import { passwordResetRoutes } from './routes/password-reset.ts';
import { permissionCheckRoutes } from './routes/permission-checks.ts';
import { roleRoutes } from './routes/roles.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { tenantRoutes } from './routes/tenant.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { twoStepRoutes } from './routes/two-step.ts';
import { userRoutes } from './routes/users.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { browserTwoStepSchema, webAuthnOptionsSchema } from './two-step.ts';

/**
 * The route registry: one declaration per route (one file per area under routes/) drives the
 * IAM's validation, the OpenAPI document, the BFF's allow-list and the CSRF tests. The order is
 * the OpenAPI document's. The web does not import it: it calls routes through their area's module
 * (`@team-access/contract/routes/auth`), so a page builds only its own areas' schemas (ADR 046).
 */
export const routes = named({
  ...metaRoutes,
  ...authRoutes,
  ...userRoutes,
  ...sessionRoutes,
  ...twoStepRoutes,
  ...tenantRoutes,
  ...roleRoutes,
  ...organizationRoutes,
  ...invitationRoutes,
  ...passwordResetRoutes,
  ...auditRoutes,
  ...overviewRoutes,
  ...permissionCheckRoutes,
  ...emailVerificationRoutes,
  ...apiKeyRoutes,
  ...tokenRoutes,
  ...webhookRoutes,
}) satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
export const routeList: RouteDef[] = Object.values(routes);

/** Routes the BFF itself serves to the browser (not proxied); documented here so tests can enumerate them. */
export const bffRoutes = [
  // `null` when nobody is signed in (a 200, not a 401: the sign-in page asks at every visit).
  { method: 'get', path: '/api/session', mutating: false, responses: { 200: browserSessionSchema.nullable() } },
  {
    method: 'post',
    path: '/api/session',
    mutating: true,
    responses: { 200: browserSessionSchema, 202: browserTwoStepSchema },
  },
  { method: 'post', path: '/api/session/two-step', mutating: true, responses: { 200: browserSessionSchema } },
  {
    method: 'post',
    path: '/api/session/two-step/passkey-options',
    mutating: true,
    responses: { 200: webAuthnOptionsSchema },
  },
  // A passkey alone signs in (ADR 039): the answer to the public `passwordlessOptions`.
  { method: 'post', path: '/api/session/passkey', mutating: true, responses: { 200: browserSessionSchema } },
  { method: 'delete', path: '/api/session', mutating: true, responses: { 204: null } },
] as const;
