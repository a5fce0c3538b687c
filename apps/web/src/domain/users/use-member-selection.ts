import type { BulkChange, BulkFilter } from '@team-access/contract';
import { useCallback, useMemo, useState } from 'react';

/** What a bulk action applies to: explicit members or the filter (resolved by the server), and its words. */
export interface BulkSelection {
  selection: BulkChange['selection'];
  /** "3 selected members", "all 1,204 members matching this filter". */
  description: string;
}

interface SelectionState<U> {
  /** The search and filters the selection was made under. */
  view: string;
  users: Map<string, U>;
  /** Every member matching the filter, loaded or not. */
  all: boolean;
}

const memberWord = (n: number) => (n === 1 ? 'member' : 'members');

/**
 * The members list's selection model (issue 18), shared by the users list and the permission matrix:
 * members picked one by one or a screenful at a time, then "all N matching this filter". It belongs
 * to the search and filters (`filter`): it survives paging, sorting and scrolling, and a new filter
 * starts a new one. "All matching" is sent as the filter, for the server to resolve when it plans
 * and again when it applies, never as the ids the browser happens to hold.
 */
export function useMemberSelection<U extends { id: string }>(filter: BulkFilter, total: number) {
  const view = new URLSearchParams(filter as Record<string, string>).toString();
  const [state, setState] = useState<SelectionState<U>>({ view, users: new Map(), all: false });
  // Another filter: an empty selection (the same object until the filter changes again).
  const fresh = useMemo<SelectionState<U>>(() => ({ view, users: new Map(), all: false }), [view]);
  const current = state.view === view ? state : fresh;
  const { users, all } = current;

  // Stable while the selection stands, so memoized rows re-render only when theirs changes.
  const select = useCallback(
    (members: readonly U[], on: boolean) =>
      setState((previous) => {
        const next = new Map(previous.view === view ? previous.users : undefined);
        for (const member of members) {
          if (on) next.set(member.id, member);
          else next.delete(member.id);
        }
        return { view, users: next, all: false };
      }),
    [view],
  );
  const clear = useCallback(() => setState({ view, users: new Map(), all: false }), [view]);
  const selectAll = useCallback(() => setState({ view, users: new Map(), all: true }), [view]);
  const isSelected = useCallback((id: string) => all || users.has(id), [all, users]);
  const count = all ? total : users.size;

  const target: BulkSelection = all
    ? { selection: { filter }, description: `all ${total.toLocaleString('en-GB')} members matching this filter` }
    : {
        selection: { userIds: [...users.keys()] },
        description: `${users.size.toLocaleString('en-GB')} selected ${memberWord(users.size)}`,
      };
  const summary = all
    ? `All ${total.toLocaleString('en-GB')} members matching this filter are selected`
    : `${users.size.toLocaleString('en-GB')} ${memberWord(users.size)} selected`;

  return { all, users, count, total, select, clear, selectAll, isSelected, target, summary };
}

export type MemberSelection<U extends { id: string }> = ReturnType<typeof useMemberSelection<U>>;
