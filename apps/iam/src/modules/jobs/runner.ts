import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { type JobRow, jobRepository } from './repository.ts';

/** A claimed job is this instance's for this long; every chunk renews it. */
export const JOB_LEASE_SECONDS = 60;

/**
 * What runs one kind of job, a chunk at a time. `chunk` runs inside the runner's transaction (the
 * job row locked, still held by this instance, not cancelled) and answers whether work remains;
 * when it throws an `AppError` that transaction rolls back and `chunkFailed` records the chunk's
 * members as failed with that reason, in a new one. Any other error leaves the job to be claimed
 * again when its lease runs out.
 */
export interface JobHandler {
  chunk(tx: Queryable, job: JobRow): Promise<'more' | 'done'>;
  chunkFailed(tx: Queryable, job: JobRow, error: AppError): Promise<void>;
}

/**
 * An outbox the runner drains beside its jobs (ADR 050): rows that each stand for one small
 * delivery (a webhook call), claimed by the outbox itself with a lease under this instance's name,
 * and sent outside any transaction. The runner owns the loop: its wake-ups, its poll, its stop.
 */
export interface OutboxHandler {
  /** Sends what is due now; answers how many rows it handled. `stopping` turns true at `stop()`. */
  drain(run: { db: Db; logger: Logger; instance: string; stopping: () => boolean }): Promise<number>;
}

export interface JobRunnerOptions {
  db: Db;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  /** Outboxes drained after the due jobs at every run, by name (`webhooks`). */
  outboxes?: Record<string, OutboxHandler>;
  /** How often due jobs are looked for (other instances' jobs, expired leases). */
  pollMs?: number;
  leaseSeconds?: number;
  /**
   * After each chunk, rest this many times as long as the chunk took. PGlite runs one statement at
   * a time in this very process: without a rest, back-to-back chunks starve the screens' requests
   * (their statements queue behind each chunk). 0 (the default) on PostgreSQL.
   */
  restRatio?: number;
  /**
   * Finished jobs (done, cancelled, failed) are deleted with their outcome files this many days
   * after they ended (`JOB_RETENTION_DAYS`); undefined keeps them.
   */
  retentionDays?: number;
  /** How often the retention sweep runs (at start, then at this interval). */
  sweepMs?: number;
}

/** Jobs deleted per statement of the sweep: short transactions. */
export const JOB_SWEEP_BATCH = 500;
/** The retention sweep runs hourly. */
export const JOB_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface JobRunner {
  /** Runs every due job to its end, then drains the outboxes; answers how many jobs and rows were claimed. */
  runDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  /** Deletes the finished jobs past their retention now; answers how many. */
  sweep(): Promise<number>;
  /** This instance's name in `jobs.claimed_by`. */
  readonly instance: string;
}

const queued = new EventEmitter();

/** Wakes this process's runner after a job was committed (other instances find it at their next poll). */
export function notifyJobQueued(): void {
  queued.emit('queued');
}

/**
 * The job runner (ADR 035): claims due jobs from the `jobs` table with a lease and
 * `for update skip locked`, so any number of IAM instances share the work and none runs a chunk
 * that another holds; a job whose instance stopped is taken over when its lease runs out.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, logger } = options;
  const lease = options.leaseSeconds ?? JOB_LEASE_SECONDS;
  const instance = randomUUID();
  let running: Promise<number> | undefined;
  let again = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<number> | undefined;

  /** One chunk: answers whether to go on. */
  async function step(job: JobRow, handler: JobHandler): Promise<boolean> {
    try {
      return await db.transaction(async (tx) => {
        const held = await jobRepository.lockHeld(tx, job.id, instance);
        if (!held) return false;
        if (held.cancel_requested) {
          await jobRepository.finish(tx, job.id, 'cancelled');
          return false;
        }
        await jobRepository.renew(tx, job.id, lease);
        if ((await handler.chunk(tx, held)) === 'more') return true;
        await jobRepository.finish(tx, job.id, 'done');
        return false;
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await db.transaction(async (tx) => {
        const held = await jobRepository.lockHeld(tx, job.id, instance);
        if (held) await handler.chunkFailed(tx, held, error);
      });
      return true;
    }
  }

  async function runJob(job: JobRow): Promise<void> {
    const handler = options.handlers[job.kind];
    if (!handler) {
      await db.transaction((tx) => jobRepository.finish(tx, job.id, 'failed', `No handler for ${job.kind}`));
      return;
    }
    logger.info({ jobId: job.id, kind: job.kind, attempt: job.attempts }, 'job claimed');
    for (;;) {
      const started = performance.now();
      if (stopping || !(await step(job, handler))) break;
      const rest = (performance.now() - started) * (options.restRatio ?? 0);
      if (rest > 0) await sleep(rest);
    }
    logger.info({ jobId: job.id, kind: job.kind }, stopping ? 'job left for later' : 'job ended');
  }

  async function drain(): Promise<number> {
    let claimed = 0;
    while (!stopping) {
      const job = await jobRepository.claim(db, instance, lease);
      if (!job) break;
      claimed += 1;
      await runJob(job);
    }
    for (const [name, outbox] of Object.entries(options.outboxes ?? {})) {
      if (stopping) break;
      try {
        claimed += await outbox.drain({ db, logger, instance, stopping: () => stopping });
      } catch (error) {
        // One outbox failing (the database went away) leaves its rows for the next run.
        logger.error({ outbox: name, err: { message: (error as Error).message } }, 'outbox drain failed');
      }
    }
    return claimed;
  }

  function runDue(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let claimed = 0;
      do {
        again = false;
        claimed += await drain();
      } while (again && !stopping);
      return claimed;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  async function sweep(): Promise<number> {
    const days = options.retentionDays;
    if (days === undefined) return 0;
    let deleted = 0;
    for (;;) {
      const n = await jobRepository.deleteFinished(db, days, JOB_SWEEP_BATCH);
      deleted += n;
      if (n < JOB_SWEEP_BATCH || stopping) break;
    }
    if (deleted > 0) logger.info({ deleted, days }, 'job retention: deleted finished jobs');
    return deleted;
  }

  function sweepTick(): void {
    if (sweeping) return;
    sweeping = sweep()
      .catch((error: unknown) => {
        logger.error({ err: { message: (error as Error).message } }, 'job retention sweep failed; trying again later');
        return 0;
      })
      .finally(() => {
        sweeping = undefined;
      });
  }

  function tick(): void {
    runDue().catch((error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'job run failed'));
  }

  return {
    instance,
    runDue,
    sweep,
    start() {
      if (timer) return;
      stopping = false;
      queued.on('queued', tick);
      timer = setInterval(tick, options.pollMs ?? 2_000);
      timer.unref();
      tick();
      if (options.retentionDays !== undefined) {
        sweepTimer = setInterval(sweepTick, options.sweepMs ?? JOB_SWEEP_INTERVAL_MS);
        sweepTimer.unref();
        sweepTick();
      }
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      if (sweepTimer) clearInterval(sweepTimer);
      timer = undefined;
      sweepTimer = undefined;
      queued.off('queued', tick);
      await running?.catch(() => {});
      await sweeping;
    },
  };
}
