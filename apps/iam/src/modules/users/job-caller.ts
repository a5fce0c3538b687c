import type { AuditSource } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { NamedTenantCaller } from '../../kernel/context.ts';
import { userRepository } from './repository.ts';

/** What a job keeps of the request that started it: who asked, from where (its payload holds these). */
export interface JobActor {
  /** Null: a server-to-server call (the tenant's full rights). */
  actorUserId: string | null;
  sessionId: string | null;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  source: AuditSource;
  tenantName: string;
}

/** The request's caller, as a job keeps it. */
export function jobActorOf(caller: NamedTenantCaller): JobActor {
  return {
    actorUserId: caller.actor?.user.id ?? null,
    sessionId: caller.actor?.sessionId ?? null,
    requestId: caller.requestId,
    ip: caller.ip ?? null,
    userAgent: caller.userAgent ?? null,
    source: caller.source,
    tenantName: caller.tenantName,
  };
}

/**
 * The caller a job acts as: the member who started it, with their rights as they are now (a
 * member since demoted or deactivated can no longer act: every remaining chunk fails, naming why).
 */
export async function jobCallerOf(
  tx: Queryable,
  job: { tenant_id: string; payload: unknown },
): Promise<NamedTenantCaller> {
  const payload = job.payload as JobActor;
  const meta = {
    tenantId: job.tenant_id,
    tenantName: payload.tenantName,
    requestId: payload.requestId,
    ip: payload.ip ?? undefined,
    userAgent: payload.userAgent ?? undefined,
    source: payload.source,
  };
  if (!payload.actorUserId) return { ...meta, actor: undefined };
  const user = await userRepository.findById(tx, job.tenant_id, payload.actorUserId);
  if (user?.status !== 'active') {
    throw new AppError(403, 'forbidden', 'The member who started this job can no longer act.');
  }
  return { ...meta, actor: { user, sessionId: payload.sessionId ?? '' } };
}
