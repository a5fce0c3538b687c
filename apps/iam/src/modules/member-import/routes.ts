import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { withRetryAfter } from '../../http/rate-limited.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { importUsers } from './service.ts';

/** `appUrl`: where the web app lives, for the verification mails of the members an import creates. */
export function mountMemberImportRoutes(router: Router, db: Db, options: { appUrl: string }): void {
  mountRoute(router, db, routes.importUsers, async ({ body, headers }, ctx, req) => ({
    status: 200,
    body: await withRetryAfter(req, () => importUsers(db, callerOf(ctx), body, headers['idempotency-key'], options)),
    headers: { 'Cache-Control': 'no-store' },
  }));
}
