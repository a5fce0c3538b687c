import * as invitation from '../invitations.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/** Password reset from a mailed link: no session, client credentials only. */
export const passwordResetRoutes = {
  requestPasswordReset: route({
    method: 'post',
    path: '/v2/client/auth/password-reset',
    summary: 'Mail a password reset link; the same answer whether or not the account exists',
    body: invitation.requestPasswordResetSchema,
    responses: { 202: null },
    problems: { 429: ['rate_limited'] },
  }),
  previewPasswordReset: route({
    method: 'post',
    path: '/v2/client/auth/password-reset/lookup',
    summary: 'Whether a reset link still works, and for which email; 410 when expired or used',
    body: invitation.passwordResetTokenSchema,
    responses: { 200: invitation.passwordResetPreviewSchema },
    problems: { 404: ['link_invalid'], 410: ['link_expired', 'link_revoked', 'link_used'] },
  }),
  completePasswordReset: route({
    method: 'post',
    path: '/v2/client/auth/password-reset/complete',
    summary: "Set a new password from a reset link; ends all the user's sessions",
    body: invitation.completePasswordResetSchema,
    responses: { 204: null },
    problems: { 404: ['link_invalid'], 410: ['link_expired', 'link_revoked', 'link_used'] },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'auth', auth: 'client', browser: 'public' } as const, r);
}
