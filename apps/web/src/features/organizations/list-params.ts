import { type ListOrganizationMembersQuery, type ListOrganizationsQuery, orgRoleSchema } from '@team-access/contract';
import { listParamsCodec, type PagedListParams } from '@/lib/list-params.ts';

export { PAGE_SIZES } from '@/lib/list-params.ts';

/**
 * An organizations or members list's view as kept in the address: search, org role, page size and
 * keyset paging (the organizations list uses no org role).
 */
export interface OrganizationListParams extends PagedListParams {
  orgRole: ListOrganizationMembersQuery['orgRole'];
}

export const organizationList = listParamsCodec<OrganizationListParams>({ orgRole: orgRoleSchema });
export const { read: readListParams, write: writeListParams } = organizationList;

export function toOrganizationsQuery(view: OrganizationListParams): ListOrganizationsQuery {
  return { search: view.search.trim() || undefined, limit: view.limit, cursor: view.cursor };
}

export function toMembersQuery(view: OrganizationListParams): ListOrganizationMembersQuery {
  return { ...toOrganizationsQuery(view), orgRole: view.orgRole };
}
