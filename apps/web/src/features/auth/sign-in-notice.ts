/**
 * What a public page (accept an invitation, reset a password) hands to the sign-in page when it is
 * done: the email to prefill and a sentence saying what just happened. It travels in the
 * navigation's state, never in the address.
 */
export interface SignInNotice {
  email: string;
  message: string;
}

interface SignInNoticeState {
  signInNotice: SignInNotice;
}

export function signInNoticeState(notice: SignInNotice): SignInNoticeState {
  return { signInNotice: notice };
}

/** The notice in a location's state, if it carries a well-formed one. */
export function signInNoticeOf(state: unknown): SignInNotice | null {
  if (typeof state !== 'object' || state === null) return null;
  const notice = (state as { signInNotice?: unknown }).signInNotice;
  if (typeof notice !== 'object' || notice === null) return null;
  const { email, message } = notice as Record<string, unknown>;
  return typeof email === 'string' && typeof message === 'string' ? { email, message } : null;
}

export const PASSWORD_CHANGED_MESSAGE =
  'Your password was changed. Sign in with the new one; you were signed out everywhere.';
export const ACCOUNT_CREATED_MESSAGE = 'Your account is ready. Sign in with your new password.';
export function joinedMessage(where: string): string {
  return `You joined ${where}. Sign in as usual.`;
}
