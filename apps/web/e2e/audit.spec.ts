import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { axeInBothThemes, expect, OWNER_STORAGE_STATE, test, unique } from './fixtures.ts';
import { AuditPage } from './pages/audit.page.ts';
import { addOrganizationMember, createOrganization } from './pages/organizations.page.ts';
import { PermissionsPage } from './pages/permissions.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createMember, MEMBER_PASSWORD } from './pages/users.page.ts';

test.use({ storageState: OWNER_STORAGE_STATE });

/** A member of this test's own, found by a token no other test uses. */
async function seedMember(page: Page) {
  const token = `au${unique()}`;
  const name = `Rita ${token}`;
  const email = `rita.${token}@example.com`;
  const member = await createMember(page, { email, firstName: 'Rita', lastName: token });
  return { ...member, token, name, email };
}

/** The action (third column) and the whole text of each data row of an exported CSV. */
function csvRows(text: string) {
  const [header, ...rows] = text.trim().split(/\r?\n/);
  return {
    header,
    rows: rows.map((row) => ({ action: /^"?[^",]*"?,"?[^",]*"?,"?([^",]*)"?,/.exec(row)?.[1], row })),
  };
}

test('a permission switched in the matrix reads as a sentence in Audit, with its diff, and Revert switches it back', async ({
  page,
}) => {
  // The matrix, the log, a dry run, the revert, and the matrix again: more than the default 30 s on a shared machine.
  test.slow();
  const rita = await seedMember(page);
  const matrix = new PermissionsPage(page);
  await matrix.gotoSearch(rita.token, 1);
  await matrix.cell('Checkout', rita.name).click();
  await matrix.expectGranted('Checkout', rita.name);

  // Filter by the member: the search box is kept in the address.
  const audit = new AuditPage(page);
  await audit.goto();
  await audit.search().fill(rita.email);
  await expect(page).toHaveURL(new RegExp(`search=${encodeURIComponent(rita.email).replace('.', '\\.')}`));
  const sentence = `granted Checkout to ${rita.name}`;
  await expect(audit.events().getByRole('listitem').first()).toContainText(sentence);
  await expect(audit.events()).toContainText(`added ${rita.name}`);
  await expect(audit.event(sentence).getByRole('link', { name: rita.name })).toHaveAttribute(
    'href',
    `/users/${rita.id}`,
  );

  // Its before → after, in the screens' words.
  const entry = await audit.details(sentence);
  await expect(entry.getByRole('term')).toContainText(['Permission Checkout']);
  await expect(entry.getByRole('definition').first()).toHaveText(/^Not granted changed to\s*→\s*Granted$/);

  // Dry run: exactly what changes back; then apply.
  await entry.getByRole('button', { name: /^Revert:/ }).click();
  const dialog = audit.revertDialog();
  await expect(dialog).toContainText(`What changes back on ${rita.name}`);
  await expect(dialog.getByRole('definition')).toHaveText([/^Granted back to\s*→\s*Not granted$/]);
  await dialog.getByRole('button', { name: 'Revert' }).click();
  await expect(page.locator('.MuiSnackbar-root').filter({ hasText: `Reverted: ` })).toContainText(sentence);
  await expect(dialog).toBeHidden();

  // The revert is a new event linked to the original, which now says it was reverted.
  await expect(audit.events().getByRole('listitem').first()).toContainText(
    `revoked Checkout from ${rita.name}, reverting an earlier change`,
  );
  await expect(audit.event(sentence)).toContainText('Reverted');
  await expect(audit.event(sentence).getByRole('button', { name: /^Revert/ })).toHaveCount(0);

  // The matrix shows the cell off again, and the member's Activity tab has both events.
  await matrix.gotoSearch(rita.token, 1);
  await matrix.expectGranted('Checkout', rita.name, false);
  await page.goto(`/users/${rita.id}?tab=activity`);
  const activity = page.getByRole('region', { name: 'Activity' });
  await expect(activity).toContainText(`revoked Checkout from ${rita.name}, reverting an earlier change`);
  await expect(activity).toContainText(sentence);
});

test('an organization admin sees their organization’s events and not another’s', async ({ page, browser }) => {
  test.slow();
  const tag = unique();
  const mine = await createOrganization(page, `Audited ${tag}`);
  const other = await createOrganization(page, `Elsewhere ${tag}`);
  const olga = await createMember(page, { email: `olga.${tag}@example.com`, firstName: 'Olga', lastName: tag });
  const omar = await createMember(page, { email: `omar.${tag}@example.com`, firstName: 'Omar', lastName: tag });
  await addOrganizationMember(page, mine.id, { userId: olga.id, orgRole: 'ORG_ADMIN' });
  await addOrganizationMember(page, mine.id, { userId: omar.id, orgRole: 'ORG_MEMBER' });
  await addOrganizationMember(page, other.id, { userId: omar.id, orgRole: 'ORG_ADMIN' });

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const olgaPage = await context.newPage();
  const signIn = new SignInPage(olgaPage);
  await signIn.goto();
  await signIn.signIn(`olga.${tag}@example.com`, MEMBER_PASSWORD);
  await expect(olgaPage).toHaveURL(/\/organizations$/);
  // A delegated admin's navigation offers Audit.
  await expect(
    olgaPage.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit' }),
  ).toBeAttached();
  const audit = new AuditPage(olgaPage);
  await audit.goto();
  await audit.search().fill(tag);
  await expect(audit.events()).toContainText(`added omar.${tag}@example.com to Audited ${tag} as Org member`);
  await expect(audit.events()).toContainText(`created the organization Audited ${tag}`);
  await expect(audit.events()).not.toContainText(`Elsewhere ${tag}`);
  // Asking for the other organization's events by address answers none.
  await audit.goto(`?organizationId=${other.id}`);
  await expect(olgaPage.getByText('No events match')).toBeVisible();
  await context.close();
});

test('Export downloads a CSV whose rows are the events the filters show', async ({ page }) => {
  const rita = await seedMember(page);
  await createMember(page, { email: `rob.${rita.token}@example.com`, firstName: 'Rob', lastName: rita.token });
  const audit = new AuditPage(page);
  await audit.goto(`?action=user.created&search=${rita.token}`);
  await expect(audit.events().getByRole('listitem')).toHaveCount(2);

  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: /^CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-[\w-]+\.csv$/);
  const { header, rows } = csvRows(await readFile(await download.path(), 'utf8'));
  expect(header).toMatch(/^"?id"?,"?createdAt"?,"?action"?,/);
  expect(rows).toHaveLength(2);
  for (const row of rows) {
    expect(row.action).toBe('user.created');
    expect(row.row).toContain(rita.token);
  }
});

