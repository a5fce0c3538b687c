import type {
  BulkInvitation,
  CreateInvitation,
  InvitationResend,
  ListInvitationsQuery,
  ListOrganizationsQuery,
} from '@team-access/contract';
import { invitationRoutes } from '@team-access/contract/routes/invitations';
import { organizationRoutes } from '@team-access/contract/routes/organizations';
import { callRoute } from '@/lib/api-client.ts';

export const invitationsApi = {
  list: (query: ListInvitationsQuery, signal?: AbortSignal) =>
    callRoute(invitationRoutes.listInvitations, { query, signal }),
  /** One person. The key makes a retried request send one invitation, not two. */
  create: (body: CreateInvitation, idempotencyKey: string) =>
    callRoute(invitationRoutes.createInvitation, { body, idempotencyKey }),
  /** Up to 100 people; every row is answered sent, skipped or failed on its own. */
  bulk: (body: BulkInvitation, idempotencyKey: string, signal?: AbortSignal) =>
    callRoute(invitationRoutes.bulkCreateInvitations, { body, idempotencyKey, signal }),
  /** A new link is mailed; the one sent before stops working. Rate limited (429 with a reason). */
  resend: (invitationId: string) => callRoute(invitationRoutes.resendInvitation, { params: { invitationId } }),
  /** The dry run of resending a selection: who is mailed again, who is skipped and why. */
  planResend: (body: InvitationResend, signal?: AbortSignal) =>
    callRoute(invitationRoutes.planInvitationResend, { body, signal }),
  /** Up to 1,000 resent at once (the result), or more as a job (poll it). */
  resendMany: (body: InvitationResend) => callRoute(invitationRoutes.resendInvitations, { body }),
  revoke: (invitationId: string) => callRoute(invitationRoutes.revokeInvitation, { params: { invitationId } }),

  /** Organizations to invite into (a tenant administrator sees all of them; search on name or slug). */
  organizations: (query: ListOrganizationsQuery, signal?: AbortSignal) =>
    callRoute(organizationRoutes.listOrganizations, { query, signal }),
};
