import type { Page } from '@playwright/test';
import { axeInBothThemes, expect, OWNER_STORAGE_STATE, switchTheme, test, unique } from './fixtures.ts';
import { PermissionsPage } from './pages/permissions.page.ts';
import { assignRole, createRole } from './pages/roles.page.ts';
import { createMember } from './pages/users.page.ts';

const SHOTS = process.env.E2E_SCREENSHOTS;

async function shot(page: Page, name: string, theme: 'light' | 'dark') {
  if (!SHOTS) return;
  await switchTheme(page, theme);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await switchTheme(page, 'light');
}

/**
 * "Why?" (issue 22, ADR 047): the permission check API's explanation, in words, from a matrix cell
 * (a role-granted one, a direct one, one nothing grants) and from a member's page, with links to
 * the role and to the audit event; by mouse, keyboard and tap; axe in both themes; a phone.
 */
test.describe('why a member holds a permission', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('from a matrix cell: a role-granted cell names the role and the event, a direct one its event, the Why? mode explains instead of switching; the role link opens the role', async ({
    page,
  }) => {
    test.slow();
    await page.setViewportSize({ width: 1440, height: 900 });
    const token = `why${unique()}`;
    const role = `Sales ${token}`;
    const member = `Ada ${token}`;
    const ada = await createMember(page, {
      email: `ada.${token}@example.com`,
      firstName: 'Ada',
      lastName: token,
      permissions: { payments: true },
    });
    const sales = await createRole(page, { name: role, permissions: ['Checkout'] });
    await assignRole(page, sales.id, ada.id);

    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(token, 1);

    // A role-granted cell is read-only: a click says why it cannot change here, and why she holds it.
    const checkout = matrix.cell('Checkout', member);
    await checkout.click({ force: true });
    const readOnly = matrix.explanation();
    await expect(readOnly).toContainText(`${member} may use Checkout.`);
    await expect(readOnly).toContainText(`Granted by the role ${role}.`);
    await expect(readOnly.getByRole('link', { name: /^Granted by .* on .*: open in Audit$/ })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await shot(page, 'checks-matrix-role-1440-light', 'light');
    await page.keyboard.press('Escape');
    await expect(readOnly).toBeHidden();
    await expect(checkout).toBeFocused();

    // A direct grant, by keyboard: Enter on the cell explains it and switches nothing.
    const payments = matrix.cell('Payments', member);
    await payments.focus();
    await page.keyboard.press('Enter');
    const direct = page.getByRole('dialog', { name: `Why: Payments, ${member}` });
    await expect(direct).toContainText(`${member} may use Payments.`);
    await expect(direct).toContainText('Granted directly.');
    await expect(direct.getByRole('link', { name: /^Granted by .* on .*: open in Audit$/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(direct).toBeHidden();
    await expect(payments).toBeFocused();
    await matrix.expectGranted('Payments', member, true);
    // The event link opens the audit log on that member's event.
    await page.keyboard.press('Enter');
    await direct.getByRole('link', { name: /^Granted by .* on .*: open in Audit$/ }).click();
    await expect(page).toHaveURL(new RegExp(`/audit\\?.*targetId=${ada.id}`));
    await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
    await expect(page.locator('#audit-results')).toContainText(member);

    // The Why? mode: a click (a tap) on a cell nothing grants explains it instead of granting it.
    await matrix.gotoSearch(token, 1);
    await page.getByRole('button', { name: 'Why?' }).click();
    await expect(page.getByRole('button', { name: /Why\? is on/ })).toHaveAttribute('aria-pressed', 'true');
    await matrix.cell('Journeys', member).click();
    const none = page.getByRole('dialog', { name: `Why: Journeys, ${member}` });
    await expect(none).toContainText(`${member} may not use Journeys.`);
    await expect(none).toContainText('Nothing grants it');
    await page.keyboard.press('Escape');
    // The popover has finished closing (its invisible backdrop would take the next click).
    await expect(page.locator('.MuiPopover-root')).toHaveCount(0);
    await matrix.expectGranted('Journeys', member, false);

    // Through the role-granted cell again, in Why? mode: follow the role link by keyboard.
    await matrix.cell('Checkout', member).click({ force: true });
    const link = matrix.explanation().getByRole('link', { name: `Open the role ${role}` });
    await expect(link).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(link).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: role })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/roles/${sales.id}$`));
  });

  test("from a member's page: Why? on a permission held through a role and on one not held, axe in both themes, and a phone with no sideways scroll", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const token = `whym${unique()}`;
    const role = `Billing ${token}`;
    const ada = await createMember(page, { email: `ada.${token}@example.com`, firstName: 'Ada', lastName: token });
    const billing = await createRole(page, { name: role, permissions: ['billing'] });
    await assignRole(page, billing.id, ada.id);

    await page.goto(`/users/${ada.id}`);
    await expect(page.getByRole('heading', { level: 1, name: `Ada ${token}` })).toBeVisible();
    const why = page.getByRole('button', { name: 'Why: Billing' });
    await expect(why).toHaveAttribute('aria-expanded', 'false');
    await why.click();
    await expect(why).toHaveAttribute('aria-expanded', 'true');
    const panel = page.getByRole('region', { name: 'Why: Billing' });
    await expect(panel).toContainText(`Ada ${token} may use Billing.`);
    await expect(panel).toContainText(`Granted by the role ${role}.`);
    await expect(panel.getByRole('link', { name: `Open the role ${role}` })).toBeVisible();
    await expect(panel.getByRole('link', { name: /open in Audit$/ })).toBeVisible();
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'checks-member-1440-light', 'light');
    expect(await axeInBothThemes(page)).toEqual({});

    // One not held: the panel says nothing grants it (one panel open at a time).
    await page.getByRole('button', { name: 'Why: Export' }).click();
    await expect(page.getByRole('region', { name: 'Why: Export' })).toContainText('Nothing grants it');
    await expect(panel).toHaveCount(0);

    // A phone: the panel fits the width.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('region', { name: 'Why: Export' })).toBeVisible();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
      .toBe(0);
    await page.getByRole('region', { name: 'Why: Export' }).scrollIntoViewIfNeeded();
    await shot(page, 'checks-member-390-dark', 'dark');

    // The role link opens the role.
    await page.getByRole('button', { name: 'Why: Billing' }).click();
    await page
      .getByRole('region', { name: 'Why: Billing' })
      .getByRole('link', { name: `Open the role ${role}` })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: role })).toBeVisible();
  });

  test('from a matrix cell on a phone: the Why? mode and a tap explain a cell, with no sideways scroll', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const token = `whyp${unique()}`;
    const member = `Ada ${token}`;
    await createMember(page, {
      email: `ada.${token}@example.com`,
      firstName: 'Ada',
      lastName: token,
      permissions: { ignite: true },
    });
    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(token, 1);
    await page.getByRole('button', { name: 'Why?' }).click();
    await matrix.cell('Ignite', member).click();
    const dialog = page.getByRole('dialog', { name: `Why: Ignite, ${member}` });
    await expect(dialog).toContainText('Granted directly.');
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
      .toBe(0);
    await shot(page, 'checks-matrix-390-dark', 'dark');
    expect(await axeInBothThemes(page)).toEqual({});
  });
});
