import { describe, expect, it } from 'vitest';
import { hasFilters, matrixBulkFilter, NO_FILTERS, readMatrixFilters, writeMatrixFilters } from './matrix-filters.ts';

const roleId = '3f0c6a4e-2b1d-4c8e-9f7a-1d2e3f4a5b6c';
const orgId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('matrix filters in the address', () => {
  it('when the address names a role and an organization, then the matrix filters by both and writes them back', () => {
    const filters = readMatrixFilters(new URLSearchParams(`search=ada&group=${roleId}&organizationId=${orgId}`));
    expect(filters).toEqual({ ...NO_FILTERS, search: 'ada', group: roleId, organizationId: orgId });
    expect(hasFilters(filters)).toBe(true);
    expect(writeMatrixFilters(filters).toString()).toBe(`search=ada&group=${roleId}&organizationId=${orgId}`);
  });

  it('when only a role or only an organization is chosen, then that alone counts as filtered', () => {
    expect(hasFilters({ ...NO_FILTERS, group: roleId })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, organizationId: orgId })).toBe(true);
    expect(hasFilters(NO_FILTERS)).toBe(false);
  });

  it('when the ids are malformed, then the filters fall back to any', () => {
    const filters = readMatrixFilters(new URLSearchParams('group=marketing&organizationId=1'));
    expect(filters).toEqual(NO_FILTERS);
    expect(writeMatrixFilters(filters).toString()).toBe('');
  });

  it('when the filters are cleared, then the address keeps nothing', () => {
    expect(writeMatrixFilters(NO_FILTERS).toString()).toBe('');
  });

  it("when the users list's address has an order and a page, then the matrix keeps only its filters", () => {
    const filters = readMatrixFilters(
      new URLSearchParams(`status=active&group=${roleId}&sort=-createdAt&limit=50&cursor=abc`),
    );
    expect(writeMatrixFilters(filters).toString()).toBe(`status=active&group=${roleId}`);
  });

  it('when all matching members are selected, then the bulk filter is exactly the list filter, blanks left out', () => {
    expect(matrixBulkFilter({ ...NO_FILTERS, search: '  ada ', status: 'active', group: roleId })).toEqual({
      search: 'ada',
      status: 'active',
      group: roleId,
    });
    expect(matrixBulkFilter({ ...NO_FILTERS, search: '   ' })).toEqual({});
  });
});
