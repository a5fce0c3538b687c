import { axeInBothThemes, expect, OWNER_STORAGE_STATE, test, unique } from './fixtures.ts';
import { addOrganizationMember, createOrganization, OrganizationsPage } from './pages/organizations.page.ts';
import { createRole } from './pages/roles.page.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createMember, MEMBER_PASSWORD } from './pages/users.page.ts';

test.describe("an ORG_USER_MANAGER's view of their organization", () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('they edit and remove ORG_MEMBERs within what they hold, and nothing of the organization, its admins or owners', async ({
    page,
    browser,
  }) => {
    // Two people in two browsers, both themes checked: more than the default 30 s on a shared machine.
    test.slow();
    const tag = unique();
    const name = `Newsroom ${tag}`;
    const organization = await createOrganization(page, name);
    const managerEmail = `usermanager.${tag}@example.com`;
    const manager = await createMember(page, {
      email: managerEmail,
      firstName: 'Uma',
      lastName: `Manager ${tag}`,
      permissions: { ignite: true },
    });
    const mia = await createMember(page, { email: `mia.${tag}@example.com`, firstName: 'Mia', lastName: tag });
    const ola = await createMember(page, { email: `ola.${tag}@example.com`, firstName: 'Ola', lastName: tag });
    await createRole(page, { name: `Editors ${tag}`, permissions: ['ignite'] });
    await createRole(page, { name: `Finance ${tag}`, permissions: ['billing'] });
    await addOrganizationMember(page, organization.id, { userId: manager.id, orgRole: 'ORG_USER_MANAGER' });
    await addOrganizationMember(page, organization.id, { userId: mia.id, orgRole: 'ORG_MEMBER' });
    await addOrganizationMember(page, organization.id, { userId: ola.id, orgRole: 'ORG_ADMIN' });

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const uma = await context.newPage();
    const signIn = new SignInPage(uma);
    await signIn.goto();
    await signIn.signIn(managerEmail, MEMBER_PASSWORD);
    await expect(uma).toHaveURL(/\/organizations$/);
    await expect(new ShellPage(uma).navigation().getByRole('link')).toHaveText([
      'Organizations',
      'Invites',
      'Audit',
      'My profile',
    ]);

    // Their organization: no details, delete or add; no actions on its owner and admin.
    const hers = new OrganizationsPage(uma);
    await hers.open(name);
    await expect(hers.member(name, `Uma Manager ${tag}`)).toContainText('User manager');
    for (const button of ['Edit', 'Delete', 'Add member']) {
      await expect(uma.getByRole('button', { name: button, exact: true })).toHaveCount(0);
    }
    await expect(uma.getByRole('button', { name: `Actions for Ola ${tag}` })).toHaveCount(0);
    await expect(uma.getByRole('button', { name: `Actions for Uma Manager ${tag}` })).toHaveCount(0);

    // An ORG_MEMBER: edit profile and roles, or remove; no org role to change.
    await hers.openMemberActions(`Mia ${tag}`);
    await expect(uma.getByRole('menuitem')).toHaveText(['Edit profile and roles', 'Remove from organization']);
    await uma.getByRole('menuitem', { name: 'Edit profile and roles' }).click();
    const dialog = uma.getByRole('dialog', { name: `Edit Mia ${tag}` });
    await expect(dialog.getByLabel('First name')).toBeFocused();
    // A role carrying a permission Uma does not hold is shown read-only, with the reason.
    await expect(dialog.getByRole('checkbox', { name: `Finance ${tag}` })).toBeDisabled();
    await expect(dialog).toContainText(`Role "Finance ${tag}" grants billing, which you do not hold`);
    await dialog.getByLabel('First name').fill('Mila');
    await dialog.getByRole('checkbox', { name: `Editors ${tag}` }).check();
    expect(await axeInBothThemes(uma)).toEqual({});
    await uma.screenshot({ path: `test-results/org-user-manager-edit-${tag}.png` });
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect(uma.getByText(`Mila ${tag} was saved`)).toBeVisible();
    await expect(hers.member(name, `Mila ${tag}`)).toBeVisible();

    // The owner sees what Uma changed.
    const saved = await page.request.get(`/api/iam/multi-user/${mia.id}`, { headers: { 'x-csrf': '1' } });
    expect(await saved.json()).toMatchObject({ firstName: 'Mila' });
    expect((await saved.json()).groups).toHaveLength(1);

    expect(await axeInBothThemes(uma)).toEqual({});
    await uma.screenshot({ path: `test-results/org-user-manager-page-${tag}.png`, fullPage: true });

    // At 390 px the page fits, with no sideways scroll.
    await uma.setViewportSize({ width: 390, height: 844 });
    await expect(hers.members(name)).toBeVisible();
    const overflow = await uma.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await uma.screenshot({ path: `test-results/org-user-manager-390-${tag}.png`, fullPage: true });

    // Removing is confirmed by name.
    await hers.openMemberActions(`Mila ${tag}`);
    await uma.getByRole('menuitem', { name: 'Remove from organization' }).click();
    const confirm = uma.getByRole('dialog', { name: `Remove Mila ${tag} from ${name}?` });
    await confirm.getByRole('button', { name: 'Remove member' }).click();
    await expect(uma.getByText(`Mila ${tag} was removed from ${name}`)).toBeVisible();
    await expect(hers.member(name, `Mila ${tag}`)).toHaveCount(0);
    await context.close();
  });
});
