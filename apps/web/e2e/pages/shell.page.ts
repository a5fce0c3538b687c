import { expect, type Page } from '@playwright/test';

export const SCREENS = [
  'Overview',
  'Users',
  'Permissions',
  'Roles',
  'Organizations',
  'Invites',
  'Audit',
  'Webhooks',
] as const;

export class ShellPage {
  constructor(readonly page: Page) {}

  readonly navigation = () => this.page.getByRole('navigation', { name: 'Main navigation' });
  readonly accountButton = () => this.page.getByRole('button', { name: /^Account menu for / });
  readonly heading = () => this.page.getByRole('heading', { level: 1 });

  async expectSignedInAs(email: string) {
    await expect(this.accountButton()).toHaveAccessibleName(`Account menu for ${email}`);
    await expect(this.accountButton()).toContainText(email);
  }

  async open(screen: (typeof SCREENS)[number]) {
    await this.navigation().getByRole('link', { name: screen }).click();
    await expect(this.heading()).toHaveText(screen);
  }

  async signOut() {
    await this.accountButton().click();
    await this.page.getByRole('menuitem', { name: 'Sign out' }).click();
  }
}
