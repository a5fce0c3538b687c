import { LIST_TOTAL_CAP } from '@team-access/contract';
import type { Queryable } from './client.ts';

/** `forUpdate` locks the row found until the transaction ends (`select … for update`). */
export interface ReadOptions {
  forUpdate?: boolean;
}

/** The first row a query answers, if any. */
export async function firstRow<T>(db: Queryable, sql: string, params: unknown[]): Promise<T | undefined> {
  const rows = await db.query<T>(sql, params);
  return rows[0];
}

/**
 * The read of one row of a tenant by one column, the repositories' `findById` and friends:
 * `select <columns> from <from> where <alias>.tenant_id = $1 and <alias>.<column> = $2`, locking
 * the `<alias>` row when asked (only that table's row, not the joined ones).
 */
export function findOneBy<T, V = string>(query: { columns: string; from: string; alias: string; column: string }) {
  const { columns, from, alias, column } = query;
  const sql = `select ${columns} from ${from} where ${alias}.tenant_id = $1 and ${alias}.${column} = $2`;
  return (db: Queryable, tenantId: string, value: V, options: ReadOptions = {}): Promise<T | undefined> =>
    firstRow<T>(db, options.forUpdate ? `${sql} for update of ${alias}` : sql, [tenantId, value]);
}

/**
 * A list's `total` (ADR 033): exact up to `LIST_TOTAL_CAP` (a count that stops after cap + 1 rows),
 * and past it the planner's estimate of the matching rows (never below cap + 1) with
 * `totalIsCapped: true`. Counting every one of a million matches is what made a big tenant's
 * list slow; no screen needs more than "10,000+" or "about 1.0M".
 */
export interface ListTotal {
  total: number;
  totalIsCapped: boolean;
}

/** How many rows of `from` meet every condition of `where` (a filter's SQL and its parameters), exactly. */
export async function countWhere(db: Queryable, from: string, filter: { where: string[]; params: unknown[] }) {
  const rows = await db.query<{ n: number }>(
    `select count(*)::int as n from ${from} where ${filter.where.join(' and ')}`,
    filter.params,
  );
  return rows[0]?.n ?? 0;
}

/** Past this many rows by the planner's estimate, a list's total is the estimate, uncounted (ADR 038). */
export const ESTIMATE_ONLY_ABOVE = 5 * LIST_TOTAL_CAP;

/**
 * `countWhere` for a list's `total`: exact up to `cap`, the planner's estimate beyond (ADR 033).
 * The estimate comes first (EXPLAIN: planned, nothing runs): when it is far past the cap
 * (`ESTIMATE_ONLY_ABOVE`), nothing is counted, so a big tenant's unfiltered list costs a plan
 * instead of 10,001 index entries (ADR 038). Below it the count decides, as before.
 */
export async function cappedCountWhere(
  db: Queryable,
  from: string,
  filter: { where: string[]; params: unknown[] },
  cap: number = LIST_TOTAL_CAP,
): Promise<ListTotal> {
  const matching = `select 1 from ${from} where ${filter.where.join(' and ')}`;
  const estimate = await estimatedRows(db, matching, filter.params);
  const beyondCap = { total: Math.max(cap + 1, estimate), totalIsCapped: true };
  if (estimate > Math.max(ESTIMATE_ONLY_ABOVE, 5 * cap)) return beyondCap;
  const rows = await db.query<{ n: number }>(
    `select count(*)::int as n from (${matching} limit ${Math.trunc(cap) + 1}) capped`,
    filter.params,
  );
  const n = rows[0]?.n ?? 0;
  return n <= cap ? { total: n, totalIsCapped: false } : beyondCap;
}

/** The planner's estimate of the rows `sql` answers (EXPLAIN plans it, runs nothing). */
export async function estimatedRows(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const rows = await db.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${sql}`, params);
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: { 'Plan Rows': number } }] | undefined;
  return Math.round(plan?.[0]?.Plan['Plan Rows'] ?? 0);
}
