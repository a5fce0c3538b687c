import { BULK_JOB_CHUNK, type BulkAction } from '@team-access/contract';
import type { EmailVerificationOptions } from '../auth/email-verification.ts';
import { type ItemOutcome, type JobItem, jobRepository } from '../jobs/repository.ts';
import type { JobHandler } from '../jobs/runner.ts';
import { jobCallerOf } from '../users/job-caller.ts';
import type { BulkJobPayload } from './job-payload.ts';
import { applyToIds } from './service.ts';

/**
 * Bulk changes beyond one request (ADR 035): `chunk` members per chunk (BULK_JOB_CHUNK), each all
 * or nothing. PGlite runs one transaction at a time, so there a smaller chunk lets the screens'
 * requests (the progress poll among them) through between chunks.
 */
export function bulkJobHandler(options: EmailVerificationOptions & { chunk?: number }): JobHandler {
  const size = options.chunk ?? BULK_JOB_CHUNK;
  return {
    async chunk(tx, job) {
      const items = await jobRepository.pendingItems(tx, job.id, size);
      if (items.length === 0) return 'done';
      const payload = job.payload as BulkJobPayload;
      const caller = await jobCallerOf(tx, job);
      // An undo job's items carry each member's own reverse action: one apply per distinct action.
      const groups = new Map<string, { action: BulkAction; items: JobItem[] }>();
      for (const item of items) {
        const action = item.action ?? payload.action;
        const key = JSON.stringify(action);
        const group = groups.get(key) ?? { action, items: [] };
        group.items.push(item);
        groups.set(key, group);
      }
      const outcomes: ItemOutcome[] = [];
      for (const group of groups.values()) {
        const { planned, gone } = await applyToIds(
          tx,
          caller,
          group.action,
          group.items.map((i) => i.subject_id),
          options,
        );
        const byUser = new Map(planned.map((p) => [p.row.id, p]));
        for (const item of group.items) {
          const p = byUser.get(item.subject_id);
          if (!p || gone.includes(item.subject_id)) {
            outcomes.push({ seq: item.seq, outcome: 'failed', reason: 'No such member any more (deleted meanwhile)' });
          } else if ('change' in p) {
            outcomes.push({ seq: item.seq, outcome: 'changed', reason: p.change, undo: p.undo });
          } else {
            outcomes.push({ seq: item.seq, outcome: 'skipped', reason: `${p.skip}: ${p.detail}` });
          }
        }
      }
      await jobRepository.record(tx, job.id, outcomes);
      return 'more';
    },
    async chunkFailed(tx, job, error) {
      const items = await jobRepository.pendingItems(tx, job.id, size);
      const reason = error.errors?.length
        ? `${error.detail ?? error.code}: ${error.errors.map((e) => e.message).join('; ')}`
        : (error.detail ?? error.code);
      await jobRepository.record(
        tx,
        job.id,
        items.map((item) => ({ seq: item.seq, outcome: 'failed', reason })),
      );
    },
  };
}
