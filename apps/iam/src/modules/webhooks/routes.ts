import { routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  sendWebhookTest,
  updateWebhook,
  type WebhookDeps,
} from './service.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** Tenant webhooks (ADR 050). */
export function mountWebhookRoutes(router: Router, db: Db, deps: WebhookDeps): void {
  mountRoute(router, db, routes.listWebhooks, async (_input, ctx) => ({
    status: 200,
    body: { items: await listWebhooks(db, callerOf(ctx)) },
    headers: NO_STORE,
  }));
  mountRoute(router, db, routes.createWebhook, async ({ body }, ctx) => {
    const created = await createWebhook(db, deps, callerOf(ctx), body);
    return { status: 201, body: created, headers: { ...NO_STORE, Location: `/v2/client/webhooks/${created.id}` } };
  });
  mountRoute(router, db, routes.getWebhook, async ({ params }, ctx) => ({
    status: 200,
    body: await getWebhook(db, callerOf(ctx), params.webhookId),
    headers: NO_STORE,
  }));
  mountRoute(router, db, routes.updateWebhook, async ({ params, body }, ctx) => ({
    status: 200,
    body: await updateWebhook(db, deps, callerOf(ctx), params.webhookId, body),
  }));
  mountRoute(router, db, routes.deleteWebhook, async ({ params }, ctx) => {
    await deleteWebhook(db, callerOf(ctx), params.webhookId);
    return { status: 204 };
  });
  mountRoute(router, db, routes.rotateWebhookSecret, async ({ params }, ctx) => ({
    status: 200,
    body: await rotateWebhookSecret(db, deps, callerOf(ctx), params.webhookId),
    headers: NO_STORE,
  }));
  mountRoute(router, db, routes.sendWebhookTest, async ({ params }, ctx) => ({
    status: 202,
    body: await sendWebhookTest(db, callerOf(ctx), params.webhookId),
  }));
  mountRoute(router, db, routes.listWebhookDeliveries, async ({ params, query }, ctx) => ({
    status: 200,
    body: { items: await listWebhookDeliveries(db, callerOf(ctx), params.webhookId, query.limit) },
    headers: NO_STORE,
  }));
  mountRoute(router, db, routes.redeliverWebhookDelivery, async ({ params }, ctx) => ({
    status: 202,
    body: await redeliverWebhookDelivery(db, callerOf(ctx), params.webhookId, params.deliveryId),
  }));
}
