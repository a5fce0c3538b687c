import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';

/** Previous pages' cursors, kept in the history entry (a keyset cursor only goes forward). */
export interface PagingState {
  previous: string[];
}

/** What every keyset list keeps in the address, besides its own filters. */
export interface KeysetListParams {
  search: string;
  cursor: string | undefined;
}

export interface ListParamsCodec<P extends KeysetListParams> {
  read(params: URLSearchParams): P;
  write(view: P): URLSearchParams;
  /** The filters (besides the search) that are set, and what Clear filters sets them to. */
  isFiltered(view: P): boolean;
  cleared: Partial<P>;
}

/**
 * A list's view kept in the address: search (applied once typing pauses), filters, page size and
 * keyset paging. Back and Forward in the browser move between views.
 */
export function useListView<P extends KeysetListParams>(codec: ListParamsCodec<P>) {
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const view = codec.read(searchParams);
  const previous = (location.state as PagingState | null)?.previous ?? [];

  // The view as last rendered, for a change that lands later (the search, once typing pauses): it
  // must not bring back a filter that Clear filters removed meanwhile (found by the e2e test;
  // setSearchParams' functional form reads the params of the render that made it, so it would).
  const latest = useRef(view);
  useLayoutEffect(() => {
    latest.current = view;
  });

  /** Another view; any change but paging starts again at the first page. */
  const go = (next: Partial<P>, state: PagingState = { previous: [] }, replace = false) => {
    setSearchParams(codec.write({ ...latest.current, cursor: undefined, ...next }), { state, replace });
  };

  const [search, setSearch] = useState(view.search);
  useEffect(() => {
    if (search.trim() === view.search.trim()) return;
    const timer = setTimeout(() => {
      if (search.trim() !== latest.current.search.trim()) go({ search } as Partial<P>, { previous: [] }, true);
    }, 300);
    return () => clearTimeout(timer);
  });

  return {
    view,
    go,
    search,
    setSearch,
    filtered: Boolean(view.search) || codec.isFiltered(view),
    clear: () => {
      setSearch('');
      go({ search: '', ...codec.cleared } as Partial<P>);
    },
    page: {
      index: previous.length,
      back: () => go({ cursor: previous.at(-1) || undefined } as Partial<P>, { previous: previous.slice(0, -1) }),
      forward: (cursor: string) => go({ cursor } as Partial<P>, { previous: [...previous, view.cursor ?? ''] }),
    },
  };
}

/** A list's view as useListView gives it, for the list's controls. */
export type ListView<P extends KeysetListParams> = ReturnType<typeof useListView<P>>;
