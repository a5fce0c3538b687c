import { DEFAULT_USER_SORT, type ListUsersQuery } from '@team-access/contract';
import { DEFAULT_PAGE_SIZE, readListParams, writeListParams } from '@/features/users/list-params.ts';

/** The matrix's rows: the same search and filters as the Users screen, kept in the address. */
export interface MatrixFilters {
  search: string;
  role: ListUsersQuery['role'];
  status: ListUsersQuery['status'];
}

export function readMatrixFilters(params: URLSearchParams): MatrixFilters {
  const { search, role, status } = readListParams(params);
  return { search, role, status };
}

export function writeMatrixFilters(filters: MatrixFilters): URLSearchParams {
  return writeListParams({
    ...filters,
    group: undefined,
    organizationId: undefined,
    sort: DEFAULT_USER_SORT,
    limit: DEFAULT_PAGE_SIZE,
    cursor: undefined,
  });
}

export const hasFilters = (filters: MatrixFilters) => Boolean(filters.search.trim() || filters.role || filters.status);
