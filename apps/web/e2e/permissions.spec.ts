import type { Page } from '@playwright/test';
import {
  animationsSettled,
  axeInBothThemes,
  expect,
  MEMBER_STORAGE_STATE,
  OWNER_STORAGE_STATE,
  test,
  unique,
} from './fixtures.ts';
import { PermissionsPage } from './pages/permissions.page.ts';
import { assignRole, createRole } from './pages/roles.page.ts';
import { createMember } from './pages/users.page.ts';

const SHOTS = process.env.E2E_SCREENSHOTS;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** Three members found by one search token: Ada, Grace (holding Journeys) and Alan. */
async function seedTeam(page: Page) {
  const token = `pm${unique()}`;
  const team = {
    token,
    ada: `Ada ${token}`,
    grace: `Grace ${token}`,
    alan: `Alan ${token}`,
  };
  await createMember(page, { email: `ada.${token}@example.com`, firstName: 'Ada', lastName: token });
  await createMember(page, {
    email: `grace.${token}@example.com`,
    firstName: 'Grace',
    lastName: token,
    permissions: { journey: true },
  });
  await createMember(page, { email: `alan.${token}@example.com`, firstName: 'Alan', lastName: token });
  return team;
}

test.describe('the permission matrix', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('a cell switches with the mouse and with the keyboard, and stays switched after a reload', async ({ page }) => {
    const team = await seedTeam(page);
    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(team.token, 3);
    await expect(matrix.grid()).toHaveAttribute('aria-rowcount', '5');
    // The selection column, the names, and the 24 permissions.
    await expect(matrix.grid()).toHaveAttribute('aria-colcount', '26');

    await matrix.cell('Journeys', team.ada).click();
    await matrix.expectGranted('Journeys', team.ada);
    await expect(matrix.toast(`Granted Journeys to ${team.ada}`)).toBeVisible();

    // One tab stop; arrows move, Space switches.
    await matrix.rowHeader(team.alan).focus();
    await page.keyboard.press('ArrowRight');
    await expect(matrix.cell('Ignite', team.alan)).toBeFocused();
    await page.keyboard.press('End');
    await expect(matrix.cell('PDF manager', team.alan)).toBeFocused();
    // Home goes to the row's first cell: its selection box, then the name, then the permissions.
    await page.keyboard.press('Home');
    await expect(matrix.selectBox(team.alan)).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(matrix.cell('Paywall builder', team.alan)).toBeFocused();
    await page.keyboard.press('Space');
    await matrix.expectGranted('Paywall builder', team.alan);
    await expect(matrix.toast(`Granted Paywall builder to ${team.alan}`)).toBeVisible();
    await page.keyboard.press('ArrowUp');
    await expect(matrix.cell('Paywall builder', team.ada)).toBeFocused();
    await expect(matrix.cell('Paywall builder', team.ada)).toHaveAttribute('tabindex', '0');
    await expect(matrix.cell('Paywall builder', team.alan)).toHaveAttribute('tabindex', '-1');

    await page.reload();
    await matrix.expectGranted('Journeys', team.ada);
    await matrix.expectGranted('Paywall builder', team.alan);
    await matrix.expectGranted('Paywall builder', team.ada, false);
  });

  test('ten quick switches on one row all land, and Undo reverts the last', async ({ page }) => {
    const team = await seedTeam(page);
    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(team.token, 3);
    const keys = [
      'Ignite',
      'Paywall builder',
      'Pop-up builder',
      'Newsletter builder',
      'Meter banner builder',
      'Audience segments',
      'Journeys',
      'Login settings',
      'Payments',
      'Taxation',
    ];
    for (const key of keys) await matrix.cell(key, team.ada).click();
    for (const key of keys) await matrix.expectGranted(key, team.ada);
    await expect(matrix.toast(`Granted Taxation to ${team.ada}`)).toBeVisible();
    await matrix.toast(`Granted Taxation to ${team.ada}`).getByRole('button', { name: 'Undo' }).click();
    await matrix.expectGranted('Taxation', team.ada, false);
    await expect(matrix.toast(`Undone: ${team.ada} no longer has Taxation`)).toBeVisible();

    await page.reload();
    for (const key of keys.slice(0, -1)) await matrix.expectGranted(key, team.ada);
    await matrix.expectGranted('Taxation', team.ada, false);
  });

  test('a change refused because another tab changed the member rolls back, says why and reloads the row', async ({
    page,
    context,
  }) => {
    const team = await seedTeam(page);
    const stale = new PermissionsPage(page);
    await stale.gotoSearch(team.token, 3);

    const other = new PermissionsPage(await context.newPage());
    await other.gotoSearch(team.token, 3);
    await other.cell('Ignite', team.ada).click();
    await other.expectGranted('Ignite', team.ada);
    await expect(other.toast(`Granted Ignite to ${team.ada}`)).toBeVisible();

    // This tab still shows the version before that change: the server answers 412.
    await stale.expectGranted('Ignite', team.ada, false);
    await stale.cell('Payments', team.ada).click();
    await expect(stale.toast(`${team.ada} changed since you loaded it, so Payments was not granted`)).toBeVisible();
    await stale.expectGranted('Payments', team.ada, false);
    await stale.expectGranted('Ignite', team.ada);

    // Reloaded: the next switch carries the new version and lands.
    await stale.cell('Payments', team.ada).click();
    await stale.expectGranted('Payments', team.ada);
    await expect(stale.toast(`Granted Payments to ${team.ada}`)).toBeVisible();
  });

  test('a column header grants to everyone shown after a confirm that counts the changes', async ({ page }) => {
    const team = await seedTeam(page);
    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(team.token, 3);

    await matrix.columnHeader('Journeys').click();
    const dialog = matrix.dialog();
    await expect(dialog.getByRole('heading', { name: 'Grant Journeys to 2 members?' })).toBeVisible();
    await expect(dialog).toContainText('1 already has it.');
    await dialog.getByRole('button', { name: 'Grant to 2 members' }).click();
    await expect(dialog).toBeHidden();
    await expect(matrix.toast('Granted Journeys to 2 members')).toBeVisible();
    for (const member of [team.ada, team.grace, team.alan]) await matrix.expectGranted('Journeys', member);

    // From the keyboard: Enter on a row header opens the row's confirm; Escape cancels it.
    await matrix.rowHeader(team.alan).focus();
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('heading', { name: 'Grant all 24 permissions to Alan' })).toBeVisible();
    await expect(dialog).toContainText('23 changes.');
    await expect(dialog).toContainText('1 already granted.');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(matrix.rowHeader(team.alan)).toBeFocused();

    await page.reload();
    for (const member of [team.ada, team.grace, team.alan]) await matrix.expectGranted('Journeys', member);
  });

  test('a permission granted by a role shows as inherited, says so, and does not switch', async ({ page }) => {
    const team = await seedTeam(page);
    // Roles arrive with issue 5: stand in for one by adding to Ada's effective permissions.
    await page.route('**/api/iam/multi-user?*', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      for (const user of body.items) if (user.firstName === 'Ada') user.effectivePermissions.push('ga4');
      await route.fulfill({ response, json: body });
    });
    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(team.token, 3);
    const cell = matrix.cell('Google Analytics 4', team.ada);
    await expect(cell).toHaveAttribute('aria-checked', 'true');
    await expect(cell).toHaveAttribute('aria-disabled', 'true');
    await expect(cell).toHaveAccessibleName(
      `Google Analytics 4, ${team.ada}, granted by a role, change it on the Roles screen`,
    );
    await cell.hover();
    await expect(page.getByText('Granted by a role — change it on the Roles screen.')).toBeVisible();
    let writes = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/permission-changes')) writes++;
    });
    // Read-only is aria-disabled (it stays focusable and explains itself): a click says why, in words
    // that stay (a tooltip does not, and a finger cannot hover).
    await cell.click({ force: true });
    await expect(matrix.explanation()).toContainText('Granted by a role — change it on the Roles screen.');
    await page.keyboard.press('Escape');
    await expect(matrix.explanation()).toBeHidden();
    await expect(cell).toBeFocused();
    await expect(cell).toHaveAttribute('aria-checked', 'true');
    expect(writes).toBe(0);
  });

  test('no match shows a clear-filters state, and the filters live in the address', async ({ page }) => {
    const matrix = new PermissionsPage(page);
    await matrix.goto('?search=nobody-matches-this&role=ADMIN');
    await expect(page.getByRole('heading', { name: 'No members match' })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Search members' })).toHaveValue('nobody-matches-this');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect(page).toHaveURL(/\/permissions$/);
    await expect(matrix.grid()).toBeVisible();
  });

  test('the Role filter shows exactly the role holders, survives a reload, and comes along from the users list', async ({
    page,
  }) => {
    const token = `pr${unique()}`;
    const role = `Editors ${token}`;
    await createMember(page, { email: `rita.${token}@example.com`, firstName: 'Rita', lastName: token });
    const holder = await createMember(page, { email: `hugo.${token}@example.com`, firstName: 'Hugo', lastName: token });
    const created = await createRole(page, { name: role, permissions: ['ga4'] });
    await assignRole(page, created.id, holder.id);

    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(token, 2);
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: role }).click();
    await expect(matrix.memberRows()).toHaveCount(1);
    await expect(matrix.rowHeader(`Hugo ${token}`)).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`[?&]group=${created.id}(&|$)`));
    await expect(page).toHaveURL(new RegExp(`[?&]search=${token}(&|$)`));

    await page.reload();
    await expect(matrix.memberRows()).toHaveCount(1);
    await expect(matrix.rowHeader(`Hugo ${token}`)).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Role' })).toHaveText(role);
    await expect(page.getByRole('searchbox', { name: 'Search members' })).toHaveValue(token);

    // The users list, filtered the same way, opens the matrix on the same members.
    await page.goto(`/users?search=${token}&group=${created.id}&sort=-createdAt`);
    await page.getByRole('link', { name: 'Open in the matrix' }).click();
    await expect(page).toHaveURL(new RegExp(`/permissions\\?search=${token}&group=${created.id}$`));
    await expect(matrix.memberRows()).toHaveCount(1);
    await expect(matrix.rowHeader(`Hugo ${token}`)).toBeVisible();

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/permissions$/);
    await expect(page.getByRole('combobox', { name: 'Role' })).not.toContainText(role);
  });

  test('uses the room it has: most permission columns in view at 1920 and 1440, one scroll area, last rows clear of the toast, a sticky name column at 390', async ({
    page,
  }) => {
    const team = await seedTeam(page);
    for (const name of ['Barbara', 'Edsger', 'Donald']) {
      await createMember(page, {
        email: `${name.toLowerCase()}.${team.token}@example.com`,
        firstName: name,
        lastName: team.token,
      });
    }
    const matrix = new PermissionsPage(page);
    for (const [width, height, least] of [
      [1920, 1080, 20],
      [1440, 900, 14],
      [1280, 800, 0],
    ] as const) {
      await page.setViewportSize({ width, height });
      await matrix.gotoSearch(team.token, 6);
      expect(await matrix.fullyVisibleColumns(), `${width} × ${height}`).toBeGreaterThanOrEqual(least);
      // The grid is the page's one scroll area: the page itself does not scroll.
      expect(await matrix.pageOverflow(), `${width} × ${height}`).toEqual({ down: 0, sideways: 0 });
      await shot(page, `matrix-${width}`);
    }

    // A short window: scrolled to the end, the last row stays clear of the toast its own change raises.
    await page.setViewportSize({ width: 1440, height: 620 });
    await matrix.gotoSearch(team.token, 6);
    await matrix.grid().evaluate((grid) => grid.parentElement?.scrollTo({ top: 100_000 }));
    const last = matrix.memberRows().last();
    const lastName = (await last.locator('.pm-name').textContent()) ?? '';
    await matrix.cell('Webhooks', lastName).click();
    const toast = matrix.toast(`Granted Webhooks to ${lastName}`);
    await expect(toast).toBeVisible();
    await animationsSettled(page);
    const [rowBox, toastBox] = [await last.boundingBox(), await toast.boundingBox()];
    expect(rowBox && toastBox && rowBox.y + rowBox.height <= toastBox.y).toBe(true);

    // A phone: no sideways page, and the names stay while the permissions scroll under them.
    await page.setViewportSize({ width: 390, height: 844 });
    await matrix.gotoSearch(team.token, 6);
    expect((await matrix.pageOverflow()).sideways).toBe(0);
    const name = matrix.rowHeader(team.ada);
    const before = await name.boundingBox();
    await matrix.grid().evaluate((grid) => grid.parentElement?.scrollTo({ left: 100_000 }));
    await expect(matrix.cell('PDF manager', team.ada)).toBeInViewport();
    expect((await name.boundingBox())?.x).toBe(before?.x);
    await shot(page, 'matrix-390');
  });

  test('members selected in the matrix get one permission after the server’s dry run, and Undo takes it back', async ({
    page,
  }) => {
    const team = await seedTeam(page);
    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(team.token, 3);
    await matrix.selectBox(team.ada).check();
    await matrix.selectBox(team.alan).click();
    const bar = page.getByRole('region', { name: 'Selected members' });
    await expect(bar).toContainText('2 members selected');
    // Every member loaded is all there is: nothing more to select.
    await expect(bar.getByRole('button', { name: /^Select all/ })).toHaveCount(0);
    // By keyboard: Space on a row's box selects, and again unselects.
    await matrix.selectBox(team.grace).focus();
    await page.keyboard.press('Space');
    await expect(bar).toContainText('3 members selected');
    await expect(matrix.selectBox(team.grace)).toBeChecked();
    await page.keyboard.press('Space');
    await expect(bar).toContainText('2 members selected');

    await matrix.columnHeader('Payments').click();
    const dialog = page.getByRole('dialog', { name: 'Payments: 2 selected members' });
    await expect(dialog).toContainText('The selection is 2 members now: 2 members will change.');
    await expect(dialog.getByRole('radio', { name: 'Grant' })).toBeChecked();
    await expect(dialog).toContainText(`${team.ada}: `);
    // Revoking would change nobody: the server says so, and the button is off.
    await dialog.getByRole('radio', { name: 'Revoke' }).check();
    await expect(dialog).toContainText('0 members will change, 2 will be skipped');
    await expect(dialog).toContainText('Skipped — Already so (2)');
    await expect(dialog.getByRole('button', { name: /^Revoke permissions from/ })).toBeDisabled();
    await dialog.getByRole('radio', { name: 'Grant' }).check();
    await expect(dialog.getByRole('button', { name: 'Grant permissions to 2 members' })).toBeEnabled();
    await shot(page, 'matrix-selection-dialog');
    expect(await axeInBothThemes(page)).toEqual({});
    await dialog.getByRole('button', { name: 'Grant permissions to 2 members' }).click();
    await expect(dialog).toBeHidden();
    await matrix.expectGranted('Payments', team.ada);
    await matrix.expectGranted('Payments', team.alan);
    await matrix.expectGranted('Payments', team.grace, false);
    // The selection stays for the next column.
    await expect(bar).toContainText('2 members selected');

    await matrix.toast('Granted Payments to 2 members').getByRole('button', { name: 'Undo' }).click();
    await expect(matrix.toast('Undone: 2 members as they were.')).toBeVisible();
    await matrix.expectGranted('Payments', team.ada, false);
    await matrix.expectGranted('Payments', team.alan, false);
    await page.reload();
    for (const member of [team.ada, team.grace, team.alan]) await matrix.expectGranted('Payments', member, false);
  });

  test('has no axe violations in the light and dark themes, with the grid and a confirm open', async ({ page }) => {
    const team = await seedTeam(page);
    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(team.token, 3);
    expect(await axeInBothThemes(page)).toEqual({});
    await matrix.columnHeader('Payments').click();
    await expect(matrix.dialog().getByRole('heading', { name: 'Grant Payments to 3 members?' })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
  });
});

test.describe('the permission matrix for a member', () => {
  // The run's MEMBER, signed in once by the setup project (E2E_MEMBER).
  test.use({ storageState: MEMBER_STORAGE_STATE });

  test('says only owners and admins see it', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/users/);
    await new PermissionsPage(page).goto();
    await expect(
      page.getByRole('heading', { name: 'Only owners and admins can see the permission matrix' }),
    ).toBeVisible();
    await expect(page.getByRole('grid')).toHaveCount(0);
  });
});
