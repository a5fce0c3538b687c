import { randomUUID } from 'node:crypto';
import {
  administersOrganization,
  type BulkInvitationResult,
  type BulkInvitationRowResult,
  type bulkInvitationSchema,
  createInvitationSchema,
  type FieldError,
  fieldErrorsFromZod,
  INVITATION_RESEND_INTERVAL_SECONDS,
  INVITATION_SENDS_MAX,
  INVITATION_TTL_DAYS_DEFAULT,
  INVITATIONS_PER_HOUR_MAX,
  type Invitation,
  mailLink,
  mailLinkPaths,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Caller } from '../../kernel/context.ts';
import { once } from '../../kernel/idempotency.ts';
import { randomToken, sha256 } from '../../security/tokens.ts';
import { enqueueMail, notifyMailQueued } from '../mail/outbox.ts';
import { invitationMail } from '../mail/templates.ts';
import { administersTenant, type OrganizationAccess } from '../organizations/policy.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { userRepository } from '../users/repository.ts';
import { assertKnownPermissions, grantsIn, loadRoles, permissionKeyPaths } from '../users/service.ts';
import { assertMayInvite, assertMayInviteAtAll } from './policy.ts';
import {
  auditInvitation,
  type InvitationRow,
  inviterName,
  invitationRepository as repo,
  toInvitation,
} from './repository.ts';
import { intentOf } from './sender-rights.ts';
import {
  type InvitationCaller,
  type InvitationOptions,
  notPending,
  organizationAccess,
  organizationNotFound,
  RateLimitedError,
  visibleInvitation,
} from './service.ts';

/** Sending invitations: one, many, or one again (resend), within the sender's hourly budget. */

type CreateBody = z.output<typeof createInvitationSchema>;
type BulkBody = z.output<typeof bulkInvitationSchema>;

/** The scope of an Idempotency-Key: per operation and per caller, so keys never cross either. */
function idempotencyScope(operation: string, caller: Caller): string {
  return `${operation}:${caller.actor ? `user:${caller.actor.user.id}` : 'client'}`;
}

/** The caller's administered organizations count only for a tenant MEMBER (an org admin). */
async function administersAnOrganization(db: Queryable, caller: Caller): Promise<boolean> {
  if (!caller.actor || administersTenant(caller.actor)) return true;
  const list = await organizationRepository.forUser(db, caller.tenantId, caller.actor.user.id);
  return list.some((m) => administersOrganization(m.orgRole));
}

