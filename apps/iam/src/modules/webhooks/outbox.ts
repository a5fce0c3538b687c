import type { AuditSource, WebhookPayload } from '@team-access/contract';
import { Webhook as Signer } from 'standardwebhooks';
import type { Queryable } from '../../db/client.ts';
import type { SecretBox } from '../../security/secret-box.ts';
import type { OutboxHandler } from '../jobs/runner.ts';
import { type SendResult, sendSigned } from './sender.ts';

/**
 * The webhook outbox, drained by the job runner (ADR 050). A due delivery is claimed with a lease
 * under the runner's instance name (`for update skip locked`), so any number of instances share
 * the outbox and a try is made by one of them only; a crashed instance's claim runs out and the
 * delivery is tried again. Each try is recorded; a failure waits its back-off step, and after the
 * last step the delivery is `failed` (it can still be redelivered by hand).
 */

/** Back-off after the 1st, 2nd… failed try: 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h; then failed. */
export const WEBHOOK_RETRY_DELAYS_SECONDS: readonly number[] = [10, 60, 300, 1800, 7200, 21600, 43200, 86400];
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** At most this much of a receiver's answer is read. */
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;
/** A claim's lease: longer than a try can take (the timeout), so it never runs out under a live try. */
export const WEBHOOK_LEASE_SECONDS = 60;
/** Deliveries claimed, and sent at once, per round. */
const BATCH = 10;

export interface WebhookOutboxOptions {
  box: SecretBox;
  allowPrivate: boolean;
  retryDelaysSeconds?: readonly number[];
  timeoutMs?: number;
  maxResponseBytes?: number;
}

interface ClaimedRow {
  id: string;
  tenant_id: string;
  webhook_id: string;
  event_type: string;
  attempts: number;
  failures: number;
  url: string;
  secret_sealed: Buffer | Uint8Array;
  event_id: string | null;
  action: string | null;
  target_type: string | null;
  target_id: string | null;
  target_name: string | null;
  target_email: string | null;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  source: AuditSource | null;
  organization_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  event_at: Date | null;
}

async function claim(db: Queryable, instance: string): Promise<ClaimedRow[]> {
  return db.query<ClaimedRow>(
    `with claimed as (
       update webhook_deliveries d
          set claimed_by = $1, lease_until = now() + make_interval(secs => $2), attempts = d.attempts + 1
        where d.id in (select x.id from webhook_deliveries x
                         join webhooks w on w.id = x.webhook_id and not w.paused
                        where x.status = 'pending' and x.next_attempt_at <= now()
                          and (x.lease_until is null or x.lease_until < now())
                        order by x.next_attempt_at, x.id
                        limit $3
                        for update of x skip locked)
        returning d.id, d.tenant_id, d.webhook_id, d.audit_event_id, d.event_type, d.attempts, d.failures)
     select c.id, c.tenant_id, c.webhook_id, c.event_type, c.attempts, c.failures, w.url, w.secret_sealed,
            e.id as event_id, e.action, e.target_type, e.target_id, e.target_name, e.target_email, e.actor_user_id,
            e.actor_name, e.actor_email, e.source, e.organization_id, e.before, e.after, e.created_at as event_at
       from claimed c
       join webhooks w on w.id = c.webhook_id
       left join audit_events e on e.id = c.audit_event_id`,
    [instance, WEBHOOK_LEASE_SECONDS, BATCH],
  );
}

/** The body a receiver gets: built from the audit event, the one record of what happened. */
export function payloadOf(row: ClaimedRow): WebhookPayload | undefined {
  if (!row.event_id || !row.event_at) return undefined;
  return {
    type: row.event_type,
    timestamp: new Date(row.event_at).toISOString(),
    data: {
      eventId: row.event_id,
      action: row.action ?? row.event_type,
      tenantId: row.tenant_id,
      subject: {
        type: row.target_type ?? 'unknown',
        id: row.target_id,
        name: row.target_name,
        email: row.target_email,
      },
      actor: row.actor_user_id ? { id: row.actor_user_id, name: row.actor_name, email: row.actor_email } : null,
      source: row.source ?? 'api',
      organizationId: row.organization_id,
      before: row.before,
      after: row.after,
    },
  };
}

export function createWebhookOutbox(options: WebhookOutboxOptions): OutboxHandler {
  const delays = options.retryDelaysSeconds ?? WEBHOOK_RETRY_DELAYS_SECONDS;

  async function attempt(row: ClaimedRow): Promise<SendResult> {
    const payload = payloadOf(row);
    if (!payload) {
      return {
        ok: false,
        statusCode: null,
        durationMs: 0,
        error: 'The audit event this delivery carried is no longer kept (audit retention)',
        responseExcerpt: null,
      };
    }
    const body = JSON.stringify(payload);
    const secret = options.box.open(Buffer.from(row.secret_sealed));
    const now = new Date();
    const signature = new Signer(secret).sign(row.id, now, body);
    return sendSigned({
      url: row.url,
      body,
      headers: {
        'webhook-id': row.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      allowPrivate: options.allowPrivate,
      timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: options.maxResponseBytes ?? WEBHOOK_MAX_RESPONSE_BYTES,
    });
  }

  /** Records the try and moves the delivery on, if this instance still holds it. */
  async function settle(db: Queryable, instance: string, row: ClaimedRow, result: SendResult): Promise<void> {
    const failures = result.ok ? 0 : row.failures + 1;
    const delay = delays[failures - 1];
    await db.query(
      `with tried as (
         insert into webhook_attempts (delivery_id, attempt, status_code, duration_ms, error, response_excerpt)
         select id, $3, $4, $5, $6, $7 from webhook_deliveries where id = $1
         on conflict do nothing
         returning delivery_id)
       update webhook_deliveries
          set status = $8, failures = $9, claimed_by = null, lease_until = null,
              delivered_at = case when $8 = 'delivered' then now() else delivered_at end,
              next_attempt_at = case when $8 = 'pending' then now() + make_interval(secs => $10) else next_attempt_at end
        where id = $1 and claimed_by = $2`,
      [
        row.id,
        instance,
        row.attempts,
        result.statusCode,
        result.durationMs,
        result.error,
        result.responseExcerpt,
        result.ok ? 'delivered' : delay === undefined ? 'failed' : 'pending',
        failures,
        delay ?? 0,
      ],
    );
  }

  return {
    async drain({ db, logger, instance, stopping }) {
      let handled = 0;
      while (!stopping()) {
        const rows = await claim(db, instance);
        await Promise.all(
          rows.map(async (row) => {
            const result = await attempt(row).catch(
              (error: unknown): SendResult => ({
                ok: false,
                statusCode: null,
                durationMs: 0,
                error: `Could not send: ${(error as Error).message}`,
                responseExcerpt: null,
              }),
            );
            await settle(db, instance, row, result);
            const log = { deliveryId: row.id, webhookId: row.webhook_id, attempt: row.attempts };
            if (result.ok) logger.info({ ...log, status: result.statusCode }, 'webhook delivered');
            else logger.warn({ ...log, status: result.statusCode, error: result.error }, 'webhook try failed');
          }),
        );
        handled += rows.length;
        if (rows.length < BATCH) break;
      }
      return handled;
    },
  };
}
