import { randomUUID } from 'node:crypto';
import {
  type CompletePasswordReset,
  mailLink,
  mailLinkPaths,
  PASSWORD_IS_EMAIL_MESSAGE,
  PASSWORD_RESET_TTL_MINUTES,
  PASSWORD_RESETS_PER_HOUR_MAX,
  type PasswordResetPreview,
  passwordIsEmail,
  type RequestPasswordReset,
} from '@team-access/contract';
import type { Db, Queryable } from '../../db/client.ts';
import { findOneBy } from '../../db/rows.ts';
import { AppError } from '../../errors.ts';
import { auditRepository } from '../../kernel/audit.ts';
import type { CallMeta } from '../../kernel/context.ts';
import { hashPassword } from '../../security/password.ts';
import { randomToken, sha256 } from '../../security/tokens.ts';
import { enqueueMail, notifyMailQueued } from '../mail/outbox.ts';
import { passwordResetMail } from '../mail/templates.ts';
import { userRepository } from '../users/repository.ts';
import { sessionRepository } from './repository.ts';

/**
 * A reset request answers no sooner than this after it started, whatever happened (a known
 * account, an unknown one, an inactive one, the hourly limit), so its timing reveals no account.
 * The mail itself is only written to the outbox here; the dispatcher sends it later.
 */
export const PASSWORD_RESET_REQUEST_FLOOR_MS = 250;

export interface ResetCaller extends CallMeta {
  tenantId: string;
  /** Named in the mail. */
  tenantName: string;
}

export interface PasswordResetOptions {
  /** Where the web app lives: the mailed link is `${appUrl}/reset-password#token=…`. */
  appUrl: string;
}

interface ResetTokenRow {
  id: string;
  user_id: string;
  email: string;
  user_status: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  /** Decided by the database clock, as everywhere else. */
  expired: boolean;
}

/** Closes every open link of the user, as used or as revoked; answers how many. */
async function closeOpenLinks(
  db: Queryable,
  tenantId: string,
  userId: string,
  column: 'used_at' | 'revoked_at',
): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `update password_reset_tokens set ${column} = now()
      where tenant_id = $1 and user_id = $2 and used_at is null and revoked_at is null
      returning id`,
    [tenantId, userId],
  );
  return rows.length;
}

export const passwordResetRepository = {
  /** Stores a new link (only the token's digest) and answers when it expires. */
  async insert(
    db: Queryable,
    t: { id: string; tenantId: string; userId: string; tokenHash: Buffer; ip: string | undefined },
  ): Promise<Date> {
    const rows = await db.query<{ expires_at: Date }>(
      `insert into password_reset_tokens (id, tenant_id, user_id, token_hash, expires_at, ip)
       values ($1, $2, $3, $4, now() + make_interval(mins => $5), $6)
       returning expires_at`,
      [t.id, t.tenantId, t.userId, t.tokenHash, PASSWORD_RESET_TTL_MINUTES, t.ip?.slice(0, 64) ?? null],
    );
    return (rows[0] as { expires_at: Date }).expires_at;
  },
  /** Links made for the user in the last hour (the per-account mail limit). */
  async countLastHour(db: Queryable, tenantId: string, userId: string): Promise<number> {
    const rows = await db.query<{ n: number }>(
      `select count(*)::int as n from password_reset_tokens
        where tenant_id = $1 and user_id = $2 and created_at > now() - interval '1 hour'`,
      [tenantId, userId],
    );
    return rows[0]?.n ?? 0;
  },
  /** The link with this digest in this tenant, with its user; locked when `forUpdate`. */
  findByHash: findOneBy<ResetTokenRow, Buffer>({
    columns: `t.id, t.user_id, u.email, u.status as user_status, t.expires_at, t.used_at, t.revoked_at,
              t.expires_at <= now() as expired`,
    from: 'password_reset_tokens t join users u on u.id = t.user_id and u.tenant_id = t.tenant_id',
    alias: 't',
    column: 'token_hash',
  }),
  /** Marks every open link of the user used (the one just used among them). */
  useAllForUser(db: Queryable, tenantId: string, userId: string): Promise<number> {
    return closeOpenLinks(db, tenantId, userId, 'used_at');
  },
  /**
   * Ends every open link of the user because what it was for changed (the password was set or
   * changed, the email changed, the account was deactivated); answers how many.
   */
  revokeAllForUser(db: Queryable, tenantId: string, userId: string): Promise<number> {
    return closeOpenLinks(db, tenantId, userId, 'revoked_at');
  },
};

const linkInvalid = () => new AppError(404, 'link_invalid', 'This password reset link is not valid.');

