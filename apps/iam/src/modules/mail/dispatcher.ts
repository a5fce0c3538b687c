import { createRequire } from 'node:module';
import type nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import { onMailQueued } from './outbox.ts';
import { PRODUCT_NAME } from './templates.ts';

/** After this many failed attempts a mail is given up (`failed`); the sender can resend. */
export const MAIL_MAX_ATTEMPTS = 6;
/** A claimed mail is someone else's for this long (a crashed sender's claim runs out). */
const CLAIM_LEASE = '2 minutes';
const BATCH = 20;

interface OutboxRow {
  id: string;
  tenant_id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string | null;
  html_body: string | null;
  attempts: number;
}

export interface MailDispatcherOptions {
  db: Db;
  logger: Logger;
  /** smtp:// or smtps://; undefined keeps every mail in the outbox and logs its link. */
  smtpUrl: string | undefined;
  from?: string;
  /** How often the outbox is polled for due mail (retries, other instances' mail). */
  pollMs?: number;
}

export interface MailDispatcher {
  /** Delivers every mail that is due now; answers how many were handled. */
  deliverDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** Retry back-off: 30 s, 1 min, 2 min, 4 min… */
function retryDelaySeconds(attempts: number): number {
  return 30 * 2 ** Math.max(0, attempts - 1);
}

const LINK = /https?:\/\/\S+/;

/** The address part of an SMTP URL, for logs: never the user name or password in it. */
export function describeSmtpUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}

/**
 * Delivers the outbox. Rows are claimed with a lease (`for update skip locked`), so several IAM
 * instances never send one mail twice; a sent mail's bodies are cleared, as they hold a live link.
 */
export function createMailDispatcher(options: MailDispatcherOptions): MailDispatcher {
  const { db, logger } = options;
  const from = options.from ?? `"${PRODUCT_NAME}" <no-reply@team-access.local>`;
  // nodemailer is loaded only when there is an SMTP server to talk to (ADR 034: a faster start).
  const transport: Transporter | undefined = options.smtpUrl
    ? (createRequire(import.meta.url)('nodemailer') as typeof nodemailer).createTransport(options.smtpUrl)
    : undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  async function claim(): Promise<OutboxRow[]> {
    return db.query<OutboxRow>(
      `update mail_outbox set attempts = attempts + 1, next_attempt_at = now() + interval '${CLAIM_LEASE}'
        where id in (
          select id from mail_outbox
           where status = 'pending' and next_attempt_at <= now()
           order by next_attempt_at, created_at
           limit ${BATCH}
           for update skip locked)
        returning id, tenant_id, kind, to_address, subject, text_body, html_body, attempts`,
    );
  }

  async function deliver(row: OutboxRow): Promise<void> {
    if (!transport) {
      await db.query(`update mail_outbox set status = 'kept' where id = $1`, [row.id]);
      const link = row.text_body?.match(LINK)?.[0];
      logger.info(
        { mailId: row.id, kind: row.kind, to: row.to_address, link },
        'no SMTP_URL: the mail is kept in the outbox; open its link to go on',
      );
      return;
    }
    try {
      await transport.sendMail({
        from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body ?? '',
        html: row.html_body ?? undefined,
      });
      await db.query(
        `update mail_outbox set status = 'sent', sent_at = now(), text_body = null, html_body = null, last_error = null
          where id = $1`,
        [row.id],
      );
      logger.info({ mailId: row.id, kind: row.kind }, 'mail sent');
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      const giveUp = row.attempts >= MAIL_MAX_ATTEMPTS;
      await db.query(
        giveUp
          ? `update mail_outbox set status = 'failed', last_error = $2, text_body = null, html_body = null where id = $1`
          : `update mail_outbox set last_error = $2, next_attempt_at = now() + make_interval(secs => $3) where id = $1`,
        giveUp ? [row.id, message] : [row.id, message, retryDelaySeconds(row.attempts)],
      );
      logger[giveUp ? 'error' : 'warn'](
        { mailId: row.id, kind: row.kind, attempts: row.attempts, err: { message } },
        giveUp ? 'mail could not be sent; giving up' : 'mail could not be sent; will retry',
      );
    }
  }

  async function drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const rows = await claim();
      for (const row of rows) await deliver(row);
      handled += rows.length;
      if (rows.length < BATCH) return handled;
    }
  }

  function deliverDue(): Promise<number> {
    if (running) {
      // A wake-up during a run: run once more after it, so nothing queued meanwhile waits a poll.
      again = true;
      return running;
    }
    running = (async () => {
      let handled = 0;
      do {
        again = false;
        handled += await drain();
      } while (again);
      return handled;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  function tick(): void {
    deliverDue().catch((error: unknown) =>
      logger.error({ err: { message: (error as Error).message } }, 'mail dispatch failed'),
    );
  }

  return {
    deliverDue,
    start() {
      if (timer) return;
      unsubscribe = onMailQueued(tick);
      timer = setInterval(tick, options.pollMs ?? 5_000);
      timer.unref();
      if (options.smtpUrl) logger.info({ smtp: describeSmtpUrl(options.smtpUrl) }, 'mail goes out through SMTP');
      else logger.info('no SMTP_URL: mail is kept in the outbox table and its link is logged');
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      unsubscribe?.();
      unsubscribe = undefined;
      await running?.catch(() => {});
      transport?.close();
    },
  };
}
