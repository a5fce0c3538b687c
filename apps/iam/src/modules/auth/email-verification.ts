import { randomUUID } from 'node:crypto';
import {
  EMAIL_VERIFICATION_TTL_HOURS,
  EMAIL_VERIFICATIONS_PER_HOUR_MAX,
  type EmailVerificationResult,
  mailLink,
  mailLinkPaths,
} from '@team-access/contract';
import type { Db, Queryable } from '../../db/client.ts';
import { findOneBy } from '../../db/rows.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../../kernel/audit.ts';
import type { Caller, UserRow } from '../../kernel/context.ts';
import { randomToken, sha256 } from '../../security/tokens.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { emailChangeNoticeMail, emailVerificationMail } from '../mail/templates.ts';
import { toUser, userRepository } from '../users/repository.ts';
import { passwordResetRepository } from './password-reset.ts';

/**
 * Email verification (Locai): a link mailed to an address proves it when followed, once, within
 * EMAIL_VERIFICATION_TTL_HOURS. A link is for the account's current address (a user created with
 * a password) or for a requested new one (`pending_email`), which becomes the email only then.
 */

export interface VerificationCaller extends Caller {
  /** Named in the mail. */
  tenantName: string;
}

export interface EmailVerificationOptions {
  /** Where the web app lives: the mailed link is `${appUrl}/verify-email#token=…`. */
  appUrl: string;
}

interface VerificationRow {
  id: string;
  user_id: string;
  email: string;
  used_at: Date | null;
  revoked_at: Date | null;
  expired: boolean;
  user_status: string;
}

export const emailVerificationRepository = {
  async insert(
    db: Queryable,
    t: { tenantId: string; userId: string; email: string; tokenHash: Buffer },
  ): Promise<Date> {
    const rows = await db.query<{ expires_at: Date }>(
      `insert into email_verification_tokens (id, tenant_id, user_id, email, token_hash, expires_at)
       values ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))
       returning expires_at`,
      [randomUUID(), t.tenantId, t.userId, t.email, t.tokenHash, EMAIL_VERIFICATION_TTL_HOURS],
    );
    return (rows[0] as { expires_at: Date }).expires_at;
  },
  async countLastHour(db: Queryable, tenantId: string, userId: string): Promise<number> {
    const rows = await db.query<{ n: number }>(
      `select count(*)::int as n from email_verification_tokens
        where tenant_id = $1 and user_id = $2 and created_at > now() - interval '1 hour'`,
      [tenantId, userId],
    );
    return rows[0]?.n ?? 0;
  },
  findByHash: findOneBy<VerificationRow, Buffer>({
    columns: `t.id, t.user_id, t.email, t.used_at, t.revoked_at, t.expires_at <= now() as expired,
              u.status as user_status`,
    from: 'email_verification_tokens t join users u on u.id = t.user_id and u.tenant_id = t.tenant_id',
    alias: 't',
    column: 'token_hash',
  }),
  async markUsed(db: Queryable, tenantId: string, id: string): Promise<void> {
    await db.query('update email_verification_tokens set used_at = now() where tenant_id = $1 and id = $2', [
      tenantId,
      id,
    ]);
  },
  /** Ends every open link of the user (a newer one was sent, or what it proves changed). */
  async revokeAllForUser(db: Queryable, tenantId: string, userId: string): Promise<void> {
    await db.query(
      `update email_verification_tokens set revoked_at = now()
        where tenant_id = $1 and user_id = $2 and used_at is null and revoked_at is null`,
      [tenantId, userId],
    );
  },
};

const tooMany = () =>
  new AppError(
    429,
    'rate_limited',
    `At most ${EMAIL_VERIFICATIONS_PER_HOUR_MAX} verification links an hour can be sent to one user. Try again later.`,
  );

/**
 * Writes a new verification link for `email` (the user's current or requested address) to the
 * outbox in the caller's transaction; earlier open links of the user stop working. Call
 * `notifyMailQueued()` after the commit.
 */
