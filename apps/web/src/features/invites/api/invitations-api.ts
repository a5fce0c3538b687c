import {
  type BulkInvitation,
  bulkInvitationResultSchema,
  type CreateInvitation,
  invitationListSchema,
  invitationSchema,
  type ListInvitationsQuery,
  type ListOrganizationsQuery,
  organizationListSchema,
  userOrganizationListSchema,
} from '@team-access/contract';
import { apiRequest } from '@/lib/api-client.ts';

/** The IAM API's routes, as the BFF proxies them under /api/iam. */
const INVITATIONS = '/iam/invitations';

/** `?a=1&b=2` from the set values only (empty strings and undefined are left out). */
function queryString(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const invitationPath = (id: string) => `${INVITATIONS}/${encodeURIComponent(id)}`;

export const invitationsApi = {
  list: (params: ListInvitationsQuery, signal?: AbortSignal) =>
    apiRequest(`${INVITATIONS}${queryString(params)}`, { schema: invitationListSchema, signal }),
  /** One person. The key makes a retried request send one invitation, not two. */
  create: (body: CreateInvitation, idempotencyKey: string) =>
    apiRequest(INVITATIONS, {
      method: 'POST',
      body,
      schema: invitationSchema,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  /** Up to 100 people; every row is answered sent, skipped or failed on its own. */
  bulk: (body: BulkInvitation, idempotencyKey: string, signal?: AbortSignal) =>
    apiRequest(`${INVITATIONS}/bulk`, {
      method: 'POST',
      body,
      schema: bulkInvitationResultSchema,
      headers: { 'Idempotency-Key': idempotencyKey },
      signal,
    }),
  /** A new link is mailed; the one sent before stops working. Rate limited (429 with a reason). */
  resend: (id: string) => apiRequest(`${invitationPath(id)}/resend`, { method: 'POST', schema: invitationSchema }),
  revoke: (id: string) => apiRequest(`${invitationPath(id)}/revoke`, { method: 'POST', schema: invitationSchema }),

  /** Organizations to invite into (a tenant administrator sees all of them; search on name or slug). */
  organizations: (params: ListOrganizationsQuery, signal?: AbortSignal) =>
    apiRequest(`/iam/organizations${queryString(params)}`, { schema: organizationListSchema, signal }),
  /** The signed-in person's organizations with their org role in each: an org admin invites into those. */
  userOrganizations: (userId: string, signal?: AbortSignal) =>
    apiRequest(`/iam/multi-user/${encodeURIComponent(userId)}/organizations`, {
      schema: userOrganizationListSchema,
      signal,
    }),
};
