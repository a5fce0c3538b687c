import { expect, MEMBER_STORAGE_STATE, OWNER_STORAGE_STATE, test } from './fixtures.ts';
import { ShellPage } from './pages/shell.page.ts';

// The account menu with this link open is checked by axe, light and dark, in shell.spec.ts.
test.describe('the API reference', () => {
  test.describe('for an owner', () => {
    test.use({ storageState: OWNER_STORAGE_STATE });

    test('the account menu links /docs, which renders the reference and lists the operations, from this host only', async ({
      page,
    }) => {
      // Redoc parses and lays out the whole document (47 operations) in the page: slow on 2 shared cores.
      test.slow();
      const outside: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!['localhost', '127.0.0.1'].includes(url.hostname) && url.protocol.startsWith('http')) {
          outside.push(request.url());
        }
      });
      await page.goto('/users');
      await new ShellPage(page).accountButton().click();
      await page.getByRole('menuitem', { name: 'API reference' }).click();
      await expect(page).toHaveURL(/\/docs$/);
      await expect(page.getByRole('heading', { name: /Team Access IAM API/ }).first()).toBeVisible({
        timeout: 60_000,
      });
      // Operations by their summaries, from several areas.
      await expect(
        page.getByText('Search, filter, sort and page through users (keyset cursor)').first(),
      ).toBeAttached();
      await expect(
        page.getByText("The tenant's roles (named permission groups), by name, with member counts").first(),
      ).toBeAttached();
      await expect(page.getByText('One invitation').first()).toBeAttached();
      expect(outside.filter((url) => !url.includes('cdn.redoc.ly'))).toEqual([]);
    });
  });

  test.describe('for a member', () => {
    test.use({ storageState: MEMBER_STORAGE_STATE });

    test('neither the link nor the page', async ({ page }) => {
      await page.goto('/users');
      await new ShellPage(page).accountButton().click();
      await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
      await expect(page.getByRole('menuitem', { name: 'API reference' })).toHaveCount(0);
      const answer = await page.request.get('/docs');
      expect(answer.status()).toBe(403);
    });
  });
});
