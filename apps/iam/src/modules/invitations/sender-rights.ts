import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Actor, Caller } from '../../kernel/context.ts';
import { accessFrom, administersTenant, type OrganizationAccess } from '../organizations/policy.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { userRepository } from '../users/repository.ts';
import { assertMayInvite, type InviteIntent } from './policy.ts';
import { auditInvitation, type InvitationRow, invitationRepository as repo, toInvitation } from './repository.ts';

/**
 * An invitation gives only what its sender may give at the moment it is used (issue 15): the
 * rule at accept, and when a sender is demoted, deactivated, deleted or removed from an
 * organization, is the one at send (policy.ts `assertMayInvite`). A server-to-server invitation
 * (no sender user) always may.
 */

/** What sending this invitation now would grant, for the escalation rules. */
export function intentOf(row: InvitationRow): InviteIntent {
  return {
    role: row.role,
    grants: Object.entries(row.permissions ?? {})
      .filter(([, on]) => on)
      .map(([key]) => ({ key, path: `permissions.${key}` })),
    roles: row.roles.map((r, i) => ({ ...r, path: `groups.${i}` })),
    organizationRole: row.organization_role,
    paths: { role: 'role', groups: 'groups', organizationId: 'organizationId', organizationRole: 'organizationRole' },
  };
}

/** How `actor` stands towards an organization; undefined when hidden from them or gone. */
export async function organizationAccessOf(
  db: Queryable,
  tenantId: string,
  actor: Actor | undefined,
  organizationId: string,
): Promise<{ access: OrganizationAccess; name: string } | undefined> {
  const organization = await organizationRepository.findById(db, tenantId, organizationId);
  if (!organization) return undefined;
  const orgRole =
    actor && !administersTenant(actor)
      ? await organizationRepository.orgRoleOf(db, tenantId, organizationId, actor.user.id)
      : undefined;
  const access = accessFrom(actor, orgRole);
  return access ? { access, name: organization.name } : undefined;
}

/** Whether the invitation's sender may still send it, by the rule at send. */
export async function senderMayStillSend(db: Queryable, tenantId: string, row: InvitationRow): Promise<boolean> {
  if (!row.sent_by_user) return true;
  if (row.invited_by === null) return false;
  const sender = await userRepository.findById(db, tenantId, row.invited_by);
  if (sender?.status !== 'active') return false;
  const actor: Actor = { sessionId: '', user: sender };
  let access: OrganizationAccess | undefined;
  if (row.organization_id !== null) {
    const found = await organizationAccessOf(db, tenantId, actor, row.organization_id);
    if (!found) return false;
    access = found.access;
  }
  try {
    assertMayInvite(actor, access, intentOf(row));
    return true;
  } catch (error) {
    if (error instanceof AppError && error.status === 403) return false;
    throw error;
  }
}

export const SENDER_LOST_RIGHTS = 'sender_may_no_longer_send';

/** Revokes one invitation because its sender may no longer send it, and audits why. */
export async function revokeForSender(tx: Queryable, caller: Caller, row: InvitationRow): Promise<void> {
  await repo.revoke(tx, caller.tenantId, row.id);
  const after = toInvitation((await repo.findById(tx, caller.tenantId, row.id)) as InvitationRow);
  await auditInvitation(tx, caller, 'invitation.revoked', row.id, toInvitation(row), {
    ...after,
    reason: SENDER_LOST_RIGHTS,
  });
}

/**
 * After a change to these users' rights (in the same transaction): revokes every open invitation
 * they sent that they may no longer send, or all of them when `gone` (the users are being
 * deleted). Answers how many were revoked.
 */
export async function revokeInvitationsSendersMayNoLongerSend(
  tx: Queryable,
  caller: Caller,
  senderIds: string[],
  options: { gone?: boolean } = {},
): Promise<number> {
  let revoked = 0;
  for (const row of await repo.pendingSentBy(tx, caller.tenantId, senderIds)) {
    if (options.gone || !(await senderMayStillSend(tx, caller.tenantId, row))) {
      await revokeForSender(tx, caller, row);
      revoked++;
    }
  }
  return revoked;
}
