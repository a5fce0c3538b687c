import type { Browser, Page } from '@playwright/test';
import { axeViolations, expect, OWNER_STORAGE_STATE, test, unique } from './fixtures.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createMember, MEMBER_PASSWORD } from './pages/users.page.ts';

const PHONE = { width: 390, height: 844 };

/** A browser of its own (a second device), signed in as `email` through the form. */
async function signedInBrowser(browser: Browser, email: string): Promise<Page> {
  // A fresh context: not the owner's saved sign-in this file's `test.use` gives every context.
  const page = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, MEMBER_PASSWORD);
  await new ShellPage(page).expectSignedInAs(email);
  return page;
}

/** The browser's next action (opening its own sessions) finds it signed out: the sign-in page. */
async function expectSignedOutAtNextAction(page: Page) {
  await new ShellPage(page).accountButton().click();
  await page.getByRole('menuitem', { name: 'Your sessions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
}

/** Axe in both themes, and no sideways scroll at 390 px, for what `page` shows now. */
async function checkLooks(page: Page, name: string) {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveClass(new RegExp(theme));
    expect(await axeViolations(page), `${name}, ${theme}`).toEqual([]);
    await page.screenshot({ path: test.info().outputPath(`${name}-${theme}.png`) });
  }
  const viewport = page.viewportSize();
  await page.setViewportSize(PHONE);
  // Right after the resize the tabs still measure themselves (a ResizeObserver): wait for the page
  // at rest, which must not scroll sideways.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), {
      message: `${name} at 390 px`,
    })
    .toBe(0);
  await page.screenshot({ path: test.info().outputPath(`${name}-phone.png`) });
  if (viewport) await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme: 'light' });
}

test.describe('sessions', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test("an owner signs a member out of a session from the member page; the member's browser is signed out at its next action", async ({
    page,
    browser,
  }) => {
    test.slow(); // two browsers, each signed in through the form, and axe twice
    const email = `session.${unique()}@example.com`;
    const member = await createMember(page, { email, firstName: 'Sam', lastName: 'Session', role: 'MEMBER' });
    const device = await signedInBrowser(browser, email);

    await page.goto(`/users/${member.id}`);
    await page.getByRole('tab', { name: 'Sessions' }).click();
    await expect(page).toHaveURL(/tab=sessions/);
    const sessions = page.getByRole('list', { name: 'Sessions of Sam Session' });
    await expect(sessions.getByRole('listitem')).toHaveCount(1);
    await expect(sessions).toContainText(/Chrome \d+ on Windows/);
    await expect(sessions).toContainText('Active now');
    await checkLooks(page, 'member-sessions-tab');

    await sessions.getByRole('button', { name: /^Sign out Chrome \d+ on Windows, signed in / }).click();
    const confirm = page.getByRole('dialog', { name: /^Sign out Chrome \d+ on Windows\?$/ });
    await expect(confirm).toContainText('The session of Sam Session in Chrome');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Sign out this session' }).click();
    await expect(page.getByText(/^Chrome \d+ on Windows was signed out$/)).toBeVisible();
    await expect(page.getByText('Sam Session is not signed in anywhere.')).toBeVisible();

    await expectSignedOutAtNextAction(device);
    await device.context().close();
  });

  test('a member signs out their other sessions from "Your sessions"; the other browser is signed out', async ({
    page,
    browser,
  }) => {
    test.slow(); // three browsers, two signed in through the form, and axe twice
    const email = `sessions.${unique()}@example.com`;
    await createMember(page, { email, role: 'MEMBER' });
    const here = await signedInBrowser(browser, email);
    const there = await signedInBrowser(browser, email);

    await new ShellPage(here).accountButton().click();
    await here.getByRole('menuitem', { name: 'Your sessions' }).click();
    const dialog = here.getByRole('dialog', { name: 'Your sessions' });
    const list = dialog.getByRole('list', { name: 'Your sessions' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(list.getByRole('listitem').filter({ hasText: 'This session' })).toHaveCount(1);
    await checkLooks(here, 'your-sessions-dialog');

    await dialog.getByRole('button', { name: 'Sign out other sessions' }).click();
    const confirm = here.getByRole('dialog', { name: 'Sign out your other sessions?' });
    await expect(confirm).toContainText('Your 1 other session');
    await expect(confirm).toContainText('This session stays signed in.');
    await confirm.getByRole('button', { name: 'Sign out others' }).click();
    await expect(here.getByText('1 session signed out; this one stays signed in')).toBeVisible();
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(dialog.getByRole('button', { name: 'Sign out other sessions' })).toHaveCount(0);
    // Keyboard: Escape closes the dialog, and this browser is still signed in.
    await here.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await new ShellPage(here).expectSignedInAs(email);

    await expectSignedOutAtNextAction(there);
    await here.context().close();
    await there.context().close();
  });
});
