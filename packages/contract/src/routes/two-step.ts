import { signInResultSchema } from '../auth.ts';
import {
  completeTwoStepSchema,
  confirmTotpSchema,
  passkeySignInOptionsSchema,
  passkeySignInSchema,
  recoveryCodesSchema,
  registerPasskeySchema,
  signInMethodsSchema,
  totpEnrolledSchema,
  totpSetupSchema,
  twoStepFactorParamsSchema,
  twoStepStatusSchema,
  webAuthnOptionsSchema,
} from '../two-step.ts';
import { userIdParamsSchema } from '../user.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/**
 * Two-step sign-in (ADR 029): the second step of a sign-in, one's own factors, and an OWNER's or
 * ADMIN's view and reset of another user's (rules/two-step.ts).
 */
export const twoStepRoutes = {
  completeTwoStepSignIn: route({
    method: 'post',
    path: '/v2/client/auth/sign-in/two-step',
    summary: 'The second step of a sign-in: a code or a recovery code for the pending sign-in; answers the session',
    auth: 'client',
    browser: false,
    body: completeTwoStepSchema,
    responses: { 200: signInResultSchema },
    // A wrong code, an expired or unknown pending sign-in, too many tries and a locked account alike.
    problems: { 401: ['invalid_code'] },
  }),
  passkeySignInOptions: route({
    method: 'post',
    path: '/v2/client/auth/sign-in/two-step/passkey-options',
    summary:
      "WebAuthn options for the pending sign-in's passkeys; their challenge is kept server-side, single use, 5 minutes",
    auth: 'client',
    browser: false,
    body: passkeySignInOptionsSchema,
    responses: { 200: webAuthnOptionsSchema },
    // An expired or unknown pending sign-in, or a user without a passkey: all alike.
    problems: { 401: ['invalid_code'] },
  }),
  signInMethods: route({
    method: 'get',
    path: '/v2/client/auth/sign-in-methods',
    summary: 'How a person may sign in to this account: whether a passkey alone signs in',
    auth: 'client',
    browser: 'public',
    responses: { 200: signInMethodsSchema },
  }),
  passwordlessOptions: route({
    method: 'post',
    path: '/v2/client/auth/passkey-sign-in/options',
    summary:
      'WebAuthn options to sign in with a passkey alone (no email first); their challenge is kept server-side, single use, 5 minutes',
    auth: 'client',
    browser: 'public',
    responses: { 200: webAuthnOptionsSchema },
    // The account does not allow signing in with a passkey alone.
    problems: { 403: ['passkey_sign_in_off'] },
  }),
  passkeySignIn: route({
    method: 'post',
    path: '/v2/client/auth/passkey-sign-in',
    summary: "Sign in with a passkey alone: the browser's answer to the passwordless options; answers the session",
    auth: 'client',
    browser: false,
    body: passkeySignInSchema,
    responses: { 200: signInResultSchema },
    // An unknown, foreign or unverified passkey, a used challenge, an inactive account: all alike.
    problems: { 401: ['invalid_credentials'], 403: ['passkey_sign_in_off'], 408: ['request_timeout'] },
  }),
  getOwnTwoStep: route({
    method: 'get',
    path: '/v2/client/auth/two-step',
    summary: "The signed-in user's factors and how many recovery codes are left",
    responses: { 200: twoStepStatusSchema },
    openWhileTwoStepSetupRequired: true,
  }),
  newTotpSetup: route({
    method: 'get',
    path: '/v2/client/auth/two-step/totp/setup',
    summary: 'A new authenticator secret, its otpauth:// URI and QR code; nothing is kept until it is confirmed',
    responses: { 200: totpSetupSchema },
    openWhileTwoStepSetupRequired: true,
  }),
  confirmTotp: route({
    method: 'post',
    path: '/v2/client/auth/two-step/totp',
    summary: 'Turn an authenticator on with a first code; the first factor also answers ten recovery codes, once',
    body: confirmTotpSchema,
    responses: { 201: totpEnrolledSchema },
    problems: { 409: ['conflict'] },
    openWhileTwoStepSetupRequired: true,
  }),
  passkeyRegistrationOptions: route({
    method: 'post',
    path: '/v2/client/auth/two-step/passkey/options',
    summary: 'WebAuthn options to register a passkey; their challenge is kept server-side, single use, 5 minutes',
    responses: { 200: webAuthnOptionsSchema },
    openWhileTwoStepSetupRequired: true,
  }),
  registerPasskey: route({
    method: 'post',
    path: '/v2/client/auth/two-step/passkey',
    summary:
      "Turn a passkey on with the browser's answer to the options; the first factor also answers ten recovery codes, once",
    body: registerPasskeySchema,
    responses: { 201: totpEnrolledSchema },
    problems: { 409: ['conflict'] },
    openWhileTwoStepSetupRequired: true,
  }),
  removeOwnFactor: route({
    method: 'delete',
    path: '/v2/client/auth/two-step/{factorId}',
    summary: "Remove one of the signed-in user's factors; with the last one the recovery codes go too",
    params: twoStepFactorParamsSchema,
    responses: { 204: null },
    // The tenant's policy requires a factor of this user and this is their last (ADR 031).
    problems: { 409: ['two_step_required'] },
  }),
  renewRecoveryCodes: route({
    method: 'post',
    path: '/v2/client/auth/two-step/recovery-codes',
    summary: 'A new set of ten recovery codes, shown once; the old set stops working',
    responses: { 200: recoveryCodesSchema },
    problems: { 409: ['conflict'] },
  }),
  getUserTwoStep: route({
    method: 'get',
    path: '/v2/client/multi-user/{userId}/two-step',
    scope: 'users:read',
    summary: "A user's factors (never their secrets)",
    auth: 'client',
    params: userIdParamsSchema,
    responses: { 200: twoStepStatusSchema },
  }),
  resetUserTwoStep: route({
    method: 'delete',
    path: '/v2/client/multi-user/{userId}/two-step',
    scope: 'users:write',
    summary: "Remove every factor and recovery code of another user and end that user's sessions",
    auth: 'client',
    params: userIdParamsSchema,
    responses: { 204: null },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'two-step', auth: 'actor', browser: true } as const, r);
}
