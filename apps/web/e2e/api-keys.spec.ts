import { axeInBothThemes, E2E_OWNER, expect, OWNER_STORAGE_STATE, switchTheme, test, unique } from './fixtures.ts';

/** The IAM API the e2e system runs (the BFF's upstream), called directly as a client's program would. */
const IAM_URL = `http://127.0.0.1:${Number(process.env.E2E_IAM_PORT ?? 4100)}`;
const PHONE = { width: 390, height: 844 };

const basic = (keyId: string, secret: string) => `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}`;

test.describe('API keys', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('an owner creates an API key, a program calls the IAM API with it within its scope, and after revoking it the program gets 401', async ({
    page,
    request,
  }) => {
    test.slow(); // axe in both themes on the list, the dialog and the secret step, and a phone check
    const name = `Member sync ${unique()}`;
    await page.goto('/settings');
    const card = page.getByRole('region', { name: 'API keys' });
    await expect(card.getByRole('button', { name: 'Create API key' })).toBeVisible();
    await expect(card.getByText(/Loading API keys/)).toHaveCount(0);
    expect(await axeInBothThemes(page)).toEqual({});

    await card.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    // Nothing chosen: the form names what is missing and sends nothing.
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await expect(dialog.getByText('Enter a name')).toBeVisible();
    await expect(dialog.getByText('Choose at least one scope')).toBeVisible();
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('checkbox', { name: /^users:read/ }).check();
    await dialog.getByRole('radio', { name: /^30 days/ }).check();
    expect(await axeInBothThemes(page)).toEqual({});
    await page.screenshot({ path: '/work/shots/apikeys-create-dialog-1440-light.png' });
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('dialog', { name: `API key ${name} is ready` });
    await expect(shown.getByText('shown only this once')).toBeVisible();
    const codes = shown.locator('code');
    const keyId = (await codes.nth(0).textContent()) ?? '';
    const secret = (await codes.nth(1).textContent()) ?? '';
    expect(keyId).toMatch(/^tak_/);
    expect(secret).toMatch(/^tas_/);
    await expect(shown.getByRole('button', { name: 'Copy secret' })).toBeVisible();
    expect(await axeInBothThemes(page)).toEqual({});
    await shown.getByRole('button', { name: 'Done' }).click();

    // The list: name, status, scopes, who made it, expiry and "Never used"; never the secret.
    const item = card.getByRole('listitem', { name });
    await expect(item).toContainText('Active');
    await expect(item).toContainText('users:read');
    await expect(item).toContainText(`by ${E2E_OWNER.email}`);
    await expect(item).toContainText('Expires');
    await expect(item).toContainText('Never used');
    await expect(page.getByText(secret)).toHaveCount(0);

    // A program uses it, as the tenant's credentials are used: within its scope it works…
    const users = await request.get(`${IAM_URL}/v2/client/multi-user`, {
      headers: { authorization: basic(keyId, secret) },
    });
    expect(users.status()).toBe(200);
    expect(((await users.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    // …outside it, a 403 naming the scope it lacks.
    const roles = await request.get(`${IAM_URL}/v2/client/roles`, { headers: { authorization: basic(keyId, secret) } });
    expect(roles.status()).toBe(403);
    expect(((await roles.json()) as { detail: string }).detail).toContain('roles:read');

    await page.reload();
    await expect(item).toContainText('Last used');
    await page.screenshot({ path: '/work/shots/apikeys-list-1440-light.png', fullPage: true });
    await switchTheme(page, 'dark');
    await page.setViewportSize(PHONE);
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
      .toBe(0);
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/work/shots/apikeys-list-390-dark.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await switchTheme(page, 'light');

    // Revoke, after a confirm that names the key: the program's next call is a 401.
    await item.getByRole('button', { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke API key ${name}?` });
    await expect(confirm).toContainText(keyId);
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await expect(item).toContainText('Revoked');
    await expect(item.getByRole('button', { name: `Revoke ${name}` })).toHaveCount(0);
    const after = await request.get(`${IAM_URL}/v2/client/multi-user`, {
      headers: { authorization: basic(keyId, secret) },
    });
    expect(after.status()).toBe(401);

    // The audit log tells it in sentences.
    await page.goto('/audit');
    await expect(page.getByText(`revoked the API key ${name}`).first()).toBeVisible();
    await expect(
      page.getByText(new RegExp(`created the API key ${name} for users:read, valid until`)).first(),
    ).toBeVisible();
  });
});
