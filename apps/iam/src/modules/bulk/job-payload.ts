import type { AuditSource, BulkAction } from '@team-access/contract';

/** The job kind of a bulk change of more than BULK_APPLY_MAX members. */
export const BULK_JOB_KIND = 'bulk_change';

/** What a bulk job keeps of the request that started it: the action, and who asked, from where. */
export interface BulkJobPayload {
  action: BulkAction;
  /** Null: a server-to-server call (the tenant's full rights). */
  actorUserId: string | null;
  sessionId: string | null;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  source: AuditSource;
  tenantName: string;
}
