import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerEveryFetchWithProblem, jsonResponse, testSession } from '@/test/fixtures.ts';
import { renderWithClient } from '@/test/render.tsx';
import { SignInForm } from './sign-in-form.tsx';

function renderForm(onSignedIn = vi.fn()) {
  const { user } = renderWithClient(<SignInForm onSignedIn={onSignedIn} />);
  return { onSignedIn, user };
}

describe('SignInForm', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the bad fields without calling the server', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const { user } = renderForm();
    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid email address')).toBeVisible();
    expect(screen.getByText('Enter your password')).toBeVisible();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('signs in and hands over the session', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(200, testSession));
    vi.stubGlobal('fetch', fetchMock);
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
    vi.stubGlobal(
      'fetch',
      vi.fn().mockReturnValue(
        new Promise<Response>((resolve) => {
          respond = resolve;
        }),
      ),
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
    answerEveryFetchWithProblem(503, 'overloaded', 'The server is busy');
    const { user, onSignedIn } = renderForm();
    await user.type(screen.getByLabelText('Email'), 'owner@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Many people are signing in right now.');
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('shows and hides the password', async () => {
    vi.stubGlobal('fetch', vi.fn());
    const { user } = renderForm();
    const password = screen.getByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Show password' }));
    expect(password).toHaveAttribute('type', 'text');
  });
});
