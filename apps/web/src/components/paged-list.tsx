import Button from '@mui/material/Button';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ListPager, type PagedListView } from './list-pager.tsx';
import { type EmptyResults, type ListPage, ListResults } from './list-results.tsx';

/**
 * A list kept in the address (useListView) below its search and filters: its states (updating,
 * error, empty, the table given as children) and the pager over keyset cursors.
 */
export function PagedList({
  query,
  list,
  noun,
  pageSizes,
  empty,
  noMatch: { clearLabel = 'Clear filters', ...noMatch },
  headingLevel,
  retrying,
  resultsId,
  children,
}: {
  query: UseQueryResult<ListPage>;
  list: PagedListView & { filtered: boolean; clear: () => void };
  /** Plural: "organizations", "members". */
  noun: string;
  pageSizes: readonly number[];
  /** When the list has nothing at all. */
  empty: EmptyResults;
  /** When a search or filter leaves nothing: offers to clear them (`clearLabel`, "Clear filters"). */
  noMatch: { title: string; description: string; clearLabel?: string };
  headingLevel?: 'h2' | 'h3';
  retrying?: boolean;
  resultsId?: string;
  children: ReactNode;
}) {
  const { data } = query;
  return (
    <ListResults
      query={query}
      loadError={`The ${noun} could not be loaded.`}
      empty={
        list.filtered
          ? {
              ...noMatch,
              action: (
                <Button variant="outlined" onClick={list.clear}>
                  {clearLabel}
                </Button>
              ),
            }
          : empty
      }
      {...{ headingLevel, retrying, resultsId }}
      footer={
        data && (
          <ListPager
            list={list}
            shown={data.items.length}
            total={data}
            nextCursor={data.nextCursor}
            noun={noun}
            pageSizes={pageSizes}
          />
        )
      }
    >
      {children}
    </ListResults>
  );
}
