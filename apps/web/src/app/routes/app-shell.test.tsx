import { ThemeProvider } from '@mui/material/styles';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerEveryFetchWithProblem, jsonResponse, testSession } from '@/test/fixtures.ts';
import { theme } from '../theme.ts';
import { AppShell } from './app-shell.tsx';

function renderShell(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: '/sign-in', element: <p>sign-in page</p> },
      { path: '/set-up-two-step', element: <p>set-up page</p> },
      {
        element: <AppShell />,
        children: [
          { index: true, element: null },
          { path: '/overview', element: <h1>Overview</h1> },
          { path: '/roles', element: <h1>Roles</h1> },
          { path: '/users', element: <h1>Users</h1> },
          { path: '/organizations', element: <h1>Organizations</h1> },
        ],
      },
    ],
    { initialEntries: [path] },
  );
  render(
    <ThemeProvider theme={theme}>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ThemeProvider>,
  );
  return router;
}

describe('AppShell', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the start page on to the person’s own: the overview for an OWNER, Users for a MEMBER', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(200, testSession)));
    const owner = renderShell('/');
    // The first render of the shell loads its code: give a loaded machine time.
    expect(await screen.findByRole('heading', { name: 'Overview' }, { timeout: 5000 })).toBeVisible();
    expect(owner.state.location.pathname).toBe('/overview');
    owner.dispose();
    document.body.innerHTML = '';

    const member = { ...testSession, user: { ...testSession.user, role: 'MEMBER' } };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        // A plain member: their organizations (none administered) are read to decide.
        url.includes('/organizations') ? jsonResponse(200, { items: [] }) : jsonResponse(200, member),
      ),
    );
    const router = renderShell('/');
    expect(await screen.findByRole('heading', { name: 'Users' }, { timeout: 5000 })).toBeVisible();
    expect(router.state.location.pathname).toBe('/users');
  });

  it('shows the screen, the signed-in person and (on a narrow screen, behind a button) the navigation', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(200, testSession)));
    renderShell('/roles');
    expect(screen.getByText('Loading Team Access')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Roles' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Account menu for owner@example.com' })).toBeVisible();
    // jsdom matches no media query, so this is the narrow layout: the navigation is a drawer.
    expect(screen.queryByRole('navigation', { name: 'Main navigation' })).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Open navigation' }));
    const navigation = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(navigation).getByRole('link', { name: 'Roles' })).toHaveAttribute('aria-current', 'page');
  });

  it('offers the API reference in the account menu to an OWNER', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(200, testSession)));
    renderShell('/roles');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Account menu for owner@example.com' }));
    expect(await screen.findByRole('menuitem', { name: 'API reference' })).toHaveAttribute('href', '/docs');
    expect(screen.getByRole('menuitem', { name: 'Account settings' })).toHaveAttribute('href', '/settings');
  });

  it('sends someone whose account requires two-step sign-in, and who has none, to set it up before any screen', async () => {
    const held = { ...testSession, user: { ...testSession.user, twoStepRequired: true, mfa: false } };
    const fetch = vi.fn().mockResolvedValue(jsonResponse(200, held));
    vi.stubGlobal('fetch', fetch);
    const router = renderShell('/roles');
    expect(await screen.findByText('set-up page')).toBeVisible();
    expect(router.state.location.pathname).toBe('/set-up-two-step');
    // Nothing of the app was read: only the session.
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([expect.stringMatching(/\/api\/session$/)]);
  });

  it('does not offer the API reference to a MEMBER', async () => {
    const member = { ...testSession, user: { ...testSession.user, role: 'MEMBER' as const } };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url.endsWith('/organizations') ? jsonResponse(200, { items: [] }) : jsonResponse(200, member),
      ),
    );
    renderShell('/roles');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Account menu for owner@example.com' }));
    expect(await screen.findByRole('menuitem', { name: 'Sign out' })).toBeVisible();
    expect(screen.queryByRole('menuitem', { name: 'API reference' })).toBeNull();
    expect(screen.queryByRole('menuitem', { name: 'Account settings' })).toBeNull();
  });

  it('sends someone not signed in to sign in, remembering where they were', async () => {
    answerEveryFetchWithProblem(401, 'unauthenticated', 'You are not signed in');
    const router = renderShell('/roles?tab=members');
    expect(await screen.findByText('sign-in page')).toBeVisible();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/roles?tab=members')}`);
  });

  it('says when the session cannot be read, and recovers on retry', async () => {
    const fetchMock = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(jsonResponse(200, testSession));
    vi.stubGlobal('fetch', fetchMock);
    renderShell('/roles');
    expect(await screen.findByRole('heading', { name: 'Team Access is unavailable' })).toBeVisible();
    expect(screen.getByText(/Could not reach the server/)).toBeVisible();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Roles' })).toBeVisible();
  });

  it('gives a MEMBER who administers an organization only Organizations, Invites, Audit and their profile, by link or by address', async () => {
    const member = { ...testSession, user: { ...testSession.user, role: 'MEMBER' as const } };
    const organization = { id: '0b7e4f52-5a55-4c6e-9d3a-2f0f3c1c9a10', name: 'Acme', slug: 'acme' };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url.endsWith(`/multi-user/${member.user.id}/organizations`)
          ? jsonResponse(200, { items: [{ organization, orgRole: 'ORG_ADMIN' }] })
          : jsonResponse(200, member),
      ),
    );
    // Where sign-in lands (the start) leads to Organizations.
    const router = renderShell('/');
    expect(await screen.findByRole('heading', { name: 'Organizations' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/organizations');

    // Any other screen, Users included, says it is not available: never a silent redirect.
    for (const [address, heading] of [
      ['/roles', 'Roles'],
      ['/users', 'Users'],
    ] as const) {
      await router.navigate(address);
      expect(await screen.findByRole('heading', { name: 'This screen is not available to you' })).toBeVisible();
      expect(screen.queryByRole('heading', { name: heading })).toBeNull();
      expect(router.state.location.pathname).toBe(address);
    }

    await userEvent.setup().click(screen.getByRole('button', { name: 'Open navigation' }));
    const navigation = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(
      within(navigation)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Organizations', 'Invites', 'Audit', 'My profile']);
  });

  it('leaves a plain MEMBER every screen, as before', async () => {
    const member = { ...testSession, user: { ...testSession.user, role: 'MEMBER' as const } };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url.endsWith('/organizations') ? jsonResponse(200, { items: [] }) : jsonResponse(200, member),
      ),
    );
    renderShell('/roles');
    expect(await screen.findByRole('heading', { name: 'Roles' })).toBeVisible();
  });
});
