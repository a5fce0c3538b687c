import { describe, expect, it } from 'vitest';
import { countOf, formatTotal } from './list-total.ts';

describe('list totals on screen', () => {
  it('when the total is exact, then it shows every digit, up to the cap itself', () => {
    expect(formatTotal({ total: 0 })).toBe('0');
    expect(formatTotal({ total: 9_999, totalIsCapped: false })).toBe('9,999');
    expect(formatTotal({ total: 10_000, totalIsCapped: false })).toBe('10,000');
  });

  it('when the total is a capped estimate, then it reads "10,000+" or "about …", never an exact-looking figure', () => {
    expect(formatTotal({ total: 10_001, totalIsCapped: true })).toBe('10,000+');
    expect(formatTotal({ total: 87_654, totalIsCapped: true })).toBe('10,000+');
    expect(formatTotal({ total: 123_456, totalIsCapped: true })).toBe('about 123K');
    expect(formatTotal({ total: 1_000_001, totalIsCapped: true })).toBe('about 1.0M');
    expect(formatTotal({ total: 2_460_000, totalIsCapped: true })).toBe('about 2.5M');
  });

  it('when a count is named, then one is singular and anything capped is plural', () => {
    expect(countOf({ total: 1 }, 'member', 'members')).toBe('1 member');
    expect(countOf({ total: 2, totalIsCapped: false }, 'member', 'members')).toBe('2 members');
    expect(countOf({ total: 1_000_001, totalIsCapped: true }, 'member', 'members')).toBe('about 1.0M members');
    expect(countOf({ total: 10_001, totalIsCapped: true }, 'member', 'members')).toBe('10,000+ members');
  });
});
