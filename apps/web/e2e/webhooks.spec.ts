import http from 'node:http';
import type { Page } from '@playwright/test';
import type { WebhookPayload } from '@team-access/contract';
import { Webhook as Verifier } from 'standardwebhooks';
import { axeInBothThemes, E2E_OWNER, expect, OWNER_STORAGE_STATE, switchTheme, test, unique } from './fixtures.ts';
import { ShellPage } from './pages/shell.page.ts';

const SHOTS = process.env.E2E_SCREENSHOTS;
/** The receiver's port: the webhook e2e range is 3470-3489 (the IAM tests use 3470-3477). */
const RECEIVER_PORT = Number(process.env.E2E_WEBHOOK_RECEIVER_PORT ?? 3480);

async function shot(page: Page, name: string, theme: 'light' | 'dark') {
  if (!SHOTS) return;
  await switchTheme(page, theme);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await switchTheme(page, 'light');
}

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A receiver this test runs on loopback (the e2e IAM runs with WEBHOOK_ALLOW_PRIVATE=true). */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(RECEIVER_PORT, '127.0.0.1', resolve));
  return { received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

test.describe('webhooks', () => {
  test.use({ storageState: OWNER_STORAGE_STATE });

  test('the owner adds a webhook, copies its secret, sends a test event that the receiver gets with a valid signature and the deliveries list shows delivered, then deletes it; axe in both themes, a phone with no sideways scroll', async ({
    page,
  }) => {
    // Many steps (axe four times in two themes, a delivery and a redelivery): room on a loaded machine.
    test.slow();
    const receiver = await startReceiver();
    try {
      const url = `http://127.0.0.1:${RECEIVER_PORT}/hooks/${unique()}`;
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto('/overview');
      const shell = new ShellPage(page);
      await shell.open('Webhooks');

      // Add: address, description, the default events (every one but sign-ins).
      await page.getByRole('button', { name: 'Add webhook' }).first().click();
      const form = page.getByRole('dialog', { name: 'Add a webhook' });
      await expect(form.getByRole('checkbox', { name: /Signed in/ })).not.toBeChecked();
      await expect(form.getByRole('checkbox', { name: /^Added \(user\.created\)/ })).toBeChecked();
      // A bad address is refused at the field, before anything is sent.
      await form.getByRole('textbox', { name: 'Address (URL)' }).fill('ftp://example.com');
      await form.getByRole('button', { name: 'Add webhook' }).click();
      await expect(form.getByText('Use an http:// or https:// address')).toBeVisible();
      await form.getByRole('textbox', { name: 'Address (URL)' }).fill(url);
      await form.getByRole('textbox', { name: 'Description' }).fill('E2E receiver');
      expect(await axeInBothThemes(page)).toEqual({});
      await form.getByRole('button', { name: 'Add webhook' }).click();

      // The secret, shown once.
      const secretDialog = page.getByRole('dialog', { name: `Signing secret of ${url}` });
      const secret = (await secretDialog.getByLabel('Signing secret').textContent()) ?? '';
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(await axeInBothThemes(page)).toEqual({});
      await secretDialog.getByRole('button', { name: 'Done' }).click();
      await expect(secretDialog).toBeHidden();

      const card = page.getByRole('region', { name: `Webhook ${url}` });
      await expect(card.getByText('Active')).toBeVisible();
      await expect(card.getByText('E2E receiver')).toBeVisible();
      // The secret is not in the page any more.
      expect(await page.content()).not.toContain(secret);

      // Send a test event: the receiver gets it, signed.
      await card.getByRole('button', { name: 'Send test event' }).click();
      await expect(page.getByText(`A test event is on its way to ${url}`)).toBeVisible();
      await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(0);
      const got = receiver.received[0] as Received;
      const payload = new Verifier(secret).verify(got.body, got.headers) as WebhookPayload;
      expect(payload).toMatchObject({
        type: 'webhook.test',
        data: { source: 'console', actor: { email: E2E_OWNER.email }, subject: { type: 'webhook', name: url } },
      });
      expect(() => new Verifier(secret).verify(`${got.body} `, got.headers)).toThrow();

      // The deliveries list shows it delivered, with its try.
      await card.getByRole('button', { name: 'Show deliveries' }).click();
      const deliveries = card.getByRole('list', { name: `Deliveries to ${url}` });
      await expect(deliveries.getByRole('listitem').first()).toContainText('Delivered', { timeout: 15_000 });
      await expect(deliveries.getByRole('listitem').first()).toContainText('webhook.test');
      await expect(deliveries.getByRole('listitem').first()).toContainText('HTTP 204');
      await shot(page, 'webhooks-1440-light', 'light');
      expect(await axeInBothThemes(page)).toEqual({});

      // Redeliver: the receiver gets the same message again.
      await deliveries.getByRole('button', { name: /^Redeliver webhook\.test/ }).click();
      await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
      expect(receiver.received[1]?.headers['webhook-id']).toBe(got.headers['webhook-id']);

      // Pause and resume.
      await card.getByRole('button', { name: 'Pause' }).click();
      await expect(card.getByText('Paused')).toBeVisible();
      await card.getByRole('button', { name: 'Resume' }).click();
      await expect(card.getByText('Active')).toBeVisible();

      // A phone: everything fits the width.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(card).toBeVisible();
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
        .toBe(0);
      await shot(page, 'webhooks-390-dark', 'dark');
      await page.setViewportSize({ width: 1440, height: 900 });

      // Delete, after a confirm that names the address.
      await card.getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('dialog', { name: `Delete the webhook ${url}?` });
      await confirm.getByRole('button', { name: 'Delete webhook' }).click();
      await expect(card).toBeHidden();
    } finally {
      await receiver.close();
    }
  });
});
