import { emailVerificationResultSchema, emailVerificationTokenSchema } from '../invitations.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/** Email verification from a mailed link: no session, client credentials only. */
export const emailVerificationRoutes = {
  verifyEmail: route({
    method: 'post',
    path: '/v2/client/auth/email-verification',
    summary:
      'Follow an email verification link: proves the address, or makes a pending new address the email; 410 when expired or used',
    body: emailVerificationTokenSchema,
    responses: { 200: emailVerificationResultSchema },
    problems: { 404: ['link_invalid'], 409: ['conflict'], 410: ['link_expired', 'link_revoked', 'link_used'] },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'auth', auth: 'client', browser: 'public' } as const, r);
}
