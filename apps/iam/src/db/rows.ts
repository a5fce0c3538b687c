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

/** How many rows of `from` meet every condition of `where` (a filter's SQL and its parameters). */
export async function countWhere(db: Queryable, from: string, filter: { where: string[]; params: unknown[] }) {
  const rows = await db.query<{ n: number }>(
    `select count(*)::int as n from ${from} where ${filter.where.join(' and ')}`,
    filter.params,
  );
  return rows[0]?.n ?? 0;
}
