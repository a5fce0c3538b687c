import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { applyAuditRevert, previewAuditRevert } from './revert.ts';

const noStore = { 'Cache-Control': 'no-store' };

/** Revert from the log: the dry run, then the revert of what the dry run showed (modules/audit/revert.ts). */
export function mountAuditRevertRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.previewAuditRevert, async ({ params }, ctx) => ({
    status: 200,
    body: await previewAuditRevert(db, callerOf(ctx), params.eventId),
    headers: noStore,
  }));
  mountRoute(router, db, routes.revertAuditEvent, async ({ params, body }, ctx) => ({
    status: 201,
    body: await applyAuditRevert(db, callerOf(ctx), params.eventId, body.expected),
    headers: noStore,
  }));
}
