import { screen } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerEveryFetchWithProblem } from '@/test/fixtures.ts';
import { renderRoutes } from '@/test/render.tsx';
import { ForgotPasswordRoute } from './forgot-password-route.tsx';

function renderPage() {
  return renderRoutes(
    [
      { path: '/forgot-password', element: <ForgotPasswordRoute /> },
      { path: '/sign-in', element: <p>sign-in page</p> },
    ],
    '/forgot-password',
  );
}

async function requestFor(user: ReturnType<typeof userEvent.setup>, email: string) {
  await user.click(await screen.findByLabelText(/^Email/));
  await user.paste(email);
  await user.click(screen.getByRole('button', { name: 'Send reset link' }));
}

describe('ForgotPasswordRoute', { timeout: 20_000 }, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('when an email is sent, then the answer is the same confirmation, naming the address and the link’s hour', async () => {
    const fetchMock = vi.fn().mockResolvedValue(new Response(null, { status: 202 }));
    vi.stubGlobal('fetch', fetchMock);
    const { user } = renderPage();
    await requestFor(user, ' Nobody@Example.com ');

    expect(await screen.findByRole('heading', { level: 1, name: 'Check your email' })).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent(
      'If an account exists for Nobody@Example.com, we sent a link to choose a new password. It works for 1 hour.',
    );
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/iam/auth/password-reset');
    expect(JSON.parse(String((fetchMock.mock.calls[0]?.[1] as RequestInit | undefined)?.body))).toEqual({
      email: 'Nobody@Example.com',
    });
    expect((fetchMock.mock.calls[0]?.[1] as RequestInit | undefined)?.headers).toMatchObject({ 'x-csrf': '1' });

    await user.click(screen.getByRole('button', { name: 'Use another email' }));
    expect(screen.getByLabelText(/^Email/)).toHaveValue('Nobody@Example.com');
  });

  it('when too many requests came from here, then the server’s message is shown and no confirmation', async () => {
    answerEveryFetchWithProblem(429, 'rate_limited', 'Too many requests', {
      detail: 'Too many reset requests from this address. Try again in 15 minutes.',
    });
    const { user } = renderPage();
    await requestFor(user, 'alice@example.com');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many reset requests from this address. Try again in 15 minutes.',
    );
    expect(screen.queryByRole('heading', { name: 'Check your email' })).toBeNull();
  });

  it('when the address is not an email, then the field says so and nothing is sent', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const { user } = renderPage();
    await requestFor(user, 'alice');
    expect(await screen.findByText('Enter a valid email address')).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
