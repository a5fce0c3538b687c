import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadError } from './load-error.tsx';

/** One page of a list as the API answers it. */
export interface ListPage {
  items: unknown[];
  total: number;
  /** The total is an estimate past the API's count cap (ADR 033). */
  totalIsCapped?: boolean | undefined;
  nextCursor: string | null;
}

/** What to say, and offer, when a list has nothing (yet, or matching). */
export interface EmptyResults {
  title: string;
  description: string;
  action?: ReactNode;
}

/**
 * The states of one page of a list, below its search: updating bar, error with Try again, empty
 * (nothing yet, or nothing matches), the table (given as children), and, when there is anything,
 * the footer (the pager).
 */
export function ListResults({
  query,
  loadError,
  retrying = false,
  empty,
  headingLevel = 'h2',
  resultsId,
  footer,
  children,
}: {
  query: UseQueryResult<ListPage>;
  /** What could not be loaded, as a sentence: "The members could not be loaded." */
  loadError: string;
  /** Shows Try again busy while the list is fetched again. */
  retrying?: boolean;
  empty: EmptyResults;
  /** The level of the empty state's heading: h3 inside a section that has its own h2. */
  headingLevel?: 'h2' | 'h3';
  /** The id of the region of results (error, empty or table), for a search box's aria-controls. */
  resultsId?: string;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const { data } = query;
  const results = query.isError ? (
    <Box sx={{ m: 2 }}>
      <LoadError error={query.error} onRetry={() => query.refetch()} retrying={retrying && query.isFetching}>
        {loadError}
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
  );
  return (
    <>
      <Box sx={{ height: 4 }}>{query.isFetching && !query.isPending && <LinearProgress aria-label="Updating" />}</Box>
      {resultsId ? <Box id={resultsId}>{results}</Box> : results}
      {data && data.total > 0 && footer}
    </>
  );
}
