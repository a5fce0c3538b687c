import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import pg from 'pg';
import {
  axeInBothThemes,
  axeViolations,
  E2E_PORT,
  e2eDatabaseUrl,
  expect,
  OWNER_STORAGE_STATE,
  switchTheme,
  test,
  unique,
} from './fixtures.ts';
import { createInvitation, InvitesPage, revokeInvitation } from './pages/invites.page.ts';
import { addOrganizationMember, createOrganization } from './pages/organizations.page.ts';
import { createRole } from './pages/roles.page.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { createMember, MEMBER_PASSWORD } from './pages/users.page.ts';

const SHOTS = process.env.E2E_SCREENSHOTS;

/** A screenshot for people to look at; a dialog is shot as the screen shows it, not over the whole page. */
async function shot(page: Page, name: string, { fullPage = true } = {}) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

/** A CSV of 50 people, of which rows 11, 21 and 31 are bad: an address, a role name, an organization slug. */
function csvOf50(token: string, slug: string, role: string): { text: string; bad: string[] } {
  const bad: string[] = [];
  const rows = Array.from({ length: 50 }, (_, i) => {
    const row = i + 2;
    const email = `csv${i}.${token}@example.com`;
    if (row === 11) {
      bad.push(`bad-address-${token}`);
      return `bad-address-${token},MEMBER,,,,`;
    }
    if (row === 21) {
      bad.push(email);
      return `${email},MEMBER,No such role ${token},,,`;
    }
    if (row === 31) {
      bad.push(email);
      return `${email},MEMBER,,no-such-org-${token},,`;
    }
    return `${email},${i % 5 ? 'MEMBER' : 'ADMIN'},${i % 2 ? role : ''},${i % 3 ? '' : slug},${i % 3 ? '' : 'ORG_MEMBER'},${i % 4 ? '' : '14'}`;
  });
  return { text: `email,role,roles,organization,organizationRole,expiresInDays\n${rows.join('\n')}\n`, bad };
}

