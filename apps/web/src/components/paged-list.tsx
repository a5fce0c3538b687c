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
  headingLevel,
  retrying,
  resultsId,
  children,
}: {
  query: UseQueryResult<ListPage>;
  list: PagedListView;
  /** Plural: "organizations", "members". */
  noun: string;
  pageSizes: readonly number[];
  empty: EmptyResults;
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
      empty={empty}
      {...{ headingLevel, retrying, resultsId }}
      footer={
        data && (
          <ListPager
            list={list}
            shown={data.items.length}
            total={data.total}
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
