import { expect, type Page } from '@playwright/test';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A role as the tests create them through the BFF (the same API the screens use). */
export async function createRole(
  page: Page,
  role: { name: string; description?: string; permissions?: string[] },
): Promise<{ id: string; version: number }> {
  const response = await page.request.post('/api/iam/roles', { headers: { 'x-csrf': '1' }, data: role });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

export async function assignRole(page: Page, roleId: string, userId: string): Promise<void> {
  const response = await page.request.put(`/api/iam/roles/${roleId}/members/${userId}`, {
    headers: { 'x-csrf': '1' },
  });
  expect(response.status(), await response.text()).toBe(200);
}

export class RolesPage {
  constructor(readonly page: Page) {}

  readonly table = () => this.page.getByRole('table', { name: 'Roles' });
  readonly row = (name: string) => this.table().getByRole('row').filter({ hasText: name });
  readonly dialog = () => this.page.getByRole('dialog');
  readonly grid = (role: string) => this.page.getByRole('grid', { name: `Permissions of the role ${role}` });
  /** A role's toggle for a permission, in the role page's grid. */
  readonly cell = (role: string, permission: string) =>
    this.grid(role).getByRole('checkbox', {
      name: new RegExp(`^${escapeRegExp(permission)}, ${escapeRegExp(role)}(,|$)`),
    });
  /** The Roles screen's "Permissions by role" view: every role a row. */
  readonly byRole = () => this.page.getByRole('grid', { name: 'Permissions by role' });
  readonly byRoleCell = (role: string, permission: string) =>
    this.byRole().getByRole('checkbox', {
      name: new RegExp(`^${escapeRegExp(permission)}, ${escapeRegExp(role)}(,|$)`),
    });
  readonly toast = (text: string | RegExp) => this.page.locator('.MuiSnackbar-root').filter({ hasText: text });

  async goto() {
    await this.page.goto('/roles');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Roles' })).toBeVisible();
  }

  async gotoByRole() {
    await this.page.goto('/roles?view=grid');
    await expect(this.byRole()).toBeVisible();
  }

  async gotoRole(id: string, name: string, tab: 'permissions' | 'members' = 'permissions') {
    await this.page.goto(`/roles/${id}${tab === 'members' ? '?tab=members' : ''}`);
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  async openActions(name: string) {
    await this.page.getByRole('button', { name: `Actions for ${name}` }).click();
  }
}
