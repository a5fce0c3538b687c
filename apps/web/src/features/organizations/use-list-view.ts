import { useListView as useKeysetListView } from '@/lib/use-list-view.ts';
import { readListParams, writeListParams } from './list-params.ts';

/** An organizations or members list's view in the address: search, org role, page size and keyset paging. */
export function useListView() {
  return useKeysetListView({
    read: readListParams,
    write: writeListParams,
    isFiltered: (view) => Boolean(view.orgRole),
    cleared: { orgRole: undefined },
  });
}

export type ListView = ReturnType<typeof useListView>;
