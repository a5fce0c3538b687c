import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPath } from './redirect.ts';

describe('safeNextPath', () => {
  it('keeps a same-origin path with its query and hash', () => {
    expect(safeNextPath('/users?search=ann&sort=email#top')).toBe('/users?search=ann&sort=email#top');
  });

  it.each([
    ['nothing', null],
    ['empty', ''],
    ['an absolute URL', 'https://evil.example/users'],
    ['a protocol-relative URL', '//evil.example/users'],
    ['a backslash host', '/\\evil.example'],
    ['a relative path', 'users'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a path with a tab', '/us\ters'],
    ['the sign-in page', '/sign-in?next=/users'],
  ])('refuses %s', (_label, next) => {
    expect(safeNextPath(next)).toBeNull();
  });
});

describe('signInPath', () => {
  it('remembers where the person was', () => {
    expect(signInPath({ pathname: '/roles', search: '?q=a' })).toBe('/sign-in?next=%2Froles%3Fq%3Da');
  });

  it('needs no next for the start page (each person’s own), and keeps a screen that is only some people’s start', () => {
    expect(signInPath({ pathname: '/' })).toBe('/sign-in');
    expect(signInPath({ pathname: '/users' })).toBe('/sign-in?next=%2Fusers');
  });
});
