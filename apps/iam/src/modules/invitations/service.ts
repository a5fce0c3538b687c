import type { Invitation, InvitationList, listInvitationsQuerySchema } from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { RateLimitedError } from '../../http/rate-limited.ts';
import type { Caller, NamedTenantCaller } from '../../kernel/context.ts';
import { keysetAfter, keysetPage } from '../../kernel/keyset.ts';
import { administersTenant, type OrganizationAccess } from '../organizations/policy.ts';
import { auditInvitation, type InvitationRow, invitationRepository as repo, toInvitation } from './repository.ts';
import { organizationAccessOf } from './sender-rights.ts';

type ListQuery = z.output<typeof listInvitationsQuerySchema>;

/** The caller, with the tenant's name (the mail and the accept page name it). */
export type InvitationCaller = NamedTenantCaller;

export interface InvitationOptions {
  /** Where the web app is served: links in mails point there. */
  appUrl: string;
}

/** A 429 (defined with the HTTP helpers; re-exported for the modules that import it from here). */
export { RateLimitedError };

const notFound = () => new AppError(404, 'not_found', 'No such invitation.');
export const organizationNotFound = (path: string) =>
  new AppError(404, 'not_found', 'No such organization.', [
    { path, message: 'No such organization', code: 'not_found' },
  ]);
export const notPending = (row: InvitationRow) =>
  new AppError(409, 'invitation_not_pending', `This invitation was ${row.stored_status}; it can no longer change.`);

/** How the caller stands towards an organization; undefined when it is hidden from them or does not exist. */
export function organizationAccess(db: Queryable, caller: Caller, organizationId: string) {
  return organizationAccessOf(db, caller.tenantId, caller.actor, organizationId);
}

/**
 * The invitation as this caller may see it. An org admin sees only the invitations into the
 * organizations they administer; every other one is the same 404 as an id that does not exist.
 */
export async function visibleInvitation(
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

export async function listInvitations(db: Db, caller: Caller, query: ListQuery): Promise<InvitationList> {
  const after = keysetAfter(query.cursor, 'invitations', 'timestamptz');
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
  return { ...keysetPage(rows, query.limit, 'invitations', toInvitation, (row) => row), ...total };
}

export async function getInvitation(db: Db, caller: Caller, id: string): Promise<Invitation> {
  return toInvitation((await visibleInvitation(db, caller, id)).row);
}

/** Pending or expired → revoked; revoked stays as it is (idempotent); accepted is a 409. */
export async function revokeInvitation(db: Db, caller: Caller, id: string): Promise<Invitation> {
  return db.transaction(async (tx) => {
    const { row } = await visibleInvitation(tx, caller, id, { forUpdate: true });
    if (row.stored_status === 'accepted') throw notPending(row);
    if (row.stored_status === 'revoked') return toInvitation(row);
    await repo.revoke(tx, caller.tenantId, id);
    const after = toInvitation((await repo.findById(tx, caller.tenantId, id)) as InvitationRow);
    await auditInvitation(tx, caller, 'invitation.revoked', id, toInvitation(row), after);
    return after;
  });
}
