import { axeInBothThemes, expect, OWNER_STORAGE_STATE, switchTheme, test, unique } from './fixtures.ts';
import { createMember, UsersPage } from './pages/users.page.ts';

test.use({ storageState: OWNER_STORAGE_STATE });

const MEMBERS = 27;

test('select all members matching a filter across pages, bulk-add a role after its dry run, then undo', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const token = `bk${unique()}`;
  const role = await page.request.post('/api/iam/roles', {
    headers: { 'x-csrf': '1' },
    data: { name: `Bulk ${token}`, permissions: ['journey'] },
  });
  expect(role.status()).toBe(201);
  const roleId = ((await role.json()) as { id: string }).id;
  for (let n = 1; n <= MEMBERS; n++) {
    await createMember(page, {
      email: `m${String(n).padStart(2, '0')}.${token}@example.com`,
      firstName: `Member${n}`,
      lastName: token,
    });
  }
  const holders = async () => {
    const res = await page.request.get(`/api/iam/multi-user?search=${token}&group=${roleId}&limit=1`, {
      headers: { 'x-csrf': '1' },
    });
    return ((await res.json()) as { total: number }).total;
  };

  const users = new UsersPage(page);
  await users.goto(`?search=${token}`);
  await expect(users.table().getByRole('row')).toHaveCount(26);
  // The page first, then every member the filter matches, across pages.
  await users.table().getByRole('checkbox', { name: 'Select all on this page' }).check();
  const selection = page.getByRole('region', { name: 'Selected members' });
  await expect(selection).toContainText('25 members selected');
  await selection.getByRole('button', { name: `Select all ${MEMBERS} members matching this filter` }).click();
  await expect(selection).toContainText(`All ${MEMBERS} members matching this filter are selected`);
  // It survives paging and sorting.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(users.table().getByRole('row')).toHaveCount(3);
  await expect(selection).toContainText(`All ${MEMBERS} members matching this filter are selected`);
  await users.table().getByRole('button', { name: 'Added' }).click();
  await expect(selection).toContainText(`All ${MEMBERS} members matching this filter are selected`);

  await selection.getByRole('button', { name: 'Bulk actions' }).click();
  await page.getByRole('menuitem', { name: 'Add roles…' }).click();
  const dialog = page.getByRole('dialog', { name: `Add roles: all ${MEMBERS} members matching this filter` });
  await dialog.getByRole('checkbox', { name: `Bulk ${token}` }).check();
  await dialog.getByRole('button', { name: 'Review' }).click();
  // The dry run: how many change, and a sample of who.
  await expect(dialog).toContainText(`The selection is ${MEMBERS} members now: ${MEMBERS} members will change.`);
  await expect(dialog).toContainText(`For example (10 of ${MEMBERS})`);
  const confirm = dialog.getByRole('button', { name: `Add roles to ${MEMBERS} members` });
  await expect(confirm).toBeVisible();
  expect(await holders()).toBe(0);

  expect(await axeInBothThemes(page)).toEqual({});
  await page.screenshot({ path: test.info().outputPath('users-bulk-1280-light.png') });
  await switchTheme(page, 'dark');
  await page.screenshot({ path: test.info().outputPath('users-bulk-1280-dark.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(confirm).toBeInViewport();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
  await page.screenshot({ path: test.info().outputPath('users-bulk-390-dark.png') });
  await switchTheme(page, 'light');
  await page.screenshot({ path: test.info().outputPath('users-bulk-390-light.png') });
  await page.setViewportSize({ width: 1280, height: 720 });

  await confirm.click();
  await expect(dialog).toBeHidden();
  const toast = page.locator('.MuiSnackbar-root').filter({ hasText: `Add roles: ${MEMBERS} members changed.` });
  await expect(toast).toBeVisible();
  expect(await holders()).toBe(MEMBERS);
  await expect(selection).toBeHidden();

  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText(`Undone: ${MEMBERS} members as they were.`)).toBeVisible();
  expect(await holders()).toBe(0);
});
