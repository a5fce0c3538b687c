import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, testSession } from '@/test/fixtures.ts';
import { renderWithClient } from '@/test/render.tsx';
import { SignInForm } from './sign-in-form.tsx';

function renderForm(onSignedIn = vi.fn()) {
  const { user } = renderWithClient(<SignInForm onSignedIn={onSignedIn} />);
  return { onSignedIn, user };
}

/**
 * fetch as the form sees it: the page asks how this account lets people sign in (`passkey`), and
 * every other call goes to `session` (which the tests look at).
 */
function stubFetch(
  session: (init?: RequestInit) => Promise<Response> | Response = () => new Promise(() => {}),
  passkey = false,
) {
  const sessionCalls = vi.fn((_url: string, init?: RequestInit) => session(init));
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
      String(input).includes('/sign-in-methods')
        ? Promise.resolve(jsonResponse(200, { passkey }))
        : sessionCalls(String(input), init),
    ),
  );
  return sessionCalls;
}

const problem = (status: number, code: string, title: string) =>
  jsonResponse(status, { type: `urn:team-access:problem:${code}`, title, status, code });

describe('SignInForm', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the bad fields without calling the server', async () => {
    const fetchMock = stubFetch();
    const { user } = renderForm();
    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid email address')).toBeVisible();
    expect(screen.getByText('Enter your password')).toBeVisible();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('signs in and hands over the session', async () => {
    const fetchMock = stubFetch(() => jsonResponse(200, testSession));
    const { user, onSignedIn } = renderForm();
    await user.type(screen.getByLabelText('Email'), 'owner@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(testSession));
    const init = fetchMock.mock.calls[0]?.[1] as RequestInit;
    expect(JSON.parse(String(init.body))).toEqual({ email: 'owner@example.com', password: 'correct horse' });
  });

  it('shows the server’s refusal and disables the button while waiting', async () => {
    let respond: (response: Response) => void = () => {};
    stubFetch(
      () =>
        new Promise<Response>((resolve) => {
          respond = resolve;
        }),
    );
    const { user, onSignedIn } = renderForm();
    await user.type(screen.getByLabelText('Email'), 'owner@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByRole('button', { name: /sign in/i })).toBeDisabled());
    respond(
      jsonResponse(401, {
        type: 'urn:team-access:problem:invalid_credentials',
        title: 'Invalid credentials',
        status: 401,
        code: 'invalid_credentials',
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is wrong.');
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('when too many people sign in at once, then it says so and the form stays usable', async () => {
    stubFetch(() => problem(503, 'overloaded', 'The server is busy'));
    const { user, onSignedIn } = renderForm();
    await user.type(screen.getByLabelText('Email'), 'owner@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Many people are signing in right now.');
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('shows and hides the password', async () => {
    stubFetch();
    const { user } = renderForm();
    const password = screen.getByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Show password' }));
    expect(password).toHaveAttribute('type', 'text');
  });

  it('when the account does not allow a passkey alone, then only the password is offered', async () => {
    stubFetch();
    renderForm();
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeVisible();
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Sign in with a passkey' })).toBeNull();
  });

  it('when the account allows a passkey alone, then it is offered, and a passkey the browser cannot give is said plainly', async () => {
    const sessionCalls = stubFetch(() => jsonResponse(200, { options: { challenge: 'abc', rpId: 'localhost' } }), true);
    const { user, onSignedIn } = renderForm();
    await user.click(await screen.findByRole('button', { name: 'Sign in with a passkey' }));
    // This browser (jsdom) has no WebAuthn: no passkey was used, and nothing was signed in.
    expect(await screen.findByRole('alert')).toHaveTextContent('No passkey was used.');
    expect(sessionCalls.mock.calls.map(([url]) => url)).toEqual(['/api/iam/auth/passkey-sign-in/options']);
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});
