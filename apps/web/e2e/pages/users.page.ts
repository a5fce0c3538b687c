import { type Browser, expect, type Page } from '@playwright/test';
import { OWNER_STORAGE_STATE } from '../fixtures.ts';
import { SignInPage } from './sign-in.page.ts';

/** A member as the tests create them through the BFF (the same API the screens use). */
export interface NewMember {
  email: string;
  firstName?: string;
  lastName?: string;
  role?: 'OWNER' | 'ADMIN' | 'MEMBER';
  password?: string;
  permissions?: Record<string, boolean>;
}

export const MEMBER_PASSWORD = 'a member password, long enough';

export async function createMember(page: Page, member: NewMember): Promise<{ id: string; version: number }> {
  const response = await page.request.post('/api/iam/multi-user', {
    headers: { 'x-csrf': '1' },
    data: { password: MEMBER_PASSWORD, ...member },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

/** The owner creates the member (in a browser context of its own), then the member signs in on `page`. */
export async function signInAsNewMember(browser: Browser, page: Page, member: NewMember): Promise<void> {
  const owner = await browser.newContext({ storageState: OWNER_STORAGE_STATE });
  await createMember(await owner.newPage(), member);
  await owner.close();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(member.email, member.password ?? MEMBER_PASSWORD);
}

export class UsersPage {
  constructor(readonly page: Page) {}

  readonly table = () => this.page.getByRole('table', { name: 'Team members' });
  readonly search = () => this.page.getByRole('searchbox', { name: 'Search' });
  readonly row = (name: string) => this.table().getByRole('row').filter({ hasText: name });
  readonly dialog = () => this.page.getByRole('dialog');

  async goto(query = '') {
    await this.page.goto(`/users${query}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  }

  async openActions(name: string) {
    await this.page.getByRole('button', { name: `Actions for ${name}` }).click();
  }
}
