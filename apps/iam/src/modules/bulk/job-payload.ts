import type { BulkAction } from '@team-access/contract';
import type { JobActor } from '../users/job-caller.ts';

/** The job kind of a bulk change of more than BULK_APPLY_MAX members. */
export const BULK_JOB_KIND = 'bulk_change';

/** What a bulk job keeps of the request that started it: the action, and who asked, from where. */
export interface BulkJobPayload extends JobActor {
  action: BulkAction;
  /** An undo job: the job it undoes (kept when `jobs.undo_of` is let go of). */
  undoOf?: string;
}
