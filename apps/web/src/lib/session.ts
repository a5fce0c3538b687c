import { queryOptions } from '@tanstack/react-query';
import {
  type BrowserSession,
  type BrowserTwoStep,
  browserSessionSchema,
  browserTwoStepSchema,
  type PasskeySignIn,
  type SignIn,
  type TwoStepCode,
  type WebAuthnOptions,
  webAuthnOptionsSchema,
} from '@team-access/contract';
import { z } from 'zod';
import { apiRequest, isUnauthorized } from '@/lib/api-client.ts';

/** The BFF's browser session: who is signed in (never a token). */
export const sessionApi = {
  /** The current session, or null when nobody is signed in (the BFF answers 401). */
  async get(signal?: AbortSignal): Promise<BrowserSession | null> {
    try {
      return await apiRequest('/session', { schema: browserSessionSchema, signal, notifyUnauthorized: false });
    } catch (error) {
      if (isUnauthorized(error)) return null;
      throw error;
    }
  },

  /**
   * Signs in; a wrong email or password is a 401 `invalid_credentials`. A user with two-step
   * sign-in gets `twoStepRequired` instead of a session: then `completeTwoStep`.
   */
  create(credentials: SignIn): Promise<BrowserSession | BrowserTwoStep> {
    return apiRequest('/session', {
      method: 'POST',
      body: credentials,
      schema: z.union([browserSessionSchema, browserTwoStepSchema]),
      notifyUnauthorized: false,
    });
  },

  /** The second step: a code from the app or a recovery code; wrong or expired is a 401 `invalid_code`. */
  completeTwoStep(code: TwoStepCode): Promise<BrowserSession> {
    return apiRequest('/session/two-step', {
      method: 'POST',
      body: code,
      schema: browserSessionSchema,
      notifyUnauthorized: false,
    });
  },

  /** Passkey options for the pending sign-in this browser holds (its challenge stays server-side). */
  passkeyOptions(): Promise<WebAuthnOptions> {
    return apiRequest('/session/two-step/passkey-options', {
      method: 'POST',
      schema: webAuthnOptionsSchema,
      notifyUnauthorized: false,
    });
  },

  /**
   * Signs in with a passkey alone (the account allows it): the answer to the public passwordless
   * options; a refused passkey is a 401 `invalid_credentials`.
   */
  signInWithPasskey(answer: PasskeySignIn): Promise<BrowserSession> {
    return apiRequest('/session/passkey', {
      method: 'POST',
      body: answer,
      schema: browserSessionSchema,
      notifyUnauthorized: false,
    });
  },

  /** Signs out; a session that already ended counts as signed out. */
  async delete(): Promise<void> {
    try {
      await apiRequest('/session', { method: 'DELETE', notifyUnauthorized: false });
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
    }
  },
};

export const sessionQueries = {
  all: () => ['session'] as const,
  /** Who is signed in: the BrowserSession, or null when nobody is (the BFF answered 401). */
  current: () =>
    queryOptions({
      queryKey: sessionQueries.all(),
      queryFn: ({ signal }) => sessionApi.get(signal),
      staleTime: 60_000,
      // The screens show session errors themselves (loading, retry, redirect): no toast.
      meta: { silent: true },
    }),
};
