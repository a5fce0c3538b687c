import { test as setup } from '@playwright/test';
import { E2E_OWNER, OWNER_STORAGE_STATE } from './fixtures.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';

setup('sign in as the bootstrapped owner', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(E2E_OWNER.email, E2E_OWNER.password);
  await new ShellPage(page).expectSignedInAs(E2E_OWNER.email);
  await page.context().storageState({ path: OWNER_STORAGE_STATE });
});
