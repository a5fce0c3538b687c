import { DEFAULT_USER_SORT, type ListUsersQuery } from '@team-access/contract';
import { DEFAULT_PAGE_SIZE, readListParams, writeListParams } from '@/domain/users/list-params.ts';

/**
 * The matrix's rows: the same search and filters as the Users screen, under the same names in the
 * address, so a link from one screen opens the other on the same members.
 */
export interface MatrixFilters {
  search: string;
  role: ListUsersQuery['role'];
  status: ListUsersQuery['status'];
  /** A role's id (the API's `group` filter): members who hold it. */
  group: string | undefined;
  /** Members of this organization. */
  organizationId: string | undefined;
}

export const NO_FILTERS: MatrixFilters = {
  search: '',
  role: undefined,
  status: undefined,
  group: undefined,
  organizationId: undefined,
};

export function readMatrixFilters(params: URLSearchParams): MatrixFilters {
  const { search, role, status, group, organizationId } = readListParams(params);
  return { search, role, status, group, organizationId };
}

export function writeMatrixFilters(filters: MatrixFilters): URLSearchParams {
  return writeListParams({
    ...filters,
    check: undefined,
    twoStep: undefined,
    sort: DEFAULT_USER_SORT,
    limit: DEFAULT_PAGE_SIZE,
    cursor: undefined,
  });
}

export const hasFilters = (filters: MatrixFilters) =>
  Boolean(filters.search.trim() || filters.role || filters.status || filters.group || filters.organizationId);
