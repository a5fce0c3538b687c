import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';

/**
 * Audit retention (`AUDIT_RETENTION_DAYS`; unset keeps everything): events older than that many
 * days are deleted in the background, in batches, never through a route.
 *
 * Several IAM instances share the work safely: each batch runs in a transaction that first takes
 * a transaction-level advisory lock with `pg_try_advisory_xact_lock`; an instance that does not
 * get it skips this round (another one is pruning). It needs no table of its own and runs the
 * same on PGlite (ADR 022).
 */

/** Any constant works; it only has to be the same for every instance. */
const RETENTION_LOCK_KEY = 725_104_912;
/** Rows per delete: short transactions, so writers recording events never wait long. */
export const RETENTION_BATCH = 5_000;
/** How often an instance tries to prune. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export type PruneResult = { outcome: 'pruned'; deleted: number } | { outcome: 'skipped' };

/** Deletes every event older than `days` days; `skipped` when another instance holds the lock. */
export async function pruneAuditEvents(db: Db, days: number, batch = RETENTION_BATCH): Promise<PruneResult> {
  let deleted = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [
        RETENTION_LOCK_KEY,
      ]);
      if (!lock?.locked) return undefined;
      const rows = await tx.query<{ id: string }>(
        `delete from audit_events where id in (
           select id from audit_events where created_at < now() - make_interval(days => $1::int)
            order by created_at limit $2)
         returning id`,
        [days, batch],
      );
      return rows.length;
    });
    if (n === undefined) return deleted > 0 ? { outcome: 'pruned', deleted } : { outcome: 'skipped' };
    deleted += n;
    if (n < batch) return { outcome: 'pruned', deleted };
  }
}

export interface AuditRetention {
  /** Prunes now, then every `intervalMs`. */
  start(): void;
  /** Stops the timer and waits for a running prune. */
  stop(): Promise<void>;
}

/** The background pruner; with `days` undefined (keep everything) it does nothing. */
export function createAuditRetention(options: {
  db: Db;
  logger: Logger;
  days: number | undefined;
  intervalMs?: number;
}): AuditRetention {
  const { db, logger, days } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const run = () => {
    if (days === undefined || running || stopped) return;
    running = pruneAuditEvents(db, days)
      .then((result) => {
        if (result.outcome === 'pruned' && result.deleted > 0) {
          logger.info({ deleted: result.deleted, days }, 'audit retention: pruned old events');
        }
      })
      .catch((error: unknown) => logger.error({ err: error }, 'audit retention: prune failed; trying again later'))
      .finally(() => {
        running = undefined;
      });
  };

  return {
    start() {
      if (days === undefined) return;
      run();
      timer = setInterval(run, options.intervalMs ?? RETENTION_INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
