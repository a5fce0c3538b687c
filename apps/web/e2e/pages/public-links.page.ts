import { type APIRequestContext, expect, type Page } from '@playwright/test';
import type { Mailbox } from '../mailbox.ts';
import { createInvitation, type NewInvitation } from './invites.page.ts';

/** The pages reached without a session: forgot password, reset password, accept an invitation. */

export const RESET_MAIL_SUBJECT = 'Reset your Team Access password';
export const INVITATION_MAIL_SUBJECT = /invited you to .+ on Team Access/;

export class ForgotPasswordPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole('heading', { level: 1 });
  readonly email = () => this.page.getByLabel('Email');
  readonly submit = () => this.page.getByRole('button', { name: 'Send reset link' });
  readonly confirmation = () => this.page.getByRole('status');

  async goto() {
    await this.page.goto('/forgot-password');
    await expect(this.heading()).toHaveText('Forgot password?');
  }

  /** Asks for a link and waits for the answer, which is the same for every address. */
  async requestLinkFor(email: string) {
    await this.email().fill(email);
    await this.submit().click();
    await expect(this.heading()).toHaveText('Check your email');
  }
}

export class ResetPasswordPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole('heading', { level: 1 });
  readonly password = () => this.page.getByLabel(/^New password/);
  readonly confirm = () => this.page.getByLabel(/^Confirm new password/);
  readonly submit = () => this.page.getByRole('button', { name: 'Set new password' });

  async expectReady(email: string) {
    await expect(this.heading()).toHaveText('Set a new password');
    await expect(this.page.getByText(email, { exact: true })).toBeVisible();
  }

  async setPassword(password: string) {
    await this.password().fill(password);
    await this.confirm().fill(password);
    await this.submit().click();
  }
}

export class AcceptInvitationPage {
  constructor(readonly page: Page) {}

  readonly heading = () => this.page.getByRole('heading', { level: 1 });
  readonly firstName = () => this.page.getByLabel(/^First name/);
  readonly lastName = () => this.page.getByLabel(/^Last name/);
  readonly password = () => this.page.getByLabel(/^Password/);
  readonly confirm = () => this.page.getByLabel(/^Confirm password/);
  readonly submit = () => this.page.getByRole('button', { name: 'Accept and create account' });
  /** The value of one line of the invitation's details ("Organization", "Access level", "Expires"…). */
  readonly detail = (term: string) =>
    this.page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

  /** A new person: names and a password make the account. */
  async createAccount(account: { firstName: string; lastName?: string; password: string }) {
    await this.firstName().fill(account.firstName);
    if (account.lastName) await this.lastName().fill(account.lastName);
    await this.password().fill(account.password);
    await this.confirm().fill(account.password);
    await this.submit().click();
  }
}

/** Someone asks for a reset link (the public route, as the forgot-password page does) and gets its mail. */
export async function requestResetLink(request: APIRequestContext, mailbox: Mailbox, email: string): Promise<string> {
  const response = await request.post('/api/iam/auth/password-reset', {
    headers: { 'x-csrf': '1' },
    data: { email },
  });
  expect(response.status(), await response.text()).toBe(202);
  return mailbox.linkIn(await mailbox.waitForMail(email, { subject: RESET_MAIL_SUBJECT }), '/reset-password');
}

/** An administrator (the page's session) invites someone through the API; answers the invitation and its mailed link. */
export async function inviteByApi(
  page: Page,
  mailbox: Mailbox,
  invitation: NewInvitation,
): Promise<{ id: string; link: string }> {
  const { id } = await createInvitation(page, invitation);
  const mail = await mailbox.waitForMail(invitation.email, { subject: INVITATION_MAIL_SUBJECT });
  return { id, link: mailbox.linkIn(mail, '/invitations/accept') };
}

/** The secret of a mailed link (what the IAM API stores only as its SHA-256). */
export function tokenOf(link: string): string {
  const token = new URLSearchParams(new URL(link).hash.slice(1)).get('token');
  if (!token) throw new Error(`No token in ${link}`);
  return token;
}
