import { randomUUID } from 'node:crypto';
import {
  type AcceptInvitationResult,
  type acceptInvitationSchema,
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
  type InvitationList,
  type InvitationPreview,
  type listInvitationsQuerySchema,
  mailLink,
  mailLinkPaths,
  PASSWORD_IS_EMAIL_MESSAGE,
  passwordIsEmail,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { hashPassword } from '../../security/password.ts';
import { randomToken, sha256 } from '../../security/tokens.ts';
import { auditRepository } from '../audit/repository.ts';
import { enqueueMail, notifyMailQueued } from '../mail/outbox.ts';
import { invitationMail } from '../mail/templates.ts';
import { administersTenant, type OrganizationAccess } from '../organizations/policy.ts';
import { type MemberRow, organizationRepository, toMember } from '../organizations/repository.ts';
import { roleRepository } from '../roles/repository.ts';
import { once } from '../users/idempotency.ts';
import { toUser, type UserRow, userRepository } from '../users/repository.ts';
import { assertKnownPermissions, type Caller, grantsIn, loadRoles, permissionKeyPaths } from '../users/service.ts';
import { assertMayInvite, assertMayInviteAtAll } from './policy.ts';
import { type InvitationRow, inviterName, invitationRepository as repo, toInvitation } from './repository.ts';
import { intentOf, organizationAccessOf, revokeForSender, senderMayStillSend } from './sender-rights.ts';

type CreateBody = z.output<typeof createInvitationSchema>;
type BulkBody = z.output<typeof bulkInvitationSchema>;
type ListQuery = z.output<typeof listInvitationsQuerySchema>;
type AcceptBody = z.output<typeof acceptInvitationSchema>;

/** The caller, with the tenant's name (the mail and the accept page name it). */
export interface InvitationCaller extends Caller {
  tenantName: string;
}

export interface InvitationOptions {
  /** Where the web app is served: links in mails point there. */
  appUrl: string;
}

/** A 429; the route answers `Retry-After` when the wait is known. */
export class RateLimitedError extends AppError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(429, 'rate_limited', detail);
  }
}

const notFound = () => new AppError(404, 'not_found', 'No such invitation.');
const invalid = (errors: FieldError[]) => new AppError(400, 'validation_failed', 'Some fields are not valid.', errors);
const organizationNotFound = (path: string) =>
  new AppError(404, 'not_found', 'No such organization.', [
    { path, message: 'No such organization', code: 'not_found' },
  ]);
const notPending = (row: InvitationRow) =>
  new AppError(409, 'invitation_not_pending', `This invitation was ${row.stored_status}; it can no longer change.`);

function audit(
  tx: Queryable,
  caller: Caller,
  e: { action: string; targetType: string; targetId: string; before?: unknown; after?: unknown; actorUserId?: string },
) {
  return auditRepository.record(tx, {
    tenantId: caller.tenantId,
    actorUserId: e.actorUserId ?? caller.actor?.user.id ?? null,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before,
    after: e.after,
    requestId: caller.requestId,
    ip: caller.ip,
  });
}

/** The scope of an Idempotency-Key: per operation and per caller, so keys never cross either. */
function idempotencyScope(operation: string, caller: Caller): string {
  return `${operation}:${caller.actor ? `user:${caller.actor.user.id}` : 'client'}`;
}

/** The caller's administered organizations count only for a tenant MEMBER (an org admin). */
async function administersAnOrganization(db: Queryable, caller: Caller): Promise<boolean> {
  if (!caller.actor || administersTenant(caller.actor)) return true;
  const list = await organizationRepository.forUser(db, caller.tenantId, caller.actor.user.id);
  return list.some((m) => m.orgRole === 'ORG_OWNER' || m.orgRole === 'ORG_ADMIN');
}

/** How the caller stands towards an organization; undefined when it is hidden from them or does not exist. */
function organizationAccess(db: Queryable, caller: Caller, organizationId: string) {
  return organizationAccessOf(db, caller.tenantId, caller.actor, organizationId);
}

/**
 * The invitation as this caller may see it. An org admin sees only the invitations into the
 * organizations they administer; every other one is the same 404 as an id that does not exist.
 */
