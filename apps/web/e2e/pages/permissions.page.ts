import { expect, type Page } from '@playwright/test';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class PermissionsPage {
  constructor(readonly page: Page) {}

  readonly grid = () => this.page.getByRole('grid', { name: 'Permissions of team members' });
  /** A member's toggle for a permission, by the permission's label and the member's name. */
  readonly cell = (permission: string, member: string) =>
    this.grid().getByRole('checkbox', {
      name: new RegExp(`^${escapeRegExp(permission)}, ${escapeRegExp(member)}(,|$)`),
    });
  readonly columnHeader = (permission: string) =>
    this.grid().getByRole('columnheader', { name: permission, exact: true }).getByRole('button');
  readonly rowHeader = (member: string) =>
    this.grid()
      .getByRole('rowheader', { name: new RegExp(`^${escapeRegExp(member)}`) })
      .getByRole('button');
  readonly memberRows = () =>
    this.grid()
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader') });
  readonly dialog = () => this.page.getByRole('dialog');
  /** The toasts: successes are a status, refusals an alert. */
  readonly toast = (text: string | RegExp) => this.page.locator('.MuiSnackbar-root').filter({ hasText: text });

  async goto(query = '') {
    await this.page.goto(`/permissions${query}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Permissions' })).toBeVisible();
  }

  /** Opens the matrix showing only the members whose email contains `search`. */
  async gotoSearch(search: string, rows: number) {
    await this.goto(`?search=${encodeURIComponent(search)}`);
    await expect(this.memberRows()).toHaveCount(rows);
  }

  async expectGranted(permission: string, member: string, granted = true) {
    await expect(this.cell(permission, member)).toHaveAttribute('aria-checked', String(granted));
  }
}
