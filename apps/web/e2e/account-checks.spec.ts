import type { Page, TestInfo } from '@playwright/test';
import { axeViolations, expect, OWNER_STORAGE_STATE, test, unique } from './fixtures.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createMember, MEMBER_PASSWORD, UsersPage } from './pages/users.page.ts';

/**
 * Issue 25's account checks in the browser: a new password required at the next sign-in, and the
 * email verification link.
 */

const NEW_PASSWORD = 'a password chosen after sign-in';
const VERIFY_MAIL_SUBJECT = 'Confirm your email address for Team Access';
const THEMES = ['light', 'dark'] as const;

/** The users screen; the first load of a fresh browser gets longer on a busy machine. */
async function openUsers(users: UsersPage, query: string) {
  await users.page.goto(`/users${query}`);
  await expect(users.page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible({ timeout: 30_000 });
}

async function snapshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** Axe finds nothing on the page in either theme, and it does not scroll sideways at 390 px. */
async function expectAccessible(page: Page, testInfo: TestInfo, name: string) {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveClass(new RegExp(theme));
    expect(await axeViolations(page), `${name}, ${theme} theme`).toEqual([]);
    await snapshot(page, testInfo, `${name}-${theme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snapshot(page, testInfo, `${name}-390`);
  if (size) await page.setViewportSize(size);
}

test('an owner requires a new password; the member’s next sign-in leads straight to choosing one, nothing else opens, and then the users screen', async ({
  browser,
}, testInfo) => {
  test.slow();
  const email = `newpass.${unique()}@example.com`;
  const owner = await (await browser.newContext({ storageState: OWNER_STORAGE_STATE })).newPage();
  await createMember(owner, { email, firstName: 'Nadia', lastName: 'Newpass' });

  // The owner asks for it from the member's row, behind a confirm naming the member.
  const users = new UsersPage(owner);
  await openUsers(users, `?search=${encodeURIComponent(email)}`);
  await users.openActions('Nadia Newpass');
  await owner.getByRole('menuitem', { name: 'Require new password' }).click();
  const dialog = owner.getByRole('dialog', { name: 'Require a new password from Nadia Newpass?' });
  await expect(dialog).toContainText(email);
  await dialog.getByRole('button', { name: 'Require new password' }).click();
  await expect(owner.getByText('Nadia Newpass must choose a new password at their next sign-in')).toBeVisible();
  await expect(users.row('Nadia Newpass')).toContainText('New password required');

  // The list filters on it.
  await openUsers(users, '?check=new-password');
  await expect(owner.getByRole('combobox', { name: 'Account checks' })).toHaveText('New password required');
  await expect(users.row('Nadia Newpass')).toBeVisible();
  await snapshot(owner, testInfo, 'users-new-password-filter');

  // The member signs in and lands on "Choose a new password"; no other screen opens.
  const member = await (await browser.newContext()).newPage();
  const signIn = new SignInPage(member);
  await signIn.goto();
  await signIn.signIn(email, MEMBER_PASSWORD);
  await expect(member).toHaveURL(/\/choose-password$/);
  await expect(member.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await member.goto('/users');
  await expect(member).toHaveURL(/\/choose-password$/);
  // Straight through the BFF, the IAM refuses too, with its own problem type.
  const refused = await member.request.get('/api/iam/permissions', { headers: { 'x-csrf': '1' } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).type).toBe('urn:team-access:problem:password_change_required');
  await expectAccessible(member, testInfo, 'choose-password');

  // The current password again is refused at the field; a new one opens the app.
  await member.getByLabel('Current password').fill(MEMBER_PASSWORD);
  await member.getByLabel(/^New password/).fill(MEMBER_PASSWORD);
  await member.getByLabel(/^Confirm new password/).fill(MEMBER_PASSWORD);
  await member.getByRole('button', { name: 'Set new password' }).click();
  await expect(member.getByText('Choose a password other than the current one')).toBeVisible();
  await member.getByLabel(/^New password/).fill(NEW_PASSWORD);
  await member.getByLabel(/^Confirm new password/).fill(NEW_PASSWORD);
  await member.getByRole('button', { name: 'Set new password' }).click();
  await expect(member).toHaveURL(/\/users$/);
  await expect(member.getByText('Your new password is set')).toBeVisible();
  await expect(member.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

  // The flag cleared itself: the owner's list no longer shows it.
  await openUsers(users, `?search=${encodeURIComponent(email)}`);
  await expect(users.row('Nadia Newpass')).not.toContainText('New password required');
});

test('a member added in the console is mailed a verification link; following it confirms the address, once', async ({
  browser,
  mailbox,
}, testInfo) => {
  test.slow();
  const email = `verify.${unique()}@example.com`;
  const owner = await (await browser.newContext({ storageState: OWNER_STORAGE_STATE })).newPage();
  await createMember(owner, { email, firstName: 'Vera', lastName: 'Verify' });
  const users = new UsersPage(owner);
  await openUsers(users, '?check=unverified-email');
  await expect(users.row('Vera Verify')).toContainText('Email not verified');

  const mail = await mailbox.waitForMail(email, { subject: VERIFY_MAIL_SUBJECT });
  const link = mailbox.linkIn(mail, '/verify-email');
  expect(link).toMatch(/^http:\/\/localhost:\d+\/verify-email#token=[A-Za-z0-9_-]{43}$/);

  // Opened as from a mail client, in a fresh browser: the token leaves the address bar.
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Your email address is confirmed' })).toBeVisible();
  await expect(page).toHaveURL(/\/verify-email$/);
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page, testInfo, 'verify-email-confirmed');

  // The link worked once (opened again in a new tab: the same address with a new fragment would
  // not load the page again).
  const again = await page.context().newPage();
  await again.goto(link);
  await expect(again.getByRole('heading', { level: 1, name: 'This address was already confirmed' })).toBeVisible();
  await expectAccessible(again, testInfo, 'verify-email-used');
  await again.getByRole('link', { name: 'Go to sign in' }).click();
  await expect(again).toHaveURL(/\/sign-in$/);

  // A cut-short link says so before asking anyone.
  // (From the sign-in page: on /verify-email a new fragment alone would not load the page again.)
  await again.goto('/verify-email#token=short');
  await expect(again.getByRole('heading', { level: 1, name: 'This verification link does not work' })).toBeVisible();

  await openUsers(users, `?search=${encodeURIComponent(email)}`);
  await expect(users.row('Vera Verify')).not.toContainText('Email not verified');
  await openUsers(users, '?check=unverified-email');
  await expect(users.row('Vera Verify')).toHaveCount(0);
});
