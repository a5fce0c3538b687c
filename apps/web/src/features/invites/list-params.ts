import { type InvitationStatus, invitationStatusSchema, type ListInvitationsQuery } from '@team-access/contract';
import { listParamsCodec, type PagedListParams } from '@/lib/list-params.ts';

export { PAGE_SIZES } from '@/lib/list-params.ts';

/** The invitations list's view as kept in the address: search, status, page size and keyset paging. */
export interface InvitationListParams extends PagedListParams {
  status: InvitationStatus | undefined;
}

export const invitationList = listParamsCodec<InvitationListParams>({ status: invitationStatusSchema });
export const { read: readListParams, write: writeListParams } = invitationList;

export function toListQuery(view: InvitationListParams): ListInvitationsQuery {
  return { search: view.search.trim() || undefined, status: view.status, limit: view.limit, cursor: view.cursor };
}
