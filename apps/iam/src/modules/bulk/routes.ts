import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { applyBulkChange, planBulkChange, undoBulkJob } from './service.ts';

/** Bulk actions on members (issue 18). `appUrl`: for the verification mails a core may queue. */
export function mountBulkRoutes(router: Router, db: Db, options: { appUrl: string }): void {
  mountRoute(router, db, routes.planBulkChange, async ({ body }, ctx) => ({
    status: 200,
    body: await planBulkChange(db, callerOf(ctx), body),
    headers: { 'Cache-Control': 'no-store' },
  }));
  mountRoute(router, db, routes.applyBulkChange, async ({ body }, ctx) => {
    const result = await applyBulkChange(db, callerOf(ctx), body, options);
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    if (!('job' in result)) return { status: 200, body: result, headers };
    return { status: 202, body: result.job, headers: { ...headers, Location: `/v2/client/jobs/${result.job.id}` } };
  });
  // A job's undo is a bulk change (ADR 042): mounted here, since the jobs module knows no kind.
  mountRoute(router, db, routes.undoJob, async ({ params }, ctx) => {
    const job = await undoBulkJob(db, callerOf(ctx), params.jobId);
    return { status: 202, body: job, headers: { 'Cache-Control': 'no-store', Location: `/v2/client/jobs/${job.id}` } };
  });
}
