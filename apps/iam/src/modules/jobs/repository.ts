import type { BulkAction, Job } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';

export interface JobRow {
  id: string;
  tenant_id: string;
  kind: string;
  payload: unknown;
  status: Job['status'];
  total: number;
  changed: number;
  skipped: number;
  failed: number;
  cancel_requested: boolean;
  attempts: number;
  claimed_by: string | null;
  last_error: string | null;
  created_by: string | null;
  created_at: Date;
  finished_at: Date | null;
  undo_of: string | null;
  /** The job that undoes this one, if any. */
  undone_by: string | null;
  /** That undo job's status: one that was cancelled or failed leaves the way open to another. */
  undo_status: JobRow['status'] | null;
  /** A finished bulk change with at least one change to undo (jobs before migration 018 kept none). */
  has_undo: boolean;
}

export interface JobItem {
  seq: number;
  /** The member (or, for an invitations job, the invitation) the item is about. */
  subject_id: string;
  email: string;
  /** The item's own action (an undo job's items: each member's reverse); null: the job's. */
  action: BulkAction | null;
}

export interface ItemOutcome {
  seq: number;
  outcome: 'changed' | 'skipped' | 'failed';
  reason: string;
  /** What reverses the change made (a changed item with something to undo). */
  undo?: BulkAction | undefined;
}

const COLUMNS = `id, tenant_id, kind, payload, status, total, changed, skipped, failed, cancel_requested, attempts,
  claimed_by, last_error, created_by, created_at, finished_at, undo_of,
  (select u.id from jobs u where u.undo_of = jobs.id) as undone_by,
  (select u.status from jobs u where u.undo_of = jobs.id) as undo_status,
  case when jobs.status = 'done' and jobs.kind = 'bulk_change'
    then exists (select 1 from job_items i where i.job_id = jobs.id and i.outcome = 'changed' and i.undo is not null)
    else false end as has_undo`;