test.describe('invites', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('the invite dialog takes several addresses, marks a bad one as it is typed, and sends the good ones with a role and an organization', async ({
    page,
  }) => {
    // A dialog filled field by field and an axe run: more than the default 30 s on a shared machine.
    test.slow();
    const token = `iv${unique()}`;
    const organization = await createOrganization(page, `Acme ${token}`);
    await createRole(page, { name: `Support ${token}`, permissions: ['journey'] });
    const invites = new InvitesPage(page);
    await invites.goto();
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    await expect(invites.addresses()).toBeFocused();

    // Typed: each address becomes a chip when a separator ends it, checked at once.
    await page.keyboard.type(`ann.${token}@example.com, bad@ ben.${token}@example.com;ANN.${token}@example.com `);
    await expect(invites.chip(`ann.${token}@example.com`)).toBeVisible();
    await expect(invites.chip(`ben.${token}@example.com`)).toBeVisible();
    await expect(invites.chip('bad@')).toHaveAccessibleName(/bad@, not valid: Enter a valid email address/);
    // The second Ann, in capitals, was merged into the first.
    await expect(invites.inviteDialog().getByRole('button', { name: /example\.com/ })).toHaveCount(2);
    await expect(invites.inviteDialog()).toContainText(
      'One address is not valid: bad@ (Enter a valid email address). Fix or remove it.',
    );
    await invites
      .inviteDialog()
      .getByRole('radio', { name: /^Admin/ })
      .check();
    await invites.inviteDialog().getByRole('combobox', { name: 'Roles' }).click();
    await page.getByRole('option', { name: new RegExp(`Support ${token}`) }).click();
    await page.keyboard.press('Escape');
    await invites
      .inviteDialog()
      .getByRole('combobox', { name: /^Organization/ })
      .fill(token);
    await page.getByRole('option', { name: new RegExp(`Acme ${token}`) }).click();
    await invites
      .inviteDialog()
      .getByRole('radio', { name: /^Org admin/ })
      .check();
    await invites.addresses().scrollIntoViewIfNeeded();
    await shot(page, 'invites-dialog-chips', { fullPage: false });
    expect(await axeViolations(page)).toEqual([]);

    // Sending with the bad chip is refused at the field; removing it lets the two go in one request.
    await invites.inviteDialog().getByRole('button', { name: 'Send 3 invitations' }).click();
    await expect(invites.addresses()).toHaveAttribute('aria-invalid', 'true');
    await invites.chip('bad@').locator('.MuiChip-deleteIcon').click();
    await invites.inviteDialog().getByRole('button', { name: 'Send 2 invitations' }).click();
    await expect(invites.toast('Invitations sent to 2 people')).toBeVisible();
    await expect(invites.inviteDialog()).toBeHidden();

    await invites.search().fill(token);
    await expect(page).toHaveURL(new RegExp(`search=${token}`));
    await expect(invites.table().getByRole('row')).toHaveCount(3);
    for (const name of ['ann', 'ben']) {
      const row = invites.row(`${name}.${token}@example.com`);
      await expect(row).toContainText('Pending');
      await expect(row).toContainText('Admin');
      await expect(row).toContainText(`Role Support ${token}`);
      await expect(row).toContainText(`Acme ${token} · Org admin`);
      await expect(row).toContainText('Expires in 6 days');
    }
    expect(organization.id).toBeTruthy();
  });

  test('a CSV of 50 rows with 3 bad ones gives 47 invites and 3 reported errors, with progress while sending', async ({
    page,
  }) => {
    test.slow();
    const token = `cs${unique()}`;
    const organization = await createOrganization(page, `Csv ${token}`);
    const role = `Csv role ${token}`;
    await createRole(page, { name: role, permissions: ['journey'] });
    const { text, bad } = csvOf50(token, organization.slug, role);
    const invites = new InvitesPage(page);
    await invites.goto();
    await page.getByRole('button', { name: 'Upload CSV' }).click();
    await expect(page.getByRole('dialog', { name: 'Upload a CSV of people to invite' })).toBeVisible();
    await invites.chooseCsv(`people-${token}.csv`, text);

    const dialog = page.getByRole('dialog', { name: 'Upload a CSV of people to invite' });
    await expect(dialog.getByText('47 ready, 3 with errors')).toBeVisible();
    await dialog.getByRole('switch', { name: 'Only rows with errors' }).check();
    const preview = dialog.getByRole('table', { name: 'Rows of the file' });
    await expect(preview.getByRole('row')).toHaveCount(4);
    await expect(preview).toContainText('email: Enter a valid email address.');
    await expect(preview).toContainText(`roles: there is no role named "No such role ${token}".`);
    await expect(preview).toContainText(
      `organization: there is no organization "no-such-org-${token}" you can invite into.`,
    );
    await shot(page, 'invites-csv-preview', { fullPage: false });
    expect(await axeViolations(page)).toEqual([]);

    // The second chunk waits until the progress bar has been seen at 25 of 47.
    let releaseSecond: () => void = () => {};
    const secondMayGo = new Promise<void>((resolve) => {
      releaseSecond = resolve;
    });
    let chunks = 0;
    await page.route('**/api/iam/invitations/bulk', async (route) => {
      chunks += 1;
      if (chunks === 2) await secondMayGo;
      await route.continue();
    });
    await dialog.getByRole('button', { name: 'Send 47 invitations' }).click();
    const sending = page.getByRole('dialog', { name: 'Sending invitations' });
    const progress = sending.getByRole('progressbar', { name: 'Sending invitations' });
    await expect(progress).toHaveAttribute('aria-valuetext', '25 of 47');
    await expect(sending).toContainText('Sent 25 of 47');
    await shot(page, 'invites-csv-progress', { fullPage: false });
    releaseSecond();

    const done = page.getByRole('dialog', { name: 'Invitations from the file' });
    await expect(done.getByRole('status')).toHaveText('47 invitations sent. 3 failed.');
    await expect(done.getByRole('table', { name: 'Not sent' }).getByRole('row')).toHaveCount(4);
    await shot(page, 'invites-csv-summary', { fullPage: false });
    expect(chunks).toBe(2);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      done.getByRole('button', { name: 'Download report' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`people-${token}-report.csv`);
    const report = (await readFile((await download.path()) ?? '', 'utf8')).trim().split('\r\n');
    expect(report[0]).toBe('row,email,outcome,reason');
    expect(report.slice(1).map((line) => line.split(',').slice(0, 3))).toEqual([
      ['11', bad[0], 'Failed'],
      ['21', bad[1], 'Failed'],
      ['31', bad[2], 'Failed'],
    ]);
    await done.getByRole('button', { name: 'Done' }).click();

    // The 47 are listed.
    await invites.goto(`?search=${token}`);
    await expect(page.getByText('1–25 of 47 invitations')).toBeVisible();
  });

  test('resend and revoke ask first, name the address, and the status filter finds each kind', async ({ page }) => {
    const token = `rr${unique()}`;
    const kept = await createInvitation(page, { email: `kept.${token}@example.com` });
    const gone = await createInvitation(page, { email: `gone.${token}@example.com` });
    const earlier = await createInvitation(page, { email: `earlier.${token}@example.com` });
    await revokeInvitation(page, earlier.id);
    const invites = new InvitesPage(page);
    await invites.goto(`?search=${token}`);
    await expect(invites.table().getByRole('row')).toHaveCount(4);
    await expect(invites.row(earlier.email)).toContainText('Revoked');
    // A revoked invitation offers nothing.
    await expect(page.getByRole('button', { name: `Actions for ${earlier.email}` })).toHaveCount(0);

    // Resend: the confirm names the address; sent a moment ago, the API refuses (429) and the toast says why.
    await invites.openActions(kept.email);
    await page.getByRole('menuitem', { name: 'Resend' }).click();
    const resend = page.getByRole('dialog', { name: `Resend the invitation to ${kept.email}?` });
    await expect(resend).toContainText('The link sent before stops working.');
    await shot(page, 'invites-resend-confirm', { fullPage: false });
    expect(await axeViolations(page)).toEqual([]);
    await resend.getByRole('button', { name: 'Resend invitation' }).click();
    await expect(invites.toast(/This invitation was just sent\. Resend it in \d+ seconds\./)).toBeVisible();
    await expect(resend).toBeHidden();

    // Revoke: confirmed, then its status changes and its actions go.
    await invites.openActions(gone.email);
    await page.getByRole('menuitem', { name: 'Revoke' }).click();
    const revoke = page.getByRole('dialog', { name: `Revoke the invitation to ${gone.email}?` });
    await expect(revoke).toContainText(`The link in the mail to ${gone.email} stops working`);
    await expect(revoke.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await revoke.getByRole('button', { name: 'Revoke invitation' }).click();
    await expect(invites.toast(`The invitation to ${gone.email} was revoked`)).toBeVisible();
    await expect(invites.row(gone.email)).toContainText('Revoked');
    await expect(page.getByRole('button', { name: `Actions for ${gone.email}` })).toHaveCount(0);

    // Resend many (ADR 042): select the rows, then the dry run says who would be mailed again and who
    // is skipped and why, before anything is sent.
    await invites.table().getByRole('checkbox', { name: 'Select all on this page' }).check();
    const selection = page.getByRole('region', { name: 'Selected invitations' });
    await expect(selection).toContainText('3 invitations selected');
    await selection.getByRole('button', { name: 'Resend…' }).click();
    const bulk = page.getByRole('dialog', { name: 'Resend: 3 invitations selected' });
    await expect(bulk).toContainText('The selection is 3 invitations now');
    await expect(bulk).toContainText('Skipped — Withdrawn (2)');
    await expect(bulk).toContainText(`gone.${token}@example.com: This invitation was revoked`);
    expect(await axeInBothThemes(page)).toEqual({});
    await shot(page, 'invites-bulk-resend-1280-light', { fullPage: false });
    await switchTheme(page, 'dark');
    await shot(page, 'invites-bulk-resend-1280-dark', { fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(bulk.getByRole('button', { name: 'Cancel' })).toBeInViewport();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await shot(page, 'invites-bulk-resend-390-dark', { fullPage: false });
    await switchTheme(page, 'light');
    await page.setViewportSize({ width: 1280, height: 720 });
    await bulk.getByRole('button', { name: 'Cancel' }).click();
    await expect(bulk).toBeHidden();
    for (const width of [1440, 1920, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await expect(selection.getByRole('button', { name: 'Resend…' })).toBeInViewport();
      await shot(page, `invites-selection-${width}`, { fullPage: false });
    }
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    await selection.getByRole('button', { name: 'Clear selection' }).click();
    await expect(selection).toBeHidden();

    // The status filter, kept in the address.
    await invites.filterStatus('Revoked');
    await expect(page).toHaveURL(/status=revoked/);
    await expect(invites.table().getByRole('row')).toHaveCount(3);
    await expect(invites.row(kept.email)).toHaveCount(0);
    await invites.filterStatus('Pending');
    await expect(invites.table().getByRole('row')).toHaveCount(2);
    await expect(invites.row(kept.email)).toContainText('Pending');
    await invites.filterStatus('Accepted');
    await expect(page.getByRole('heading', { name: 'No invitations match' })).toBeVisible();
    await shot(page, 'invites-no-match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/invites$/);
  });

  test('resending more than 1,000 invitations runs as a job, and its outcome file has a row per invitation', async ({
    page,
  }) => {
    // A job needs more than 1,000 rows, seeded with SQL: only when the e2e IAM API is on PostgreSQL
    // (as expired-links.spec.ts; CI sets TEST_DATABASE_URL).
    const url = e2eDatabaseUrl(E2E_PORT);
    test.skip(!url, 'needs the e2e IAM API on PostgreSQL (TEST_DATABASE_URL)');
    test.slow();
    const token = `jb${unique()}`;
    const pending = [
      await createInvitation(page, { email: `p1.${token}@example.com` }),
      await createInvitation(page, { email: `p2.${token}@example.com` }),
    ];
    const client = new pg.Client({ connectionString: url as string });
    await client.connect();
    try {
      // 1,000 accepted ones (skipped), and the two pending ones sent long enough ago to be resent.
      await client.query(
        `insert into invitations (id, tenant_id, email, role, token_hash, status, expires_at, accepted_at, created_at)
         select gen_random_uuid(), i.tenant_id, 'a' || n || '.' || $2 || '@example.com', 'MEMBER',
                sha256(($2 || n)::bytea), 'accepted', now(), now(), now() - interval '1 hour'
           from (select tenant_id from invitations where id = $1) i, generate_series(1, 1000) n`,
        [pending[0]?.id, token],
      );
      await client.query(
        `update invitations set last_sent_at = now() - interval '2 minutes' where id = any($1::uuid[])`,
        [pending.map((p) => p?.id)],
      );
    } finally {
      await client.end();
    }
    const invites = new InvitesPage(page);
    await invites.goto(`?search=${token}`);
    await invites.table().getByRole('checkbox', { name: 'Select all on this page' }).check();
    const selection = page.getByRole('region', { name: 'Selected invitations' });
    await selection.getByRole('button', { name: 'Select all 1,002 invitations matching this filter' }).click();
    await expect(selection).toContainText('All 1,002 invitations matching this filter are selected');
    await selection.getByRole('button', { name: 'Resend…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resend: all 1,002 invitations matching this filter' });
    await expect(dialog).toContainText('Skipped — Accepted already (1,000)');
    await dialog.getByRole('button', { name: 'Resend 2 invitations' }).click();
    await expect(dialog).toContainText('Done: 2 invitations resent, 1,000 skipped, 0 failed.', { timeout: 60_000 });
    await shot(page, 'invites-resend-job-done', { fullPage: false });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download outcome' }).click(),
    ]);
    const lines = (await readFile(await download.path(), 'utf8'))
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toBe('"email","invitationId","outcome","reason"');
    expect(lines).toHaveLength(1003);
    for (const p of pending) {
      expect(lines.find((l) => l.includes(`"${p?.id}"`))).toMatch(/"changed","resent: pending, sent 1 time/);
    }
    expect(lines.filter((l) => /"skipped","accepted: /.test(l))).toHaveLength(1000);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  });

  test('an org admin gets the Invites screen for their organization only, and invites members into it', async ({
    page,
    browser,
  }) => {
    test.slow();
    const token = `oa${unique()}`;
    const mine = await createOrganization(page, `Mine ${token}`);
    const theirs = await createOrganization(page, `Theirs ${token}`);
    const olga = await createMember(page, { email: `olga.${token}@example.com`, firstName: 'Olga', lastName: token });
    await addOrganizationMember(page, mine.id, { userId: olga.id, orgRole: 'ORG_ADMIN' });
    await createInvitation(page, { email: `in-mine.${token}@example.com`, organizationId: mine.id });
    await createInvitation(page, { email: `in-theirs.${token}@example.com`, organizationId: theirs.id });

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const hers = await context.newPage();
    const signIn = new SignInPage(hers);
    await signIn.goto();
    await signIn.signIn(`olga.${token}@example.com`, MEMBER_PASSWORD);
    const shell = new ShellPage(hers);
    await expect(shell.navigation().getByRole('link')).toHaveText(['Organizations', 'Invites', 'Audit', 'My profile']);
    await shell.open('Invites');
    const invites = new InvitesPage(hers);
    await invites.search().fill(token);
    await expect(invites.row(`in-mine.${token}@example.com`)).toBeVisible();
    await expect(invites.row(`in-theirs.${token}@example.com`)).toHaveCount(0);

    await hers.getByRole('button', { name: 'Invite people' }).first().click();
    const dialog = invites.inviteDialog();
    await expect(dialog.getByRole('combobox', { name: /^Organization/ })).toHaveValue(`Mine ${token}`);
    await expect(dialog.getByRole('radiogroup', { name: 'Access level' })).toHaveCount(0);
    await expect(dialog.getByRole('combobox', { name: 'Roles' })).toHaveCount(0);
    await expect(dialog.getByRole('radio', { name: /^Org owner/ })).toHaveCount(0);
    await invites.addresses().fill(`new.${token}@example.com`);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await expect(invites.toast(`Invitation sent to new.${token}@example.com`)).toBeVisible();
    await expect(invites.row(`new.${token}@example.com`)).toContainText(`Mine ${token} · Org member`);
    await context.close();
  });

  test('has no axe violations in the light and dark themes: the list, its empty state and both dialogs', async ({
    page,
  }) => {
    test.slow();
    const token = `ax${unique()}`;
    await createInvitation(page, { email: `axe.${token}@example.com`, role: 'ADMIN' });
    const revoked = await createInvitation(page, { email: `axe2.${token}@example.com` });
    await revokeInvitation(page, revoked.id);
    const invites = new InvitesPage(page);
    await invites.goto(`?search=${token}`);
    await expect(invites.row(`axe.${token}@example.com`)).toContainText('Expires in 6 days');
    expect(await axeInBothThemes(page)).toEqual({});
    await shot(page, 'invites-list-light');

    await invites.goto(`?search=nobody-${token}`);
    await expect(page.getByRole('heading', { name: 'No invitations match' })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await shot(page, 'invites-empty');

    await invites.goto(`?search=${token}`);
    await page.getByRole('button', { name: 'Invite people' }).first().click();
    await invites.addresses().pressSequentially(`one.${token}@example.com, nope@ `);
    await expect(invites.chip('nope@')).toBeVisible();
    await invites
      .inviteDialog()
      .getByRole('button', { name: /Direct permissions/ })
      .click();
    expect(await axeInBothThemes(page)).toEqual({});
    await switchTheme(page, 'dark');
    await shot(page, 'invites-dialog-dark', { fullPage: false });
    await switchTheme(page, 'light');
    await invites.inviteDialog().getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Upload CSV' }).click();
    const upload = page.getByRole('dialog', { name: 'Upload a CSV of people to invite' });
    await expect(upload.getByRole('button', { name: 'Choose a file' })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await invites.chooseCsv('axe.csv', `email,role\nok.${token}@example.com,MEMBER\nbroken,OWNERS\n`);
    await expect(upload.getByText('1 ready, 1 with an error')).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
  });
});
