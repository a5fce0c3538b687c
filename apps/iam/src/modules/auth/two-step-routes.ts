import { routes } from '@team-access/contract';
import { connectionGone } from '@team-access/http-server';
import type { Response, Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import type { AccessTokenSettings } from '../tokens/service.ts';
import { withAccessToken } from './access-token.ts';
import type { RelyingParty } from './passkeys.ts';
import { endIfUndelivered } from './routes.ts';
import {
  completeTwoStep,
  confirmPasskey,
  confirmTotp,
  newPasskeyRegistration,
  newTotpSetup,
  ownTwoStep,
  passkeyOptionsForSignIn,
  passkeySignInStart,
  removeOwnFactor,
  renewRecoveryCodes,
  resetUserTwoStep,
  signInMethods,
  signInWithPasskey,
  userTwoStep,
} from './two-step.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function mountTwoStepRoutes(
  router: Router,
  db: Db,
  box: SecretBox,
  rp: RelyingParty,
  accessTokens: AccessTokenSettings,
): void {
  mountRoute(router, db, routes.completeTwoStepSignIn, async ({ body }, ctx, req) => {
    const gone = connectionGone(req.res as Response);
    const { accessToken, ...answer } = body;
    const result = await completeTwoStep(db, box, rp, ctx.tenant.id, answer, ctx, gone);
    const withToken = await withAccessToken(db, accessTokens, ctx.tenant.id, result, accessToken, ctx);
    endIfUndelivered(db, ctx, req, gone, result.token);
    return { status: 200, body: withToken, headers: NO_STORE };
  });

  mountRoute(router, db, routes.signInMethods, async (_input, ctx) => ({
    status: 200,
    body: await signInMethods(db, ctx.tenant.id),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.passwordlessOptions, async (_input, ctx) => ({
    status: 200,
    body: await passkeySignInStart(db, rp, ctx.tenant.id),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.passkeySignIn, async ({ body }, ctx, req) => {
    const gone = connectionGone(req.res as Response);
    const { accessToken, ...answer } = body;
    const result = await signInWithPasskey(db, rp, ctx.tenant.id, answer, ctx, gone);
    const withToken = await withAccessToken(db, accessTokens, ctx.tenant.id, result, accessToken, ctx);
    endIfUndelivered(db, ctx, req, gone, result.token);
    return { status: 200, body: withToken, headers: NO_STORE };
  });

  mountRoute(router, db, routes.passkeySignInOptions, async ({ body }, ctx) => ({
    status: 200,
    body: await passkeyOptionsForSignIn(db, rp, ctx.tenant.id, body.challengeToken),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.passkeyRegistrationOptions, async (_input, ctx) => ({
    status: 200,
    body: await newPasskeyRegistration(db, rp, callerOf(ctx)),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.registerPasskey, async ({ body }, ctx) => ({
    status: 201,
    body: await confirmPasskey(db, rp, callerOf(ctx), body),
    headers: { ...NO_STORE, Location: '/v2/client/auth/two-step' },
  }));

  mountRoute(router, db, routes.getOwnTwoStep, async (_input, ctx) => ({
    status: 200,
    body: await ownTwoStep(db, callerOf(ctx)),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.newTotpSetup, async (_input, ctx) => ({
    status: 200,
    body: newTotpSetup(callerOf(ctx)),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.confirmTotp, async ({ body }, ctx) => ({
    status: 201,
    body: await confirmTotp(db, box, callerOf(ctx), body),
    // The new factor is listed in the user's two-step status.
    headers: { ...NO_STORE, Location: '/v2/client/auth/two-step' },
  }));

  mountRoute(router, db, routes.removeOwnFactor, async ({ params }, ctx) => {
    await removeOwnFactor(db, callerOf(ctx), params.factorId);
    return { status: 204, headers: NO_STORE };
  });

  mountRoute(router, db, routes.renewRecoveryCodes, async (_input, ctx) => ({
    status: 200,
    body: await renewRecoveryCodes(db, callerOf(ctx)),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.getUserTwoStep, async ({ params }, ctx) => ({
    status: 200,
    body: await userTwoStep(db, callerOf(ctx), params.userId),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.resetUserTwoStep, async ({ params }, ctx) => {
    await resetUserTwoStep(db, callerOf(ctx), params.userId);
    return { status: 204, headers: NO_STORE };
  });
}
