import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { withRetryAfter } from '../../http/rate-limited.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import { acceptInvitation, previewInvitation } from './accepting.ts';
import { planInvitationResend, resendInvitations } from './bulk-resend.ts';
import { bulkCreateInvitations, createInvitation, resendInvitation } from './sending.ts';
import { getInvitation, type InvitationOptions, listInvitations, revokeInvitation } from './service.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

export function mountInvitationRoutes(router: Router, db: Db, options: InvitationOptions): void {
  mountRoute(router, db, routes.listInvitations, async ({ query }, ctx) => ({
    status: 200,
    body: await listInvitations(db, callerOf(ctx), query),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.createInvitation, async ({ body, headers }, ctx, req) => {
    const result = await withRetryAfter(req, () =>
      createInvitation(db, callerOf(ctx), body, headers['idempotency-key'], options),
    );
    return {
      status: 201,
      body: result.body,
      headers: {
        ...NO_STORE,
        Location: `/v2/client/invitations/${result.body.id}`,
        ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
    };
  });

  mountRoute(router, db, routes.bulkCreateInvitations, async ({ body, headers }, ctx) => ({
    status: 200,
    body: await bulkCreateInvitations(db, callerOf(ctx), body, headers['idempotency-key'], options),
    headers: NO_STORE,
  }));

  // Public: reached from the mailed link, the BFF calls them with client credentials and no session.
  mountRoute(router, db, routes.previewInvitation, async ({ body }, ctx) => ({
    status: 200,
    body: await previewInvitation(db, callerOf(ctx), body.token),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.acceptInvitation, async ({ body }, ctx) => ({
    status: 200,
    body: await acceptInvitation(db, callerOf(ctx), body),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.getInvitation, async ({ params }, ctx) => ({
    status: 200,
    body: await getInvitation(db, callerOf(ctx), params.invitationId),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.resendInvitation, async ({ params }, ctx, req) => ({
    status: 200,
    body: await withRetryAfter(req, () => resendInvitation(db, callerOf(ctx), params.invitationId, options)),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.planInvitationResend, async ({ body }, ctx) => ({
    status: 200,
    body: await planInvitationResend(db, callerOf(ctx), body),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.resendInvitations, async ({ body }, ctx) => {
    const result = await resendInvitations(db, callerOf(ctx), body, options);
    if (!('job' in result)) return { status: 200, body: result, headers: NO_STORE };
    return { status: 202, body: result.job, headers: { ...NO_STORE, Location: `/v2/client/jobs/${result.job.id}` } };
  });

  mountRoute(router, db, routes.revokeInvitation, async ({ params }, ctx) => ({
    status: 200,
    body: await revokeInvitation(db, callerOf(ctx), params.invitationId),
    headers: NO_STORE,
  }));
}
