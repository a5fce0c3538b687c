import { type BulkFilter, DEFAULT_USER_SORT, type ListUsersQuery } from '@team-access/contract';
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

/**
 * The filters as a bulk selection of "all matching" sends them: exactly the members the matrix
 * loads (the same search and filters as its list request), resolved by the server (ADR 036).
 */
export function matrixBulkFilter(filters: MatrixFilters): BulkFilter {
  const filter: BulkFilter = {
    search: filters.search.trim() || undefined,
    role: filters.role,
    status: filters.status,
    group: filters.group,
    organizationId: filters.organizationId,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as BulkFilter;
}
