import { axeInBothThemes, expect, OWNER_STORAGE_STATE, test } from './fixtures.ts';
import { SCREENS, ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const BUILT = new Set<string>([
  'Overview',
  'Users',
  'Permissions',
  'Roles',
  'Organizations',
  'Invites',
  'Audit',
  'Webhooks',
]);

test.describe('the application shell', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('the navigation reaches every screen, and each one not built yet says what it will hold', async ({ page }) => {
    const shell = new ShellPage(page);
    await page.goto('/users');
    for (const screen of SCREENS) {
      await shell.open(screen);
      await expect(page).toHaveURL(new RegExp(`/${screen.toLowerCase()}$`));
      await expect(shell.navigation().getByRole('link', { name: screen })).toHaveAttribute('aria-current', 'page');
      const upcoming = page.getByRole('heading', { level: 2, name: `${screen} is coming soon` });
      if (BUILT.has(screen)) await expect(upcoming).toBeHidden();
      else await expect(upcoming).toBeVisible();
      await expect(page).toHaveTitle(`${screen} · Team Access`);
    }
  });

  test('an unknown address shows a page-not-found screen inside the shell', async ({ page }) => {
    await page.goto('/no-such-screen');
    await expect(new ShellPage(page).heading()).toHaveText('Page not found');
    await page.getByRole('link', { name: 'Go to the start page' }).click();
    await expect(page).toHaveURL(/\/overview$/);
  });

  test('works from the keyboard: skip link, navigation, account menu', async ({ page }) => {
    await page.goto('/users');
    await expect(new ShellPage(page).heading()).toHaveText('Users');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();

    const account = new ShellPage(page).accountButton();
    await account.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: 'My profile' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'Change password' })).toBeFocused();
    await page.keyboard.press('End');
    await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeHidden();
    await expect(account).toBeFocused();
  });

  test('the theme can be switched and the choice is remembered', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/users');
    await expect(page.locator('html')).toHaveClass(/light/);
    await page.getByRole('button', { name: 'Color theme' }).click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/dark/);
  });

  test('the shell has no axe violations in the light and dark themes', async ({ page }) => {
    await page.goto('/users');
    await expect(new ShellPage(page).heading()).toHaveText('Users');
    expect(await axeInBothThemes(page)).toEqual({});
    await new ShellPage(page).accountButton().click();
    await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
  });
});

test.describe('the sign-in page', () => {
  test('has no axe violations in the light and dark themes, with and without errors', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    expect(await axeInBothThemes(page)).toEqual({});
    await signIn.submit().click();
    await expect(page.getByText('Enter your password')).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
  });
});
