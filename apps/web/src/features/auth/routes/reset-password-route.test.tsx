import { screen } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/test/fixtures.ts';
import { renderRoutes } from '@/test/render.tsx';
import { signInNoticeOf } from '../sign-in-notice.ts';
import { ResetPasswordRoute } from './reset-password-route.tsx';

const TOKEN = 'Vb3k1l0_q-2xYzAbCdEfGhIjKlMnOpQrStUvWxYz012';
const preview = { email: 'alice@example.com', expiresAt: new Date(Date.now() + 60 * 60_000 + 20_000).toISOString() };
const problem = (status: number, code: string) =>
  jsonResponse(status, { type: `urn:team-access:problem:${code}`, title: code, status, code });

function Probe() {
  const notice = signInNoticeOf(useLocation().state);
  return (
    <p>
      {useLocation().pathname}: {notice?.email} / {notice?.message}
    </p>
  );
}

function renderAt(fragment: string) {
  window.history.replaceState(null, '', `/reset-password${fragment}`);
  return renderRoutes(
    [
      { path: '/reset-password', element: <ResetPasswordRoute /> },
      { path: '/sign-in', element: <Probe /> },
      { path: '/forgot-password', element: <Probe /> },
    ],
    `/reset-password${fragment}`,
  );
}

async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

describe('ResetPasswordRoute', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    window.history.replaceState(null, '', '/');
  });

  it('when the link works, then it names the account and its expiry, and a new password typed twice is set', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse(200, preview))
      .mockResolvedValueOnce(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    const { user } = renderAt(`#token=${TOKEN}`);

    expect(screen.getByText('Checking your reset link…')).toBeVisible();
    expect(await screen.findByRole('heading', { level: 1, name: 'Set a new password' })).toBeVisible();
    expect(window.location.hash).toBe('');
    expect(screen.getByText('alice@example.com')).toBeVisible();
    expect(screen.getByText(/\(in 1 hour\)/)).toBeVisible();
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/iam/auth/password-reset/lookup');

    await fill(user, screen.getByLabelText(/^New password/), 'my new passphrase');
    await fill(user, screen.getByLabelText(/^Confirm new password/), 'my new passphrasE');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByText('The two passwords are not the same')).toBeVisible();
    expect(fetchMock).toHaveBeenCalledTimes(1);

    await user.clear(screen.getByLabelText(/^Confirm new password/));
    await fill(user, screen.getByLabelText(/^Confirm new password/), 'my new passphrase');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));

    expect(
      await screen.findByText(
        '/sign-in: alice@example.com / Your password was changed. Sign in with the new one; you were signed out everywhere.',
      ),
    ).toBeVisible();
    expect(fetchMock.mock.calls[1]?.[0]).toBe('/api/iam/auth/password-reset/complete');
    expect(JSON.parse(String((fetchMock.mock.calls[1]?.[1] as RequestInit | undefined)?.body))).toEqual({
      token: TOKEN,
      password: 'my new passphrase',
    });
  });

  it('when the show button is pressed, then both passwords are shown', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValueOnce(jsonResponse(200, preview)));
    const { user } = renderAt(`#token=${TOKEN}`);
    const show = await screen.findByRole('button', { name: 'Show passwords' });
    expect(screen.getByLabelText(/^New password/)).toHaveAttribute('type', 'password');
    await user.click(show);
    expect(show).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByLabelText(/^New password/)).toHaveAttribute('type', 'text');
    expect(screen.getByLabelText(/^Confirm new password/)).toHaveAttribute('type', 'text');
  });

  it.each([
    [410, 'link_expired', 'This reset link has expired', 'Request a new link'],
    [410, 'link_used', 'This reset link was already used', 'Go to sign in'],
    [404, 'link_invalid', 'This reset link does not work', 'Request a new link'],
  ])(
    'when the IAM API answers %i %s, then a page says so and offers the way on',
    async (status, code, heading, main) => {
      vi.stubGlobal('fetch', vi.fn().mockResolvedValue(problem(status, code)));
      renderAt(`#token=${TOKEN}`);
      expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeVisible();
      expect(screen.getByRole('link', { name: main })).toBeVisible();
      expect(screen.getByRole('link', { name: 'Request a new link' })).toHaveAttribute('href', '/forgot-password');
    },
  );

  it('when the link is used up in another tab before the form is sent, then the used page shows', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValueOnce(jsonResponse(200, preview)).mockResolvedValueOnce(problem(410, 'link_used')),
    );
    const { user } = renderAt(`#token=${TOKEN}`);
    await fill(user, await screen.findByLabelText(/^New password/), 'my new passphrase');
    await fill(user, screen.getByLabelText(/^Confirm new password/), 'my new passphrase');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'This reset link was already used' })).toBeVisible();
  });

  it('when the page is opened without a token, then the link does not work and nothing is asked', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderAt('');
    expect(await screen.findByRole('heading', { level: 1, name: 'This reset link does not work' })).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
