import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-client.ts';
import { linkProblemOf, tokenProblem } from './link-problems.ts';

const problem = (status: number, code: string) =>
  new ApiError({ type: `urn:team-access:problem:${code}`, title: code, status, code });

describe('linkProblemOf', () => {
  it('when the IAM API says the link is invalid, expired, revoked or used, then that is the problem', () => {
    expect(linkProblemOf(problem(404, 'link_invalid'))).toBe('link_invalid');
    expect(linkProblemOf(problem(410, 'link_expired'))).toBe('link_expired');
    expect(linkProblemOf(problem(410, 'link_revoked'))).toBe('link_revoked');
    expect(linkProblemOf(problem(410, 'link_used'))).toBe('link_used');
  });

  it('when the service failed or refused for another reason, then it is not a link problem', () => {
    expect(linkProblemOf(problem(503, 'upstream_unavailable'))).toBeNull();
    expect(linkProblemOf(problem(429, 'rate_limited'))).toBeNull();
    expect(linkProblemOf(new TypeError('Failed to fetch'))).toBeNull();
  });
});

describe('tokenProblem', () => {
  it('when the address had no token, or one the IAM API cannot have made, then the link is invalid without asking', () => {
    expect(tokenProblem(null)).toBe('link_invalid');
    expect(tokenProblem('short')).toBe('link_invalid');
    expect(tokenProblem('has spaces and is long enough to pass')).toBe('link_invalid');
  });

  it('when the token looks like one, then the IAM API decides', () => {
    expect(tokenProblem('Vb3k1l0_q-2xYzAbCdEfGhIjKlMnOpQrStUvWxYz012')).toBeNull();
  });
});
