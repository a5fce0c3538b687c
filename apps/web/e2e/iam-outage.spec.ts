import { axeViolations, E2E_OWNER, expect, test } from './fixtures.ts';
import { useOwnSystem } from './own-system.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';

test.describe('when the IAM API stops and comes back mid-session', () => {
  const system = useOwnSystem({ logLevel: 'warn' });

  test('a banner says so and retries, no page goes blank, and the screen recovers by itself', async ({ page }) => {
    test.setTimeout(120_000);
    const shell = new ShellPage(page);
    const banner = page.getByRole('alert', { name: 'Connection problem' });
    await new SignInPage(page).goto(`${system().url}/sign-in`);
    await new SignInPage(page).signIn(E2E_OWNER.email, E2E_OWNER.password);
    await shell.expectSignedInAs(E2E_OWNER.email);
    await expect(shell.heading()).toHaveText('Overview');
    await expect(banner).toBeHidden();

    await system().stopIam();
    // Anything that asks the server now learns it is down: here, a reload of the screen (the owner's start, the overview).
    await page.reload();
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('cannot reach its server');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Team Access is unavailable');
    expect(await axeViolations(page)).toEqual([]);

    await system().startIam();
    // No click: the banner's own probe sees the server back, and the screen refetches.
    await expect(banner).toBeHidden({ timeout: 30_000 });
    await expect(shell.heading()).toHaveText('Overview');
    await shell.expectSignedInAs(E2E_OWNER.email);
  });
});
