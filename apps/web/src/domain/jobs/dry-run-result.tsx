import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { LoadError } from '@/components/load-error.tsx';

interface DryRunResultProps<T> {
  /** The dry run's query. */
  plan: UseQueryResult<T>;
  /** What the placeholder says while it runs, e.g. "Working out what would change". */
  pendingLabel: string;
  /** Its answer, once there. */
  children: (data: T) => ReactNode;
}

/** A bulk dialog's dry run: its failure with a retry, a placeholder while it runs, then its answer. */
export function DryRunResult<T>({ plan, pendingLabel, children }: DryRunResultProps<T>) {
  if (plan.isError) {
    return (
      <LoadError error={plan.error} onRetry={() => plan.refetch()} retrying={plan.isFetching}>
        The dry run failed.
      </LoadError>
    );
  }
  if (plan.isPending) {
    return (
      <Stack spacing={1} role="status" aria-busy="true" aria-label={pendingLabel}>
        <Skeleton variant="text" width="60%" />
        <Skeleton variant="rounded" height={80} />
      </Stack>
    );
  }
  return children(plan.data);
}
