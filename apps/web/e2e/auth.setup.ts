import { test as setup } from '@playwright/test';
import {
  ADMIN_STORAGE_STATE,
  E2E_ADMIN,
  E2E_MEMBER,
  E2E_OWNER,
  MEMBER_STORAGE_STATE,
  OWNER_STORAGE_STATE,
} from './fixtures.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';
import { signInAsNewMember } from './pages/users.page.ts';

// One signed-in state per role, made once for the whole run: specs start from these instead of
// signing in through the form (auth.spec.ts tests the form itself).
setup('sign in as the bootstrapped owner', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_OWNER.email, E2E_OWNER.password);
  await new ShellPage(page).expectSignedInAs(E2E_OWNER.email);
  await page.context().storageState({ path: OWNER_STORAGE_STATE });
});

for (const [name, account, path] of [
  ['an ADMIN', E2E_ADMIN, ADMIN_STORAGE_STATE],
  ['a MEMBER', E2E_MEMBER, MEMBER_STORAGE_STATE],
] as const) {
  setup(`sign in as ${name} the owner creates`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await signInAsNewMember(browser, page, account);
    await new ShellPage(page).expectSignedInAs(account.email);
    await context.storageState({ path });
    await context.close();
  });
}
