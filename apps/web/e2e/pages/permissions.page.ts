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
  /** A member's selection box, in the column before the names. */
  readonly selectBox = (member: string) => this.grid().getByRole('checkbox', { name: `Select ${member}`, exact: true });
  readonly dialog = () => this.page.getByRole('dialog');
  /** What a read-only cell says when clicked, tapped or switched with Space. */
  readonly explanation = () => this.page.getByRole('dialog', { name: 'Why this cannot change here' });
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

  /**
   * How many permission headers are wholly in view without scrolling sideways: inside the grid's
   * frame, right of the sticky names, and inside the window.
   */
  fullyVisibleColumns() {
    return this.grid().evaluate((grid) => {
      const frame = grid.parentElement as HTMLElement;
      const box = frame.getBoundingClientRect();
      const right = Math.min(box.left + frame.clientWidth, document.documentElement.clientWidth);
      const row = grid.querySelector('[aria-rowindex="2"]') as HTMLElement;
      const sticky = row.querySelector('.pm-sticky') as HTMLElement;
      const left = sticky.getBoundingClientRect().right;
      const headers = Array.from(row.querySelectorAll('[role="columnheader"]')).filter((h) =>
        h.querySelector('button'),
      );
      return headers.filter((h) => {
        const r = h.getBoundingClientRect();
        return r.left >= left - 0.5 && r.right <= right + 0.5 && r.top >= 0 && r.bottom <= window.innerHeight;
      }).length;
    });
  }

  /** How far the page itself scrolls, down and sideways (0 when the grid is its one scroll area). */
  pageOverflow() {
    return this.page.evaluate(() => {
      const { scrollHeight, clientHeight, scrollWidth, clientWidth } = document.documentElement;
      return { down: Math.max(0, scrollHeight - clientHeight), sideways: Math.max(0, scrollWidth - clientWidth) };
    });
  }

  async expectGranted(permission: string, member: string, granted = true) {
    await expect(this.cell(permission, member)).toHaveAttribute('aria-checked', String(granted));
  }
}
