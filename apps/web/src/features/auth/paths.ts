/** The public pages reached from a mailed link or from the sign-in page; no session needed. */
export const FORGOT_PASSWORD_PATH = '/forgot-password';
/** The IAM API mails `${APP_URL}/reset-password#token=…`. */
export const RESET_PASSWORD_PATH = '/reset-password';
/** The IAM API mails `${APP_URL}/invitations/accept#token=…`. */
export const ACCEPT_INVITATION_PATH = '/invitations/accept';
