import type { Job } from '@team-access/contract';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { CSV_BOM, csvRecord } from '../../http/csv.ts';
import { recordAudit } from '../../kernel/audit.ts';
import type { Caller } from '../../kernel/context.ts';
import { assertMayManageUsers } from '../users/policy.ts';
import { type JobRow, jobRepository } from './repository.ts';

const notFound = () => new AppError(404, 'not_found', 'No such job.');

/**
 * The job this one undoes: the column, or the undo's own payload, which keeps it after the column is
 * let go of (an undo that ended unfinished, or an original deleted by retention). An undo is never
 * undone: that would make the change again.
 */
export const undoneJobOf = (row: JobRow): string | null =>
  row.undo_of ?? (row.payload as { undoOf?: string }).undoOf ?? null;

/** An undo of this job that is queued, running or done: another may not start. */
export const undoTaken = (row: JobRow): boolean =>
  row.undone_by !== null && row.undo_status !== 'cancelled' && row.undo_status !== 'failed';

/** Whether an undo of this job can start now (the caller also knows it changed someone undoably). */
const undoOpen = (row: JobRow) =>
  row.status === 'done' && row.kind === 'bulk_change' && undoneJobOf(row) === null && !undoTaken(row);

export function toJob(row: JobRow): Job {
  const payload = row.payload as { action: Job['action'] };
  return {
    id: row.id,
    kind: row.kind as Job['kind'],
    status: row.status,
    action: payload.action ?? null,
    total: row.total,
    processed: row.changed + row.skipped + row.failed,
    changed: row.changed,
    skipped: row.skipped,
    failed: row.failed,
    cancelRequested: row.cancel_requested,
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    undoOf: undoneJobOf(row),
    undoneBy: row.undone_by,
    undoable: undoOpen(row) && row.has_undo && payload.action?.type !== 'delete',
  };
}

/** A job of this tenant, for its owners and administrators (the people who may start one). */
export async function getJob(db: Db, caller: Caller, jobId: string): Promise<Job> {
  assertMayManageUsers(caller.actor);
  const row = await jobRepository.findById(db, caller.tenantId, jobId);
  if (!row) throw notFound();
  return toJob(row);
}

/** Stops the job before its next chunk (a queued one at once); a finished job is answered as it is. */
export async function cancelJob(db: Db, caller: Caller, jobId: string): Promise<Job> {
  assertMayManageUsers(caller.actor);
  return db.transaction(async (tx) => {
    // Waits for a chunk in progress (the runner holds the row while it runs one).
    const row = await jobRepository.findById(tx, caller.tenantId, jobId, true);
    if (!row) throw notFound();
    if (row.status !== 'queued' && row.status !== 'running') return toJob(row);
    await jobRepository.requestCancel(tx, jobId);
    const after = toJob((await jobRepository.findById(tx, caller.tenantId, jobId)) as JobRow);
    // An invitations job's items are invitations (ADR 042): its cancel says so.
    const invitations = row.kind === 'invitation_resend';
    await recordAudit(tx, caller, {
      action: invitations ? 'invitation.bulk_resend_cancelled' : 'user.bulk_job_cancelled',
      targetType: invitations ? 'invitation' : 'user',
      targetId: null,
      after: { jobId, processed: after.processed, total: after.total },
    });
    return after;
  });
}

const PAGE = 1000;

/** The outcome file: one record per member, in the job's order, streamed a page at a time. */
export async function jobOutcome(db: Db, caller: Caller, jobId: string) {
  assertMayManageUsers(caller.actor);
  const row = await jobRepository.findById(db, caller.tenantId, jobId);
  if (!row) throw notFound();
  const ended = row.status !== 'queued' && row.status !== 'running';
  async function* records(): AsyncGenerator<string> {
    let after = 0;
    for (;;) {
      const page = await jobRepository.outcomePage(db, jobId, after, PAGE);
      if (page.length === 0) return;
      yield page
        .map((item) =>
          csvRecord([item.email, item.subject_id, item.outcome ?? (ended ? 'not_run' : 'pending'), item.reason ?? '']),
        )
        .join('');
      after = (page.at(-1) as { seq: number }).seq;
    }
  }
  // An invitations job's items are invitations (ADR 042).
  const subject = row.kind === 'invitation_resend' ? 'invitationId' : 'userId';
  return { header: `${CSV_BOM}${csvRecord(['email', subject, 'outcome', 'reason'])}`, records: records() };
}
