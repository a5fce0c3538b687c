import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { csvAttachment } from '../../http/csv.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { cancelJob, getJob, jobOutcome } from './service.ts';

/** Jobs (ADR 035): progress to poll, Cancel, and the outcome file. */
export function mountJobRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.getJob, async ({ params }, ctx) => ({
    status: 200,
    body: await getJob(db, callerOf(ctx), params.jobId),
    headers: { 'Cache-Control': 'no-store' },
  }));
  mountRoute(router, db, routes.cancelJob, async ({ params }, ctx) => ({
    status: 200,
    body: await cancelJob(db, callerOf(ctx), params.jobId),
    headers: { 'Cache-Control': 'no-store' },
  }));
  mountRoute(router, db, routes.jobOutcome, async ({ params }, ctx) =>
    csvAttachment(`bulk-outcome-${params.jobId}.csv`, await jobOutcome(db, callerOf(ctx), params.jobId)),
  );
}
