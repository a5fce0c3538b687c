import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { roleQueries } from '@/domain/roles/queries.ts';
import { rowsPerPage } from './components/role-permission-grid.tsx';
import { knownRole, putRole, updateRole } from './role-cache.ts';
import { aRole } from './test-roles.ts';

const role = aRole;
const listed = (client: QueryClient) => client.getQueryData(roleQueries.list().queryKey)?.items;
const detail = (client: QueryClient, id: string) => client.getQueryData(roleQueries.detail(id).queryKey);

describe('role caches', () => {
  it('when only the list holds the role, then it is the known role and a change shows in the list alone', () => {
    const client = new QueryClient();
    client.setQueryData(roleQueries.list().queryKey, { items: [role('a', ['x']), role('b', [])] });

    updateRole(client, 'a', (r) => ({ ...r, permissions: [...r.permissions, 'y'] }));

    expect(knownRole(client, 'a')?.permissions).toEqual(['x', 'y']);
    expect(listed(client)?.map((r) => r.permissions)).toEqual([['x', 'y'], []]);
    expect(detail(client, 'a')).toBeUndefined();
  });

  it('when the detail and the list disagree, then the newer version is the known role', () => {
    const client = new QueryClient();
    client.setQueryData(roleQueries.list().queryKey, { items: [role('a', ['new'], 5)] });
    client.setQueryData(roleQueries.detail('a').queryKey, role('a', ['old'], 3));
    expect(knownRole(client, 'a')?.permissions).toEqual(['new']);

    client.setQueryData(roleQueries.detail('a').queryKey, role('a', ['newest'], 6));
    expect(knownRole(client, 'a')?.permissions).toEqual(['newest']);
    expect(knownRole(client, 'missing')).toBeUndefined();
  });

  it('when the server answers, then the detail and the list row both become the answer, other rows untouched', () => {
    const client = new QueryClient();
    const other = role('b', ['z']);
    client.setQueryData(roleQueries.list().queryKey, { items: [role('a', ['x']), other] });

    putRole(client, role('a', ['x', 'y'], 2));

    expect(detail(client, 'a')).toEqual(role('a', ['x', 'y'], 2));
    expect(listed(client)?.[0]).toEqual(role('a', ['x', 'y'], 2));
    expect(listed(client)?.[1]).toBe(other);
  });

  it('when the role is in neither cache, then a change adds it to neither', () => {
    const client = new QueryClient();
    client.setQueryData(roleQueries.list().queryKey, { items: [role('b', [])] });
    updateRole(client, 'a', (r) => ({ ...r, permissions: ['x'] }));
    expect(detail(client, 'a')).toBeUndefined();
    expect(listed(client)).toEqual([role('b', [])]);
  });
});

describe('rowsPerPage', () => {
  it('when the frame is measured, then a page is the rows that fit under the headers, less one', () => {
    // 144 px of headers (turned permission names, ADR 041), 48 px rows: 760 px hold 12 rows; a page
    // keeps one row of context.
    expect(rowsPerPage(760, 40)).toBe(11);
    expect(rowsPerPage(120, 40)).toBe(1);
  });

  it('when the frame is not measured yet, then a page is every row', () => {
    expect(rowsPerPage(undefined, 7)).toBe(7);
    expect(rowsPerPage(undefined, 0)).toBe(1);
  });
});
