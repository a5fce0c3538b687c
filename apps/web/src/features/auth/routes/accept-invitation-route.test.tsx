import type { InvitationPreview } from '@team-access/contract';
import { screen, waitFor } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/test/fixtures.ts';
import { renderRoutes } from '@/test/render.tsx';
import { signInNoticeOf } from '../sign-in-notice.ts';
import { AcceptInvitationRoute } from './accept-invitation-route.tsx';

const TOKEN = 'Vb3k1l0_q-2xYzAbCdEfGhIjKlMnOpQrStUvWxYz012';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000 + 60_000).toISOString();

const preview: InvitationPreview = {
  email: 'alice@example.com',
  tenantName: 'Acme Inc',
  invitedBy: { name: 'Olive Owner', email: 'owner@example.com' },
  organization: { name: 'Newsroom' },
  organizationRole: 'ORG_ADMIN',
  role: 'MEMBER',
  expiresAt: inDays(7),
  accountExists: false,
};

const problem = (status: number, code: string, detail?: string) =>
  jsonResponse(status, { type: `urn:team-access:problem:${code}`, title: code, status, code, detail });

function SignInProbe() {
  const notice = signInNoticeOf(useLocation().state);
  return (
    <p>
      sign-in page: {notice?.email} / {notice?.message}
    </p>
  );
}

function renderAt(fragment: string) {
  window.history.replaceState(null, '', `/invitations/accept${fragment}`);
  return renderRoutes(
    [
      { path: '/invitations/accept', element: <AcceptInvitationRoute /> },
      { path: '/sign-in', element: <SignInProbe /> },
    ],
    `/invitations/accept${fragment}`,
  );
}

/** Types by pasting: user.type() is a keystroke at a time, slow for whole passwords. */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

const bodyOf = (call: unknown[] | undefined) => JSON.parse(String((call?.[1] as RequestInit | undefined)?.body));

