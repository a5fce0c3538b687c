import type { Queryable } from '../../db/client.ts';

export interface WebhookRow {
  id: string;
  tenant_id: string;
  url: string;
  description: string;
  events: string[];
  paused: boolean;
  secret_created_at: Date;
  created_at: Date;
  updated_at: Date;
  last_status: 'pending' | 'delivered' | 'failed' | null;
  last_at: Date | null;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_type: string;
  audit_event_id: string | null;
  status: 'pending' | 'delivered' | 'failed';
  created_at: Date;
  next_attempt_at: Date;
  delivered_at: Date | null;
  attempts: number;
}

export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: Date;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_excerpt: string | null;
}

const WEBHOOK_SELECT = `w.id, w.tenant_id, w.url, w.description, w.events, w.paused, w.secret_created_at, w.created_at,
  w.updated_at, ld.status as last_status, ld.created_at as last_at
  from webhooks w
  left join lateral (select d.status, d.created_at from webhook_deliveries d
                      where d.webhook_id = w.id order by d.created_at desc, d.id desc limit 1) ld on true`;

const DELIVERY_COLUMNS = `id, webhook_id, event_type, audit_event_id, status, created_at, next_attempt_at, delivered_at, attempts`;

/** Every statement names the tenant: no query crosses tenants. */
export const webhookRepository = {
  async list(db: Queryable, tenantId: string): Promise<WebhookRow[]> {
    return db.query<WebhookRow>(
      `select ${WEBHOOK_SELECT} where w.tenant_id = $1 order by w.created_at desc, w.id desc`,
      [tenantId],
    );
  },
  async find(db: Queryable, tenantId: string, id: string, lock = false): Promise<WebhookRow | undefined> {
    const rows = await db.query<WebhookRow>(
      `select ${WEBHOOK_SELECT} where w.tenant_id = $1 and w.id = $2${lock ? ' for update of w' : ''}`,
      [tenantId, id],
    );
    return rows[0];
  },
  async insert(
    tx: Queryable,
    w: { id: string; tenantId: string; url: string; description: string; events: string[]; paused: boolean },
    secretSealed: Buffer,
  ): Promise<void> {
    await tx.query(
      `insert into webhooks (id, tenant_id, url, description, events, paused, secret_sealed)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [w.id, w.tenantId, w.url, w.description, w.events, w.paused, secretSealed],
    );
  },
  async update(
    tx: Queryable,
    tenantId: string,
    id: string,
    w: { url: string; description: string; events: string[]; paused: boolean },
  ): Promise<void> {
    await tx.query(
      `update webhooks set url = $3, description = $4, events = $5, paused = $6, updated_at = now()
        where tenant_id = $1 and id = $2`,
      [tenantId, id, w.url, w.description, w.events, w.paused],
    );
  },
  async setSecret(tx: Queryable, tenantId: string, id: string, secretSealed: Buffer): Promise<void> {
    await tx.query(
      `update webhooks set secret_sealed = $3, secret_created_at = now(), updated_at = now()
        where tenant_id = $1 and id = $2`,
      [tenantId, id, secretSealed],
    );
  },
  async delete(tx: Queryable, tenantId: string, id: string): Promise<void> {
    await tx.query('delete from webhooks where tenant_id = $1 and id = $2', [tenantId, id]);
  },
  /** A delivery of one audit event to one webhook (a test event; other events are queued by the audit writer). */
  async insertDelivery(
    tx: Queryable,
    d: { id: string; tenantId: string; webhookId: string; auditEventId: string; eventType: string },
  ): Promise<void> {
    await tx.query(
      `insert into webhook_deliveries (id, tenant_id, webhook_id, audit_event_id, event_type)
       values ($1, $2, $3, $4, $5)`,
      [d.id, d.tenantId, d.webhookId, d.auditEventId, d.eventType],
    );
  },
  async deliveries(db: Queryable, tenantId: string, webhookId: string, limit: number): Promise<DeliveryRow[]> {
    return db.query<DeliveryRow>(
      `select ${DELIVERY_COLUMNS} from webhook_deliveries
        where tenant_id = $1 and webhook_id = $2 order by created_at desc, id desc limit $3`,
      [tenantId, webhookId, limit],
    );
  },
  async delivery(db: Queryable, tenantId: string, webhookId: string, id: string): Promise<DeliveryRow | undefined> {
    const rows = await db.query<DeliveryRow>(
      `select ${DELIVERY_COLUMNS} from webhook_deliveries where tenant_id = $1 and webhook_id = $2 and id = $3`,
      [tenantId, webhookId, id],
    );
    return rows[0];
  },
  /** The latest `perDelivery` tries of each delivery, newest first. */
  async attempts(db: Queryable, deliveryIds: string[], perDelivery: number): Promise<AttemptRow[]> {
    if (deliveryIds.length === 0) return [];
    return db.query<AttemptRow>(
      `select delivery_id, attempt, at, status_code, duration_ms, error, response_excerpt from (
         select a.*, row_number() over (partition by a.delivery_id order by a.attempt desc) as n
           from webhook_attempts a where a.delivery_id = any($1::uuid[])) t
        where n <= $2 order by delivery_id, attempt desc`,
      [deliveryIds, perDelivery],
    );
  },
  /**
   * Makes a delivery due now, its back-off started over; a delivery being sent at this moment (its
   * lease running) is left alone. Answers whether it was requeued.
   */
  async requeue(tx: Queryable, tenantId: string, webhookId: string, id: string): Promise<boolean> {
    const rows = await tx.query(
      `update webhook_deliveries
          set status = 'pending', failures = 0, next_attempt_at = now(), delivered_at = null,
              claimed_by = null, lease_until = null
        where tenant_id = $1 and webhook_id = $2 and id = $3 and (lease_until is null or lease_until < now())
        returning id`,
      [tenantId, webhookId, id],
    );
    return rows.length > 0;
  },
};
