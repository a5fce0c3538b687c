import { expect, type Page } from '@playwright/test';

/** The Audit screen: its filters, its events (one list item each) and their details. */
export class AuditPage {
  constructor(readonly page: Page) {}

  readonly search = () => this.page.getByRole('searchbox', { name: 'Search' });
  readonly events = () => this.page.getByRole('list', { name: 'Events, newest first' });
  /** The entry whose sentence contains `text`. */
  readonly event = (text: string | RegExp) => this.events().getByRole('listitem').filter({ hasText: text }).first();
  readonly revertDialog = () => this.page.getByRole('dialog', { name: /^Revert the change to/ });

  async goto(query = '') {
    await this.page.goto(`/audit${query}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  }

  /** Opens an entry's details (before → after) and returns them. */
  async details(text: string | RegExp) {
    const entry = this.event(text);
    await entry.getByRole('button', { name: /^Show details/ }).click();
    const diff = entry.getByRole('definition').first();
    await expect(diff).toBeVisible();
    return entry;
  }
}
