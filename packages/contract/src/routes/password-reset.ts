import {
  completePasswordResetSchema,
  passwordResetPreviewSchema,
  passwordResetTokenSchema,
  requestPasswordResetSchema,
} from '../invitations.ts';
import { routeArea } from './define.ts';

/** Password reset from a mailed link: no session, client credentials only. */
const route = routeArea({ tag: 'auth', auth: 'client', browser: 'public' });

export const passwordResetRoutes = {
  requestPasswordReset: route({
    method: 'post',
    path: '/v2/client/auth/password-reset',
    summary: 'Mail a password reset link; the same answer whether or not the account exists',
    body: requestPasswordResetSchema,
    responses: { 202: null },
  }),
  previewPasswordReset: route({
    method: 'post',
    path: '/v2/client/auth/password-reset/lookup',
    summary: 'Whether a reset link still works, and for which email; 410 when expired or used',
    body: passwordResetTokenSchema,
    responses: { 200: passwordResetPreviewSchema },
  }),
  completePasswordReset: route({
    method: 'post',
    path: '/v2/client/auth/password-reset/complete',
    summary: "Set a new password from a reset link; ends all the user's sessions",
    body: completePasswordResetSchema,
    responses: { 204: null },
  }),
};
