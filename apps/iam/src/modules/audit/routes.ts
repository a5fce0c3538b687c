import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { listUserActivity } from './activity.ts';
import { mountAuditRevertRoutes } from './revert-routes.ts';
import { CSV_HEADER, csvLine, exportAuditEvents, getAuditEvent, listAuditEvents } from './service.ts';

const noStore = { 'Cache-Control': 'no-store' };

export function mountAuditRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.listAuditEvents, async ({ query }, ctx) => ({
    status: 200,
    body: await listAuditEvents(db, callerOf(ctx), query),
    headers: noStore,
  }));

  // Declared before `{eventId}` so "export" is never read as an id.
  mountRoute(router, db, routes.exportAuditEvents, async ({ query }, ctx) => {
    const caller = callerOf(ctx);
    const csv = query.format === 'csv';
    const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
    return {
      status: 200,
      headers: {
        ...noStore,
        'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': `attachment; filename="audit-${stamp}.${csv ? 'csv' : 'ndjson'}"`,
        'X-Content-Type-Options': 'nosniff',
      },
      stream: async (write) => {
        if (csv) await write(CSV_HEADER);
        for await (const batch of exportAuditEvents(db, caller, query)) {
          await write(batch.map((e) => (csv ? csvLine(e) : `${JSON.stringify(e)}\n`)).join(''));
        }
      },
    };
  });

  mountRoute(router, db, routes.getAuditEvent, async ({ params }, ctx) => ({
    status: 200,
    body: await getAuditEvent(db, callerOf(ctx), params.eventId),
    headers: noStore,
  }));

  // A user's Activity tab (GET /v2/client/multi-user/{userId}/activity): the list filtered by the user.
  mountRoute(router, db, routes.listUserActivity, async ({ params }, ctx) => ({
    status: 200,
    body: await listUserActivity(db, callerOf(ctx), params.userId),
    headers: noStore,
  }));

  mountAuditRevertRoutes(router, db);
}
