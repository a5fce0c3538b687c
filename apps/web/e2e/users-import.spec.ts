import { readFile } from 'node:fs/promises';
import { axeInBothThemes, expect, OWNER_STORAGE_STATE, switchTheme, test, unique } from './fixtures.ts';
import { createMember, UsersPage } from './pages/users.page.ts';

test.use({ storageState: OWNER_STORAGE_STATE });

test('Import CSV previews each row by dry run, applies the good ones, and reports every row', async ({ page }) => {
  // Three dialogs' steps, each looked at with axe in two themes and at two widths.
  test.slow();
  const token = `im${unique()}`;
  const role = await page.request.post('/api/iam/roles', {
    headers: { 'x-csrf': '1' },
    data: { name: `Editors ${token}`, permissions: ['journey'] },
  });
  expect(role.status()).toBe(201);
  await createMember(page, { email: `ana.${token}@example.com`, firstName: 'Ana', lastName: token });
  const file = [
    'email,firstName,lastName,role,roles',
    // A new member, with a role by name.
    `nia.${token}@example.com,Nia,${token},MEMBER,Editors ${token}`,
    // Ana exists: her first name changes.
    `ana.${token}@example.com,Ana Maria,${token},,`,
    // A bad row: an access level that does not exist, and a role nobody has.
    `bad.${token}@example.com,Bad,${token},KING,Ghosts`,
  ].join('\r\n');

  const users = new UsersPage(page);
  await users.goto(`?search=${token}`);
  await expect(users.table().getByRole('row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import members from CSV' });
  expect(await axeInBothThemes(page)).toEqual({});

  await dialog.getByLabel('CSV file of members').setInputFiles({
    name: 'members.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(file),
  });
  await expect(dialog.getByText('1 to create, 1 to update, 0 unchanged, 1 with an error')).toBeVisible();
  const preview = dialog.getByRole('table', { name: 'What each row will do' });
  await expect(preview.getByRole('row').filter({ hasText: `nia.${token}` })).toContainText('Create');
  await expect(preview.getByRole('row').filter({ hasText: `ana.${token}` })).toContainText('Changes first name');
  const bad = preview.getByRole('row').filter({ hasText: `bad.${token}` });
  await expect(bad).toContainText('Error');
  await expect(bad).toContainText('role: Use OWNER, ADMIN or MEMBER.');
  // Nothing has changed yet (the list behind the dialog is hidden from it: asked through the API).
  const list = await page.request.get(`/api/iam/multi-user?search=${token}`, { headers: { 'x-csrf': '1' } });
  expect(((await list.json()) as { items: { firstName: string }[] }).items.map((u) => u.firstName)).toEqual(['Ana']);

  expect(await axeInBothThemes(page)).toEqual({});
  await page.screenshot({ path: test.info().outputPath('users-import-preview-1280-light.png') });
  await switchTheme(page, 'dark');
  await page.screenshot({ path: test.info().outputPath('users-import-preview-1280-dark.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(dialog.getByRole('button', { name: 'Import 2 members…' })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The rows fit the phone's width too: no sideways scroll inside the table either.
  await expect(preview.getByText('Row and member')).toBeVisible();
  expect(await preview.evaluate((table) => table.scrollWidth <= (table.parentElement?.clientWidth ?? 0))).toBe(true);
  await page.screenshot({ path: test.info().outputPath('users-import-preview-390-dark.png') });
  await switchTheme(page, 'light');
  await page.screenshot({ path: test.info().outputPath('users-import-preview-390-light.png') });
  await page.setViewportSize({ width: 1280, height: 720 });

  await dialog.getByRole('button', { name: 'Import 2 members…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Import these members?' });
  await expect(confirm).toContainText(
    'Create 1 member and update 1 member from members.csv. 1 row with an error is left out.',
  );
  expect(await axeInBothThemes(page)).toEqual({});
  await confirm.getByRole('button', { name: 'Create 1 member and update 1 member' }).click();

  const done = page.getByRole('dialog', { name: 'Members imported from the file' });
  await expect(done.getByRole('status').filter({ hasText: '1 member created, 1 updated. 1 error.' })).toBeVisible();
  expect(await axeInBothThemes(page)).toEqual({});
  await page.screenshot({ path: test.info().outputPath('users-import-done-1280-light.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await switchTheme(page, 'dark');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: test.info().outputPath('users-import-done-390-dark.png') });
  await switchTheme(page, 'light');
  await page.setViewportSize({ width: 1280, height: 720 });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    done.getByRole('button', { name: 'Download the outcome' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('members-import-report.csv');
  const report = (await readFile(await download.path(), 'utf8')).trimEnd().split('\r\n');
  expect(report[0]).toBe('row,email,outcome,changed,reason');
  expect(report[1]).toBe(`2,nia.${token}@example.com,Created,,`);
  expect(report[2]).toBe(`3,ana.${token}@example.com,Updated,firstName,`);
  expect(report[3]).toBe(`4,bad.${token}@example.com,Error,,"role: Use OWNER, ADMIN or MEMBER."`);

  await done.getByRole('button', { name: 'Done' }).click();
  await expect(done).toBeHidden();
  // The list shows the new member and Ana's new name; the bad row added no one.
  await expect(users.table().getByRole('row')).toHaveCount(3);
  await expect(users.row(`nia.${token}`)).toBeVisible();
  await expect(users.row(`ana.${token}`)).toContainText('Ana Maria');
  await expect(users.table()).not.toContainText(`bad.${token}`);
});
