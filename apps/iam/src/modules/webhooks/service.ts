import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CreateWebhook,
  DEFAULT_WEBHOOK_EVENTS,
  type UpdateWebhook,
  WEBHOOK_TEST_EVENT,
  type Webhook,
  type WebhookDelivery,
  type WebhookWithSecret,
  webhooksRefusal,
} from '@team-access/contract';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { type Caller, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import { notifyJobQueued } from '../jobs/runner.ts';
import { AddressRefused, resolveSafely } from './address-guard.ts';
import { type AttemptRow, type DeliveryRow, type WebhookRow, webhookRepository } from './repository.ts';

/** What the webhook routes need besides the database. */
export interface WebhookDeps {
  /** Seals the signing secrets (MFA_ENCRYPTION_KEY): the sender opens them to sign. */
  box: SecretBox;
  /** WEBHOOK_ALLOW_PRIVATE: private and loopback addresses are allowed. */
  allowPrivate: boolean;
}

/** Tries listed per delivery. */
const ATTEMPTS_SHOWN = 10;

const iso = (d: Date) => new Date(d).toISOString();

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events as Webhook['events'],
    paused: row.paused,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    secretCreatedAt: iso(row.secret_created_at),
    lastDelivery: row.last_status && row.last_at ? { status: row.last_status, createdAt: iso(row.last_at) } : null,
  };
}

function toDelivery(row: DeliveryRow, attempts: AttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    eventType: row.event_type,
    auditEventId: row.audit_event_id,
    status: row.status,
    createdAt: iso(row.created_at),
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    deliveredAt: row.delivered_at ? iso(row.delivered_at) : null,
    attemptCount: row.attempts,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      at: iso(a.at),
      statusCode: a.status_code,
      durationMs: a.duration_ms,
      error: a.error,
      responseExcerpt: a.response_excerpt,
    })),
  };
}

/** What the audit log keeps of a webhook: never its secret. */
const snapshot = (w: { url: string; description: string; events: readonly string[]; paused: boolean }) => ({
  url: w.url,
  description: w.description,
  events: [...w.events],
  paused: w.paused,
});

/** A new Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The URL's host must not be private (save time; delivery time checks again): a 400 naming `body.url`. */
async function checkAddress(url: string, deps: WebhookDeps): Promise<void> {
  try {
    await resolveSafely(new URL(url).hostname, deps.allowPrivate);
  } catch (error) {
    if (!(error instanceof AddressRefused)) throw error;
    throw new AppError(400, 'validation_failed', 'The webhook address cannot be used.', [
      { path: 'body.url', message: error.message, code: 'address_refused' },
    ]);
  }
}

function allowed(caller: Caller): void {
  enforce(webhooksRefusal(ruleActor(caller.actor)));
}

async function found(db: Queryable, caller: Caller, id: string, lock = false): Promise<WebhookRow> {
  const row = await webhookRepository.find(db, caller.tenantId, id, lock);
  if (!row) throw new AppError(404, 'not_found', 'No such webhook.');
  return row;
}

export async function listWebhooks(db: Db, caller: Caller): Promise<Webhook[]> {
  allowed(caller);
  return (await webhookRepository.list(db, caller.tenantId)).map(toWebhook);
}

export async function getWebhook(db: Db, caller: Caller, id: string): Promise<Webhook> {
  allowed(caller);
  return toWebhook(await found(db, caller, id));
}

export async function createWebhook(
  db: Db,
  deps: WebhookDeps,
  caller: Caller,
  body: CreateWebhook,
): Promise<WebhookWithSecret> {
  allowed(caller);
  await checkAddress(body.url, deps);
  const secret = newSecret();
  const webhook = {
    id: randomUUID(),
    tenantId: caller.tenantId,
    url: body.url.trim(),
    description: body.description?.trim() ?? '',
    events: [...(body.events ?? DEFAULT_WEBHOOK_EVENTS)],
    paused: body.paused ?? false,
  };
  const row = await db.transaction(async (tx) => {
    await webhookRepository.insert(tx, webhook, deps.box.seal(secret));
    await recordAudit(tx, caller, {
      action: 'webhook.created',
      targetType: 'webhook',
      targetId: webhook.id,
      after: snapshot(webhook),
    });
    return found(tx, caller, webhook.id);
  });
  return { ...toWebhook(row), secret };
}