async function visibleInvitation(
  db: Queryable,
  caller: Caller,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<{ row: InvitationRow; access: OrganizationAccess | undefined }> {
  const row = await repo.findById(db, caller.tenantId, id, options);
  if (!row) throw notFound();
  if (administersTenant(caller.actor)) return { row, access: row.organization_id ? 'TENANT' : undefined };
  if (!row.organization_id) throw notFound();
  const found = await organizationAccess(db, caller, row.organization_id);
  if (!found) throw notFound();
  return { row, access: found.access };
}

interface SendBudget {
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * How many invitations the signed-in sender may still send this hour (INVITATIONS_PER_HOUR_MAX),
 * counted in the database so every instance counts together, under a lock on the sender so two
 * requests at once cannot both take the last one. Server-to-server calls are not limited.
 */
async function sendBudget(tx: Queryable, caller: Caller): Promise<SendBudget> {
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
  await audit(tx, caller, { action: 'invitation.sent', targetType: 'invitation', targetId: id, after: invitation });
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

export async function listInvitations(db: Db, caller: Caller, query: ListQuery): Promise<InvitationList> {
  const after = query.cursor ? decodeCursor(query.cursor, 'invitations', 'timestamptz') : undefined;
  const filter = {
    search: query.search || undefined,
    status: query.status,
    organizationId: query.organizationId,
    administeredBy: administersTenant(caller.actor) ? undefined : caller.actor?.user.id,
  };
  const [rows, total] = await Promise.all([
    repo.page(db, caller.tenantId, filter, query.limit, after),
    repo.count(db, caller.tenantId, filter),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toInvitation),
    nextCursor: rows.length > query.limit && last ? encodeCursor('invitations', last) : null,
    total,
  };
}

export async function getInvitation(db: Db, caller: Caller, id: string): Promise<Invitation> {
  return toInvitation((await visibleInvitation(db, caller, id)).row);
}

/**
 * A new token (the old link stops working at once), the lifetime counted again from now, and
 * the mail again. Resending is sending: the caller must be allowed to send what it grants.
 */
export async function resendInvitation(
  db: Db,
  caller: InvitationCaller,
  id: string,
  options: InvitationOptions,
): Promise<Invitation> {
  const token = randomToken();
  const invitation = await db.transaction(async (tx) => {
    const { row, access } = await visibleInvitation(tx, caller, id, { forUpdate: true });
    if (row.stored_status !== 'pending') throw notPending(row);
    try {
      assertMayInvite(caller.actor, access, intentOf(row));
    } catch (error) {
      if (error instanceof AppError && error.status === 403) {
        throw new AppError(403, 'forbidden', `You cannot resend this invitation: ${error.detail}`);
      }
      throw error;
    }
    if (row.seconds_since_sent < INVITATION_RESEND_INTERVAL_SECONDS) {
      const wait = Math.max(1, Math.ceil(INVITATION_RESEND_INTERVAL_SECONDS - row.seconds_since_sent));
      throw new RateLimitedError(`This invitation was just sent. Resend it in ${wait} seconds.`, wait);
    }
    if (row.send_count >= INVITATION_SENDS_MAX) {
      throw new RateLimitedError(
        `This invitation was sent ${INVITATION_SENDS_MAX} times. Revoke it and invite again if needed.`,
        undefined,
      );
    }
    spend(await sendBudget(tx, caller));
    await repo.resend(tx, caller.tenantId, id, sha256(token), INVITATION_TTL_DAYS_DEFAULT);
    const changed = (await repo.findById(tx, caller.tenantId, id)) as InvitationRow;
    await mailInvitation(tx, caller, changed, token, options);
    const after = toInvitation(changed);
    await audit(tx, caller, {
      action: 'invitation.resent',
      targetType: 'invitation',
      targetId: id,
      before: toInvitation(row),
      after,
    });
    return after;
  });
  notifyMailQueued();
  return invitation;
}

/** Pending or expired → revoked; revoked stays as it is (idempotent); accepted is a 409. */
export async function revokeInvitation(db: Db, caller: Caller, id: string): Promise<Invitation> {
  return db.transaction(async (tx) => {
    const { row } = await visibleInvitation(tx, caller, id, { forUpdate: true });
    if (row.stored_status === 'accepted') throw notPending(row);
    if (row.stored_status === 'revoked') return toInvitation(row);
    await repo.revoke(tx, caller.tenantId, id);
    const after = toInvitation((await repo.findById(tx, caller.tenantId, id)) as InvitationRow);
    await audit(tx, caller, {
      action: 'invitation.revoked',
      targetType: 'invitation',
      targetId: id,
      before: toInvitation(row),
      after,
    });
    return after;
  });
}

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
      });
      await userRepository.setRoles(
        tx,
        caller.tenantId,
        userId,
        roles.map((r) => r.id),
      );
      const user = toUser((await userRepository.findById(tx, caller.tenantId, userId)) as UserRow);
      await audit(tx, caller, {
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
  await audit(tx, caller, {
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
  await audit(tx, caller, {
    action: 'invitation.accepted',
    targetType: 'invitation',
    targetId: row.id,
    before: toInvitation(row),
    after,
    actorUserId: userId,
  });
}
