import type { Page } from '@playwright/test';
import {
  animationsSettled,
  axeInBothThemes,
  E2E_OWNER,
  expect,
  OWNER_STORAGE_STATE,
  test,
  unique,
} from './fixtures.ts';
import { addOrganizationMember, createOrganization, OrganizationsPage } from './pages/organizations.page.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createMember, MEMBER_PASSWORD } from './pages/users.page.ts';

/** The owner creates an organization through the dialog; its page opens. */
async function createThroughDialog(page: Page, name: string) {
  const organizations = new OrganizationsPage(page);
  await organizations.goto();
  await page.getByRole('button', { name: 'Create organization' }).first().click();
  const dialog = organizations.dialog();
  await dialog.getByLabel(/^Name/).fill(name);
  await dialog.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(`${name} was created`)).toBeVisible();
  return page.url().split('/').at(-1) ?? '';
}

test.describe('organizations and their delegated admins', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('the owner creates an organization and adds an ORG_ADMIN, who sees only that organization and manages its members', async ({
    page,
    browser,
  }) => {
    // Two people in two browsers, a dozen screens: more than the default 30 s on a shared machine.
    test.slow();
    const tag = unique();
    const name = `Acme ${tag}`;
    const adminEmail = `orgadmin.${tag}@example.com`;
    await createMember(page, { email: adminEmail, firstName: 'Olga', lastName: `Admin ${tag}` });
    const plain = await createMember(page, { email: `orgmember.${tag}@example.com`, firstName: 'Omar', lastName: tag });
    const other = await createOrganization(page, `Other ${tag}`);

    // The slug is suggested from the name, and the creator becomes the first ORG_OWNER.
    const organizations = new OrganizationsPage(page);
    await organizations.goto();
    await page.getByRole('button', { name: 'Create organization' }).first().click();
    await organizations.dialog().getByLabel(/^Name/).fill(name);
    await expect(organizations.dialog().getByLabel(/^Slug/)).toHaveValue(`acme-${tag}`);
    await organizations.dialog().getByRole('button', { name: 'Create organization' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const organizationId = page.url().split('/').at(-1) ?? '';
    await expect(organizations.member(name, E2E_OWNER.email)).toContainText('Org owner');

    // Add Olga as ORG_ADMIN, found by searching the team.
    await page.getByRole('button', { name: 'Add member' }).click();
    const dialog = page.getByRole('dialog', { name: `Add a member to ${name}` });
    await dialog.getByRole('combobox', { name: 'Person' }).fill(`orgadmin.${tag}`);
    await page.getByRole('option', { name: new RegExp(`Olga Admin ${tag}`) }).click();
    await dialog.getByRole('radio', { name: /^Org admin/ }).check();
    await dialog.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByText(`Olga Admin ${tag} was added to ${name} as Org admin`)).toBeVisible();
    await expect(organizations.member(name, `Olga Admin ${tag}`)).toContainText('Org admin');
    // Searched again, Olga is marked as already a member and cannot be chosen twice.
    await page.getByRole('button', { name: 'Add member' }).click();
    await dialog.getByRole('combobox', { name: 'Person' }).fill(tag);
    const olgaOption = page.getByRole('option', { name: new RegExp(`Olga Admin ${tag}`) });
    await expect(olgaOption).toContainText('Already a member');
    await expect(olgaOption).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByRole('option', { name: new RegExp(`Omar ${tag}`) })).not.toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await addOrganizationMember(page, organizationId, { userId: plain.id, orgRole: 'ORG_MEMBER' });

    // The list counts the members.
    await organizations.goto(`?search=${tag}`);
    await expect(organizations.row(name)).toContainText('3');
    await expect(organizations.row(`Other ${tag}`)).toBeVisible();

    // Olga signs in, in a browser of her own: she lands on Organizations and sees only hers.
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const olga = await context.newPage();
    const signIn = new SignInPage(olga);
    await signIn.goto();
    await signIn.signIn(adminEmail, MEMBER_PASSWORD);
    await expect(olga).toHaveURL(/\/organizations$/);
    const hers = new OrganizationsPage(olga);
    await expect(hers.table().getByRole('row')).toHaveCount(2);
    await expect(hers.row(name)).toBeVisible();
    await expect(hers.row(`Other ${tag}`)).toHaveCount(0);
    await expect(olga.getByRole('button', { name: 'Create organization' })).toHaveCount(0);

    // The navigation offers only what she may use.
    const shell = new ShellPage(olga);
    await expect(shell.navigation().getByRole('link')).toHaveText(['Organizations', 'Invites', 'Audit', 'My profile']);

    // Her organization: members, and the ORG_MEMBER's role she may change; not the owner's.
    await hers.open(name);
    await expect(hers.members(name).getByRole('row')).toHaveCount(4);
    await expect(olga.getByRole('button', { name: 'Add member' })).toHaveCount(0);
    await expect(olga.getByRole('button', { name: 'Edit' })).toHaveCount(0);
    await expect(olga.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await expect(olga.getByRole('button', { name: `Actions for ${E2E_OWNER.email}` })).toHaveCount(0);
    await hers.openMemberActions(`Omar ${tag}`);
    await expect(olga.getByRole('menuitem', { name: 'Make org owner' })).toHaveCount(0);
    await olga.getByRole('menuitem', { name: 'Make org admin' }).click();
    await expect(olga.getByText(`Omar ${tag} is now Org admin`)).toBeVisible();
    await expect(hers.member(name, `Omar ${tag}`)).toContainText('Org admin');

    // The other organization is not found by its address; the screens she may not use are closed.
    await olga.goto(`/organizations/${other.id}`);
    await expect(shell.heading()).toHaveText('Organization not found');
    await olga.goto('/permissions');
    await expect(olga.getByRole('heading', { name: 'This screen is not available to you' })).toBeVisible();
    // Users too: the same words as every other screen she may not use, not a silent redirect.
    await olga.goto('/users');
    await expect(olga.getByRole('heading', { name: 'This screen is not available to you' })).toBeVisible();
    await expect(olga).toHaveURL(/\/users$/);

    // Her profile lists her organizations, and has no way to a team list she cannot open.
    await shell.navigation().getByRole('link', { name: 'My profile' }).click();
    const organizationsCard = olga.getByRole('region', { name: 'Organizations' });
    await expect(organizationsCard.getByRole('link', { name })).toHaveAttribute(
      'href',
      `/organizations/${organizationId}`,
    );
    await expect(organizationsCard).toContainText('Org admin');
    await expect(olga.getByRole('link', { name: 'All members' })).toHaveCount(0);
    await context.close();

    // The owner sees the change.
    await page.goto(`/organizations/${organizationId}`);
    await expect(organizations.member(name, `Omar ${tag}`)).toContainText('Org admin');
  });

  test('a taken slug is named under its field; removing a member and deleting are confirmed by name', async ({
    page,
  }) => {
    const tag = unique();
    const taken = await createOrganization(page, `Taken ${tag}`);
    const organizations = new OrganizationsPage(page);
    await organizations.goto();
    await page.getByRole('button', { name: 'Create organization' }).first().click();
    const dialog = organizations.dialog();
    await dialog.getByLabel(/^Name/).fill(`Fresh ${tag}`);
    await dialog.getByLabel(/^Slug/).fill(taken.slug);
    await dialog.getByRole('button', { name: 'Create organization' }).click();
    await expect(dialog.getByText('This slug is already in use')).toBeVisible();
    await expect(dialog.getByLabel(/^Slug/)).toBeFocused();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const name = `Taken ${tag}`;
    const person = await createMember(page, { email: `leaver.${tag}@example.com`, firstName: 'Lee', lastName: tag });
    await addOrganizationMember(page, taken.id, { userId: person.id, orgRole: 'ORG_MEMBER' });
    await page.goto(`/organizations/${taken.id}`);

    // Details are edited in place (sent with If-Match); the slug stays when the name changes.
    await page.getByRole('button', { name: 'Edit' }).click();
    const editing = page.getByRole('dialog', { name: `Edit ${name}` });
    await editing.getByLabel(/^Description/).fill('The team that took the slug');
    await editing.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText(`${name} was saved`)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Details' })).toContainText('The team that took the slug');

    await organizations.openMemberActions(`Lee ${tag}`);
    await page.getByRole('menuitem', { name: 'Remove from organization' }).click();
    const confirm = page.getByRole('dialog', { name: `Remove Lee ${tag} from ${name}?` });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Remove member' }).click();
    await expect(page.getByText(`Lee ${tag} was removed from ${name}`)).toBeVisible();
    await expect(organizations.member(name, `Lee ${tag}`)).toHaveCount(0);

    // The last org owner stays one: the menu says so instead of offering it.
    await organizations.openMemberActions(E2E_OWNER.email);
    const demote = page.getByRole('menuitem', { name: /^Make org member/ });
    await expect(demote).toHaveAttribute('aria-disabled', 'true');
    await expect(demote).toContainText('The only org owner: make someone else org owner first.');
    await animationsSettled(page);
    await page.screenshot({ path: test.info().outputPath('org-last-owner-menu.png') });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toBeHidden();

    await page.getByRole('button', { name: 'Delete' }).click();
    const deleting = page.getByRole('dialog', { name: `Delete ${name}?` });
    await expect(deleting).toContainText('its 1 member will no longer belong to it');
    await deleting.getByRole('button', { name: 'Delete organization' }).click();
    await expect(page).toHaveURL(/\/organizations$/);
    await expect(page.getByText(`${name} was deleted`)).toBeVisible();
    await page.goto(`/organizations/${taken.id}`);
    await expect(new ShellPage(page).heading()).toHaveText('Organization not found');
  });

  test('the list, the organization page and its dialogs have no axe violations in the light and dark themes', async ({
    page,
  }) => {
    const tag = unique();
    const name = `Axe ${tag}`;
    const organizations = new OrganizationsPage(page);
    await createThroughDialog(page, name);
    await organizations.goto();
    await expect(organizations.table()).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});

    // The create dialog, with a field error showing.
    await page.getByRole('button', { name: 'Create organization' }).first().click();
    await organizations.dialog().getByRole('button', { name: 'Create organization' }).click();
    await expect(organizations.dialog().getByText('Enter a name')).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await page.keyboard.press('Escape');

    await organizations.goto(`?search=${tag}`);
    await organizations.open(name);
    await expect(organizations.members(name)).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByRole('combobox', { name: 'Person' })).toBeFocused();
    expect(await axeInBothThemes(page)).toEqual({});
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('dialog', { name: `Delete ${name}?` })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
  });
});
