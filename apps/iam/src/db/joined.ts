import type { Db, Queryable } from './client.ts';

/**
 * `db` joined to an open transaction: a service's own `db.transaction` runs inside it, so a caller
 * can run services in a transaction of its own (a revert's preview, an import's rows) and roll
 * back all of it, or, with `savepoints`, each service call that fails on its own.
 */
export function joined(kind: Db['kind'], tx: Queryable, options: { savepoints?: boolean } = {}): Db {
  let depth = 0;
  return {
    kind,
    query: (sql, params) => tx.query(sql, params),
    exec: (sql) => tx.exec(sql),
    transaction: async (fn) => {
      if (!options.savepoints) return fn(tx);
      depth += 1;
      const name = `joined_${depth}`;
      await tx.exec(`savepoint ${name}`);
      try {
        const result = await fn(tx);
        await tx.exec(`release savepoint ${name}`);
        return result;
      } catch (error) {
        await tx.exec(`rollback to savepoint ${name}`);
        throw error;
      } finally {
        depth -= 1;
      }
    },
    ping: async () => true,
    close: async () => {},
  };
}
