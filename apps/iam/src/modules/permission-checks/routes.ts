import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { checkPermissions } from './service.ts';

export function mountPermissionCheckRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.checkPermissions, async (input, ctx) => ({
    status: 200,
    body: await checkPermissions(db, callerOf(ctx), input.body),
    // Never older than the last change: nobody on the way may keep it.
    headers: { 'Cache-Control': 'no-store' },
  }));
}
