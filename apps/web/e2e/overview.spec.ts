import type { Page } from '@playwright/test';
import type { Overview } from '@team-access/contract';
import { axeInBothThemes, expect, OWNER_STORAGE_STATE, switchTheme, test } from './fixtures.ts';
import { ShellPage } from './pages/shell.page.ts';

const SHOTS = process.env.E2E_SCREENSHOTS;

async function shots(page: Page, name: string) {
  if (!SHOTS) return;
  for (const theme of ['light', 'dark'] as const) {
    await switchTheme(page, theme);
    await page.screenshot({ path: `${SHOTS}/${name}-${theme}.png`, fullPage: true });
  }
  await switchTheme(page, 'light');
}

const format = (n: number) => new Intl.NumberFormat('en-US').format(n);

test.describe('the overview', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('the owner lands on it: the figures of its one request, each a link to its list, charts with their figures as text, axe in both themes, and a phone with no sideways scroll', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/iam/overview') && r.status() === 200);
    await page.goto('/');
    await expect(page).toHaveURL(/\/overview$/);
    const shell = new ShellPage(page);
    await expect(shell.heading()).toHaveText('Overview');
    await expect(shell.navigation().getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
    const o = (await (await answered).json()) as Overview;

    // The figures are the answer's, each a link to the list it counts.
    const figures = page.getByRole('list', { name: 'Figures' });
    for (const [label, value] of [
      ['Members', o.members.total],
      ['Pending invitations', o.invitations.pending],
      ['Without two-step sign-in', o.members.withoutTwoStep],
      ['Inactive 90 days', o.members.inactive90Days],
      ['Roles', o.roles],
      ['Organizations', o.organizations],
    ] as const) {
      await expect(figures.getByRole('link', { name: new RegExp(`^${format(value)} ${label}`) })).toBeVisible();
    }

    // Each chart's figures as text under it (the chart itself is hidden from screen readers).
    const byStatus = page.getByRole('list', { name: 'Members by status' });
    await expect(byStatus.getByRole('link', { name: `Active: ${format(o.members.byStatus.active)}` })).toBeVisible();
    await expect(
      page
        .getByRole('list', { name: 'Members by access level' })
        .getByRole('link', { name: `Owners: ${format(o.members.byAccessLevel.OWNER)}` }),
    ).toBeVisible();
    const held = page.getByRole('list', { name: 'Members holding each permission' });
    await expect(held.getByText(`${o.permissions[0]?.label}: ${format(o.permissions[0]?.members ?? 0)}`)).toBeVisible();
    await expect(
      page.getByRole('table', { name: 'Sign-ins per day, last 30 days (UTC)' }).getByRole('row'),
    ).toHaveCount(31);
    await expect(
      page.getByRole('figure', { name: 'Sign-ins per day, last 30 days' }).locator('svg').first(),
    ).toBeVisible();
    // The latest changes, each a link to the audit log.
    const changes = page.getByRole('list', { name: 'Latest changes, newest first' });
    await expect(changes.getByRole('link')).toHaveCount(o.latestChanges.length);
    await shots(page, 'overview-1440');

    expect(await axeInBothThemes(page)).toEqual({});

    // A phone: everything fits the width.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('list', { name: 'Members by status' })).toBeVisible();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
      .toBe(0);
    await shots(page, 'overview-390');

    // A figure opens its list: the active members without two-step sign-in.
    await figures.getByRole('link', { name: /Without two-step sign-in/ }).click();
    await expect(page).toHaveURL(/\/users\?status=active&twoStep=off$/);
    await expect(shell.heading()).toHaveText('Users');
  });
});
