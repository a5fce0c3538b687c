import type { Page, TestInfo } from '@playwright/test';
import { axeViolations, expect, OWNER_STORAGE_STATE, switchTheme, THEMES, test, unique } from './fixtures.ts';
import { createOrganization } from './pages/organizations.page.ts';
import {
  AcceptInvitationPage,
  ForgotPasswordPage,
  inviteByApi,
  RESET_MAIL_SUBJECT,
  ResetPasswordPage,
  requestResetLink,
} from './pages/public-links.page.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createMember, MEMBER_PASSWORD } from './pages/users.page.ts';

const NEW_PASSWORD = 'a brand new passphrase, long enough';

/** A screenshot in this test's results folder, to look at (not compared). */
async function snapshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test.describe('password reset by mail', () => {
  test('Forgot password? on the sign-in page mails a link; in a fresh browser it sets a new password, the old one stops working and every session ends', async ({
    browser,
    mailbox,
  }, testInfo) => {
    test.slow();
    const email = `reset.${unique()}@example.com`;
    const owner = await browser.newContext({ storageState: OWNER_STORAGE_STATE });
    await createMember(await owner.newPage(), { email, firstName: 'Rita', lastName: 'Reset', role: 'ADMIN' });
    await owner.close();

    // The member is signed in on another device.
    const otherDevice = await (await browser.newContext()).newPage();
    await new SignInPage(otherDevice).goto();
    await new SignInPage(otherDevice).signIn(email, MEMBER_PASSWORD);
    await new ShellPage(otherDevice).expectSignedInAs(email);

    // Here they forgot it: Forgot password? on the sign-in page.
    const page = await (await browser.newContext()).newPage();
    await new SignInPage(page).goto();
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    const forgot = new ForgotPasswordPage(page);
    await expect(forgot.heading()).toHaveText('Forgot password?');
    await forgot.requestLinkFor(email);
    await expect(forgot.confirmation()).toHaveText(
      `If an account exists for ${email}, we sent a link to choose a new password. It works for 1 hour.`,
    );

    // The mail arrives over SMTP, with a plain-text and an HTML part naming the product.
    const mail = await mailbox.waitForMail(email, { subject: RESET_MAIL_SUBJECT });
    expect(mail.from).toContain('Team Access');
    expect(mail.html).toContain('Choose a new password');
    const link = mailbox.linkIn(mail, '/reset-password');
    expect(link).toMatch(/^http:\/\/localhost:\d+\/reset-password#token=[A-Za-z0-9_-]{43}$/);

    // Opened in a fresh browser, as from a mail client: the token leaves the address bar.
    const fresh = await browser.newContext();
    const resetPage = await fresh.newPage();
    await resetPage.goto(link);
    const reset = new ResetPasswordPage(resetPage);
    await reset.expectReady(email);
    await expect(resetPage).toHaveURL(/\/reset-password$/);
    await snapshot(resetPage, testInfo, 'reset-password');
    await reset.setPassword(NEW_PASSWORD);

    // The sign-in page says what happened, with the email filled in; the new password works.
    await expect(resetPage).toHaveURL(/\/sign-in$/);
    await expect(resetPage.getByRole('status')).toHaveText(
      'Your password was changed. Sign in with the new one; you were signed out everywhere.',
    );
    const signIn = new SignInPage(resetPage);
    await expect(signIn.email()).toHaveValue(email);
    await expect(signIn.password()).toBeFocused();
    await snapshot(resetPage, testInfo, 'sign-in-after-reset');
    await signIn.password().fill(NEW_PASSWORD);
    await signIn.submit().click();
    await new ShellPage(resetPage).expectSignedInAs(email);
    await fresh.close();

    // The old password no longer works.
    await new SignInPage(page).goto();
    await new SignInPage(page).signIn(email, MEMBER_PASSWORD);
    await expect(new SignInPage(page).error()).toHaveText('The email or password is wrong.');

    // The session on the other device ended with the reset.
    await otherDevice.reload();
    await expect(otherDevice).toHaveURL(/\/sign-in(\?|$)/);
    await otherDevice.context().close();
    await page.context().close();
  });

  test('a reset link that was used shows its page, with the way to a new one', async ({ browser, mailbox }) => {
    const email = `used.${unique()}@example.com`;
    const owner = await browser.newContext({ storageState: OWNER_STORAGE_STATE });
    await createMember(await owner.newPage(), { email });
    await owner.close();
    const context = await browser.newContext();
    const page = await context.newPage();
    const link = await requestResetLink(page.request, mailbox, email);

    await page.goto(link);
    await new ResetPasswordPage(page).expectReady(email);
    await new ResetPasswordPage(page).setPassword(NEW_PASSWORD);
    await expect(page).toHaveURL(/\/sign-in$/);

    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This reset link was already used');
    await page.getByRole('link', { name: 'Request a new link' }).click();
    await expect(new ForgotPasswordPage(page).heading()).toHaveText('Forgot password?');
    await context.close();
  });
});

test.describe('invitation links', () => {
  test('a withdrawn invitation’s link shows its page and what to do next', async ({ browser, mailbox }) => {
    const email = `withdrawn.${unique()}@example.com`;
    const owner = await (await browser.newContext({ storageState: OWNER_STORAGE_STATE })).newPage();
    const invitation = await inviteByApi(owner, mailbox, { email });
    const revoked = await owner.request.post(`/api/iam/invitations/${invitation.id}/revoke`, {
      headers: { 'x-csrf': '1' },
    });
    expect(revoked.status(), await revoked.text()).toBe(200);
    await owner.context().close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(invitation.link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This invitation was withdrawn');
    await expect(page.getByText('If you still need access, ask them for a new invitation.')).toBeVisible();
    await expect(page).toHaveURL(/\/invitations\/accept$/);
    await context.close();
  });

  test('someone who already has an account joins the organization with one button, and no password is asked', async ({
    browser,
    mailbox,
  }, testInfo) => {
    test.slow();
    const tag = unique();
    const email = `joiner.${tag}@example.com`;
    const owner = await (await browser.newContext({ storageState: OWNER_STORAGE_STATE })).newPage();
    const organization = await createOrganization(owner, `Newsroom ${tag}`);
    await createMember(owner, { email, role: 'MEMBER' });
    const { link } = await inviteByApi(owner, mailbox, {
      email,
      organizationId: organization.id,
      organizationRole: 'ORG_ADMIN',
    });
    await owner.context().close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    const accept = new AcceptInvitationPage(page);
    await expect(accept.heading()).toHaveText(`Join Newsroom ${tag}`);
    await expect(accept.detail('Organization')).toHaveText(`Newsroom ${tag}, as Org admin`);
    await expect(page.getByText(`You already have an account for ${email}`)).toBeVisible();
    await expect(accept.password()).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'accept-invitation-join');

    await page.getByRole('button', { name: `Join Newsroom ${tag}` }).click();
    await expect(page.getByRole('status')).toHaveText(`You joined Newsroom ${tag}. Sign in as usual.`);
    const signIn = new SignInPage(page);
    await expect(signIn.email()).toHaveValue(email);
    await signIn.password().fill(MEMBER_PASSWORD);
    await signIn.submit().click();
    await new ShellPage(page).expectSignedInAs(email);
    // An org admin of it now: the organization is theirs to manage.
    await page.goto('/organizations');
    await expect(page.getByRole('link', { name: `Newsroom ${tag}` })).toBeVisible();

    // The link is used up.
    await page.goto(link);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This invitation was already accepted');
    await context.close();
  });

  test('someone signed in who opens a mailed link stays on it', async ({ browser, mailbox }) => {
    const owner = await (await browser.newContext({ storageState: OWNER_STORAGE_STATE })).newPage();
    const email = `signed-in.${unique()}@example.com`;
    const { link } = await inviteByApi(owner, mailbox, { email });
    await owner.goto(link);
    await expect(new AcceptInvitationPage(owner).heading()).toHaveText(/^Join /);
    await expect(owner).toHaveURL(/\/invitations\/accept$/);
    await owner.goto('/forgot-password');
    await expect(new ForgotPasswordPage(owner).heading()).toHaveText('Forgot password?');
    await owner.context().close();
  });
});

test.describe('the public pages', () => {
  /** Checks the page with axe in the light and the dark theme and keeps a screenshot of each. */
  const check = async (page: Page, testInfo: TestInfo, name: string) => {
    for (const theme of THEMES) {
      await switchTheme(page, theme);
      expect(await axeViolations(page), `${name}, ${theme} theme`).toEqual([]);
      await snapshot(page, testInfo, `${name}-${theme}`);
    }
    await switchTheme(page, 'light');
  };

  test('forgot password: the form, its errors and the confirmation have no axe violations', async ({
    page,
  }, testInfo) => {
    const forgot = new ForgotPasswordPage(page);
    await forgot.goto();
    await check(page, testInfo, 'forgot-password');
    await forgot.submit().click();
    await expect(page.getByText('Enter a valid email address')).toBeVisible();
    await check(page, testInfo, 'forgot-password-errors');
    await forgot.requestLinkFor(`nobody.${unique()}@example.com`);
    await check(page, testInfo, 'forgot-password-sent');
  });

  test('reset password: the form and its errors have no axe violations', async ({
    browser,
    page,
    mailbox,
  }, testInfo) => {
    const email = `axe-reset.${unique()}@example.com`;
    const owner = await browser.newContext({ storageState: OWNER_STORAGE_STATE });
    await createMember(await owner.newPage(), { email });
    await owner.close();
    await page.goto(await requestResetLink(page.request, mailbox, email));
    const reset = new ResetPasswordPage(page);
    await reset.expectReady(email);
    await check(page, testInfo, 'reset-password');
    await reset.submit().click();
    await expect(page.getByText('Choose a password')).toBeVisible();
    await check(page, testInfo, 'reset-password-errors');
  });

  test('accept an invitation: the new-account form and its errors have no axe violations', async ({
    browser,
    page,
    mailbox,
  }, testInfo) => {
    const owner = await (await browser.newContext({ storageState: OWNER_STORAGE_STATE })).newPage();
    const { link } = await inviteByApi(owner, mailbox, { email: `axe-invitee.${unique()}@example.com` });
    await owner.context().close();
    await page.goto(link);
    const accept = new AcceptInvitationPage(page);
    await expect(accept.heading()).toHaveText(/^Join /);
    await check(page, testInfo, 'accept-invitation');
    await accept.submit().click();
    await expect(page.getByText('Enter your first name')).toBeVisible();
    await check(page, testInfo, 'accept-invitation-errors');
  });

  test('links that do not work: their pages have no axe violations', async ({ page }, testInfo) => {
    await page.goto('/invitations/accept#token=cut-short');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This invitation link does not work');
    await check(page, testInfo, 'invitation-link-invalid');
    await page.goto('/reset-password');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This reset link does not work');
    await check(page, testInfo, 'reset-link-invalid');
  });
});
