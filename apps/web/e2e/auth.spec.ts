import { E2E_OWNER, expect, test } from './fixtures.ts';
import { ShellPage } from './pages/shell.page.ts';
import { SignInPage } from './pages/sign-in.page.ts';

test.describe('signing in and out', () => {
  test('the owner signs in, stays signed in across a reload, and signs out', async ({ page, context }) => {
    const signIn = new SignInPage(page);
    const shell = new ShellPage(page);

    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
    await signIn.signIn(E2E_OWNER.email, E2E_OWNER.password);

    // An OWNER lands on the overview (ADR 040).
    await expect(page).toHaveURL(/\/overview$/);
    await shell.expectSignedInAs(E2E_OWNER.email);
    await expect(shell.heading()).toHaveText('Overview');

    // The cookie is the only credential the browser holds, and script cannot read it.
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: '__Host-ta_session', httpOnly: true, secure: true, sameSite: 'Strict' });
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(storage).not.toMatch(/token|secret/i);

    await page.reload();
    await shell.expectSignedInAs(E2E_OWNER.email);
    await expect(shell.heading()).toHaveText('Overview');

    // Signing out from any screen lands on a plain sign-in page (no way back to that screen).
    await shell.open('Roles');
    const visited: string[] = [];
    page.on('framenavigated', (frame) => visited.push(new URL(frame.url()).pathname));
    await shell.signOut();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByText('Signed out')).toBeVisible();
    expect(visited).not.toContain('/users');
    expect(await context.cookies()).toHaveLength(0);

    // The old session is gone on the server too: a protected screen sends back to sign in.
    await page.goto('/roles');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Froles$/);
    await signIn.signIn(E2E_OWNER.email, E2E_OWNER.password);
    await expect(shell.heading()).toHaveText('Roles');
  });

  test('signing out and straight back in, without leaving the page', async ({ page }) => {
    const signIn = new SignInPage(page);
    const shell = new ShellPage(page);
    await signIn.goto();
    await signIn.signIn(E2E_OWNER.email, E2E_OWNER.password);
    await shell.expectSignedInAs(E2E_OWNER.email);
    await shell.signOut();
    await expect(signIn.submit()).toBeVisible();
    await signIn.signIn(E2E_OWNER.email, E2E_OWNER.password);
    await expect(page).toHaveURL(/\/overview$/);
    await shell.expectSignedInAs(E2E_OWNER.email);
  });

  test('a wrong password is refused with an error, and nobody is signed in', async ({ page, context }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(E2E_OWNER.email, 'not the right password');
    await expect(signIn.error()).toHaveText('The email or password is wrong.');
    await expect(page).toHaveURL(/\/sign-in$/);
    expect(await context.cookies()).toHaveLength(0);
  });

  test('an unknown email gets exactly the same answer as a wrong password', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn('nobody-here@example.com', 'not the right password');
    await expect(signIn.error()).toHaveText('The email or password is wrong.');
  });

  test('bad input is named under its field before anything is sent', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    let requests = 0;
    page.on('request', (request) => {
      if (request.url().includes('/api/session') && request.method() === 'POST') requests += 1;
    });
    await signIn.email().fill('not-an-email');
    await signIn.submit().click();
    await expect(page.getByText('Enter a valid email address')).toBeVisible();
    await expect(page.getByText('Enter your password')).toBeVisible();
    await expect(signIn.email()).toHaveAttribute('aria-invalid', 'true');
    expect(requests).toBe(0);
  });

  test('signing in from a deep link comes back to it', async ({ page }) => {
    await page.goto('/organizations');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Forganizations$/);
    await new SignInPage(page).signIn(E2E_OWNER.email, E2E_OWNER.password);
    await expect(page).toHaveURL(/\/organizations$/);
    await expect(new ShellPage(page).heading()).toHaveText('Organizations');
  });

  test('a next parameter pointing elsewhere is ignored', async ({ page }) => {
    await page.goto('/sign-in?next=//evil.example/users');
    await new SignInPage(page).signIn(E2E_OWNER.email, E2E_OWNER.password);
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/overview$/);
  });
});
