import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { type InvitationListParams, readListParams, writeListParams } from './list-params.ts';

/** Previous pages' cursors, kept in the history entry (a keyset cursor only goes forward). */
interface PagingState {
  previous: string[];
}

/**
 * The list's view kept in the address: search (applied once typing pauses), status, page size and
 * keyset paging. Back and Forward in the browser move between views.
 */
export function useListView() {
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const view = readListParams(searchParams);
  const previous = (location.state as PagingState | null)?.previous ?? [];

  // The view as last rendered, for a change that lands later (the search, once typing pauses): it
  // must not bring back a filter that Clear filters removed meanwhile (found by the e2e test;
  // setSearchParams' functional form reads the params of the render that made it, so it would).
  const latest = useRef(view);
  useLayoutEffect(() => {
    latest.current = view;
  });

  /** Another view; any change but paging starts again at the first page. */
  const go = (next: Partial<InvitationListParams>, state: PagingState = { previous: [] }, replace = false) => {
    setSearchParams(writeListParams({ ...latest.current, cursor: undefined, ...next }), { state, replace });
  };

  const [search, setSearch] = useState(view.search);
  useEffect(() => {
    if (search.trim() === view.search.trim()) return;
    const timer = setTimeout(() => {
      if (search.trim() !== latest.current.search.trim()) go({ search }, { previous: [] }, true);
    }, 300);
    return () => clearTimeout(timer);
  });

  return {
    view,
    go,
    search,
    setSearch,
    filtered: Boolean(view.search || view.status),
    clear: () => {
      setSearch('');
      go({ search: '', status: undefined });
    },
    page: {
      index: previous.length,
      back: () => go({ cursor: previous.at(-1) || undefined }, { previous: previous.slice(0, -1) }),
      forward: (cursor: string) => go({ cursor }, { previous: [...previous, view.cursor ?? ''] }),
    },
  };
}

export type ListView = ReturnType<typeof useListView>;
