import { type ListOrganizationMembersQuery, type ListOrganizationsQuery, orgRoleSchema } from '@team-access/contract';

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

/** A list's view as kept in the address: the organizations list uses no org role. */
export interface OrganizationListParams {
  search: string;
  orgRole: ListOrganizationMembersQuery['orgRole'];
  limit: number;
  cursor: string | undefined;
}

/**
 * The view, read from the address (so a copied link opens the same view). Anything unknown or
 * malformed falls back to the default instead of breaking the screen.
 */
export function readListParams(params: URLSearchParams): OrganizationListParams {
  const limit = Number(params.get('limit'));
  return {
    search: (params.get('search') ?? '').slice(0, 100),
    orgRole: orgRoleSchema.safeParse(params.get('orgRole')).data,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    cursor: params.get('cursor') || undefined,
  };
}

/** The address for a view: defaults are left out so links stay short. */
export function writeListParams(view: OrganizationListParams): URLSearchParams {
  const out = new URLSearchParams();
  if (view.search.trim()) out.set('search', view.search.trim());
  if (view.orgRole) out.set('orgRole', view.orgRole);
  if (view.limit !== DEFAULT_PAGE_SIZE) out.set('limit', String(view.limit));
  if (view.cursor) out.set('cursor', view.cursor);
  return out;
}

export function toOrganizationsQuery(view: OrganizationListParams): ListOrganizationsQuery {
  return { search: view.search.trim() || undefined, limit: view.limit, cursor: view.cursor };
}

export function toMembersQuery(view: OrganizationListParams): ListOrganizationMembersQuery {
  return { ...toOrganizationsQuery(view), orgRole: view.orgRole };
}