export interface SendBudget {
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * How many invitations the signed-in sender may still send this hour (INVITATIONS_PER_HOUR_MAX),
 * counted in the database so every instance counts together, under a lock on the sender so two
 * requests at once cannot both take the last one. Server-to-server calls are not limited.
 */
export async function sendBudget(tx: Queryable, caller: Caller): Promise<SendBudget> {
  if (!caller.actor) return { remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0 };
  await repo.lockSender(tx, caller.tenantId, caller.actor.user.id);
  const sent = await repo.sentInLastHour(tx, caller.tenantId, caller.actor.user.id);
  return { remaining: INVITATIONS_PER_HOUR_MAX - sent.count, retryAfterSeconds: sent.oldestLeavesInSeconds };
}

function spend(budget: SendBudget): void {
  if (budget.remaining <= 0) {
    throw new RateLimitedError(
      `You have sent ${INVITATIONS_PER_HOUR_MAX} invitations in the last hour. Try again later.`,
      budget.retryAfterSeconds,
    );
  }
  budget.remaining -= 1;
}

function linkFor(options: InvitationOptions, token: string): string {
  return mailLink(options.appUrl, mailLinkPaths.acceptInvitation, token);
}

async function mailInvitation(
  tx: Queryable,
  caller: InvitationCaller,
  row: InvitationRow,
  token: string,
  options: InvitationOptions,
): Promise<void> {
  await enqueueMail(tx, {
    tenantId: caller.tenantId,
    kind: 'invitation',
    to: row.email,
    ...invitationMail({
      inviterName: inviterName(row) ?? row.inviter_email,
      tenantName: caller.tenantName,
      organizationName: row.organization_name,
      organizationRole: row.organization_role,
      link: linkFor(options, token),
      expiresAt: row.expires_at,
    }),
  });
}

const emailField = (path: string, code: 'already_member' | 'already_invited', message: string): FieldError[] => [
  { path, message, code },
];

/**
 * One invitation: every check first (unknown keys and roles 400, hidden organization 404,
 * escalation 403, already a member or invited 409, the hourly limit 429), then the writes — so a
 * refused row of a bulk request has written nothing.
 */
async function inviteOne(
  tx: Queryable,
  caller: InvitationCaller,
  body: CreateBody,
  budget: SendBudget,
  options: InvitationOptions,
): Promise<Invitation> {
  await assertKnownPermissions(tx, caller.tenantId, permissionKeyPaths(body.permissions));
  let access: OrganizationAccess | undefined;
  if (body.organizationId !== undefined) {
    const found = await organizationAccess(tx, caller, body.organizationId);
    if (!found) throw organizationNotFound('body.organizationId');
    access = found.access;
  }
  const roles = await loadRoles(tx, caller.tenantId, body.groups, 'body.groups');
  const organizationRole = body.organizationId === undefined ? null : (body.organizationRole ?? 'ORG_MEMBER');
  assertMayInvite(caller.actor, access, {
    role: body.role,
    grants: grantsIn(body.permissions, {}, 'body.permissions'),
    roles,
    organizationRole,
    paths: {
      role: 'body.role',
      groups: 'body.groups',
      organizationId: 'body.organizationId',
      organizationRole: 'body.organizationRole',
    },
  });

  const organizationId = body.organizationId ?? null;
  const account = await userRepository.findByEmail(tx, caller.tenantId, body.email);
  // An org admin only ever invites into their organization, whose members they see: an account
  // elsewhere in the tenant is invited like anyone (accepting joins it), so nothing is revealed.
  if (
    account &&
    (organizationId === null ||
      (await organizationRepository.orgRoleOf(tx, caller.tenantId, organizationId, account.id)))
  ) {
    throw new AppError(
      409,
      'already_member',
      organizationId === null
        ? `${body.email} already has an account.`
        : `${body.email} is already a member of this organization.`,
      emailField('body.email', 'already_member', 'Already a member'),
    );
  }
  if (await repo.pendingExists(tx, caller.tenantId, body.email, organizationId)) {
    throw new AppError(
      409,
      'already_invited',
      `${body.email} already has a pending invitation${organizationId ? ' to this organization' : ''}.`,
      emailField('body.email', 'already_invited', 'Already invited'),
    );
  }
  spend(budget);

  const id = randomUUID();
  const token = randomToken();
  await repo.insert(tx, {
    id,
    tenantId: caller.tenantId,
    email: body.email,
    role: body.role,
    roleIds: body.groups,
    permissions: body.permissions,
    organizationId,
    organizationRole,
    tokenHash: sha256(token),
    invitedBy: caller.actor?.user.id ?? null,
    expiresInDays: body.expiresInDays,
  });
  const row = (await repo.findById(tx, caller.tenantId, id)) as InvitationRow;
  await mailInvitation(tx, caller, row, token, options);
  const invitation = toInvitation(row);
  await auditInvitation(tx, caller, 'invitation.sent', id, undefined, invitation);
  return invitation;
}

function isOrganizationGone(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23503' && e.constraint === 'invitations_organization_id_fkey';
}

export async function createInvitation(
  db: Db,
  caller: InvitationCaller,
  body: CreateBody,
  idempotencyKey: string | undefined,
  options: InvitationOptions,
): Promise<{ status: 201; body: Invitation; replayed: boolean }> {
  assertMayInviteAtAll(caller.actor, await administersAnOrganization(db, caller));
  let result: { status: 201; body: Invitation; replayed: boolean };
  try {
    result = await db.transaction(async (tx) => {
      const run = async () => ({
        status: 201 as const,
        body: await inviteOne(tx, caller, body, await sendBudget(tx, caller), options),
      });
      if (!idempotencyKey) return { ...(await run()), replayed: false };
      const once = await onceFor(tx, caller, 'invitations.create', idempotencyKey, body, run);
      return { status: 201 as const, body: once.body, replayed: once.replayed };
    });
  } catch (error) {
    // The organization was deleted between our look and our insert.
    if (isOrganizationGone(error)) throw organizationNotFound('body.organizationId');
    throw error;
  }
  if (!result.replayed) notifyMailQueued();
  return result;
}

function onceFor<T>(
  tx: Queryable,
  caller: Caller,
  operation: string,
  key: string,
  request: unknown,
  run: () => Promise<{ status: number; body: T }>,
) {
  return once(tx, { tenantId: caller.tenantId, scope: idempotencyScope(operation, caller), key, request }, run);
}

/** A field error's path relative to its bulk row (`body.email` → `email`). */
function rowPath(error: FieldError): FieldError {
  return { ...error, path: error.path.replace(/^body\.?/, '') };
}

function emailOf(row: unknown): string | null {
  const email = (row as { email?: unknown } | null)?.email;
  return typeof email === 'string' ? email.trim().slice(0, 254) : null;
}

/**
 * Many invitations, each row checked and answered on its own: sent, skipped (already a member,
 * already invited) or failed (why, with field errors relative to the row). One transaction; a
 * refused row writes nothing, so the others are unaffected.
 */
export async function bulkCreateInvitations(
  db: Db,
  caller: InvitationCaller,
  body: BulkBody,
  idempotencyKey: string | undefined,
  options: InvitationOptions,
): Promise<BulkInvitationResult> {
  assertMayInviteAtAll(caller.actor, await administersAnOrganization(db, caller));
  const result = await db.transaction(async (tx) => {
    const run = async () => {
      const budget = await sendBudget(tx, caller);
      const items: BulkInvitationRowResult[] = [];
      for (const [index, raw] of body.rows.entries()) {
        const parsed = createInvitationSchema.safeParse(raw);
        if (!parsed.success) {
          items.push({
            index,
            email: emailOf(raw),
            outcome: 'failed',
            code: 'validation_failed',
            detail: 'Some fields are not valid.',
            errors: fieldErrorsFromZod(parsed.error, 'body').map(rowPath),
            invitation: null,
          });
          continue;
        }
        try {
          const invitation = await inviteOne(tx, caller, parsed.data, budget, options);
          items.push({
            index,
            email: invitation.email,
            outcome: 'sent',
            code: null,
            detail: null,
            errors: [],
            invitation,
          });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const skipped = error.code === 'already_member' || error.code === 'already_invited';
          items.push({
            index,
            email: parsed.data.email,
            outcome: skipped ? 'skipped' : 'failed',
            code: error.code,
            detail: error.detail ?? null,
            errors: (error.errors ?? []).map(rowPath),
            invitation: null,
          });
        }
      }
      const count = (outcome: BulkInvitationRowResult['outcome']) => items.filter((i) => i.outcome === outcome).length;
      return {
        status: 200,
        body: { items, sent: count('sent'), skipped: count('skipped'), failed: count('failed') },
      };
    };
    if (!idempotencyKey) return { ...(await run()), replayed: false };
    return onceFor(tx, caller, 'invitations.bulk', idempotencyKey, body, run);
  });
  if (!result.replayed && result.body.sent > 0) notifyMailQueued();
  return result.body;
}

/** Why the single resend refuses an invitation, and the bulk resend skips it. */
export type ResendRefusal =
  | { reason: 'accepted' | 'revoked' | 'forbidden' | 'send_limit'; detail: string }
  | { reason: 'just_sent'; detail: string; waitSeconds: number };

/**
 * The rules of resending, for the single resend and the bulk one alike: only a pending (or
 * expired) invitation, only what the caller may send, not within the resend interval, not more
 * than INVITATION_SENDS_MAX times. The hourly budget is counted by the caller.
 */
export function resendRefusal(
  caller: Caller,
  row: InvitationRow,
  access: OrganizationAccess | undefined,
): ResendRefusal | undefined {
  if (row.stored_status !== 'pending') {
    return { reason: row.stored_status, detail: `This invitation was ${row.stored_status}; it can no longer change.` };
  }
  try {
    assertMayInvite(caller.actor, access, intentOf(row));
  } catch (error) {
    if (error instanceof AppError && error.status === 403) {
      return { reason: 'forbidden', detail: `You cannot resend this invitation: ${error.detail}` };
    }
    throw error;
  }
  if (row.seconds_since_sent < INVITATION_RESEND_INTERVAL_SECONDS) {
    const wait = Math.max(1, Math.ceil(INVITATION_RESEND_INTERVAL_SECONDS - row.seconds_since_sent));
    return {
      reason: 'just_sent',
      detail: `This invitation was just sent. Resend it in ${wait} seconds.`,
      waitSeconds: wait,
    };
  }
  if (row.send_count >= INVITATION_SENDS_MAX) {
    return {
      reason: 'send_limit',
      detail: `This invitation was sent ${INVITATION_SENDS_MAX} times. Revoke it and invite again if needed.`,
    };
  }
  return undefined;
}

/**
 * Resends an invitation its caller checked (`resendRefusal`, the budget): a new token (the old
 * link stops working at once), the lifetime counted again from now, the mail, and the event.
 */
export async function resendIn(
  tx: Queryable,
  caller: InvitationCaller,
  row: InvitationRow,
  options: InvitationOptions,
): Promise<Invitation> {
  const token = randomToken();
  await repo.resend(tx, caller.tenantId, row.id, sha256(token), INVITATION_TTL_DAYS_DEFAULT);
  const changed = (await repo.findById(tx, caller.tenantId, row.id)) as InvitationRow;
  await mailInvitation(tx, caller, changed, token, options);
  const after = toInvitation(changed);
  await auditInvitation(tx, caller, 'invitation.resent', row.id, toInvitation(row), after);
  return after;
}

/** Resending is sending: the caller must be allowed to send what it grants. */
export async function resendInvitation(
  db: Db,
  caller: InvitationCaller,
  id: string,
  options: InvitationOptions,
): Promise<Invitation> {
  const invitation = await db.transaction(async (tx) => {
    const { row, access } = await visibleInvitation(tx, caller, id, { forUpdate: true });
    const refusal = resendRefusal(caller, row, access);
    if (refusal?.reason === 'accepted' || refusal?.reason === 'revoked') throw notPending(row);
    if (refusal?.reason === 'forbidden') throw new AppError(403, 'forbidden', refusal.detail);
    if (refusal) throw new RateLimitedError(refusal.detail, 'waitSeconds' in refusal ? refusal.waitSeconds : undefined);
    spend(await sendBudget(tx, caller));
    return resendIn(tx, caller, row, options);
  });
  notifyMailQueued();
  return invitation;
}
