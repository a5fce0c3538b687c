import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Queryable } from '../../db/client.ts';
import type { RenderedMail } from './templates.ts';

export type MailKind = 'invitation' | 'password_reset' | 'email_verification' | 'email_change_notice';

export interface OutgoingMail extends RenderedMail {
  tenantId: string;
  kind: MailKind;
  to: string;
}

/**
 * Writes a mail to the outbox inside the caller's transaction, so it is sent if and only if the
 * change that caused it commits. The dispatcher delivers it; call `notifyMailQueued()` after the
 * commit so it does not wait for its next poll.
 */
export async function enqueueMail(tx: Queryable, mail: OutgoingMail): Promise<string> {
  const id = randomUUID();
  await tx.query(
    `insert into mail_outbox (id, tenant_id, kind, to_address, subject, text_body, html_body)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [id, mail.tenantId, mail.kind, mail.to, mail.subject, mail.text, mail.html],
  );
  return id;
}

const queued = new EventEmitter();

/** Wakes this process's dispatcher (other instances find the row at their next poll). */
export function notifyMailQueued(): void {
  queued.emit('queued');
}

export function onMailQueued(listener: () => void): () => void {
  queued.on('queued', listener);
  return () => queued.off('queued', listener);
}
