import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { toUser } from '../users/repository.ts';
import { changeOwnPassword } from '../users/service.ts';
import { type Actor, signIn, signOut } from './service.ts';

export function mountAuthRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.signIn, async ({ body }, ctx) => ({
    status: 200,
    body: await signIn(db, ctx.tenant.id, body, ctx),
    headers: { 'Cache-Control': 'no-store' },
  }));

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
    body: toUser((ctx.actor as Actor).user),
    headers: { 'Cache-Control': 'no-store' },
  }));
}
