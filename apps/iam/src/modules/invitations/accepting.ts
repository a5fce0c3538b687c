import { randomUUID } from 'node:crypto';
import {
  type AcceptInvitationResult,
  type acceptInvitationSchema,
  type FieldError,
  type InvitationPreview,
  PASSWORD_IS_EMAIL_MESSAGE,
  passwordIsEmail,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../../kernel/audit.ts';
import type { Caller } from '../../kernel/context.ts';
import { hashPassword } from '../../security/password.ts';
import { sha256 } from '../../security/tokens.ts';
import { type MemberRow, toMember } from '../organizations/membership-repository.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { roleRepository } from '../roles/repository.ts';
import { toUser, type UserRow, userRepository } from '../users/repository.ts';
import { type InvitationRow, inviterName, invitationRepository as repo, toInvitation } from './repository.ts';
import { revokeForSender, senderMayStillSend } from './sender-rights.ts';
import type { InvitationCaller } from './service.ts';

/** Opening an invitation link and accepting it. */

type AcceptBody = z.output<typeof acceptInvitationSchema>;

const invalid = (errors: FieldError[]) => new AppError(400, 'validation_failed', 'Some fields are not valid.', errors);

/** The sender may no longer give what the invitation gives: it is (or, at accept, becomes) revoked. */
const noLongerValid = () =>
  new AppError(
    410,
    'link_revoked',
    'This invitation is no longer valid: the person who sent it can no longer give this access. Ask for a new invitation.',
  );

/** A link that works: unknown → 404 link_invalid; used, revoked, expired → 410. */
function assertUsable(row: InvitationRow | undefined): asserts row is InvitationRow {
  if (!row) throw new AppError(404, 'link_invalid', 'This invitation link is not valid. Ask for a new invitation.');
  if (row.status === 'accepted') {
    throw new AppError(410, 'link_used', 'This invitation was already accepted. Sign in instead.');
  }
  if (row.status === 'revoked')
    throw new AppError(410, 'link_revoked', 'This invitation was withdrawn. Ask for a new invitation.');
  if (row.status === 'expired') {
    throw new AppError(
      410,
      'link_expired',
      'This invitation has expired. Ask the person who invited you to resend it.',
    );
  }
}

export async function previewInvitation(db: Db, caller: InvitationCaller, token: string): Promise<InvitationPreview> {
  const row = await repo.findByTokenHash(db, caller.tenantId, sha256(token));
  assertUsable(row);
  if (!(await senderMayStillSend(db, caller.tenantId, row))) throw noLongerValid();
  const account = await userRepository.findByEmail(db, caller.tenantId, row.email);
  return {
    email: row.email,
    tenantName: caller.tenantName,
    invitedBy: { name: inviterName(row), email: row.inviter_email },
    organization: row.organization_name === null ? null : { name: row.organization_name },
    organizationRole: row.organization_role,
    role: row.role,
    expiresAt: row.expires_at.toISOString(),
    accountExists: account !== undefined,
  };
}

function isUniqueEmailViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (e.constraint === undefined || e.constraint === 'users_tenant_email_key');
}

/**
 * Accepting. The invitation row is locked first, so two accepts of one link take turns and the
 * second finds it used. A new person gets an active account with exactly what the invitation
 * grants (its roles that still exist); an existing account of the tenant joins the organization
 * with the invited org role and is otherwise unchanged (no password asked; any sent is ignored).
 */
const SENDER_MAY_NOT = Symbol('sender may no longer send');

