/**
 * The web app's public pages that the IAM API links to from its mails (and the sign-in page links
 * to): one declaration for both sides, so a renamed page cannot leave mailed links pointing nowhere.
 */
export const mailLinkPaths = {
  /** An invitation's link: `${APP_URL}/invitations/accept#token=…`. */
  acceptInvitation: '/invitations/accept',
  /** A password reset's link: `${APP_URL}/reset-password#token=…`. */
  resetPassword: '/reset-password',
  /** An email verification link: `${APP_URL}/verify-email#token=…`. */
  verifyEmail: '/verify-email',
  /** Where an expired or used link sends the person to ask for a new one. */
  forgotPassword: '/forgot-password',
} as const;

/**
 * A mailed link: the web app's page with the token in the fragment (never sent to a server, kept
 * out of logs and Referer headers).
 */
export function mailLink(appUrl: string, path: (typeof mailLinkPaths)[keyof typeof mailLinkPaths], token: string) {
  return `${appUrl.replace(/\/+$/, '')}${path}#token=${token}`;
}
