import { describe, expect, it } from 'vitest';
import { readListParams, toListQuery, writeListParams } from './list-params.ts';

describe('invitations list view in the address', () => {
  it('when the address names a status, a search, a page size and a cursor, then the list asks for them', () => {
    const view = readListParams(new URLSearchParams('status=expired&search=%20ada%20&limit=50&cursor=c1'));
    expect(toListQuery(view)).toEqual({ search: 'ada', status: 'expired', limit: 50, cursor: 'c1' });
    expect(writeListParams(view).toString()).toBe('search=ada&status=expired&limit=50&cursor=c1');
  });

  it('when the values are unknown, then the view falls back to all statuses and the default page', () => {
    const view = readListParams(new URLSearchParams('status=lost&limit=7'));
    expect(view).toEqual({ search: '', status: undefined, limit: 25, cursor: undefined });
    expect(writeListParams(view).toString()).toBe('');
  });
});
