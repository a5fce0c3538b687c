import { type BulkChange, type BulkFilter, type ListUsersQuery, routes } from '@team-access/contract';
import { callRoute } from '@/lib/api-client.ts';

/** Bulk actions on members (ADR 036); the jobs that run the big ones are in domain/jobs (ADR 035). */
export const bulkApi = {
  dryRun: (body: BulkChange, signal?: AbortSignal) => callRoute(routes.planBulkChange, { body, signal }),
  /** A result (up to 1,000 members, applied) or a job (more: poll it). */
  apply: (body: BulkChange) => callRoute(routes.applyBulkChange, { body }),
};

/** The list's filters as a bulk selection sends them (the server resolves them, never the browser). */
export function bulkFilterOf(query: ListUsersQuery): BulkFilter {
  const { sort: _sort, limit: _limit, cursor: _cursor, expand: _expand, ...filter } = query;
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as BulkFilter;
}
