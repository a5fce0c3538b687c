import {
  accessLevelSchema,
  DEFAULT_USER_SORT,
  type ListUsersQuery,
  type UserSort,
  userSortSchema,
  userStatusSchema,
} from '@team-access/contract';
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, listParamsCodec, type PagedListParams } from '@/lib/list-params.ts';

const uuid = z.uuid();

export { DEFAULT_PAGE_SIZE, PAGE_SIZES } from '@/lib/list-params.ts';

export interface UserListParams extends PagedListParams {
  role: ListUsersQuery['role'];
  status: ListUsersQuery['status'];
  /** A role's id (the API's `group` filter): members who hold it. */
  group: string | undefined;
  /** Members of this organization. */
  organizationId: string | undefined;
  sort: UserSort;
}

/** The users list's view in the address; the sort is an order, not a filter Clear filters resets. */
export const userList = listParamsCodec<UserListParams>(
  { role: accessLevelSchema, status: userStatusSchema, group: uuid, organizationId: uuid, sort: userSortSchema },
  { sort: DEFAULT_USER_SORT },
);
export const { read: readListParams, write: writeListParams } = userList;

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
