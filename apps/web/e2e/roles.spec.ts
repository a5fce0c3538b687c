import type { Page } from '@playwright/test';
import { axeInBothThemes, expect, OWNER_STORAGE_STATE, switchTheme, test, unique } from './fixtures.ts';
import { addOrganizationMember, createOrganization, OrganizationsPage } from './pages/organizations.page.ts';
import { PermissionsPage } from './pages/permissions.page.ts';
import { assignRole, createRole, RolesPage } from './pages/roles.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createMember, MEMBER_PASSWORD, UsersPage } from './pages/users.page.ts';

const SHOTS = process.env.E2E_SCREENSHOTS;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test.describe('roles', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('a role made on the Roles screen and given to a member shows as inherited in the matrix, and is not switchable there', async ({
    page,
    browser,
  }) => {
    // Two people in two browsers and a dozen screens: more than the default 30 s on a shared machine.
    test.slow();
    const token = `rl${unique()}`;
    const role = `Marketing ${token}`;
    const member = `Ada ${token}`;
    const ada = await createMember(page, { email: `ada.${token}@example.com`, firstName: 'Ada', lastName: token });

    const roles = new RolesPage(page);
    await roles.goto();
    await page.getByRole('button', { name: 'Create role' }).first().click();
    const dialog = roles.dialog();
    await dialog.getByLabel('Name').fill(role);
    await dialog.getByLabel('Description').fill('Campaigns and journeys');
    for (const permission of ['Journeys', 'Audience segments', 'Checkout']) {
      await dialog.getByRole('checkbox', { name: permission, exact: true }).check();
    }
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await expect(page.getByRole('heading', { level: 1, name: role })).toBeVisible();
    await expect(roles.toast(`Role ${role} was created`)).toBeVisible();
    for (const permission of ['Journeys', 'Audience segments', 'Checkout']) {
      await expect(roles.cell(role, permission)).toHaveAttribute('aria-checked', 'true');
    }
    await expect(roles.cell(role, 'Payments')).toHaveAttribute('aria-checked', 'false');

    // Members tab: find Ada and give her the role.
    await page.getByRole('tab', { name: /Members/ }).click();
    await expect(page.getByRole('heading', { name: 'Nobody holds this role yet' })).toBeVisible();
    await page.getByRole('button', { name: 'Add members' }).first().click();
    await roles.dialog().getByRole('searchbox', { name: 'Find a team member' }).fill(token);
    await roles
      .dialog()
      .getByRole('button', { name: `Add ${member} to ${role}` })
      .click();
    await expect(roles.dialog().getByText('Has the role')).toBeVisible();
    await roles.dialog().getByRole('button', { name: 'Done' }).click();
    await expect(
      page.getByRole('table', { name: `Members of ${role}` }).getByRole('link', { name: member }),
    ).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Members (1)' })).toBeVisible();

    // The matrix: the three cells are inherited, name the role, and do not switch.
    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(token, 1);
    for (const permission of ['Journeys', 'Audience segments', 'Checkout']) {
      const cell = matrix.cell(permission, member);
      await expect(cell).toHaveAttribute('aria-checked', 'true');
      await expect(cell).toHaveAttribute('aria-disabled', 'true');
      await expect(cell).toHaveAccessibleName(
        `${permission}, ${member}, granted by role ${role}, change it on the Roles screen`,
      );
    }
    const checkout = matrix.cell('Checkout', member);
    await checkout.hover();
    await expect(page.getByText(`Granted by role ${role} — change it on the Roles screen.`)).toBeVisible();
    // Playwright refuses to click an aria-disabled control; a person can: nothing changes, and it says why.
    await checkout.click({ force: true });
    await expect(matrix.explanation()).toContainText(`Granted by role ${role} — change it on the Roles screen.`);
    await page.keyboard.press('Escape');
    await expect(checkout).toBeFocused();
    await expect(checkout).toHaveAttribute('aria-checked', 'true');
    await expect(matrix.toast(/Revoked Checkout/)).toHaveCount(0);
    await matrix.expectGranted('Payments', member, false);
    // By keyboard alone: Space on the cell, Tab to the role's link, Enter opens the role.
    await page.keyboard.press('Space');
    const link = matrix.explanation().getByRole('link', { name: `Open the role ${role}` });
    await expect(link).toBeVisible();
    await shot(page, 'matrix-inherited');
    expect(await axeInBothThemes(page)).toEqual({});
    await page.keyboard.press('Tab');
    await expect(link).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: role })).toBeVisible();
    await expect(page).toHaveURL(/\/roles\/[0-9a-f-]{36}$/);

    // The whole story: Ada also becomes ORG_ADMIN of an organization, and in a browser of
    // her own sees only that organization and its members, and on her profile what Marketing gives her.
    const organization = `Acme ${token}`;
    const acme = await createOrganization(page, organization);
    await createOrganization(page, `Elsewhere ${token}`);
    await addOrganizationMember(page, acme.id, { userId: ada.id, orgRole: 'ORG_ADMIN' });
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const hers = await context.newPage();
    const signIn = new SignInPage(hers);
    await signIn.goto();
    await signIn.signIn(`ada.${token}@example.com`, MEMBER_PASSWORD);
    await expect(hers).toHaveURL(/\/organizations$/);
    const organizations = new OrganizationsPage(hers);
    await expect(organizations.table().getByRole('row')).toHaveCount(2);
    await expect(organizations.row(organization)).toBeVisible();
    await organizations.open(organization);
    await expect(organizations.members(organization).getByRole('row')).toHaveCount(3);
    await expect(organizations.member(organization, member)).toContainText('Org admin');
    await hers.getByRole('link', { name: 'My profile' }).click();
    for (const permission of ['Journeys', 'Audience segments', 'Checkout']) {
      await expect(hers.getByRole('region', { name: 'Permissions' })).toContainText(permission);
    }
    await expect(hers.getByRole('region', { name: 'Permissions' })).toContainText(role);
    await context.close();
  });

  test('a change in the role grid reaches its members, and a stale grid reloads instead of overwriting', async ({
    page,
    browser,
  }) => {
    const token = `rg${unique()}`;
    const role = `Support ${token}`;
    const member = await createMember(page, {
      email: `grace.${token}@example.com`,
      firstName: 'Grace',
      lastName: token,
    });
    const created = await createRole(page, { name: role, permissions: ['journey'] });
    await assignRole(page, created.id, member.id);

    const roles = new RolesPage(page);
    await roles.gotoRole(created.id, role);
    // Keyboard: the grid has one tab stop; arrows move, Space switches.
    await roles.cell(role, 'Journeys').focus();
    await page.keyboard.press('ArrowRight');
    await expect(roles.cell(role, 'Login settings')).toBeFocused();
    await page.keyboard.press('Space');
    await expect(roles.cell(role, 'Login settings')).toHaveAttribute('aria-checked', 'true');
    // The toast says whom the change reaches: the role's one holder.
    await expect(roles.toast(`Added Login settings to ${role}: applies to the member who holds it`)).toBeVisible();
    // Quick clicks on several cells all land, in order.
    for (const permission of ['Ignite', 'Payments', 'Taxation', 'Export']) await roles.cell(role, permission).click();
    await roles.cell(role, 'Journeys').click();
    await expect(roles.toast(`Removed Journeys from ${role}`)).toBeVisible();
    // Undo, as in the users' matrix: Webhooks goes in, then back out.
    await roles.cell(role, 'Webhooks').click();
    await roles.toast(`Added Webhooks to ${role}`).getByRole('button', { name: 'Undo' }).click();
    await expect(
      roles.toast(`Undone: Webhooks is out of ${role} again, applies to the member who holds it`),
    ).toBeVisible();
    await expect(roles.cell(role, 'Webhooks')).toHaveAttribute('aria-checked', 'false');
    await page.reload();
    await expect(roles.cell(role, 'Webhooks')).toHaveAttribute('aria-checked', 'false');
    for (const permission of ['Login settings', 'Ignite', 'Payments', 'Taxation', 'Export']) {
      await expect(roles.cell(role, permission)).toHaveAttribute('aria-checked', 'true');
    }
    await expect(roles.cell(role, 'Journeys')).toHaveAttribute('aria-checked', 'false');
    await shot(page, 'role-grid');

    // The member holds exactly the role's permissions now.
    const matrix = new PermissionsPage(page);
    await matrix.gotoSearch(token, 1);
    await expect(matrix.cell('Export', `Grace ${token}`)).toHaveAttribute('aria-checked', 'true');
    await expect(matrix.cell('Journeys', `Grace ${token}`)).toHaveAttribute('aria-checked', 'false');

    // Another admin changes the role meanwhile: this grid's next write is refused (412) and reloads.
    await roles.gotoRole(created.id, role);
    const other = await browser.newContext({ storageState: OWNER_STORAGE_STATE });
    const otherPage = await other.newPage();
    await otherPage.goto('/roles');
    const current = await (
      await otherPage.request.get(`/api/iam/roles/${created.id}`, { headers: { 'x-csrf': '1' } })
    ).json();
    const patched = await otherPage.request.patch(`/api/iam/roles/${created.id}`, {
      headers: { 'x-csrf': '1', 'If-Match': `"${current.version}"` },
      data: { permissions: ['webhooks'] },
    });
    expect(patched.status()).toBe(200);
    await other.close();
    await roles.cell(role, 'Billing').click();
    await expect(
      roles.toast(/was changed by someone else since you loaded it, so Billing was not added/),
    ).toBeVisible();
    await expect(roles.cell(role, 'Webhooks')).toHaveAttribute('aria-checked', 'true');
    await expect(roles.cell(role, 'Billing')).toHaveAttribute('aria-checked', 'false');
    await expect(roles.cell(role, 'Export')).toHaveAttribute('aria-checked', 'false');
  });

  test('the Permissions by role view switches cells of several roles by mouse and keyboard, and they persist', async ({
    page,
  }) => {
    const token = `rp${unique()}`;
    // One prefix: the two rows sit next to each other in the name-ordered grid.
    const first = `Grid ${token} A`;
    const second = `Grid ${token} B`;
    const created = await createRole(page, { name: first, permissions: ['journey'] });
    await createRole(page, { name: second });

    const roles = new RolesPage(page);
    await roles.goto();
    await page.getByRole('tab', { name: 'Permissions by role' }).click();
    await expect(page).toHaveURL(/[?&]view=grid/);
    await expect(roles.byRoleCell(first, 'Journeys')).toHaveAttribute('aria-checked', 'true');
    await expect(roles.byRoleCell(second, 'Journeys')).toHaveAttribute('aria-checked', 'false');

    // Mouse, in the first row.
    await roles.byRoleCell(first, 'Payments').click();
    await expect(roles.byRoleCell(first, 'Payments')).toHaveAttribute('aria-checked', 'true');
    await expect(roles.toast(`Added Payments to ${first}`)).toBeVisible();

    // Keyboard: down into the second row, Space; End and up to the first row's last column, Space.
    await roles.byRoleCell(first, 'Journeys').focus();
    await page.keyboard.press('ArrowDown');
    await expect(roles.byRoleCell(second, 'Journeys')).toBeFocused();
    await page.keyboard.press('Space');
    await expect(roles.byRoleCell(second, 'Journeys')).toHaveAttribute('aria-checked', 'true');
    await expect(roles.toast(`Added Journeys to ${second}`)).toBeVisible();
    await page.keyboard.press('Home');
    await expect(roles.byRole().getByRole('link', { name: new RegExp(`^${second}`) })).toBeFocused();
    await page.keyboard.press('End');
    const focused = page.locator(':focus');
    await expect(focused).toHaveAttribute('aria-label', new RegExp(`, ${second}$`));
    const last = (await focused.getAttribute('aria-label'))?.replace(`, ${second}`, '') ?? '';
    await page.keyboard.press('ArrowUp');
    await expect(roles.byRoleCell(first, last)).toBeFocused();
    await page.keyboard.press('Space');
    await expect(roles.byRoleCell(first, last)).toHaveAttribute('aria-checked', 'true');
    await expect(roles.toast(`Added ${last} to ${first}`)).toBeVisible();
    // PageDown from the first row reaches the second at least (a page is several rows).
    await page.keyboard.press('PageDown');
    await expect(focused).not.toHaveAttribute('aria-label', new RegExp(`, ${first}$`));

    // A reload opens the same view, from the server.
    await page.reload();
    await expect(roles.byRole()).toBeVisible();
    for (const permission of ['Journeys', 'Payments', last]) {
      await expect(roles.byRoleCell(first, permission)).toHaveAttribute('aria-checked', 'true');
    }
    await expect(roles.byRoleCell(second, 'Journeys')).toHaveAttribute('aria-checked', 'true');
    await expect(roles.byRoleCell(second, 'Payments')).toHaveAttribute('aria-checked', 'false');

    // The row header opens the role page, which shows the same role.
    await roles
      .byRole()
      .getByRole('link', { name: new RegExp(`^${first}`) })
      .click();
    await expect(page).toHaveURL(new RegExp(`/roles/${created.id}$`));
    await expect(roles.cell(first, 'Payments')).toHaveAttribute('aria-checked', 'true');
  });

  test('has no axe violations in the light and dark themes: Permissions by role', async ({ page }) => {
    const token = `rx${unique()}`;
    await createRole(page, { name: `View ${token}`, permissions: ['export', 'journey'] });
    const roles = new RolesPage(page);
    await roles.gotoByRole();
    await expect(page.getByRole('tab', { name: 'Permissions by role' })).toHaveAttribute('aria-selected', 'true');
    await expect(roles.byRoleCell(`View ${token}`, 'Export')).toHaveAttribute('aria-checked', 'true');
    await shot(page, 'roles-by-role-light');
    // The tooltip too: it is the only place a read-only cell says why.
    await roles.byRoleCell(`View ${token}`, 'Export').hover();
    expect(await axeInBothThemes(page)).toEqual({});
  });

  test('deleting a role in use shows who loses what, then deletes it with force', async ({ page }) => {
    const token = `rd${unique()}`;
    const role = `Finance ${token}`;
    const created = await createRole(page, { name: role, permissions: ['billing', 'payments'] });
    for (const name of ['Ann', 'Ben']) {
      const member = await createMember(page, {
        email: `${name.toLowerCase()}.${token}@example.com`,
        firstName: name,
        lastName: token,
        // Ben keeps Payments: he holds it directly.
        permissions: name === 'Ben' ? { payments: true } : {},
      });
      await assignRole(page, created.id, member.id);
    }
    const roles = new RolesPage(page);
    await roles.goto();
    // The Members column (the Permissions one also reads "2" until the catalog has loaded: "2 of 24").
    await expect(roles.row(role).getByRole('cell').nth(3)).toHaveText('2');
    await roles.openActions(role);
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = roles.dialog();
    await expect(dialog.getByRole('heading', { name: `Delete role ${role}?` })).toBeVisible();
    await expect(dialog).toContainText('2 members hold this role. 2 members lose Billing (2), Payments (1).');
    const confirm = dialog.getByRole('button', { name: 'Delete and take it from 2' });
    await expect(confirm).toBeVisible();
    await shot(page, 'delete-impact-confirm');
    await confirm.click();
    await expect(roles.toast(`Role ${role} was deleted`)).toBeVisible();
    await expect(roles.row(role)).toHaveCount(0);
  });

  test('roles are added to a selection of members from the users list, after a confirm that counts them', async ({
    page,
  }) => {
    const token = `rb${unique()}`;
    const role = `Editors ${token}`;
    const created = await createRole(page, { name: role, permissions: ['pdfManager'] });
    for (const name of ['Cy', 'Di', 'Ed']) {
      await createMember(page, {
        email: `${name.toLowerCase()}.${token}@example.com`,
        firstName: name,
        lastName: token,
      });
    }
    const users = new UsersPage(page);
    await users.goto(`?search=${token}`);
    await expect(users.table().getByRole('row')).toHaveCount(4);
    // Keyboard: select all on this page, then unselect Ed.
    await page.getByRole('checkbox', { name: 'Select all on this page' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('checkbox', { name: `Select Ed ${token}` }).focus();
    await page.keyboard.press('Space');
    await expect(page.getByText('2 members selected')).toBeVisible();
    await shot(page, 'users-selection');
    await page.getByRole('button', { name: 'Change roles' }).click();
    const dialog = users.dialog();
    await dialog.getByRole('radiogroup', { name: role }).getByRole('radio', { name: 'Add' }).check();
    await dialog.getByRole('button', { name: 'Review' }).click();
    await expect(dialog.getByRole('heading', { name: 'Change the roles of 2 members?' })).toBeVisible();
    await expect(dialog).toContainText(`Add ${role}.`);
    await dialog.getByRole('button', { name: 'Change 2 members' }).click();
    await expect(page.locator('.MuiSnackbar-root').filter({ hasText: 'Changed the roles of 2 members' })).toBeVisible();

    // The Role filter, kept in the address, lists exactly them.
    await users.goto(`?search=${token}&group=${created.id}`);
    await expect(users.table().getByRole('row')).toHaveCount(3);
    await expect(users.row(`Ed ${token}`)).toHaveCount(0);
    await expect(page.getByRole('combobox', { name: 'Role' })).toHaveText(role);
  });

  test('has no axe violations in the light and dark themes: roles list, role page, members tab and dialogs', async ({
    page,
  }) => {
    // Six pages and dialogs, each checked by axe in both themes.
    test.slow();
    const token = `ra${unique()}`;
    const role = `Audit ${token}`;
    const created = await createRole(page, { name: role, description: 'Reads reports', permissions: ['export'] });
    const member = await createMember(page, { email: `fay.${token}@example.com`, firstName: 'Fay', lastName: token });
    await assignRole(page, created.id, member.id);
    const roles = new RolesPage(page);
    await roles.goto();
    await expect(roles.row(role)).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await shot(page, 'roles-list-light');
    await switchTheme(page, 'dark');
    await shot(page, 'roles-list-dark');
    await switchTheme(page, 'light');
    await page.getByRole('button', { name: 'Create role' }).first().click();
    await expect(roles.dialog().getByRole('heading', { name: 'Create a role' })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await page.keyboard.press('Escape');
    await roles.openActions(role);
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await expect(roles.dialog()).toContainText('1 member holds this role');
    expect(await axeInBothThemes(page)).toEqual({});
    await roles.dialog().getByRole('button', { name: 'Cancel' }).click();

    await roles.gotoRole(created.id, role);
    await expect(roles.cell(role, 'Export')).toHaveAttribute('aria-checked', 'true');
    expect(await axeInBothThemes(page)).toEqual({});
    await page.getByRole('tab', { name: /Members/ }).click();
    await expect(page.getByRole('table', { name: `Members of ${role}` })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await shot(page, 'role-members');
    await page.getByRole('button', { name: `Remove Fay ${token} from ${role}` }).click();
    await expect(roles.dialog().getByRole('heading', { name: `Remove Fay ${token} from ${role}?` })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await roles.dialog().getByRole('button', { name: 'Remove from role' }).click();
    await expect(page.getByRole('heading', { name: 'Nobody holds this role yet' })).toBeVisible();
    await page.getByRole('button', { name: 'Add members' }).first().click();
    await expect(roles.dialog().getByRole('heading', { name: `Add members to ${role}` })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
  });
});
