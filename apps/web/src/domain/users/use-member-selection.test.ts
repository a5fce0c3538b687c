import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useMemberSelection } from './use-member-selection.ts';

const ada = { id: 'a' };
const alan = { id: 'b' };

function setup(total = 57) {
  return renderHook(({ filter, total }) => useMemberSelection<{ id: string }>(filter, total), {
    initialProps: { filter: { search: 'pm' } as Record<string, string>, total },
  });
}

describe('the members selection (users list and matrix)', () => {
  it('when members are picked, then they are sent by id, and "all matching" sends the filter for the server to resolve', () => {
    const { result } = setup();
    act(() => result.current.select([ada, alan], true));
    expect(result.current.summary).toBe('2 members selected');
    expect(result.current.target).toEqual({
      selection: { userIds: ['a', 'b'] },
      description: '2 selected members',
    });

    act(() => result.current.selectAll());
    expect(result.current.all).toBe(true);
    expect(result.current.count).toBe(57);
    expect(result.current.isSelected('anyone')).toBe(true);
    expect(result.current.target).toEqual({
      selection: { filter: { search: 'pm' } },
      description: 'all 57 members matching this filter',
    });
  });

  it('when the filter changes, then a new, empty selection starts; unchecking one member ends "all matching"', () => {
    const { result, rerender } = setup();
    act(() => result.current.selectAll());
    act(() => result.current.select([ada], false));
    expect(result.current.all).toBe(false);
    act(() => result.current.select([ada, alan], true));
    const select = result.current.select;

    rerender({ filter: { search: 'other' }, total: 3 });
    expect(result.current.count).toBe(0);
    expect(result.current.isSelected('a')).toBe(false);
    // The callbacks change only with the filter: memoized rows are not re-rendered for nothing.
    expect(result.current.select).not.toBe(select);
    const again = result.current.select;
    rerender({ filter: { search: 'other' }, total: 3 });
    expect(result.current.select).toBe(again);
  });
});
