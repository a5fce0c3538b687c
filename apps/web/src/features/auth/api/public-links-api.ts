import type {
  AcceptInvitation,
  AcceptInvitationResult,
  CompletePasswordReset,
  EmailVerificationResult,
  InvitationPreview,
  PasswordResetPreview,
} from '@team-access/contract';
import { emailVerificationRoutes } from '@team-access/contract/routes/email-verification';
import { invitationRoutes } from '@team-access/contract/routes/invitations';
import { passwordResetRoutes } from '@team-access/contract/routes/password-reset';
import { callRoute } from '@/lib/api-client.ts';

/**
 * The IAM API's public routes, for the pages reached from a mailed link: the BFF proxies them with
 * the client credentials and no session. The token travels in the body, never in a URL. A 401 here
 * says nothing about the session, so it does not send anyone to sign in (`callRoute` knows them by
 * `browser: 'public'`).
 */
export const invitationLinkApi = {
  /** Who invited whom to what, until when; 404 `link_invalid`, 410 `link_expired` / `link_revoked` / `link_used`. */
  lookup(token: string, signal?: AbortSignal): Promise<InvitationPreview> {
    return callRoute(invitationRoutes.previewInvitation, { body: { token }, signal });
  },

  /** A new person sends names and a password; someone with an account sends the token alone. */
  accept(body: AcceptInvitation): Promise<AcceptInvitationResult> {
    return callRoute(invitationRoutes.acceptInvitation, { body });
  },
};

export const passwordResetApi = {
  /** Always 202, whether or not the account exists; 429 when asked too often from one place. */
  async request(email: string): Promise<void> {
    await callRoute(passwordResetRoutes.requestPasswordReset, { body: { email } });
  },

  /** The email the link resets, and until when it works. */
  lookup(token: string, signal?: AbortSignal): Promise<PasswordResetPreview> {
    return callRoute(passwordResetRoutes.previewPasswordReset, { body: { token }, signal });
  },

  /** Sets the password; the user's sessions all end. */
  async complete(body: CompletePasswordReset): Promise<void> {
    await callRoute(passwordResetRoutes.completePasswordReset, { body });
  },
};

export const emailVerificationApi = {
  /** Follows the link: proves the address, or makes the pending new one the email. Works once. */
  verify(token: string): Promise<EmailVerificationResult> {
    return callRoute(emailVerificationRoutes.verifyEmail, { body: { token } });
  },
};
