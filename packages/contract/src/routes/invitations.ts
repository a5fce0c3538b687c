import {
  acceptInvitationResultSchema,
  acceptInvitationSchema,
  bulkInvitationResultSchema,
  bulkInvitationSchema,
  createInvitationSchema,
  invitationIdParamsSchema,
  invitationListSchema,
  invitationPreviewSchema,
  invitationSchema,
  invitationTokenSchema,
  listInvitationsQuerySchema,
} from '../invitations.ts';
import { idempotencyKey, routeArea } from './define.ts';

/** Invitations: sent by admins, opened from a mailed link. */
const route = routeArea({ tag: 'invitations', auth: 'client', browser: true });

export const invitationRoutes = {
  listInvitations: route({
    method: 'get',
    path: '/v2/client/invitations',
    summary: 'Invitations, newest first, with status (pending, accepted, revoked, expired), search and keyset paging',
    query: listInvitationsQuerySchema,
    responses: { 200: invitationListSchema },
  }),
  createInvitation: route({
    method: 'post',
    path: '/v2/client/invitations',
    summary: 'Invite one person by email, with the access level, roles, permissions and organization they will get',
    headers: idempotencyKey,
    body: createInvitationSchema,
    responses: { 201: invitationSchema },
  }),
  bulkCreateInvitations: route({
    method: 'post',
    path: '/v2/client/invitations/bulk',
    summary: 'Invite many people; each row is checked on its own and answered sent, skipped or failed',
    headers: idempotencyKey,
    body: bulkInvitationSchema,
    responses: { 200: bulkInvitationResultSchema },
  }),
  getInvitation: route({
    method: 'get',
    path: '/v2/client/invitations/{invitationId}',
    summary: 'One invitation',
    params: invitationIdParamsSchema,
    responses: { 200: invitationSchema },
  }),
  resendInvitation: route({
    method: 'post',
    path: '/v2/client/invitations/{invitationId}/resend',
    summary: 'Mail a pending or expired invitation again with a new token (the old link stops working); rate limited',
    params: invitationIdParamsSchema,
    responses: { 200: invitationSchema },
  }),
  revokeInvitation: route({
    method: 'post',
    path: '/v2/client/invitations/{invitationId}/revoke',
    summary: 'Withdraw a pending invitation; its link stops working',
    params: invitationIdParamsSchema,
    responses: { 200: invitationSchema },
  }),
  previewInvitation: route({
    method: 'post',
    path: '/v2/client/invitations/lookup',
    summary: 'What an invitation link offers (who invited, to what, until when); 410 when expired, revoked or used',
    browser: 'public',
    body: invitationTokenSchema,
    responses: { 200: invitationPreviewSchema },
  }),
  acceptInvitation: route({
    method: 'post',
    path: '/v2/client/invitations/accept',
    summary: 'Accept an invitation: a new person sets names and a password; an existing account joins the organization',
    browser: 'public',
    body: acceptInvitationSchema,
    responses: { 200: acceptInvitationResultSchema },
  }),
};
