import type { BulkChange, BulkFilter, ListUsersQuery } from '@team-access/contract';
import { userRoutes } from '@team-access/contract/routes/users';
import { callRoute } from '@/lib/api-client.ts';

/** Bulk actions on members (ADR 036); the jobs that run the big ones are in domain/jobs (ADR 035). */
export const bulkApi = {
  dryRun: (body: BulkChange, signal?: AbortSignal) => callRoute(userRoutes.planBulkChange, { body, signal }),
  /** A result (up to 1,000 members, applied) or a job (more: poll it). */
  apply: (body: BulkChange) => callRoute(userRoutes.applyBulkChange, { body }),
};

/** The list's filters as a bulk selection sends them (the server resolves them, never the browser). */
export function bulkFilterOf(query: ListUsersQuery): BulkFilter {
  const { sort: _sort, limit: _limit, cursor: _cursor, expand: _expand, ...filter } = query;
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as BulkFilter;
}