export async function queueEmailVerification(
  tx: Queryable,
  caller: VerificationCaller,
  user: Pick<UserRow, 'id' | 'email'>,
  email: string,
  options: EmailVerificationOptions,
): Promise<void> {
  if (
    (await emailVerificationRepository.countLastHour(tx, caller.tenantId, user.id)) >= EMAIL_VERIFICATIONS_PER_HOUR_MAX
  ) {
    throw tooMany();
  }
  await emailVerificationRepository.revokeAllForUser(tx, caller.tenantId, user.id);
  const token = randomToken();
  const expiresAt = await emailVerificationRepository.insert(tx, {
    tenantId: caller.tenantId,
    userId: user.id,
    email,
    tokenHash: sha256(token),
  });
  const replacing = email.toLowerCase() !== user.email.toLowerCase();
  await enqueueMail(tx, {
    tenantId: caller.tenantId,
    kind: 'email_verification',
    to: email,
    ...emailVerificationMail({
      tenantName: caller.tenantName,
      link: mailLink(options.appUrl, mailLinkPaths.verifyEmail, token),
      expiresAt,
      replacing,
    }),
  });
  if (replacing) {
    await enqueueMail(tx, {
      tenantId: caller.tenantId,
      kind: 'email_change_notice',
      to: user.email,
      ...emailChangeNoticeMail({ tenantName: caller.tenantName, newEmail: email }),
    });
  }
}

/** Sends a new link to the user's pending address, or else to their unverified current one. */
export async function resendVerification(
  tx: Queryable,
  caller: VerificationCaller,
  user: UserRow,
  options: EmailVerificationOptions,
): Promise<void> {
  const email = user.pending_email ?? (user.email_verified_at === null ? user.email : undefined);
  if (email === undefined) {
    throw new AppError(409, 'already_verified', `${user.email} is verified already; there is nothing to confirm.`);
  }
  await queueEmailVerification(tx, caller, user, email, options);
}

const linkInvalid = () => new AppError(404, 'link_invalid', 'This verification link is not valid.');

async function openLink(db: Queryable, tenantId: string, token: string, forUpdate = false): Promise<VerificationRow> {
  const row = await emailVerificationRepository.findByHash(db, tenantId, sha256(token), { forUpdate });
  // A deactivated account's link is as dead as an unknown one.
  if (row?.user_status !== 'active') throw linkInvalid();
  if (row.used_at !== null) throw new AppError(410, 'link_used', 'This verification link has already been used.');
  if (row.revoked_at !== null) {
    throw new AppError(
      410,
      'link_revoked',
      'This verification link no longer works: a newer one was sent, or the address changed since. Use the newest link.',
    );
  }
  if (row.expired) {
    throw new AppError(
      410,
      'link_expired',
      'This verification link has expired. Ask your administrator for a new one.',
    );
  }
  return row;
}

function isUniqueEmailViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (e.constraint === undefined || e.constraint === 'users_tenant_email_key');
}

const addressTaken = () =>
  new AppError(409, 'conflict', 'Another account uses this address now, so it cannot become this account’s email.');

/**
 * Follows a link: the current address is marked verified, or the pending new address becomes the
 * email (verified; the old address's reset links end). The link is used up; all in one transaction.
 */
export async function verifyEmail(db: Db, caller: Caller, token: string): Promise<EmailVerificationResult> {
  await openLink(db, caller.tenantId, token);
  try {
    return await db.transaction(async (tx) => {
      const link = await openLink(tx, caller.tenantId, token, true);
      const user = (await userRepository.findById(tx, caller.tenantId, link.user_id, { forUpdate: true })) as UserRow;
      await emailVerificationRepository.markUsed(tx, caller.tenantId, link.id);
      const before = toUser(user);
      const audit = (action: string, after: unknown) =>
        recordAudit(tx, caller, { action, targetType: 'user', targetId: user.id, before, after, actorUserId: user.id });
      if (link.email.toLowerCase() === user.email.toLowerCase()) {
        if (user.email_verified_at === null) {
          await userRepository.update(tx, caller.tenantId, user.id, { emailVerifiedAt: new Date() });
          await audit(
            'user.email_verified',
            toUser((await userRepository.findById(tx, caller.tenantId, user.id)) as UserRow),
          );
        }
        return { email: user.email, outcome: 'verified' as const };
      }
      if (user.pending_email?.toLowerCase() !== link.email.toLowerCase()) throw linkInvalid();
      const taken = await userRepository.findByEmail(tx, caller.tenantId, link.email);
      if (taken && taken.id !== user.id) throw addressTaken();
      await userRepository.update(tx, caller.tenantId, user.id, {
        email: link.email,
        pendingEmail: null,
        emailVerifiedAt: new Date(),
      });
      // A reset link mailed to the old address no longer belongs to this account's mailbox.
      await passwordResetRepository.revokeAllForUser(tx, caller.tenantId, user.id);
      await audit(
        'user.email_changed',
        toUser((await userRepository.findById(tx, caller.tenantId, user.id)) as UserRow),
      );
      return { email: link.email, outcome: 'changed' as const };
    });
  } catch (error) {
    if (isUniqueEmailViolation(error)) throw addressTaken();
    throw error;
  }
}
