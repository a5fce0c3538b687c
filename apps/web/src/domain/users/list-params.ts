import {
  accessLevelSchema,
  DEFAULT_USER_SORT,
  type ListUsersQuery,
  type UserSort,
  userSortSchema,
  userStatusSchema,
} from '@team-access/contract';
import { z } from 'zod';

const uuid = z.uuid();

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

export interface UserListParams {
  search: string;
  role: ListUsersQuery['role'];
  status: ListUsersQuery['status'];
  /** A role's id (the API's `group` filter): members who hold it. */
  group: string | undefined;
  /** Members of this organization. */
  organizationId: string | undefined;
  sort: UserSort;
  limit: number;
  cursor: string | undefined;
}

/**
 * The list's view, read from the address (so a copied link opens the same view). Anything
 * unknown or malformed falls back to the default instead of breaking the screen.
 */
export function readListParams(params: URLSearchParams): UserListParams {
  const limit = Number(params.get('limit'));
  return {
    search: (params.get('search') ?? '').slice(0, 100),
    role: accessLevelSchema.safeParse(params.get('role')).data,
    status: userStatusSchema.safeParse(params.get('status')).data,
    group: uuid.safeParse(params.get('group')).data,
    organizationId: uuid.safeParse(params.get('organizationId')).data,
    sort: userSortSchema.safeParse(params.get('sort')).data ?? DEFAULT_USER_SORT,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    cursor: params.get('cursor') || undefined,
  };
}

/** The address for a view: defaults are left out so links stay short. */
export function writeListParams(view: UserListParams): URLSearchParams {
  const out = new URLSearchParams();
  if (view.search.trim()) out.set('search', view.search.trim());
  if (view.role) out.set('role', view.role);
  if (view.status) out.set('status', view.status);
  if (view.group) out.set('group', view.group);
  if (view.organizationId) out.set('organizationId', view.organizationId);
  if (view.sort !== DEFAULT_USER_SORT) out.set('sort', view.sort);
  if (view.limit !== DEFAULT_PAGE_SIZE) out.set('limit', String(view.limit));
  if (view.cursor) out.set('cursor', view.cursor);
  return out;
}

/**
 * The view's search and filters alone, without its order and page: the permission matrix reads
 * them under the same names, so the list's "Open in the matrix" shows the same members there.
 */
export function filterParams(view: UserListParams): URLSearchParams {
  return writeListParams({ ...view, sort: DEFAULT_USER_SORT, limit: DEFAULT_PAGE_SIZE, cursor: undefined });
}

export function toListQuery(view: UserListParams): ListUsersQuery {
  return {
    search: view.search.trim() || undefined,
    role: view.role,
    status: view.status,
    group: view.group,
    organizationId: view.organizationId,
    sort: view.sort,
    limit: view.limit,
    cursor: view.cursor,
  };
}
