import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
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
  mountRoute(router, db, routes.jobOutcome, async ({ params }, ctx) => {
    const file = await jobOutcome(db, callerOf(ctx), params.jobId);
    return {
      status: 200,
      headers: {
        'Cache-Control': 'no-store',
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="bulk-outcome-${params.jobId}.csv"`,
        'X-Content-Type-Options': 'nosniff',
      },
      stream: async (write) => {
        await write(file.header);
        for await (const records of file.records) await write(records);
      },
    };
  });
}
