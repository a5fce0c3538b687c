import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-client.ts';
import { failureAlert, problemAlert, showServerErrors, unplacedAlert } from './form-errors.ts';

function problem(status: number, errors: { path: string; message: string }[] = [], detail = 'Refused.') {
  return new ApiError({
    type: 'urn:team-access:problem:x',
    title: 'Title',
    status,
    code: status === 412 ? 'precondition_failed' : 'validation_failed',
    detail,
    errors: errors.map((e) => ({ ...e, code: 'x' })),
  });
}

function shown(error: unknown, options: Parameters<typeof showServerErrors>[2]) {
  const setError = vi.fn();
  showServerErrors(error, setError, options);
  return Object.fromEntries(setError.mock.calls.map(([field, { message }]) => [field, message]));
}

describe('showServerErrors', () => {
  it('when a field error names a form field, then it shows there and no alert shows', () => {
    expect(shown(problem(400, [{ path: 'body.slug', message: 'Taken' }]), { fields: ['slug'] })).toEqual({
      slug: 'Taken',
    });
  });

  it('when an error names no form field, then the alert gives the problem and that message', () => {
    const error = problem(400, [
      { path: 'body.slug', message: 'Taken' },
      { path: 'body.other', message: 'Bad other' },
    ]);
    expect(shown(error, { fields: ['slug'] })).toEqual({ slug: 'Taken', 'root.server': 'Refused. Bad other' });
  });

  it('when the version is stale, then the alert says so, alone or after the problem', () => {
    const stale = problem(412, [{ path: 'header.if-match', message: 'Now 3' }]);
    expect(shown(stale, { fields: [], alert: problemAlert('Stale.') })).toEqual({ 'root.server': 'Stale.' });
    expect(shown(stale, { fields: [], alert: problemAlert('Stale.', { keepProblem: true }) })).toEqual({
      'root.server': 'Refused. Stale. Now 3',
    });
  });

  it('when the error is not an answer, then the alert says something went wrong', () => {
    expect(shown(new Error('x'), { fields: ['a'] })).toEqual({ 'root.server': 'Something went wrong. Try again.' });
    expect(shown(new Error('x'), { fields: ['a'], alert: unplacedAlert(() => 'Offline') })).toEqual({
      'root.server': 'Offline',
    });
  });

  it('when a path names a nested field, then fieldOf maps it onto the form field', () => {
    const error = problem(400, [{ path: 'body.permissions.users:read', message: 'Not held' }]);
    expect(shown(error, { fields: ['permissions'], fieldOf: (path) => path.split('.')[1] ?? '' })).toEqual({
      permissions: 'Not held',
    });
  });

  it('when the public forms and password dialogs place nothing, then the alert words the failure', () => {
    const error = problem(400, [{ path: 'body.other', message: 'Bad other' }]);
    expect(shown(error, { fields: ['email'], alert: unplacedAlert() })).toEqual({ 'root.server': 'Bad other' });
    expect(shown(error, { fields: ['password'], alert: failureAlert })).toEqual({ 'root.server': 'Refused.' });
    expect(
      shown(problem(400, [{ path: 'body.password', message: 'Short' }]), { fields: ['password'], alert: failureAlert }),
    ).toEqual({
      password: 'Short',
    });
  });
});
