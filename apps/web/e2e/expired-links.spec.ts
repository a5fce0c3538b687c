import { createHash } from 'node:crypto';
import pg from 'pg';
import { axeViolations, E2E_PORT, e2eDatabaseUrl, expect, OWNER_STORAGE_STATE, test, unique } from './fixtures.ts';
import { inviteByApi, requestResetLink, tokenOf } from './pages/public-links.page.ts';
import { createMember } from './pages/users.page.ts';

// Runs only when the e2e IAM API is on PostgreSQL (TEST_DATABASE_URL; playwright.config.ts leaves
// this file out otherwise): the IAM API's clock cannot be moved, so the test moves the expiry.

/** Moves the expiry of the link's row into the past, straight in the run's database. */
async function expire(table: 'invitations' | 'password_reset_tokens', link: string): Promise<void> {
  const url = e2eDatabaseUrl(E2E_PORT);
  if (!url) throw new Error('expired-links.spec.ts needs TEST_DATABASE_URL');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const digest = createHash('sha256').update(tokenOf(link), 'utf8').digest();
    const { rowCount } = await client.query(
      `update ${table} set expires_at = now() - interval '1 minute' where token_hash = $1`,
      [digest],
    );
    expect(rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

test.describe('expired links', () => {
  test('an expired invitation and an expired reset link each show their page, in both themes', async ({
    browser,
    mailbox,
  }, testInfo) => {
    test.slow();
    const owner = await (await browser.newContext({ storageState: OWNER_STORAGE_STATE })).newPage();
    const member = `expired-reset.${unique()}@example.com`;
    await createMember(owner, { email: member });
    const invitation = await inviteByApi(owner, mailbox, { email: `expired-invite.${unique()}@example.com` });
    const resetLink = await requestResetLink(owner.request, mailbox, member);
    await owner.context().close();
    await expire('invitations', invitation.link);
    await expire('password_reset_tokens', resetLink);

    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme: theme });
      const page = await context.newPage();

      await page.goto(invitation.link);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('This invitation has expired');
      await expect(page.getByText('Ask the person who invited you to send a new one')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`invitation-expired-${theme}.png`), fullPage: true });

      await page.goto(resetLink);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('This reset link has expired');
      await expect(page.getByText('A reset link works for 1 hour.')).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`reset-expired-${theme}.png`), fullPage: true });
      await page.getByRole('link', { name: 'Request a new link' }).click();
      await expect(page).toHaveURL(/\/forgot-password$/);
      await context.close();
    }
  });
});
