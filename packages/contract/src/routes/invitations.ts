import * as bulk from '../bulk.ts';
import * as resend from '../invitation-resend.ts';
import * as invitation from '../invitations.ts';
import { idempotencyKey, type RouteFields, withAreaDefaults } from './define.ts';

/** Invitations: sent by admins, opened from a mailed link. */
export const invitationRoutes = {
  listInvitations: route({
    method: 'get',
    path: '/v2/client/invitations',
    scope: 'invitations:read',
    summary: 'Invitations, newest first, with status (pending, accepted, revoked, expired), search and keyset paging',
    query: invitation.listInvitationsQuerySchema,
    responses: { 200: invitation.invitationListSchema },
  }),
  createInvitation: route({
    method: 'post',
    path: '/v2/client/invitations',
    scope: 'invitations:write',
    summary: 'Invite one person by email, with the access level, roles, permissions and organization they will get',
    headers: idempotencyKey,
    body: invitation.createInvitationSchema,
    responses: { 201: invitation.invitationSchema },
    problems: { 404: ['not_found'], 409: ['already_member', 'already_invited'], 429: ['rate_limited'] },
  }),
  bulkCreateInvitations: route({
    method: 'post',
    path: '/v2/client/invitations/bulk',
    scope: 'invitations:write',
    summary: 'Invite many people; each row is checked on its own and answered sent, skipped or failed',
    headers: idempotencyKey,
    body: invitation.bulkInvitationSchema,
    responses: { 200: invitation.bulkInvitationResultSchema },
    problems: { 404: ['not_found'], 429: ['rate_limited'] },
  }),
  planInvitationResend: route({
    method: 'post',
    path: '/v2/client/invitations/bulk-resend/dry-run',
    scope: 'invitations:write',
    summary:
      'Dry run of resending many invitations (explicit ids, or the list filter resolved now): who would be mailed again, and who skipped and why; changes nothing',
    body: resend.invitationResendSchema,
    responses: { 200: resend.invitationResendPlanSchema },
    problems: { 404: ['not_found'] },
  }),
  resendInvitations: route({
    method: 'post',
    path: '/v2/client/invitations/bulk-resend',
    scope: 'invitations:write',
    summary: `Resend many invitations: re-planned on the server and applied as its dry run says now, each resend audited like a single one. Up to ${bulk.BULK_APPLY_MAX}: one request (200); more: a job in chunks (202)`,
    body: resend.invitationResendSchema,
    responses: { 200: resend.invitationResendResultSchema, 202: bulk.jobSchema },
    problems: { 404: ['not_found'] },
  }),
  getInvitation: route({
    method: 'get',
    path: '/v2/client/invitations/{invitationId}',
    scope: 'invitations:read',
    summary: 'One invitation',
    params: invitation.invitationIdParamsSchema,
    responses: { 200: invitation.invitationSchema },
  }),
  resendInvitation: route({
    method: 'post',
    path: '/v2/client/invitations/{invitationId}/resend',
    scope: 'invitations:write',
    summary: 'Mail a pending or expired invitation again with a new token (the old link stops working); rate limited',
    params: invitation.invitationIdParamsSchema,
    responses: { 200: invitation.invitationSchema },
    problems: { 409: ['invitation_not_pending'], 429: ['rate_limited'] },
  }),
  revokeInvitation: route({
    method: 'post',
    path: '/v2/client/invitations/{invitationId}/revoke',
    scope: 'invitations:write',
    summary: 'Withdraw a pending invitation; its link stops working',
    params: invitation.invitationIdParamsSchema,
    responses: { 200: invitation.invitationSchema },
    problems: { 409: ['invitation_not_pending'] },
  }),
  previewInvitation: route({
    method: 'post',
    path: '/v2/client/invitations/lookup',
    summary: 'What an invitation link offers (who invited, to what, until when); 410 when expired, revoked or used',
    browser: 'public',
    body: invitation.invitationTokenSchema,
    responses: { 200: invitation.invitationPreviewSchema },
    problems: { 404: ['link_invalid'], 410: ['link_expired', 'link_revoked', 'link_used'] },
  }),
  acceptInvitation: route({
    method: 'post',
    path: '/v2/client/invitations/accept',
    summary: 'Accept an invitation: a new person sets names and a password; an existing account joins the organization',
    browser: 'public',
    body: invitation.acceptInvitationSchema,
    responses: { 200: invitation.acceptInvitationResultSchema },
    problems: { 404: ['link_invalid'], 409: ['already_member'], 410: ['link_expired', 'link_revoked', 'link_used'] },
  }),
};

/** The area's defaults (a function declaration, so the routes above can use it). */
function route<const R extends RouteFields>(r: R) {
  return withAreaDefaults({ tag: 'invitations', auth: 'client', browser: true } as const, r);
}
