import { iamSignInSchema, signInAnswerSchema } from '../auth.ts';
import { changeOwnPasswordSchema, userSchema } from '../user.ts';
import { type RouteFields, withAreaDefaults } from './define.ts';

/** Signing in and out, and the signed-in user. */
export const authRoutes = {
  signIn: route({
    method: 'post',
    path: '/v2/client/auth/sign-in',
    summary:
      'Sign a dashboard user in; answers an actor session token (and, with `accessToken: true`, a short-lived access token), or a pending second step (two-step sign-in)',
    auth: 'client',
    browser: false,
    body: iamSignInSchema,
    responses: { 200: signInAnswerSchema },
    problems: { 401: ['invalid_credentials'], 408: ['request_timeout'] },
  }),
  signOut: route({
    method: 'post',
    path: '/v2/client/auth/sign-out',
    summary: "End the actor's session",
    browser: false,
    responses: { 204: null },
    openWhilePasswordChangeRequired: true,
    openWhileTwoStepSetupRequired: true,
  }),
  me: route({
    method: 'get',
    path: '/v2/client/auth/me',
    summary: 'The signed-in user',
    responses: { 200: userSchema },
    openWhilePasswordChangeRequired: true,
    openWhileTwoStepSetupRequired: true,
  }),
  changeOwnPassword: route({
    method: 'post',
    path: '/v2/client/auth/password',
    summary: "Change the signed-in user's own password, given the current one; ends their other sessions",
    body: changeOwnPasswordSchema,
    responses: { 204: null },
    problems: { 429: ['rate_limited'] },
    openWhilePasswordChangeRequired: true,
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'auth', auth: 'actor', browser: true } as const, r);
}
