import { expect, OWNER_STORAGE_STATE, test, unique } from './fixtures.ts';
import { InvitesPage } from './pages/invites.page.ts';
import { createOrganization, OrganizationsPage } from './pages/organizations.page.ts';
import { AcceptInvitationPage, INVITATION_MAIL_SUBJECT } from './pages/public-links.page.ts';
import { createRole } from './pages/roles.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';

const ALICE_PASSWORD = 'alice chose a long passphrase';

test.describe('an invitation, from the Invites screen to a first sign-in', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('the owner invites alice with a role and an organization; alice follows the mailed link in her own browser, sets a password, signs in and has exactly what was granted', async ({
    page,
    browser,
    mailbox,
  }) => {
    // Two people, two browsers, a mail over SMTP and a dozen screens.
    test.slow();
    const token = `st${unique()}`;
    const alice = `alice.${token}@example.com`;
    const role = `Editors ${token}`;
    const organization = `Acme ${token}`;
    await createRole(page, { name: role, permissions: ['journey', 'Checkout'] });
    await createOrganization(page, organization);
    await createOrganization(page, `Elsewhere ${token}`);

    // The owner invites alice: tenant member, the Editors role, org admin of Acme.
    const invites = new InvitesPage(page);
    await invites.goto();
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    await page.keyboard.type(`${alice} `);
    await expect(invites.chip(alice)).toBeVisible();
    await invites.inviteDialog().getByRole('combobox', { name: 'Roles' }).click();
    await page.getByRole('option', { name: new RegExp(role) }).click();
    await page.keyboard.press('Escape');
    await invites
      .inviteDialog()
      .getByRole('combobox', { name: /^Organization/ })
      .fill(token);
    await page.getByRole('option', { name: new RegExp(organization) }).click();
    await invites
      .inviteDialog()
      .getByRole('radio', { name: /^Org admin/ })
      .check();
    await invites.inviteDialog().getByRole('button', { name: 'Send invitation' }).click();
    await expect(invites.toast(new RegExp(alice))).toBeVisible();
    await invites.search().fill(token);
    await expect(invites.row(alice)).toContainText('Pending');

    // The mail arrives over SMTP, names the inviter's team and the organization, and holds the link.
    const mail = await mailbox.waitForMail(alice, { subject: INVITATION_MAIL_SUBJECT });
    expect(mail.subject).toContain(organization);
    expect(mail.text).toContain('e2e-owner@example.com');
    const link = mailbox.linkIn(mail, '/invitations/accept');

    // Alice opens it in her own browser: who invited her, to what; she sets her names and a password.
    const hers = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const alicePage = await hers.newPage();
    await alicePage.goto(link);
    const accept = new AcceptInvitationPage(alicePage);
    await expect(accept.detail('Organization')).toContainText(organization);
    await expect(alicePage.getByText('e2e-owner@example.com')).toBeVisible();
    await accept.createAccount({ firstName: 'Alice', lastName: token, password: ALICE_PASSWORD });

    // The sign-in page knows her address; the new password works.
    await expect(alicePage).toHaveURL(/\/sign-in/);
    await expect(alicePage.getByLabel('Email')).toHaveValue(alice);
    await new SignInPage(alicePage).signIn(alice, ALICE_PASSWORD);

    // Exactly what was granted: org admin of Acme only (the other organization is not hers)…
    await expect(alicePage).toHaveURL(/\/organizations$/);
    const organizations = new OrganizationsPage(alicePage);
    await expect(organizations.table().getByRole('row')).toHaveCount(2);
    await expect(organizations.row(organization)).toBeVisible();
    await organizations.open(organization);
    await expect(organizations.member(organization, `Alice ${token}`)).toContainText('Org admin');
    // …and on her profile, a member with the role's two permissions, named by the role.
    await alicePage.getByRole('link', { name: 'My profile' }).click();
    const permissions = alicePage.getByRole('region', { name: 'Permissions' });
    for (const permission of ['Journeys', 'Checkout']) {
      await expect(permissions.getByRole('listitem').filter({ hasText: permission })).toContainText(
        `Granted by ${role}`,
      );
    }
    // Nothing else: two of the catalog's permissions, both from the role.
    await expect(permissions).toContainText('2 of 24 granted');
    await hers.close();

    // The owner sees the invitation accepted; its link is spent.
    await page.reload();
    await expect(invites.row(alice)).toContainText('Accepted');
    const again = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
    await again.goto(link);
    await expect(again.getByRole('heading', { level: 1 })).toHaveText('This invitation was already accepted');
  });
});
