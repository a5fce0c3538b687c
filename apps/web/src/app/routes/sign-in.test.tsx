import { ThemeProvider } from '@mui/material/styles';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInNoticeState } from '@/features/auth/sign-in-notice.ts';
import { jsonResponse, testSession } from '@/test/fixtures.ts';
import { theme } from '../theme.ts';
import { SignInRoute } from './sign-in.tsx';

const unauthenticated = () =>
  jsonResponse(401, {
    type: 'urn:team-access:problem:unauthenticated',
    title: 'Sign in first',
    status: 401,
    code: 'unauthenticated',
  });

function renderSignIn(state?: unknown) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: '/sign-in', element: <SignInRoute /> },
      // The start page: the app shell sends each person on to their own.
      { path: '/', element: <h1>Start</h1> },
      { path: '/forgot-password', element: <h1>Forgot</h1> },
    ],
    { initialEntries: [{ pathname: '/sign-in', state }] },
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

const notice = signInNoticeState({
  email: 'alice@example.com',
  message: 'Your account is ready. Sign in with your new password.',
});

describe('SignInRoute', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when nobody is signed in, then the form shows with a Forgot password? link', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(unauthenticated()));
    renderSignIn();
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(screen.getByRole('link', { name: 'Forgot password?' })).toHaveAttribute('href', '/forgot-password');
    expect(screen.getByLabelText('Email')).toHaveValue('');
  });

  it('when a mailed link sent the person here, then its message shows, the email is filled in and the password has the focus', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(unauthenticated()));
    renderSignIn(notice);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Your account is ready. Sign in with your new password.',
    );
    expect(screen.getByLabelText('Email')).toHaveValue('alice@example.com');
    expect(screen.getByLabelText('Password')).toHaveFocus();
  });

  it('when someone is signed in, then they go on into the app', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(200, testSession)));
    const router = renderSignIn();
    expect(await screen.findByRole('heading', { level: 1, name: 'Start' })).toBeVisible();
    expect(router.state.location.pathname).toBe('/');
  });

  it('when someone else is signed in but a mailed link sent the person here, then they may sign in as the new account', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(200, testSession)));
    const router = renderSignIn(notice);
    expect(await screen.findByRole('status')).toBeVisible();
    expect(
      screen.getByText(/You are signed in as owner@example.com\. Signing in here ends that session/),
    ).toBeVisible();
    expect(screen.getByRole('link', { name: 'continue as owner@example.com' })).toHaveAttribute('href', '/');
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
  });
});
