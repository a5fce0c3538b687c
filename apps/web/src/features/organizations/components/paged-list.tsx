import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadError } from '@/components/load-error.tsx';
import type { ListView } from '../use-list-view.ts';
import { ListPager } from './list-controls.tsx';

interface Page {
  items: unknown[];
  total: number;
  nextCursor: string | null;
}

/**
 * The states of one page of a list, below its search: updating bar, error with Try again, empty
 * (nothing yet, or nothing matches), the table (given as children), and the pager.
 */
export function PagedList({
  query,
  list,
  noun,
  empty,
  headingLevel = 'h2',
  children,
}: {
  query: UseQueryResult<Page>;
  list: ListView;
  /** Plural: "organizations". */
  noun: string;
  /** What to say, and offer, when there is nothing (yet or matching). */
  empty: { title: string; description: string; action?: ReactNode };
  /** The level of the empty state's heading: h3 inside a section that has its own h2. */
  headingLevel?: 'h2' | 'h3';
  children: ReactNode;
}) {
  const { data } = query;
  return (
    <>
      <Box sx={{ height: 4 }}>{query.isFetching && !query.isPending && <LinearProgress aria-label="Updating" />}</Box>
      {query.isError ? (
        <Box sx={{ m: 2 }}>
          <LoadError error={query.error} onRetry={() => query.refetch()}>
            The {noun} could not be loaded.
          </LoadError>
        </Box>
      ) : data && data.items.length === 0 ? (
        <Box sx={{ p: 4, textAlign: 'center' }}>
          <Typography variant="h2" component={headingLevel} gutterBottom>
            {empty.title}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {empty.description}
          </Typography>
          {empty.action}
        </Box>
      ) : (
        children
      )}
      {data && data.total > 0 && (
        <ListPager list={list} shown={data.items.length} total={data.total} nextCursor={data.nextCursor} noun={noun} />
      )}
    </>
  );
}
