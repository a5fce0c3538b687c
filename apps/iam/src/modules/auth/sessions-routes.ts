import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { endUserSession, endUserSessions, listUserSessions } from './sessions.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function mountSessionRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.listUserSessions, async ({ params }, ctx) => ({
    status: 200,
    body: await listUserSessions(db, callerOf(ctx), params.userId),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.endUserSession, async ({ params }, ctx) => {
    await endUserSession(db, callerOf(ctx), params.userId, params.sessionId);
    return { status: 204, headers: NO_STORE };
  });

  mountRoute(router, db, routes.endUserSessions, async ({ params }, ctx) => ({
    status: 200,
    body: await endUserSessions(db, callerOf(ctx), params.userId),
    headers: NO_STORE,
  }));
}
