import { expect, type Page } from '@playwright/test';

/** An organization as the tests create them through the BFF (the same API the screens use). */
export async function createOrganization(page: Page, name: string): Promise<{ id: string; slug: string }> {
  const response = await page.request.post('/api/iam/organizations', { headers: { 'x-csrf': '1' }, data: { name } });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

export async function addOrganizationMember(
  page: Page,
  organizationId: string,
  member: { userId: string; orgRole: 'ORG_OWNER' | 'ORG_ADMIN' | 'ORG_USER_MANAGER' | 'ORG_MEMBER' },
): Promise<void> {
  const response = await page.request.post(`/api/iam/organizations/${organizationId}/members`, {
    headers: { 'x-csrf': '1' },
    data: member,
  });
  expect(response.status(), await response.text()).toBe(201);
}

export class OrganizationsPage {
  constructor(readonly page: Page) {}

  readonly table = () => this.page.getByRole('table', { name: 'Organizations' });
  readonly search = () => this.page.getByRole('searchbox', { name: 'Search' });
  readonly row = (name: string) => this.table().getByRole('row').filter({ hasText: name });
  readonly dialog = () => this.page.getByRole('dialog');
  readonly members = (organization: string) => this.page.getByRole('table', { name: `Members of ${organization}` });
  readonly member = (organization: string, name: string) =>
    this.members(organization).getByRole('row').filter({ hasText: name });

  async goto(query = '') {
    await this.page.goto(`/organizations${query}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Organizations' })).toBeVisible();
  }

  async open(name: string) {
    await this.table().getByRole('link', { name }).click();
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  async openMemberActions(name: string) {
    await this.page.getByRole('button', { name: `Actions for ${name}` }).click();
  }
}
