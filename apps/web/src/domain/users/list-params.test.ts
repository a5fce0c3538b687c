import { describe, expect, it } from 'vitest';
import { filterParams, readListParams, toListQuery, writeListParams } from './list-params.ts';

const roleId = '3f0c6a4e-2b1d-4c8e-9f7a-1d2e3f4a5b6c';
const orgId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('users list view in the address', () => {
  it('when the address names a role and an organization, then the list asks for group and organizationId', () => {
    const view = readListParams(new URLSearchParams(`group=${roleId}&organizationId=${orgId}&status=active`));
    expect(view).toMatchObject({ group: roleId, organizationId: orgId, status: 'active' });
    expect(toListQuery(view)).toMatchObject({ group: roleId, organizationId: orgId });
    expect(writeListParams(view).toString()).toBe(`status=active&group=${roleId}&organizationId=${orgId}`);
  });

  it('when the address names an account check, then the list asks for that check only; an unknown one is no filter', () => {
    const unverified = readListParams(new URLSearchParams('check=unverified-email'));
    expect(toListQuery(unverified)).toMatchObject({ emailVerified: 'false' });
    expect(toListQuery(unverified)).not.toHaveProperty('resetPw');
    const password = readListParams(new URLSearchParams('check=new-password'));
    expect(toListQuery(password)).toMatchObject({ resetPw: 'true' });
    expect(toListQuery(password)).not.toHaveProperty('emailVerified');
    expect(writeListParams(password).toString()).toBe('check=new-password');
    const unknown = readListParams(new URLSearchParams('check=everything'));
    expect(unknown.check).toBeUndefined();
    expect(toListQuery(unknown)).not.toHaveProperty('emailVerified');
  });

  it('when the address names two-step sign-in on or off, then the list asks for mfa; an unknown value is no filter', () => {
    expect(toListQuery(readListParams(new URLSearchParams('twoStep=on')))).toMatchObject({ mfa: 'true' });
    expect(toListQuery(readListParams(new URLSearchParams('twoStep=off')))).toMatchObject({ mfa: 'false' });
    expect(toListQuery(readListParams(new URLSearchParams('twoStep=maybe')))).not.toHaveProperty('mfa');
    expect(filterParams(readListParams(new URLSearchParams('twoStep=on'))).toString()).toBe('');
  });

  it('when the ids are malformed, then the filters fall back to any', () => {
    const view = readListParams(new URLSearchParams('group=marketing&organizationId=1'));
    expect(view.group).toBeUndefined();
    expect(view.organizationId).toBeUndefined();
    expect(writeListParams(view).toString()).toBe('');
  });
});

describe('the users list link to the permission matrix', () => {
  it('when the list is filtered, sorted and paged, then the link keeps the search and filters only', () => {
    const view = readListParams(
      new URLSearchParams(
        `search=ada&role=ADMIN&status=active&group=${roleId}&organizationId=${orgId}&sort=-createdAt&limit=50&cursor=c1`,
      ),
    );
    expect(filterParams(view).toString()).toBe(
      `search=ada&role=ADMIN&status=active&group=${roleId}&organizationId=${orgId}`,
    );
  });

  it('when the list is filtered by an account check, then the matrix link leaves it out (the matrix has no such filter)', () => {
    expect(filterParams(readListParams(new URLSearchParams('role=MEMBER&check=new-password'))).toString()).toBe(
      'role=MEMBER',
    );
  });

  it('when the list is not filtered, then the link has no query', () => {
    expect(filterParams(readListParams(new URLSearchParams('sort=-createdAt'))).toString()).toBe('');
  });
});
