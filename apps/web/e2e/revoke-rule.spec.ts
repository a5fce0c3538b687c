import { ADMIN_STORAGE_STATE, expect, OWNER_STORAGE_STATE, test, unique } from './fixtures.ts';
import { PermissionsPage } from './pages/permissions.page.ts';
import { assignRole, createRole, RolesPage } from './pages/roles.page.ts';
import { createMember, UsersPage } from './pages/users.page.ts';

/**
 * ADR 017: an ADMIN revokes only the permissions they hold, as they grant only those; ADR 018: an
 * owner's cells are granted by the access level and switched by nobody. The run's ADMIN holds only
 * Ignite (E2E_ADMIN); the owner sets up a member and a role for them to look at.
 */
const REVOKE = 'You can revoke only permissions you hold yourself.';

test.describe('the revoke rule, as an ADMIN holding only Ignite sees it', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('the matrix, a member page and the role grid offer only Ignite, the rest read-only with the reason', async ({
    page,
    browser,
  }) => {
    const token = `rv${unique()}`;
    const rita = `Rita ${token}`;
    const member = await createMember(page, {
      email: `rita.${token}@example.com`,
      firstName: 'Rita',
      lastName: token,
      permissions: { ignite: true, journey: true },
    });
    const roleName = `Billing ${token}`;
    const role = await createRole(page, { name: roleName, permissions: ['billing'] });
    await assignRole(page, role.id, member.id);
    await createMember(page, {
      email: `owen.${token}@example.com`,
      firstName: 'Owen',
      lastName: token,
      role: 'OWNER',
    });

    const context = await browser.newContext({ storageState: ADMIN_STORAGE_STATE });
    const admin = await context.newPage();

    // The matrix: Ignite switches both ways; Journeys, on and not held, is read-only and says why.
    const matrix = new PermissionsPage(admin);
    await matrix.gotoSearch(token, 2);
    const journeys = matrix.cell('Journeys', rita);
    await expect(journeys).toHaveAttribute('aria-checked', 'true');
    await expect(journeys).toHaveAttribute('aria-disabled', 'true');
    await expect(journeys).toHaveAccessibleName(`Journeys, ${rita}, granted, read-only: ${REVOKE}`);
    await journeys.hover();
    await expect(admin.getByText(REVOKE)).toBeVisible();
    const ignite = matrix.cell('Ignite', rita);
    await ignite.click();
    await expect(ignite).toHaveAttribute('aria-checked', 'false');
    await ignite.click();
    await expect(ignite).toHaveAttribute('aria-checked', 'true');
    // An owner's row: every cell granted by the access level, read-only.
    const owned = matrix.cell('Journeys', `Owen ${token}`);
    await expect(owned).toHaveAttribute('aria-checked', 'true');
    await expect(owned).toHaveAttribute('aria-disabled', 'true');

    // A column revoke leaves out the holders of a permission the admin does not hold.
    await matrix.columnHeader('Journeys').click();
    const nothing = matrix.toast('Nothing to change in Journeys');
    await expect(nothing).toContainText(`1 member is left out: ${REVOKE}`);
    await expect(nothing).toContainText('1 member is left out: An owner holds every permission');

    // The member page: the role carrying Billing cannot be taken away, and says why.
    await admin.goto(`/users/${member.id}`);
    const remove = admin.getByRole('button', { name: `Remove role ${roleName}` });
    await expect(remove).toBeDisabled();
    await expect(remove).toHaveAccessibleDescription(
      `Role "${roleName}" carries billing, which you do not hold, so you cannot take it away`,
    );

    // The edit dialog: Journeys stays on, read-only; Ignite can be switched.
    const users = new UsersPage(admin);
    await users.goto(`?search=rita.${token}`);
    await users.openActions(rita);
    await admin.getByRole('menuitem', { name: 'Edit' }).click();
    await expect(users.dialog().getByRole('checkbox', { name: 'Journeys' })).toBeChecked();
    await expect(users.dialog().getByRole('checkbox', { name: 'Journeys' })).toBeDisabled();
    await expect(users.dialog().getByRole('checkbox', { name: 'Ignite' })).toBeEnabled();
    await users.dialog().getByRole('button', { name: 'Cancel' }).click();

    // The role grid: Billing, in the role and not held, cannot be taken out; Ignite can be put in.
    const roles = new RolesPage(admin);
    await admin.goto(`/roles/${role.id}`);
    await expect(roles.cell(roleName, 'Billing')).toHaveAttribute('aria-checked', 'true');
    await expect(roles.cell(roleName, 'Billing')).toHaveAttribute('aria-disabled', 'true');
    await expect(roles.cell(roleName, 'Ignite')).not.toHaveAttribute('aria-disabled', 'true');
    // Deleting it would take Billing out: the Delete button is off and says why.
    const deleteRole = admin.getByRole('button', { name: 'Delete', exact: true });
    await expect(deleteRole).toBeDisabled();
    await expect(deleteRole).toHaveAccessibleDescription(
      `You can put in a role, and take out of one, only permissions you hold yourself. Role "${roleName}" carries billing, which you do not hold, so you cannot delete it.`,
    );

    await context.close();
  });
});