describe('AcceptInvitationRoute', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    window.history.replaceState(null, '', '/');
  });

  it('when a new person opens the link, then it shows who invited them to what, and the token leaves the address bar', async () => {
    const fetchMock = vi.fn().mockResolvedValueOnce(jsonResponse(200, preview));
    vi.stubGlobal('fetch', fetchMock);
    renderAt(`#token=${TOKEN}`);

    expect(screen.getByText('Checking your invitation…')).toBeVisible();
    expect(await screen.findByRole('heading', { level: 1, name: 'Join Newsroom' })).toBeVisible();
    expect(window.location.hash).toBe('');
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/iam/invitations/lookup');
    expect(bodyOf(fetchMock.mock.calls[0])).toEqual({ token: TOKEN });
    expect(screen.getByText('Olive Owner (owner@example.com) invited you to Acme Inc on Team Access.')).toBeVisible();
    expect(screen.getByText('alice@example.com')).toBeVisible();
    expect(screen.getByText('Newsroom, as Org admin')).toBeVisible();
    expect(screen.getByText('Member')).toBeVisible();
    expect(screen.getByText(/\(in 7 days\)$/)).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: 'Create your account' })).toBeVisible();
  });

  it('when the new password is the invited email, then the form refuses it before sending anything', async () => {
    const fetchMock = vi.fn().mockResolvedValueOnce(jsonResponse(200, preview));
    vi.stubGlobal('fetch', fetchMock);
    const { user } = renderAt(`#token=${TOKEN}`);
    await fill(user, await screen.findByLabelText(/^First name/), 'Alice');
    await fill(user, screen.getByLabelText(/^Password/), 'alice@EXAMPLE.com');
    await fill(user, screen.getByLabelText(/^Confirm password/), 'alice@EXAMPLE.com');
    await user.click(screen.getByRole('button', { name: 'Accept and create account' }));
    expect(await screen.findByText('The password cannot be the email address')).toBeVisible();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('when a new person accepts with a name and a password, then the account is created and the sign-in page says so with the email filled in', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse(200, preview))
      .mockResolvedValueOnce(
        jsonResponse(200, { email: 'alice@example.com', outcome: 'created', organization: { name: 'Newsroom' } }),
      );
    vi.stubGlobal('fetch', fetchMock);
    const { router, user } = renderAt(`#token=${TOKEN}`);
    await fill(user, await screen.findByLabelText(/^First name/), ' Alice ');
    await fill(user, screen.getByLabelText(/^Password/), 'a long enough passphrase');
    await fill(user, screen.getByLabelText(/^Confirm password/), 'a long enough passphrase');
    await user.click(screen.getByRole('button', { name: 'Accept and create account' }));

    expect(
      await screen.findByText(
        'sign-in page: alice@example.com / Your account is ready. Sign in with your new password.',
      ),
    ).toBeVisible();
    expect(fetchMock.mock.calls[1]?.[0]).toBe('/api/iam/invitations/accept');
    expect(bodyOf(fetchMock.mock.calls[1])).toEqual({
      token: TOKEN,
      firstName: 'Alice',
      password: 'a long enough passphrase',
    });
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('when the person already has an account, then one button joins the organization without a password', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse(200, { ...preview, accountExists: true }))
      .mockResolvedValueOnce(
        jsonResponse(200, { email: 'alice@example.com', outcome: 'joined', organization: { name: 'Newsroom' } }),
      );
    vi.stubGlobal('fetch', fetchMock);
    const { user } = renderAt(`#token=${TOKEN}`);

    await user.click(await screen.findByRole('button', { name: 'Join Newsroom' }));

    expect(
      await screen.findByText('sign-in page: alice@example.com / You joined Newsroom. Sign in as usual.'),
    ).toBeVisible();
    expect(bodyOf(fetchMock.mock.calls[1])).toEqual({ token: TOKEN });
    expect(screen.queryByLabelText(/^Password/)).toBeNull();
  });

  it.each([
    [410, 'link_revoked', 'This invitation was withdrawn', /ask them for a new invitation/],
    [410, 'link_expired', 'This invitation has expired', /Ask the person who invited you to send a new one/],
    [410, 'link_used', 'This invitation was already accepted', /sign in with your email address and password/],
    [404, 'link_invalid', 'This invitation link does not work', /send a new invitation/],
  ])('when the IAM API answers %i %s, then a page says so and what to do next', async (status, code, heading, next) => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(problem(status, code)));
    renderAt(`#token=${TOKEN}`);
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeVisible();
    expect(screen.getByText(next)).toBeVisible();
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toHaveAttribute('href', '/sign-in');
  });

  it('when the address has no token or a mangled one, then the link is invalid and nothing is asked', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderAt('#token=abc');
    expect(await screen.findByRole('heading', { level: 1, name: 'This invitation link does not work' })).toBeVisible();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('when the service is down, then the page says so, and Try again checks the link again', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(
        problem(503, 'upstream_unavailable', 'The IAM service cannot be reached. Try again shortly.'),
      )
      .mockResolvedValueOnce(jsonResponse(200, preview));
    vi.stubGlobal('fetch', fetchMock);
    const { user } = renderAt(`#token=${TOKEN}`);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Your invitation could not be checked' }),
    ).toBeVisible();
    expect(screen.getByText('The IAM service cannot be reached. Try again shortly.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Join Newsroom' })).toBeVisible();
  });

  it('when the invitation is withdrawn while the form is open, then accepting shows the withdrawn page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValueOnce(jsonResponse(200, preview)).mockResolvedValueOnce(problem(410, 'link_revoked')),
    );
    const { user } = renderAt(`#token=${TOKEN}`);
    await fill(user, await screen.findByLabelText(/^First name/), 'Alice');
    await fill(user, screen.getByLabelText(/^Password/), 'a long enough passphrase');
    await fill(user, screen.getByLabelText(/^Confirm password/), 'a long enough passphrase');
    await user.click(screen.getByRole('button', { name: 'Accept and create account' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'This invitation was withdrawn' })).toBeVisible();
  });

  it('when the server refuses a field, then the message shows at that field', async () => {
    vi.stubGlobal(
      'fetch',
      vi
        .fn()
        .mockResolvedValueOnce(jsonResponse(200, preview))
        .mockResolvedValueOnce(
          jsonResponse(400, {
            type: 'urn:team-access:problem:validation_failed',
            title: 'Invalid request',
            status: 400,
            code: 'validation_failed',
            errors: [{ path: 'body.password', message: 'This password is too common', code: 'custom' }],
          }),
        ),
    );
    const { user } = renderAt(`#token=${TOKEN}`);
    await fill(user, await screen.findByLabelText(/^First name/), 'Alice');
    await fill(user, screen.getByLabelText(/^Password/), 'password1234');
    await fill(user, screen.getByLabelText(/^Confirm password/), 'password1234');
    await user.click(screen.getByRole('button', { name: 'Accept and create account' }));
    expect(await screen.findByText('This password is too common')).toBeVisible();
    await waitFor(() => expect(screen.getByLabelText(/^Password/)).toHaveFocus());
  });
});
