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

  test('an owner requires two-step of owners and admins: an admin without it is led through the set-up right after the password', async ({
    page,
    browser,
  }) => {
    test.slow(); // three browsers, axe on two screens and a dialog
    // A second OWNER with a factor sets the policy: the seeded owner has none and would be held.
    const ownerEmail = `policy-owner.${unique()}@example.com`;
    const adminEmail = `policy-admin.${unique()}@example.com`;
    await createMember(page, { email: ownerEmail, firstName: 'Otto', lastName: 'Policy', role: 'OWNER' });
    await createMember(page, { email: adminEmail, firstName: 'Ada', lastName: 'Policy', role: 'ADMIN' });
    const owner = await freshPage(browser);
    await new SignInPage(owner).goto();
    await new SignInPage(owner).signIn(ownerEmail, MEMBER_PASSWORD);
    await new ShellPage(owner).expectSignedInAs(ownerEmail);
    const setup = await owner.request.get('/api/iam/auth/two-step/totp/setup', { headers: { 'x-csrf': '1' } });
    const { secret } = (await setup.json()) as { secret: string };
    const confirmed = await owner.request.post('/api/iam/auth/two-step/totp', {
      headers: { 'x-csrf': '1' },
      data: { secret, code: codeAt(secret, Date.now()) },
    });
    expect(confirmed.status(), await confirmed.text()).toBe(201);
    await owner.reload(); // the session's user now has `mfa`

    try {
      await new ShellPage(owner).accountButton().click();
      await owner.getByRole('menuitem', { name: 'Account settings' }).click();
      await expect(owner.getByRole('heading', { level: 1, name: 'Account settings' })).toBeVisible();
      await owner.getByRole('radio', { name: /^Owners and admins/ }).check();
      await owner.getByRole('button', { name: 'Save' }).click();
      const confirm = owner.getByRole('dialog', { name: 'Require two-step sign-in of owners and admins?' });
      await expect(confirm).toContainText('must set one up right after their next sign-in');
      await checkLooks(owner, 'require-two-step-confirm');
      await confirm.getByRole('button', { name: 'Save' }).click();
      await expect(owner.getByText('Two-step sign-in: owners and admins now')).toBeVisible();
      await checkLooks(owner, 'account-settings');

      // The admin's password opens only the set-up page; the app is refused until it is done.
      const admin = await freshPage(browser);
      await new SignInPage(admin).goto();
      await new SignInPage(admin).signIn(adminEmail, MEMBER_PASSWORD);
      await expect(admin.getByRole('heading', { level: 1, name: 'Set up two-step sign-in' })).toBeVisible();
      await expect(admin).toHaveURL(/\/set-up-two-step$/);
      const refused = await admin.request.get('/api/iam/multi-user', { headers: { 'x-csrf': '1' } });
      expect(refused.status()).toBe(403);
      expect((await refused.json()).code).toBe('two_step_setup_required');
      await admin.goto('/users');
      await expect(admin).toHaveURL(/\/set-up-two-step$/);
      await checkLooks(admin, 'set-up-two-step');

      await admin.getByRole('button', { name: 'Set up an authenticator app' }).click();
      const dialog = admin.getByRole('dialog', { name: 'Set up an authenticator app' });
      const adminSecret = ((await dialog.getByLabel('Secret key').textContent()) ?? '').replace(/\s+/g, '');
      await dialog.getByLabel('Code').fill(codeAt(adminSecret, Date.now()));
      await dialog.getByRole('button', { name: 'Turn on' }).click();
      const done = admin.getByRole('dialog', { name: 'Two-step sign-in is on' });
      await expect(done.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
      await done.getByRole('button', { name: 'Done' }).click();
      await new ShellPage(admin).expectSignedInAs(adminEmail);
      await expect(admin).not.toHaveURL(/set-up-two-step/);
      expect((await admin.request.get('/api/iam/multi-user', { headers: { 'x-csrf': '1' } })).status()).toBe(200);
      await admin.context().close();
    } finally {
      const off = await owner.request.patch('/api/iam/tenant/settings', {
        headers: { 'x-csrf': '1' },
        data: { twoStepPolicy: 'off' },
      });
      expect(off.status(), await off.text()).toBe(200);
      await owner.context().close();
    }
  });

  test('a member registers a passkey on a virtual authenticator and signs in with it at the second step', async ({
    page,
    browser,
  }) => {
    test.slow(); // axe on a dialog and the sign-in step, two sign-ins
    const email = `passkey.${unique()}@example.com`;
    const member = await createMember(page, { email, firstName: 'Pia', lastName: 'Passkey', role: 'MEMBER' });
    const device = await freshPage(browser);
    // Chromium's virtual authenticator: user verification answers yes, no prompt (the page is on localhost).
    const cdp = await device.context().newCDPSession(device);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await new SignInPage(device).goto();
    await new SignInPage(device).signIn(email, MEMBER_PASSWORD);
    await new ShellPage(device).expectSignedInAs(email);

    await device.goto(`/users/${member.id}`);
    const card = device.getByRole('region', { name: 'Two-step sign-in' });
    await card.getByRole('button', { name: 'Add a passkey' }).click();
    const dialog = device.getByRole('dialog', { name: 'Add a passkey' });
    await checkLooks(device, 'add-passkey');
    await dialog.getByLabel('Name (which device)').fill('Laptop');
    await dialog.getByRole('button', { name: 'Create passkey' }).click();
    const done = device.getByRole('dialog', { name: 'Your passkey is on' });
    await expect(done.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
    await done.getByRole('button', { name: 'Done' }).click();
    await expect(card.getByText('Passkey: Laptop')).toBeVisible();
    // The credential is on the authenticator, and only its public key in the IAM.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);

    // Sign out; after the password the passkey signs in.
    await signOut(device);
    await new SignInPage(device).signIn(email, MEMBER_PASSWORD);
    await expect(device.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();
    await checkLooks(device, 'sign-in-passkey');
    await device.getByRole('button', { name: 'Use a passkey' }).click();
    await new ShellPage(device).expectSignedInAs(email);
    await device.goto(`/users/${member.id}`);
    await expect(card.getByText(/Passkey: Laptop/)).toBeVisible();
    await expect(card.getByText(/Last used never/)).toHaveCount(0);

    await test.step('an owner allows a passkey alone; the member signs in with it, no email or password', async () => {
      await signOut(device);
      await expect(device.getByRole('button', { name: 'Sign in with a passkey' })).toHaveCount(0);
      try {
        await page.goto('/settings');
        const passkeySwitch = page.getByRole('switch', { name: 'Allow signing in with a passkey alone' });
        await passkeySwitch.click();
        const confirm = page.getByRole('dialog', { name: 'Allow signing in with a passkey alone?' });
        await expect(confirm).toContainText('no email, password or code is asked');
        await confirm.getByRole('button', { name: 'Allow' }).click();
        await expect(page.getByText('Passkey sign-in allowed')).toBeVisible();
        await expect(passkeySwitch).toBeChecked();
        await checkLooks(page, 'settings-passkey-sign-in');

        await device.reload();
        const withPasskey = device.getByRole('button', { name: 'Sign in with a passkey' });
        await expect(withPasskey).toBeVisible();
        await checkLooks(device, 'sign-in-with-passkey');
        await withPasskey.click();
        await new ShellPage(device).expectSignedInAs(email);
      } finally {
        const off = await page.request.patch('/api/iam/tenant/settings', {
          headers: { 'x-csrf': '1' },
          data: { passkeySignIn: false },
        });
        expect(off.status(), await off.text()).toBe(200);
      }
    });
    await device.context().close();
  });
});
