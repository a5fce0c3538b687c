import { describe, expect, it } from 'vitest';
import { pageSummary } from './list-pager.tsx';

describe('pageSummary', () => {
  it('when a page holds several rows, then it names their range and the total', () => {
    expect(pageSummary(0, 25, 25, { total: 61 }, undefined, 'members')).toBe('1–25 of 61 members');
    expect(pageSummary(2, 25, 11, { total: 61 }, 'c', 'members')).toBe('51–61 of 61 members');
  });

  it('when a page holds one row, then no range of one ("1–1") and one exact total takes the singular', () => {
    expect(pageSummary(0, 25, 1, { total: 1 }, undefined, 'members')).toBe('1 of 1 member');
    expect(pageSummary(1, 25, 1, { total: 26 }, 'c', 'organizations')).toBe('26 of 26 organizations');
  });

  it('when the total is capped, then it reads as the estimate it is, in the plural', () => {
    expect(pageSummary(0, 25, 25, { total: 10_001, totalIsCapped: true }, undefined, 'members')).toBe(
      '1–25 of 10,000+ members',
    );
  });

  it('when a page is opened from a copied link, then it cannot number its rows', () => {
    expect(pageSummary(0, 25, 25, { total: 61 }, 'c', 'invitations')).toBe('25 of 61 invitations');
  });
});
