import { expect, type Page } from '@playwright/test';

/** An invitation as the tests send them through the BFF (the same API the screens use). */
export interface NewInvitation {
  email: string;
  role?: 'OWNER' | 'ADMIN' | 'MEMBER';
  groups?: string[];
  permissions?: Record<string, boolean>;
  organizationId?: string;
  organizationRole?: 'ORG_OWNER' | 'ORG_ADMIN' | 'ORG_MEMBER';
  expiresInDays?: number;
}

export async function createInvitation(page: Page, invitation: NewInvitation): Promise<{ id: string; email: string }> {
  const response = await page.request.post('/api/iam/invitations', {
    headers: { 'x-csrf': '1', 'Idempotency-Key': crypto.randomUUID() },
    data: invitation,
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

export async function revokeInvitation(page: Page, id: string): Promise<void> {
  const response = await page.request.post(`/api/iam/invitations/${id}/revoke`, { headers: { 'x-csrf': '1' } });
  expect(response.status(), await response.text()).toBe(200);
}

export class InvitesPage {
  constructor(readonly page: Page) {}

  readonly table = () => this.page.getByRole('table', { name: 'Invitations' });
  readonly row = (email: string) => this.table().getByRole('row').filter({ hasText: email });
  readonly search = () => this.page.getByRole('searchbox', { name: 'Search' });
  readonly statusFilter = () => this.page.getByRole('combobox', { name: 'Status' });
  readonly inviteDialog = () => this.page.getByRole('dialog', { name: 'Invite people' });
  readonly addresses = () => this.inviteDialog().getByRole('combobox', { name: /^Email addresses/ });
  /** A chip of the address field; an invalid one's name says "not valid" and why. */
  readonly chip = (address: string) =>
    this.inviteDialog().getByRole('button', { name: new RegExp(`^${address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  readonly toast = (text: string | RegExp) => this.page.locator('.MuiSnackbar-root').filter({ hasText: text });

  async goto(query = '') {
    await this.page.goto(`/invites${query}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Invites' })).toBeVisible();
  }

  async filterStatus(label: 'All' | 'Pending' | 'Accepted' | 'Revoked' | 'Expired') {
    await this.statusFilter().click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
  }

  async openActions(email: string) {
    await this.page.getByRole('button', { name: `Actions for ${email}` }).click();
  }

  /** Chooses a file in the Upload CSV dialog (the hidden file input behind "Choose a file"). */
  async chooseCsv(name: string, text: string) {
    await this.page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  }
}
