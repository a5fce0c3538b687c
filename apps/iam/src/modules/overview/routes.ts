import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { getOverview } from './service.ts';

export function mountOverviewRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.getOverview, async (_input, ctx) => ({
    status: 200,
    body: await getOverview(db, callerOf(ctx)),
    headers: { 'Cache-Control': 'no-store' },
  }));
}