export async function acceptInvitation(
  db: Db,
  caller: InvitationCaller,
  body: AcceptBody,
): Promise<AcceptInvitationResult> {
  const tokenHash = sha256(body.token);
  const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
  let result: AcceptInvitationResult | typeof SENDER_MAY_NOT;
  try {
    result = await db.transaction(async (tx) => {
      // The organization before the invitation: its deletion locks it, then cascades to the
      // invitation, so taking them in the other order could deadlock with it.
      const peek = await repo.findByTokenHash(tx, caller.tenantId, tokenHash);
      if (peek?.organization_id) await repo.holdOrganization(tx, caller.tenantId, peek.organization_id);
      const row = await repo.findByTokenHash(tx, caller.tenantId, tokenHash, { forUpdate: true });
      assertUsable(row);
      // The grant is checked again against what its sender may give now; if no longer, the
      // invitation is revoked (committed) and the answer is a 410.
      if (!(await senderMayStillSend(tx, caller.tenantId, row))) {
        await revokeForSender(tx, caller, row);
        return SENDER_MAY_NOT;
      }
      const organization = row.organization_name === null ? null : { name: row.organization_name };
      const account = await userRepository.findByEmail(tx, caller.tenantId, row.email);
      if (account) {
        if (!row.organization_id || !row.organization_role) {
          throw new AppError(409, 'already_member', `${row.email} already has an account. Sign in instead.`);
        }
        const joined = await organizationRepository.insertMember(tx, {
          tenantId: caller.tenantId,
          organizationId: row.organization_id,
          userId: account.id,
          orgRole: row.organization_role,
        });
        if (joined) await recordMemberAdded(tx, caller, row.organization_id, account.id);
        if (account.email_verified_at === null) {
          // The invitation reached this mailbox: accepting it proves the address.
          await userRepository.update(tx, caller.tenantId, account.id, { emailVerifiedAt: new Date() });
          await recordAudit(tx, caller, {
            action: 'user.email_verified',
            targetType: 'user',
            targetId: account.id,
            after: { email: account.email, by: 'invitation' },
            actorUserId: account.id,
          });
        }
        await finishAccept(tx, caller, row, account.id);
        return { email: row.email, outcome: 'joined' as const, organization };
      }

      if (body.password === undefined || passwordHash === undefined) {
        throw invalid([{ path: 'body.password', message: 'Enter a password', code: 'required' }]);
      }
      if (passwordIsEmail(body.password, row.email)) {
        throw invalid([{ path: 'body.password', message: PASSWORD_IS_EMAIL_MESSAGE, code: 'custom' }]);
      }
      const roles = await roleRepository.findGrants(tx, caller.tenantId, row.role_ids);
      const userId = randomUUID();
      await userRepository.insert(tx, {
        id: userId,
        tenantId: caller.tenantId,
        email: row.email,
        passwordHash,
        firstName: body.firstName ?? null,
        lastName: body.lastName ?? null,
        role: row.role,
        status: 'active',
        permissions: row.permissions,
        // The link came to this mailbox: following it proves the address.
        emailVerified: true,
      });
      await userRepository.setRoles(
        tx,
        caller.tenantId,
        userId,
        roles.map((r) => r.id),
      );
      const user = toUser((await userRepository.findById(tx, caller.tenantId, userId)) as UserRow);
      await recordAudit(tx, caller, {
        action: 'user.created',
        targetType: 'user',
        targetId: userId,
        after: user,
        actorUserId: userId,
      });
      if (row.organization_id && row.organization_role) {
        await organizationRepository.insertMember(tx, {
          tenantId: caller.tenantId,
          organizationId: row.organization_id,
          userId,
          orgRole: row.organization_role,
        });
        await recordMemberAdded(tx, caller, row.organization_id, userId);
      }
      await finishAccept(tx, caller, row, userId);
      return { email: row.email, outcome: 'created' as const, organization };
    });
  } catch (error) {
    // Another invitation for this email was accepted at the same moment.
    if (isUniqueEmailViolation(error)) {
      throw new AppError(409, 'already_member', 'An account with this email was just created. Sign in instead.');
    }
    throw error;
  }
  if (result === SENDER_MAY_NOT) throw noLongerValid();
  return result;
}

async function recordMemberAdded(tx: Queryable, caller: Caller, organizationId: string, userId: string) {
  const member = (await organizationRepository.findMember(tx, caller.tenantId, organizationId, userId)) as MemberRow;
  await recordAudit(tx, caller, {
    action: 'organization.member_added',
    targetType: 'organization',
    targetId: organizationId,
    after: { ...toMember(member), via: 'invitation' },
    actorUserId: userId,
  });
}

async function finishAccept(tx: Queryable, caller: Caller, row: InvitationRow, userId: string) {
  await repo.markAccepted(tx, caller.tenantId, row.id, userId);
  const after = toInvitation((await repo.findById(tx, caller.tenantId, row.id)) as InvitationRow);
  await recordAudit(tx, caller, {
    action: 'invitation.accepted',
    targetType: 'invitation',
    targetId: row.id,
    before: toInvitation(row),
    after,
    actorUserId: userId,
  });
}
