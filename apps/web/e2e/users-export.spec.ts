import { readFile } from 'node:fs/promises';
import { axeInBothThemes, expect, OWNER_STORAGE_STATE, switchTheme, test, unique } from './fixtures.ts';
import { createMember, UsersPage } from './pages/users.page.ts';

test.use({ storageState: OWNER_STORAGE_STATE });

/** The cells of a CSV record whose cells are all quoted (as the export writes them). */
const cells = (record: string) =>
  [...record.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] ?? '').replaceAll('""', '"'));

test('Export downloads the members the filter matches, with the columns picked, formula-safe', async ({ page }) => {
  const token = `ex${unique()}`;
  // Three admins, and a member the Access level filter leaves out.
  for (const [name, role] of [
    ['Ada', 'ADMIN'],
    ['Bo', 'ADMIN'],
    ['=Cy', 'ADMIN'],
    ['Di', 'MEMBER'],
  ] as const) {
    await createMember(page, {
      email: `${name.replace('=', '').toLowerCase()}.${token}@example.com`,
      firstName: name,
      lastName: token,
      role,
    });
  }
  const users = new UsersPage(page);
  await users.goto(`?search=${token}&role=ADMIN`);
  // The header row and the three admins.
  await expect(users.table().getByRole('row')).toHaveCount(4);

  await page.getByRole('button', { name: 'Export CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export members to CSV' });
  await expect(dialog).toContainText('3 members that match the current search and filters');
  await dialog.getByRole('checkbox', { name: /^Permissions/ }).uncheck();
  await dialog.getByRole('checkbox', { name: 'Phone' }).uncheck();
  expect(await axeInBothThemes(page)).toEqual({});
  await page.screenshot({ path: test.info().outputPath('users-export-1280-light.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await switchTheme(page, 'dark');
  await expect(dialog.getByRole('button', { name: 'Export 3 members' })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: test.info().outputPath('users-export-390-dark.png') });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export 3 members' }).click(),
  ]);
  await expect(page.getByText('The CSV of 3 members is downloaded.')).toBeVisible();
  await expect(dialog).toBeHidden();
  expect(download.suggestedFilename()).toMatch(/^members-[\w-]+\.csv$/);
  const text = await readFile(await download.path(), 'utf8');
  // UTF-8 with a byte-order mark (Excel), CRLF records.
  expect(text.startsWith('\uFEFF')).toBe(true);
  const [header, ...rows] = text.slice(1).trimEnd().split('\r\n').map(cells);
  expect(header).toEqual([
    'email',
    'firstName',
    'lastName',
    'role',
    'status',
    'roles',
    'organizations',
    'twoStep',
    'lastLoginAt',
    'createdAt',
  ]);
  // Sorted by email as the list is; a name starting with "=" cannot run as a formula.
  expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual([
    [`ada.${token}@example.com`, 'Ada', 'ADMIN'],
    [`bo.${token}@example.com`, 'Bo', 'ADMIN'],
    [`cy.${token}@example.com`, "'=Cy", 'ADMIN'],
  ]);

  // The columns picked are remembered for the next export in this browser.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(dialog.getByRole('checkbox', { name: 'Phone' })).not.toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Email' })).toBeChecked();
});

test('the matrix exports its members × permissions, each cell saying where the grant comes from', async ({ page }) => {
  const token = `mx${unique()}`;
  await createMember(page, {
    email: `eve.${token}@example.com`,
    firstName: 'Eve',
    lastName: token,
    permissions: { journey: true },
  });
  await page.goto(`/permissions?search=${token}`);
  await expect(page.getByRole('status').filter({ hasText: 'Showing 1 of 1 member' })).toBeVisible();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export the matrix to CSV' });
  await expect(dialog.getByRole('checkbox', { name: /^Permissions/ })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Phone' })).not.toBeChecked();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Export 1 member' }).click(),
  ]);
  const [header, row] = (await readFile(await download.path(), 'utf8')).slice(1).trimEnd().split('\r\n').map(cells);
  expect(header?.slice(0, 3)).toEqual(['email', 'firstName', 'lastName']);
  expect(header?.every((column, i) => i < 3 || column.startsWith('permission:'))).toBe(true);
  expect(row?.[header?.indexOf('permission:journey') ?? -1]).toBe('direct');
  expect(row?.[header?.indexOf('permission:billing') ?? -1]).toBe('');
});