export async function updateWebhook(
  db: Db,
  deps: WebhookDeps,
  caller: Caller,
  id: string,
  body: UpdateWebhook,
): Promise<Webhook> {
  allowed(caller);
  if (body.url !== undefined) await checkAddress(body.url, deps);
  return db.transaction(async (tx) => {
    const before = await found(tx, caller, id, true);
    const after = {
      url: body.url?.trim() ?? before.url,
      description: body.description?.trim() ?? before.description,
      events: body.events ? [...body.events] : before.events,
      paused: body.paused ?? before.paused,
    };
    if (JSON.stringify(snapshot(after)) !== JSON.stringify(snapshot(before))) {
      await webhookRepository.update(tx, caller.tenantId, id, after);
      await recordAudit(tx, caller, {
        action: 'webhook.updated',
        targetType: 'webhook',
        targetId: id,
        before: snapshot(before),
        after: snapshot(after),
      });
    }
    return toWebhook(await found(tx, caller, id));
  });
}

export async function deleteWebhook(db: Db, caller: Caller, id: string): Promise<void> {
  allowed(caller);
  await db.transaction(async (tx) => {
    const before = await found(tx, caller, id, true);
    await webhookRepository.delete(tx, caller.tenantId, id);
    await recordAudit(tx, caller, {
      action: 'webhook.deleted',
      targetType: 'webhook',
      targetId: id,
      before: snapshot(before),
    });
  });
}

export async function rotateWebhookSecret(
  db: Db,
  deps: WebhookDeps,
  caller: Caller,
  id: string,
): Promise<WebhookWithSecret> {
  allowed(caller);
  const secret = newSecret();
  const row = await db.transaction(async (tx) => {
    const before = await found(tx, caller, id, true);
    await webhookRepository.setSecret(tx, caller.tenantId, id, deps.box.seal(secret));
    await recordAudit(tx, caller, {
      action: 'webhook.secret_rotated',
      targetType: 'webhook',
      targetId: id,
      before: { url: before.url, secretCreatedAt: iso(before.secret_created_at) },
      after: { url: before.url, secretCreatedAt: 'now' },
    });
    return found(tx, caller, id);
  });
  return { ...toWebhook(row), secret };
}

async function deliveryOf(db: Queryable, caller: Caller, webhookId: string, id: string): Promise<WebhookDelivery> {
  const row = await webhookRepository.delivery(db, caller.tenantId, webhookId, id);
  if (!row) throw new AppError(404, 'not_found', 'No such delivery.');
  return toDelivery(row, await webhookRepository.attempts(db, [id], ATTEMPTS_SHOWN));
}

/** A `webhook.test` event for this webhook alone: audited as `webhook.test_sent`, and that event is what it carries. */
export async function sendWebhookTest(db: Db, caller: Caller, webhookId: string): Promise<WebhookDelivery> {
  allowed(caller);
  const delivery = await db.transaction(async (tx) => {
    const webhook = await found(tx, caller, webhookId);
    const eventId = await recordAudit(tx, caller, {
      action: 'webhook.test_sent',
      targetType: 'webhook',
      targetId: webhookId,
      after: { url: webhook.url },
    });
    const id = randomUUID();
    await webhookRepository.insertDelivery(tx, {
      id,
      tenantId: caller.tenantId,
      webhookId,
      auditEventId: eventId,
      eventType: WEBHOOK_TEST_EVENT,
    });
    return deliveryOf(tx, caller, webhookId, id);
  });
  notifyJobQueued();
  return delivery;
}

export async function listWebhookDeliveries(
  db: Db,
  caller: Caller,
  webhookId: string,
  limit: number,
): Promise<WebhookDelivery[]> {
  allowed(caller);
  await found(db, caller, webhookId);
  const rows = await webhookRepository.deliveries(db, caller.tenantId, webhookId, limit);
  const attempts = await webhookRepository.attempts(
    db,
    rows.map((r) => r.id),
    ATTEMPTS_SHOWN,
  );
  return rows.map((row) =>
    toDelivery(
      row,
      attempts.filter((a) => a.delivery_id === row.id),
    ),
  );
}

/** Sends a delivery again now, with the same `webhook-id`: 409 while a try of it is under way. */
export async function redeliverWebhookDelivery(
  db: Db,
  caller: Caller,
  webhookId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  allowed(caller);
  const delivery = await db.transaction(async (tx) => {
    const webhook = await found(tx, caller, webhookId);
    const existing = await webhookRepository.delivery(tx, caller.tenantId, webhookId, deliveryId);
    if (!existing) throw new AppError(404, 'not_found', 'No such delivery.');
    if (!(await webhookRepository.requeue(tx, caller.tenantId, webhookId, deliveryId))) {
      throw new AppError(409, 'conflict', 'This delivery is being sent right now. Look again in a few seconds.');
    }
    await recordAudit(tx, caller, {
      action: 'webhook.redelivery_requested',
      targetType: 'webhook',
      targetId: webhookId,
      after: { url: webhook.url, deliveryId, eventType: existing.event_type },
    });
    return deliveryOf(tx, caller, webhookId, deliveryId);
  });
  notifyJobQueued();
  return delivery;
}
