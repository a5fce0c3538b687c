import { BULK_JOB_CHUNK } from '@team-access/contract';
import { type ItemOutcome, jobRepository } from '../jobs/repository.ts';
import type { JobHandler } from '../jobs/runner.ts';
import { jobCallerOf } from '../users/job-caller.ts';
import { assertMayManageUsers } from '../users/policy.ts';
import { resendRows } from './bulk-resend.ts';
import { invitationRepository as repo } from './repository.ts';
import type { InvitationOptions } from './service.ts';

/**
 * A resend of more than BULK_APPLY_MAX invitations (ADR 042): `chunk` invitations a chunk, each
 * locked, re-planned and resent as a request of up to BULK_APPLY_MAX is, all or nothing, acting as
 * the member who started it with their rights (and hourly budget) as they are at each chunk.
 */
export function invitationResendJobHandler(options: InvitationOptions & { chunk?: number }): JobHandler {
  const size = options.chunk ?? BULK_JOB_CHUNK;
  return {
    async chunk(tx, job) {
      const items = await jobRepository.pendingItems(tx, job.id, size);
      if (items.length === 0) return 'done';
      const caller = await jobCallerOf(tx, job);
      // Their rights now: one demoted since fails the remaining chunks (403, the outcome says why).
      assertMayManageUsers(caller.actor);
      const rows = await repo.findMany(
        tx,
        job.tenant_id,
        items.map((i) => i.subject_id),
        true,
      );
      const planned = new Map((await resendRows(tx, caller, rows, options)).map((p) => [p.row.id, p]));
      const outcomes = items.map((item): ItemOutcome => {
        const p = planned.get(item.subject_id);
        if (!p) return { seq: item.seq, outcome: 'failed', reason: 'No such invitation any more' };
        return 'resend' in p
          ? { seq: item.seq, outcome: 'changed', reason: `resent: ${p.detail}` }
          : { seq: item.seq, outcome: 'skipped', reason: `${p.skip}: ${p.detail}` };
      });
      await jobRepository.record(tx, job.id, outcomes);
      // The chunk's mail commits with it; the mail dispatcher sends it at its next poll (5 s).
      return 'more';
    },
    async chunkFailed(tx, job, error) {
      const items = await jobRepository.pendingItems(tx, job.id, size);
      await jobRepository.record(
        tx,
        job.id,
        items.map((item) => ({ seq: item.seq, outcome: 'failed', reason: error.detail ?? error.code })),
      );
    },
  };
}
