import { userRoutes } from '@team-access/contract/routes/users';
import { callRoute, fetchRouteFile } from '@/lib/api-client.ts';

/** The jobs that run big bulk changes and resends (ADR 035, 042): progress, Cancel, outcome, Undo. */
export const jobsApi = {
  job: (jobId: string, signal?: AbortSignal) => callRoute(userRoutes.getJob, { params: { jobId }, signal }),
  cancel: (jobId: string) => callRoute(userRoutes.cancelJob, { params: { jobId } }),
  outcome: (jobId: string) => fetchRouteFile(userRoutes.jobOutcome, { params: { jobId } }),
  /** A finished job's reverse plan, queued as a new job (poll it). */
  undo: (jobId: string) => callRoute(userRoutes.undoJob, { params: { jobId } }),
};
