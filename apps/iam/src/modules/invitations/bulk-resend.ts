import { randomUUID } from 'node:crypto';
import {
  BULK_APPLY_MAX,
  BULK_SAMPLE_SIZE,
  type InvitationResendItem,
  type InvitationResendPlan,
  type InvitationResendResult,
  type InvitationResendSkipReason,
  type invitationResendSchema,
  invitationResendSkipReasons,
  type Job,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { type JobRow, jobRepository } from '../jobs/repository.ts';
import { notifyJobQueued } from '../jobs/runner.ts';
import { toJob } from '../jobs/service.ts';
import { notifyMailQueued } from '../mail/outbox.ts';
import { jobActorOf } from '../users/job-caller.ts';
import { assertMayManageUsers } from '../users/policy.ts';
import { type InvitationRow, invitationRepository as repo } from './repository.ts';
import { resendIn, resendRefusal, sendBudget } from './sending.ts';
import type { InvitationCaller, InvitationOptions } from './service.ts';

/**
 * Resending many invitations (ADR 042): the same selection model as the members' bulk actions
 * (ids, or the list's filter resolved by the server), a dry run, and an apply that re-plans under
 * locks and resends through the single resend's own rules (`resendRefusal`) and core (`resendIn`):
 * a new link, the lifetime counted again, the mail through the outbox, one `invitation.resent`
 * event per invitation. More than BULK_APPLY_MAX run as an `invitation_resend` job.
 */

type Body = z.output<typeof invitationResendSchema>;
type Selection = Body['selection'];

/** The job kind of a resend of more than BULK_APPLY_MAX invitations. */
export const INVITATION_RESEND_JOB_KIND = 'invitation_resend';

export type PlannedResend =
  | { row: InvitationRow; resend: true; detail: string }
  | { row: InvitationRow; skip: InvitationResendSkipReason; detail: string };

const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`;

/**
 * Per invitation, in order: resent, or skipped with the single resend's reason; past the sender's
 * hourly budget (`budget` resends left) the rest that would be resent are `hourly_limit`. Those
 * who administer the tenant see every invitation: its organization is theirs as 'TENANT'.
 */
export function planResends(caller: InvitationCaller, rows: readonly InvitationRow[], budget: number): PlannedResend[] {
  let left = budget;
  return rows.map((row): PlannedResend => {
    const refusal = resendRefusal(caller, row, row.organization_id ? 'TENANT' : undefined);
    if (refusal) return { row, skip: refusal.reason, detail: refusal.detail };
    if (left <= 0) {
      return { row, skip: 'hourly_limit', detail: 'Your hourly sending limit is reached. Resend it later.' };
    }
    left -= 1;
    const state = row.status === 'expired' ? 'expired' : 'pending';
    return { row, resend: true, detail: `${state}, sent ${times(row.send_count)}: mailed again with a new link` };
  });
}

const item = (p: PlannedResend): InvitationResendItem => ({
  invitationId: p.row.id,
  email: p.row.email,
  detail: p.detail,
});

function summarise(planned: readonly PlannedResend[]): InvitationResendPlan {
  const resent = planned.filter((p) => 'resend' in p);
  return {
    total: planned.length,
    resent: resent.length,
    skipped: planned.length - resent.length,
    sample: resent.slice(0, BULK_SAMPLE_SIZE).map(item),
    skippedReasons: invitationResendSkipReasons.flatMap((reason) => {
      const these = planned.filter((p) => 'skip' in p && p.skip === reason);
      return these.length ? [{ reason, count: these.length, sample: these.slice(0, BULK_SAMPLE_SIZE).map(item) }] : [];
    }),
  };
}

/** The invitations the selection resolves to now, in the list's order (locked when applying). */
async function resolve(db: Queryable, caller: InvitationCaller, selection: Selection, forUpdate: boolean) {
  if (selection.invitationIds) {
    const rows = await repo.findMany(db, caller.tenantId, selection.invitationIds, forUpdate);
    const found = new Set(rows.map((r) => r.id));
    const missing = selection.invitationIds.flatMap((id, i) =>
      found.has(id)
        ? []
        : [{ path: `body.selection.invitationIds.${i}`, message: 'No such invitation', code: 'not_found' }],
    );
    if (missing.length) throw new AppError(404, 'not_found', 'Some invitations do not exist.', missing);
    return rows;
  }
  const ids = await repo.matchingIds(db, caller.tenantId, filterOf(selection));
  return repo.findMany(
    db,
    caller.tenantId,
    ids.map((i) => i.id),
    forUpdate,
  );
}

const filterOf = (selection: Selection) => ({
  search: selection.filter?.search || undefined,
  status: selection.filter?.status,
  organizationId: selection.filter?.organizationId,
});

/** `POST …/invitations/bulk-resend/dry-run`: who resending now would mail, and who it would skip and why. */
export async function planInvitationResend(
  db: Db,
  caller: InvitationCaller,
  body: Body,
): Promise<InvitationResendPlan> {
  assertMayManageUsers(caller.actor);
  return db.transaction(async (tx) => {
    const rows = await resolve(tx, caller, body.selection, false);
    return summarise(planResends(caller, rows, (await sendBudget(tx, caller)).remaining));
  });
}

/**
 * Resends the planned ones of `rows` (locked by the caller) within the sender's budget, each
 * through the single resend's core; answers the plan.
 */
export async function resendRows(
  tx: Queryable,
  caller: InvitationCaller,
  rows: readonly InvitationRow[],
  options: InvitationOptions,
): Promise<PlannedResend[]> {
  const planned = planResends(caller, rows, (await sendBudget(tx, caller)).remaining);
  for (const p of planned) if ('resend' in p) await resendIn(tx, caller, p.row, options);
  return planned;
}

/**
 * `POST …/invitations/bulk-resend`: up to BULK_APPLY_MAX re-planned under locks and resent in one
 * transaction; more (a filter) queued as a job in the same transaction as its audit event.
 */
export async function resendInvitations(
  db: Db,
  caller: InvitationCaller,
  body: Body,
  options: InvitationOptions,
): Promise<InvitationResendResult | { job: Job }> {
  assertMayManageUsers(caller.actor);
  if (body.selection.filter) {
    const matching = await repo.matchingIds(db, caller.tenantId, filterOf(body.selection));
    if (matching.length > BULK_APPLY_MAX) return { job: await startJob(db, caller, body.selection, matching) };
  }
  const result = await db.transaction(async (tx) => {
    const rows = await resolve(tx, caller, body.selection, true);
    if (rows.length > BULK_APPLY_MAX) {
      throw new AppError(400, 'validation_failed', 'Too many invitations for one request.', [
        {
          path: 'body.selection',
          message: `The selection holds ${rows.length} invitations; one request resends at most ${BULK_APPLY_MAX}`,
          code: 'too_big',
        },
      ]);
    }
    const planned = await resendRows(tx, caller, rows, options);
    return { ...summarise(planned), resentIds: planned.filter((p) => 'resend' in p).map((p) => p.row.id) };
  });
  if (result.resent > 0) notifyMailQueued();
  return result;
}

async function startJob(
  db: Db,
  caller: InvitationCaller,
  selection: Selection,
  matching: { id: string; email: string }[],
): Promise<Job> {
  const job = await db.transaction(async (tx) => {
    const id = randomUUID();
    await jobRepository.insert(
      tx,
      {
        id,
        tenantId: caller.tenantId,
        kind: INVITATION_RESEND_JOB_KIND,
        payload: jobActorOf(caller),
        createdBy: caller.actor?.user.id ?? null,
      },
      matching,
    );
    const filters = Object.fromEntries(Object.entries(filterOf(selection)).filter(([, value]) => value !== undefined));
    await recordAudit(tx, caller, {
      action: 'invitation.bulk_resend_started',
      targetType: 'invitation',
      targetId: null,
      after: { jobId: id, total: matching.length, filters },
    });
    return toJob((await jobRepository.findById(tx, caller.tenantId, id)) as JobRow);
  });
  notifyJobQueued();
  return job;
}
