import { describe, expect, it } from 'vitest';
import { mailLink, mailLinkPaths } from './app-links.ts';
import { routes } from './index.ts';
import { answerSchema, queryString, routeRequest } from './route-call.ts';

describe('routeRequest', () => {
  it('when a route has parameters, a query and a version, then all come from the declaration', () => {
    expect(
      routeRequest(routes.deleteRole, { params: { roleId: 'a/b' }, query: { force: 'true' }, ifMatch: 7 }),
    ).toEqual({
      method: 'DELETE',
      path: '/v2/client/roles/a%2Fb?force=true',
      headers: { 'If-Match': '"7"' },
      body: undefined,
    });
  });

  it('when a path parameter is missing, then it throws instead of calling a wrong address', () => {
    expect(() => routeRequest(routes.getUser, { params: { userId: '' } })).toThrow(/missing parameter userId/);
  });

  it('when query values are empty, then they are left out; spaces are form-encoded', () => {
    expect(queryString({ search: 'ada l', role: undefined, status: null, group: '' })).toBe('?search=ada+l');
    expect(queryString({})).toBe('');
  });
});

describe('answerSchema', () => {
  it("when a route answers, then the status picks the route's own schema (null for an empty body)", () => {
    expect(answerSchema(routes.getUser, 200)).toBe(routes.getUser.responses[200]);
    expect(answerSchema(routes.deleteUser, 204)).toBeNull();
  });
});

describe('mailLink', () => {
  it('when the app URL ends in slashes, then the link has one, and the token rides in the fragment', () => {
    expect(mailLink('http://localhost:3000//', mailLinkPaths.resetPassword, 'tok')).toBe(
      'http://localhost:3000/reset-password#token=tok',
    );
  });
});