/** The link's row, if it still works; otherwise the problem that says why (and changes nothing). */
async function openLink(db: Queryable, tenantId: string, token: string, forUpdate = false): Promise<ResetTokenRow> {
  const row = await passwordResetRepository.findByHash(db, tenantId, sha256(token), { forUpdate });
  // A deactivated account's link is as dead as an unknown one: nothing says the account exists.
  if (row?.user_status !== 'active') throw linkInvalid();
  if (row.used_at !== null) throw new AppError(410, 'link_used', 'This password reset link has already been used.');
  if (row.revoked_at !== null) {
    throw new AppError(
      410,
      'link_revoked',
      'This password reset link no longer works: the password or email address changed since it was sent. Ask for a new one.',
    );
  }
  if (row.expired) throw new AppError(410, 'link_expired', 'This password reset link has expired. Ask for a new one.');
  return row;
}

export function passwordResetLink(appUrl: string, token: string): string {
  return mailLink(appUrl, mailLinkPaths.resetPassword, token);
}

/**
 * Writes a reset link for an active account with this email, unless it already had
 * PASSWORD_RESETS_PER_HOUR_MAX in the last hour; for anything else, nothing. The caller answers
 * the same 202 either way (and no sooner than PASSWORD_RESET_REQUEST_FLOOR_MS).
 */
export async function requestPasswordReset(
  db: Db,
  caller: ResetCaller,
  body: RequestPasswordReset,
  options: PasswordResetOptions,
): Promise<void> {
  const found = await userRepository.findByEmail(db, caller.tenantId, body.email);
  if (found?.status !== 'active') return;
  const queued = await db.transaction(async (tx) => {
    // Locked, so two requests at once count one after the other and the limit holds.
    const user = await userRepository.findById(tx, caller.tenantId, found.id, { forUpdate: true });
    if (user?.status !== 'active') return false;
    if ((await passwordResetRepository.countLastHour(tx, caller.tenantId, user.id)) >= PASSWORD_RESETS_PER_HOUR_MAX) {
      return false;
    }
    const token = randomToken();
    const id = randomUUID();
    const expiresAt = await passwordResetRepository.insert(tx, {
      id,
      tenantId: caller.tenantId,
      userId: user.id,
      tokenHash: sha256(token),
      ip: caller.ip,
    });
    await enqueueMail(tx, {
      tenantId: caller.tenantId,
      kind: 'password_reset',
      to: user.email,
      ...passwordResetMail({
        tenantName: caller.tenantName,
        link: passwordResetLink(options.appUrl, token),
        expiresAt,
      }),
    });
    await auditRepository.record(tx, {
      tenantId: caller.tenantId,
      actorUserId: null,
      action: 'auth.password_reset_requested',
      targetType: 'user',
      targetId: user.id,
      requestId: caller.requestId,
      ip: caller.ip,
      source: caller.source,
    });
    return true;
  });
  if (queued) notifyMailQueued();
}

/** What the reset page shows before the person types a password. */
export async function previewPasswordReset(db: Db, caller: ResetCaller, token: string): Promise<PasswordResetPreview> {
  const row = await openLink(db, caller.tenantId, token);
  return { email: row.email, expiresAt: row.expires_at.toISOString() };
}

/**
 * Sets the new password from a working link: the link and every other open link of the user are
 * used up, every session of the user ends (a thief's among them), the version moves, and the
 * audit trail records it, all in one transaction.
 */
export async function completePasswordReset(db: Db, caller: ResetCaller, body: CompletePasswordReset): Promise<void> {
  const link = await openLink(db, caller.tenantId, body.token);
  if (passwordIsEmail(body.password, link.email)) {
    throw new AppError(400, 'validation_failed', 'Some fields are not valid.', [
      { path: 'body.password', message: PASSWORD_IS_EMAIL_MESSAGE, code: 'custom' },
    ]);
  }
  const passwordHash = await hashPassword(body.password);
  await db.transaction(async (tx) => {
    // Again under a lock: of two completions at once, the second finds the link used.
    const current = await openLink(tx, caller.tenantId, body.token, true);
    // The person chose a new password: a required change is done.
    await userRepository.update(tx, caller.tenantId, current.user_id, { passwordHash, resetPw: false });
    await passwordResetRepository.useAllForUser(tx, caller.tenantId, current.user_id);
    await sessionRepository.revokeAllForUser(tx, caller.tenantId, current.user_id);
    await auditRepository.record(tx, {
      tenantId: caller.tenantId,
      // The person proved they hold the mailbox: the change is theirs.
      actorUserId: current.user_id,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: current.user_id,
      requestId: caller.requestId,
      ip: caller.ip,
      source: caller.source,
    });
  });
}

/** Waits until `ms` have passed since `started` (a `performance.now()` reading). */
export async function answerNoSoonerThan(started: number, ms: number): Promise<void> {
  const left = started + ms - performance.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}
