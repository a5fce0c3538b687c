import { routes } from '@team-access/contract';
import { connectionGone } from '@team-access/http-server';
import type { Request, Response, Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import type { AccessTokenSettings } from '../tokens/service.ts';
import { changeOwnPassword } from '../users/service.ts';
import { withAccessToken } from './access-token.ts';
import { verifyEmail } from './email-verification.ts';
import {
  answerNoSoonerThan,
  completePasswordReset,
  PASSWORD_RESET_REQUEST_FLOOR_MS,
  type PasswordResetOptions,
  previewPasswordReset,
  requestPasswordReset,
} from './password-reset.ts';
import { type Actor, type CallMeta, endUndeliveredSession, signedInUser, signIn, signOut } from './service.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * A sign-in's session exists from here: if its answer does not get out (the caller left), nobody
 * holds the token, so it is ended.
 */
export function endIfUndelivered(
  db: Db,
  ctx: CallMeta & { tenant: { id: string } },
  req: Request,
  gone: AbortSignal,
  token: string,
): void {
  const end = () => {
    endUndeliveredSession(db, ctx.tenant.id, token, ctx).catch((err) =>
      req.log.warn({ err }, 'could not end a session whose sign-in answer was not delivered'),
    );
  };
  if (gone.aborted) end();
  else gone.addEventListener('abort', end, { once: true });
}

export function mountAuthRoutes(
  router: Router,
  db: Db,
  options: PasswordResetOptions,
  accessTokens: AccessTokenSettings,
): void {
  mountRoute(router, db, routes.signIn, async ({ body }, ctx, req) => {
    // The caller may stop waiting (the BFF gave up on this sign-in), even before this handler ran.
    const gone = connectionGone(req.res as Response);
    const { accessToken, ...credentials } = body;
    const result = await signIn(db, ctx.tenant.id, credentials, ctx, gone);
    // A pending second step is no session: it simply expires.
    if (!('token' in result)) return { status: 200, body: result, headers: NO_STORE };
    const answer = await withAccessToken(db, accessTokens, ctx.tenant.id, result, accessToken, ctx);
    endIfUndelivered(db, ctx, req, gone, result.token);
    return { status: 200, body: answer, headers: NO_STORE };
  });

  mountRoute(router, db, routes.signOut, async (_input, ctx) => {
    await signOut(db, ctx.tenant.id, ctx.actor as Actor, ctx);
    return { status: 204 };
  });

  mountRoute(router, db, routes.changeOwnPassword, async ({ body }, ctx) => {
    const actor = ctx.actor as Actor;
    await changeOwnPassword(db, { ...ctx, tenantId: ctx.tenant.id }, actor, body);
    return { status: 204 };
  });

  mountRoute(router, db, routes.me, async (_input, ctx) => ({
    status: 200,
    body: signedInUser(ctx.actor as Actor),
    headers: { 'Cache-Control': 'no-store' },
  }));

  // Public (reached from a mailed link, through the BFF without a session): the tenant is the
  // client's, and no handler looks at an actor.
  mountRoute(router, db, routes.requestPasswordReset, async ({ body }, ctx) => {
    const started = performance.now();
    try {
      await requestPasswordReset(db, callerOf(ctx), body, options);
    } finally {
      // Known, unknown, inactive, over the limit, even failed: all answer after the same floor.
      await answerNoSoonerThan(started, PASSWORD_RESET_REQUEST_FLOOR_MS);
    }
    return { status: 202, headers: NO_STORE };
  });

  mountRoute(router, db, routes.previewPasswordReset, async ({ body }, ctx) => ({
    status: 200,
    body: await previewPasswordReset(db, callerOf(ctx), body.token),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.verifyEmail, async ({ body }, ctx) => ({
    status: 200,
    body: await verifyEmail(db, callerOf(ctx), body.token),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.completePasswordReset, async ({ body }, ctx) => {
    await completePasswordReset(db, callerOf(ctx), body);
    return { status: 204, headers: NO_STORE };
  });
}
