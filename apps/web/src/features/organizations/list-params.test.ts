import { describe, expect, it } from 'vitest';
import { readListParams, toMembersQuery, toOrganizationsQuery, writeListParams } from './list-params.ts';

describe('organization list params', () => {
  it('when the address holds a view, then it reads back the same view and writes the same address', () => {
    const address = new URLSearchParams('search=acme&orgRole=ORG_ADMIN&limit=50&cursor=abc');
    const view = readListParams(address);
    expect(view).toEqual({ search: 'acme', orgRole: 'ORG_ADMIN', limit: 50, cursor: 'abc' });
    expect(writeListParams(view).toString()).toBe(address.toString());
    expect(toMembersQuery(view)).toEqual({ search: 'acme', orgRole: 'ORG_ADMIN', limit: 50, cursor: 'abc' });
    expect(toOrganizationsQuery(view)).toEqual({ search: 'acme', limit: 50, cursor: 'abc' });
  });

  it('when the address is malformed, then the defaults apply and defaults are left out of links', () => {
    const view = readListParams(new URLSearchParams('orgRole=KING&limit=7&search=%20%20'));
    expect(view).toEqual({ search: '  ', orgRole: undefined, limit: 25, cursor: undefined });
    expect(writeListParams(view).toString()).toBe('');
    expect(toOrganizationsQuery(view)).toEqual({ search: undefined, limit: 25, cursor: undefined });
  });
});
