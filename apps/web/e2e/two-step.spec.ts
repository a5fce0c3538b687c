import type { Browser, Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { axeViolations, expect, OWNER_STORAGE_STATE, test, unique } from './fixtures.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createMember, MEMBER_PASSWORD } from './pages/users.page.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

const codeAt = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });

/** Axe in both themes, screenshots at 1280 and 390 px, and no sideways scroll on the phone. */
async function checkLooks(page: Page, name: string) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect(page.locator('html')).toHaveClass(new RegExp(theme));
      expect(await axeViolations(page), `${name}, ${theme}, ${size.width} px`).toEqual([]);
      await page.screenshot({ path: test.info().outputPath(`${name}-${size.width}-${theme}.png`) });
    }
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(sideways, `${name} at ${size.width} px`).toBe(0);
  }
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'light' });
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: DESKTOP });
  return context.newPage();
}

async function signOut(page: Page) {
  await new ShellPage(page).accountButton().click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
}

/** The password step; the page then asks for the second step. */
async function password(page: Page, email: string) {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, MEMBER_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();
}

test.describe('two-step sign-in', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test("a member turns on an authenticator app, signs in with a code and once with a recovery code; an owner's reset signs them out", async ({
    page,
    browser,
  }) => {
    test.slow(); // two browsers, five sign-ins, axe on three screens
    const email = `two-step.${unique()}@example.com`;
    const member = await createMember(page, { email, firstName: 'Tess', lastName: 'Twostep', role: 'MEMBER' });
    const device = await freshPage(browser);
    const signIn = new SignInPage(device);
    await signIn.goto();
    await signIn.signIn(email, MEMBER_PASSWORD);
    await new ShellPage(device).expectSignedInAs(email);

    // Set up from My profile.
    await device.goto(`/users/${member.id}`);
    const card = device.getByRole('region', { name: 'Two-step sign-in' });
    await card.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const dialog = device.getByRole('dialog', { name: 'Set up an authenticator app' });
    await expect(dialog.getByRole('img', { name: 'QR code of the authenticator secret' })).toBeVisible();
    await checkLooks(device, 'set-up-authenticator');
    const secret = ((await dialog.getByLabel('Secret key').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await dialog.getByLabel('Code').fill(codeAt(secret, Date.now()));
    await dialog.getByLabel('Name (where it is)').fill('Work phone');
    await dialog.getByRole('button', { name: 'Turn on' }).click();
    const done = device.getByRole('dialog', { name: 'Two-step sign-in is on' });
    const codes = done.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect(codes).toHaveCount(10);
    const recovery = await codes.allTextContents();
    await checkLooks(device, 'recovery-codes');
    await done.getByRole('button', { name: 'Done' }).click();
    await expect(card.getByText('Authenticator app: Work phone')).toBeVisible();
    await expect(card.getByText('10 of 10 recovery codes left')).toBeVisible();

    // Sign out; the password alone asks for a code, which signs in.
    await signOut(device);
    await password(device, email);
    await checkLooks(device, 'sign-in-code');
    await device.getByLabel('Code').fill(codeAt(secret, Date.now() + 30_000));
    await device.getByRole('button', { name: 'Verify' }).click();
    await new ShellPage(device).expectSignedInAs(email);

    // A recovery code works once.
    await signOut(device);
    await password(device, email);
    await device.getByRole('button', { name: 'Use a recovery code' }).click();
    await device.getByLabel('Recovery code').fill(recovery[0] as string);
    await device.getByRole('button', { name: 'Verify' }).click();
    await new ShellPage(device).expectSignedInAs(email);
    await signOut(device);
    await password(device, email);
    await device.getByRole('button', { name: 'Use a recovery code' }).click();
    await device.getByLabel('Recovery code').fill(recovery[0] as string);
    await device.getByRole('button', { name: 'Verify' }).click();
    await expect(device.getByRole('alert')).toContainText('The code is wrong or has expired');
    await device.getByLabel('Recovery code').fill(recovery[1] as string);
    await device.getByRole('button', { name: 'Verify' }).click();
    await new ShellPage(device).expectSignedInAs(email);

    // The users list shows who has two-step sign-in, and filters on it.
    await page.goto(`/users?twoStep=on&search=${encodeURIComponent(email)}`);
    await expect(page.getByLabel('Two-step sign-in')).toContainText('On');
    const row = page.getByRole('row').filter({ hasText: email });
    await expect(row.getByText('Two-step sign-in')).toBeVisible();
    await page.goto(`/users?twoStep=off&search=${encodeURIComponent(email)}`);
    await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(0);

    // The owner resets it from the member page: the member's browser is signed out at its next action.
    await page.goto(`/users/${member.id}`);
    const ownerCard = page.getByRole('region', { name: 'Two-step sign-in' });
    await expect(ownerCard.getByText('8 of 10 recovery codes left')).toBeVisible();
    await ownerCard.getByRole('button', { name: 'Reset two-step sign-in' }).click();
    const confirm = page.getByRole('dialog', { name: "Reset Tess Twostep's two-step sign-in?" });
    await confirm.getByRole('button', { name: 'Reset and sign out' }).click();
    await expect(page.getByText("Tess Twostep's two-step sign-in was reset and they were signed out")).toBeVisible();
    await expect(ownerCard.getByText('No second step is set up.')).toBeVisible();

    await device.reload();
    await expect(device.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await device.context().close();
  });
});