export const jobRepository = {
  /** A job and its members, in order, in the caller's transaction (it starts when that commits). */
  async insert(
    tx: Queryable,
    job: { id: string; tenantId: string; kind: string; payload: unknown; createdBy: string | null },
    members: readonly { id: string; email: string }[],
  ): Promise<void> {
    await tx.query(
      `insert into jobs (id, tenant_id, kind, payload, total, created_by) values ($1, $2, $3, $4, $5, $6)`,
      [job.id, job.tenantId, job.kind, JSON.stringify(job.payload), members.length, job.createdBy],
    );
    await tx.query(
      `insert into job_items (job_id, seq, subject_id, email)
       select $1, t.seq, t.subject_id, t.email
         from unnest($2::uuid[], $3::text[]) with ordinality as t(subject_id, email, seq)`,
      [job.id, members.map((m) => m.id), members.map((m) => m.email)],
    );
  },
  /**
   * A job that undoes `undoOf`: its items are the members that job changed with something to undo,
   * in its order, each with its reverse action. A second undo of one job breaks the unique index
   * on `undo_of` (the caller checks first; the index settles a race). Answers how many items.
   */
  async insertUndo(
    tx: Queryable,
    job: { id: string; tenantId: string; kind: string; payload: unknown; createdBy: string | null; undoOf: string },
  ): Promise<number> {
    await tx.query(
      `insert into jobs (id, tenant_id, kind, payload, created_by, undo_of) values ($1, $2, $3, $4, $5, $6)`,
      [job.id, job.tenantId, job.kind, JSON.stringify(job.payload), job.createdBy, job.undoOf],
    );
    const items = await tx.query(
      `insert into job_items (job_id, seq, subject_id, email, action)
       select $1, row_number() over (order by seq), subject_id, email, undo
         from job_items where job_id = $2 and outcome = 'changed' and undo is not null
       returning seq`,
      [job.id, job.undoOf],
    );
    await tx.query('update jobs set total = $2 where id = $1', [job.id, items.length]);
    return items.length;
  },
  /**
   * Lets go of an undo that ended without finishing (cancelled or failed), so its job can be undone
   * again; the undo keeps naming what it undid in its payload (`undoOf`), which is what marks it as
   * an undo from then on.
   */
  async detachUndo(tx: Queryable, undoJobId: string): Promise<void> {
    await tx.query('update jobs set undo_of = null where id = $1', [undoJobId]);
  },
  /** How many of the job's items changed with something to undo. */
  async undoableCount(db: Queryable, jobId: string): Promise<number> {
    const rows = await db.query<{ n: number }>(
      `select count(*)::int as n from job_items where job_id = $1 and outcome = 'changed' and undo is not null`,
      [jobId],
    );
    return rows[0]?.n ?? 0;
  },
  /**
   * Claims one due job for this instance: queued, or running under a lease that ran out (its
   * instance stopped). `for update skip locked`: two instances never claim the same job.
   */
  async claim(db: Queryable, instance: string, leaseSeconds: number): Promise<JobRow | undefined> {
    const rows = await db.query<JobRow>(
      `update jobs set status = 'running', claimed_by = $1, lease_until = now() + make_interval(secs => $2),
              attempts = attempts + 1, updated_at = now()
        where id = (select id from jobs
                     where status in ('queued', 'running') and (lease_until is null or lease_until < now())
                     order by created_at, id
                     limit 1
                     for update skip locked)
        returning ${COLUMNS}`,
      [instance, leaseSeconds],
    );
    return rows[0];
  },
  /** The job, locked, if this instance still holds it (its lease was not taken over). */
  async lockHeld(tx: Queryable, id: string, instance: string): Promise<JobRow | undefined> {
    const rows = await tx.query<JobRow>(
      `select ${COLUMNS} from jobs where id = $1 and claimed_by = $2 and status = 'running' for update`,
      [id, instance],
    );
    return rows[0];
  },
  async renew(tx: Queryable, id: string, leaseSeconds: number): Promise<void> {
    await tx.query(
      `update jobs set lease_until = now() + make_interval(secs => $2), updated_at = now() where id = $1`,
      [id, leaseSeconds],
    );
  },
  async finish(tx: Queryable, id: string, status: 'done' | 'cancelled' | 'failed', error?: string): Promise<void> {
    await tx.query(
      `update jobs set status = $2, last_error = $3, lease_until = null, finished_at = now(), updated_at = now()
        where id = $1`,
      [id, status, error ?? null],
    );
  },
  async findById(db: Queryable, tenantId: string, id: string, forUpdate = false): Promise<JobRow | undefined> {
    const rows = await db.query<JobRow>(
      `select ${COLUMNS} from jobs where tenant_id = $1 and id = $2${forUpdate ? ' for update' : ''}`,
      [tenantId, id],
    );
    return rows[0];
  },
  async requestCancel(tx: Queryable, id: string): Promise<void> {
    // A job no instance has started yet stops at once; a running one before its next chunk.
    await tx.query(
      `update jobs set cancel_requested = true, updated_at = now(),
              status = case when status = 'queued' then 'cancelled' else status end,
              finished_at = case when status = 'queued' then now() else finished_at end
        where id = $1 and status in ('queued', 'running')`,
      [id],
    );
  },
  /** The next members without an outcome, in order. */
  async pendingItems(tx: Queryable, jobId: string, limit: number): Promise<JobItem[]> {
    return tx.query<JobItem>(
      `select seq, subject_id, email, action from job_items where job_id = $1 and outcome is null order by seq limit $2`,
      [jobId, limit],
    );
  },
  /** Records the outcomes and adds them to the job's counters. */
  async record(tx: Queryable, jobId: string, outcomes: readonly ItemOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await tx.query(
      `update job_items i set outcome = t.outcome, reason = t.reason, undo = t.undo::jsonb
         from unnest($2::int[], $3::text[], $4::text[], $5::text[]) as t(seq, outcome, reason, undo)
        where i.job_id = $1 and i.seq = t.seq`,
      [
        jobId,
        outcomes.map((o) => o.seq),
        outcomes.map((o) => o.outcome),
        outcomes.map((o) => o.reason),
        outcomes.map((o) => (o.undo ? JSON.stringify(o.undo) : null)),
      ],
    );
    const count = (outcome: ItemOutcome['outcome']) => outcomes.filter((o) => o.outcome === outcome).length;
    await tx.query(
      `update jobs set changed = changed + $2, skipped = skipped + $3, failed = failed + $4, updated_at = now()
        where id = $1`,
      [jobId, count('changed'), count('skipped'), count('failed')],
    );
  },
  /**
   * Deletes up to `limit` jobs that ended more than `days` days ago (their items go with them).
   * `skip locked`: a row another instance is deleting (or a Cancel is reading) is left for later.
   */
  async deleteFinished(db: Queryable, days: number, limit: number): Promise<number> {
    const rows = await db.query(
      `delete from jobs where id in (
         select id from jobs
          where status in ('done', 'cancelled', 'failed') and finished_at < now() - make_interval(days => $1::int)
          order by finished_at
          limit $2
          for update skip locked)
       returning id`,
      [days, limit],
    );
    return rows.length;
  },
  /** One page of the outcome file, after `afterSeq`. */
  async outcomePage(
    db: Queryable,
    jobId: string,
    afterSeq: number,
    limit: number,
  ): Promise<(JobItem & { outcome: string | null; reason: string | null })[]> {
    return db.query(
      `select seq, subject_id, email, action, outcome, reason from job_items where job_id = $1 and seq > $2 order by seq limit $3`,
      [jobId, afterSeq, limit],
    );
  },
};
