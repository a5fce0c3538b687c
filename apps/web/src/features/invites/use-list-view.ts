import { useListView as useKeysetListView } from '@/lib/use-list-view.ts';
import { readListParams, writeListParams } from './list-params.ts';

/** The invitations list's view in the address: search, status, page size and keyset paging. */
export function useListView() {
  return useKeysetListView({
    read: readListParams,
    write: writeListParams,
    isFiltered: (view) => Boolean(view.status),
    cleared: { status: undefined },
  });
}

export type ListView = ReturnType<typeof useListView>;