test('the Person filter finds a member by name and shows what was done to them', async ({ page }) => {
  const rita = await seedMember(page);
  await createMember(page, { email: `rob.${rita.token}@example.com`, firstName: 'Rob', lastName: rita.token });
  const audit = new AuditPage(page);
  await audit.goto();
  const person = page.getByRole('combobox', { name: 'Person' });
  await person.fill(`Rita ${rita.token}`);
  await page.getByRole('option', { name: new RegExp(`^Rita ${rita.token}`) }).click();
  await expect(page).toHaveURL(new RegExp(`userId=${rita.id}`));
  await expect(person).toHaveValue(rita.name);
  await expect(audit.events()).toContainText(`added ${rita.name}`);
  await expect(audit.events()).not.toContainText(`Rob ${rita.token}`);
});

test('the Audit screen, an entry’s details and an Activity tab have no axe violations in the light and dark themes', async ({
  page,
}) => {
  const rita = await seedMember(page);
  const audit = new AuditPage(page);
  await audit.goto(`?search=${rita.token}`);
  await audit.details(`added ${rita.name}`);
  expect(await axeInBothThemes(page)).toEqual({});
  await page.getByRole('combobox', { name: 'Action' }).click();
  await expect(page.getByRole('option', { name: 'Member added', exact: true })).toBeVisible();
  expect(await axeInBothThemes(page)).toEqual({});
  await page.keyboard.press('Escape');
  await page.goto(`/users/${rita.id}?tab=activity`);
  await expect(page.getByRole('region', { name: 'Activity' })).toContainText(`added ${rita.name}`);
  expect(await axeInBothThemes(page)).toEqual({});
});

test('on a 390 px phone the Audit screen and an entry’s details scroll only up and down', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const rita = await seedMember(page);
  const audit = new AuditPage(page);
  await audit.goto(`?search=${rita.token}`);
  await audit.details(`added ${rita.name}`);
  await page.screenshot({ path: test.info().outputPath('audit-390.png'), fullPage: true });
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
});
