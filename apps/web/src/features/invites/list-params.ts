import { type InvitationStatus, invitationStatusSchema, type ListInvitationsQuery } from '@team-access/contract';

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

/** The invitations list's view as kept in the address. */
export interface InvitationListParams {
  search: string;
  status: InvitationStatus | undefined;
  limit: number;
  cursor: string | undefined;
}

/**
 * The view, read from the address (so a copied link opens the same view). Anything unknown or
 * malformed falls back to the default instead of breaking the screen.
 */
export function readListParams(params: URLSearchParams): InvitationListParams {
  const limit = Number(params.get('limit'));
  return {
    search: (params.get('search') ?? '').slice(0, 100),
    status: invitationStatusSchema.safeParse(params.get('status')).data,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    cursor: params.get('cursor') || undefined,
  };
}

/** The address for a view: defaults are left out so links stay short. */
export function writeListParams(view: InvitationListParams): URLSearchParams {
  const out = new URLSearchParams();
  if (view.search.trim()) out.set('search', view.search.trim());
  if (view.status) out.set('status', view.status);
  if (view.limit !== DEFAULT_PAGE_SIZE) out.set('limit', String(view.limit));
  if (view.cursor) out.set('cursor', view.cursor);
  return out;
}

export function toListQuery(view: InvitationListParams): ListInvitationsQuery {
  return { search: view.search.trim() || undefined, status: view.status, limit: view.limit, cursor: view.cursor };
}
