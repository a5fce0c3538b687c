import { randomUUID } from 'node:crypto';
import {
  BULK_APPLY_MAX,
  type BulkAction,
  type BulkPlan,
  type BulkResult,
  type bulkChangeSchema,
  type Job,
  type RoleChange,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { ruleActor, type UserRow } from '../../kernel/context.ts';
import type { EmailVerificationOptions, VerificationCaller } from '../auth/email-verification.ts';
import { type JobRow, jobRepository } from '../jobs/repository.ts';
import { notifyJobQueued } from '../jobs/runner.ts';
import { toJob, undoneJobOf, undoTaken } from '../jobs/service.ts';
import { notifyMailQueued } from '../mail/outbox.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { addMemberIn, removeMemberIn } from '../organizations/service.ts';
import { jobActorOf } from '../users/job-caller.ts';
import { assertMayManageUsers } from '../users/policy.ts';
import { userRepository } from '../users/repository.ts';
import { assertKnownPermissions, deleteUserIn, loadRoles, userFilterOf, writeUserIn } from '../users/service.ts';
import { BULK_JOB_KIND, type BulkJobPayload } from './job-payload.ts';
import { type PlanContext, type PlannedMember, planMembers, summarise, undoOf } from './plan.ts';
import { bulkRepository } from './repository.ts';

type BulkBody = z.output<typeof bulkChangeSchema>;
type Selection = BulkBody['selection'];

const tooMany = (count: number) =>
  new AppError(400, 'validation_failed', 'Too many members for one request.', [
    {
      path: 'body.selection',
      message: `The selection holds ${count} members; one request changes at most ${BULK_APPLY_MAX}`,
      code: 'too_big',
    },
  ]);

/** The members the selection resolves to now, in id order (locked when applying). */
async function resolve(db: Queryable, tenantId: string, selection: Selection, forUpdate: boolean): Promise<UserRow[]> {
  if (selection.userIds) {
    const rows = forUpdate
      ? await userRepository.findManyForUpdate(db, tenantId, selection.userIds)
      : await userRepository.findMany(db, tenantId, selection.userIds);
    const found = new Set(rows.map((r) => r.id));
    const missing = selection.userIds.flatMap((id, i) =>
      found.has(id) ? [] : [{ path: `body.selection.userIds.${i}`, message: 'No such user', code: 'not_found' }],
    );
    if (missing.length) throw new AppError(404, 'not_found', 'Some users do not exist.', missing);
    return rows;
  }
  const filter = userFilterOf(selection.filter ?? {});
  return userRepository.matching(db, tenantId, filter, { forUpdate });
}

/** What the plan needs beyond the members, read for this action (unknown roles, keys, organization: named). */
/** Whether applying `action` can take an owner away: it then locks the active owners first. */
const takesOwners = (action: BulkAction) => ['deactivate', 'setAccessLevel', 'delete'].includes(action.type);

/**
 * Before the members are locked: the active owners, when the action can take one away. Every
 * change that can take an owner away locks the owners first and its own rows after (single edits
 * too, `lockTarget` in users/service.ts), so two such changes wait in turn instead of deadlocking.
 */
async function lockOwnersFirst(tx: Queryable, tenantId: string, action: BulkAction): Promise<void> {
  if (takesOwners(action)) await userRepository.lockActiveOwners(tx, tenantId);
}

async function contextFor(
  tx: Queryable,
  caller: VerificationCaller,
  action: BulkAction,
  rows: UserRow[],
  roles: RoleChange[],
  forUpdate: boolean,
) {
  // The owners again, now that the members are locked: one who became an owner meanwhile is counted.
  const ownersLocked = forUpdate && takesOwners(action);
  const ctx: PlanContext = {
    actor: ruleActor(caller.actor),
    activeOwners: ownersLocked
      ? await userRepository.lockActiveOwners(tx, caller.tenantId)
      : await bulkRepository.activeOwners(tx, caller.tenantId),
  };
  const ids = rows.map((r) => r.id);
  switch (action.type) {
    case 'addRoles':
    case 'removeRoles':
      ctx.roles = new Map(roles.map((r): [string, RoleChange] => [r.id, r]));
      break;
    case 'grantPermissions':
    case 'revokePermissions':
      await assertKnownPermissions(
        tx,
        caller.tenantId,
        action.keys.map((key, i) => ({ key, path: `body.action.keys.${i}` })),
      );
      break;
    case 'addToOrganization':
    case 'removeFromOrganization': {
      const org = await organizationRepository.findById(tx, caller.tenantId, action.organizationId);
      if (!org) {
        throw new AppError(404, 'not_found', 'No such organization.', [
          { path: 'body.action.organizationId', message: 'No such organization', code: 'not_found' },
        ]);
      }
      ctx.organization = {
        name: org.name,
        ownerCount: await bulkRepository.orgOwnerCount(tx, caller.tenantId, org.id),
        orgRoles: await bulkRepository.orgRolesIn(tx, caller.tenantId, org.id, ids),
      };
      break;
    }
    case 'delete':
      ctx.ownedOrganizations = await bulkRepository.ownedOrganizations(tx, caller.tenantId, ids);
      break;
  }
  return ctx;
}

/** The action's roles, share-locked: roles before users, as everywhere (a forced role delete cannot deadlock with this). */
function rolesOf(tx: Queryable, caller: VerificationCaller, action: BulkAction) {
  return action.type === 'addRoles' || action.type === 'removeRoles'
    ? loadRoles(tx, caller.tenantId, action.roleIds, 'body.action.roleIds')
    : Promise.resolve([]);
}

async function planIn(tx: Queryable, caller: VerificationCaller, body: BulkBody, forUpdate: boolean) {
  assertMayManageUsers(caller.actor);
  const roles = await rolesOf(tx, caller, body.action);
  if (forUpdate) await lockOwnersFirst(tx, caller.tenantId, body.action);
  const rows = await resolve(tx, caller.tenantId, body.selection, forUpdate);
  return planMembers(body.action, rows, await contextFor(tx, caller, body.action, rows, roles, forUpdate));
}

/**
 * One chunk of a job: the members of these ids that still exist, locked, planned and changed as a
 * synchronous apply does (all or nothing: a refusal throws). Answers the plan and the ids gone.
 */
export async function applyToIds(
  tx: Queryable,
  caller: VerificationCaller,
  action: BulkAction,
  ids: string[],
  options: EmailVerificationOptions,
): Promise<{ planned: PlannedMember[]; gone: string[] }> {
  assertMayManageUsers(caller.actor);
  const roles = await rolesOf(tx, caller, action);
  await lockOwnersFirst(tx, caller.tenantId, action);
  const rows = await userRepository.findManyForUpdate(tx, caller.tenantId, ids);
  const planned = planMembers(action, rows, await contextFor(tx, caller, action, rows, roles, true));
  for (const p of planned) if ('change' in p) await applyMember(tx, caller, action, p, options);
  const found = new Set(rows.map((r) => r.id));
  return { planned, gone: ids.filter((id) => !found.has(id)) };
}

/** `POST …/bulk-changes/dry-run`: what applying now would change, and who it would skip and why. */
export async function planBulkChange(db: Db, caller: VerificationCaller, body: BulkBody): Promise<BulkPlan> {
  assertMayManageUsers(caller.actor);
  return db.transaction(async (tx) => summarise(body.action, await planIn(tx, caller, body, false)));
}

/** Makes one planned member's change through the single edit's own core (its rules and its audit event). */
async function applyMember(
  tx: Queryable,
  caller: VerificationCaller,
  action: BulkAction,
  planned: Extract<PlannedMember, { edit: unknown }>,
  options: EmailVerificationOptions,
): Promise<boolean> {
  const { edit, row } = planned;
  switch (edit.kind) {
    case 'write':
      return (await writeUserIn(tx, caller, row.id, { ...edit.write, replacePermissions: false }, undefined, options))
        .mailed;
    case 'join':
      await addMemberIn(tx, caller, (action as { organizationId: string }).organizationId, {
        userId: row.id,
        orgRole: edit.orgRole,
      });
      return false;
    case 'leave':
      await removeMemberIn(tx, caller, (action as { organizationId: string }).organizationId, row.id);
      return false;
    case 'delete':
      await deleteUserIn(tx, caller, row.id, undefined);
      return false;
  }
}

/**
 * `POST …/bulk-changes`: re-plans under locks on the selected members and applies exactly that
 * plan in one transaction, all or nothing; each member's change is audited by its own core.
 */
export async function applyBulkChange(
  db: Db,
  caller: VerificationCaller,
  body: BulkBody,
  options: EmailVerificationOptions,
): Promise<BulkResult | { job: Job }> {
  assertMayManageUsers(caller.actor);
  if (body.selection.filter) {
    const count = await userRepository.count(db, caller.tenantId, userFilterOf(body.selection.filter));
    if (count > BULK_APPLY_MAX) return { job: await startJob(db, caller, body.selection.filter, body.action) };
  }
  let mailed = false;
  const result = await db.transaction(async (tx) => {
    const planned = await planIn(tx, caller, body, true);
    // More matched meanwhile than one request changes: start over as a job.
    if (planned.length > BULK_APPLY_MAX) throw tooMany(planned.length);
    for (const p of planned) {
      if ('change' in p && (await applyMember(tx, caller, body.action, p, options))) mailed = true;
    }
    const changes = planned.filter((p) => 'change' in p);
    return {
      ...summarise(body.action, planned),
      changedUserIds: changes.map((p) => p.row.id),
      undo: undoOf(planned),
    };
  });
  if (mailed) notifyMailQueued();
  return result;
}

/** What a job keeps of the request that starts it: the action, and who asked, from where. */
function payloadOf(caller: VerificationCaller, action: BulkAction): BulkJobPayload {
  return { action, ...jobActorOf(caller) };
}

const notUndoable = (detail: string) => new AppError(409, 'job_not_undoable', detail);

/**
 * `POST …/jobs/{jobId}/undo`: the reverse plan of a bulk job that finished (each member it changed,
 * with what undoes that member's change) queued as a new job, acting as the caller. Its chunks are
 * re-planned under locks and applied through the same cores as any bulk change, so a member
 * changed since is planned from where they are now (`unchanged`, or a rule's skip). Once per job.
 */
export async function undoBulkJob(db: Db, caller: VerificationCaller, jobId: string): Promise<Job> {
  assertMayManageUsers(caller.actor);
  const job = await db.transaction(async (tx) => {
    // Lock the job, then read it again: a statement after the lock sees an undo committed meanwhile.
    if (!(await jobRepository.findById(tx, caller.tenantId, jobId, true))) {
      throw new AppError(404, 'not_found', 'No such job.');
    }
    const original = (await jobRepository.findById(tx, caller.tenantId, jobId)) as JobRow;
    // An invitations job (resend) has no reverse: mail sent stays sent.
    if (original.kind !== BULK_JOB_KIND) throw notUndoable('Only a bulk change of members can be undone.');
    if (undoneJobOf(original)) throw notUndoable('This job is an undo itself; make the change again instead.');
    if (undoTaken(original)) throw notUndoable(`This bulk change was undone already (job ${original.undone_by}).`);
    // An undo that was cancelled or failed: what it did stays, and a new undo re-plans from there.
    if (original.undone_by) await jobRepository.detachUndo(tx, original.undone_by);
    if (original.status !== 'done') {
      throw notUndoable(`Only a bulk change that finished can be undone; this one is ${original.status}.`);
    }
    const action = (original.payload as BulkJobPayload).action;
    if (action.type === 'delete') throw notUndoable('Deleted members cannot be brought back.');
    if ((await jobRepository.undoableCount(tx, jobId)) === 0) throw notUndoable('This job changed nobody.');
    const id = randomUUID();
    const total = await jobRepository.insertUndo(tx, {
      id,
      tenantId: caller.tenantId,
      kind: BULK_JOB_KIND,
      payload: { ...payloadOf(caller, action), undoOf: jobId },
      createdBy: caller.actor?.user.id ?? null,
      undoOf: jobId,
    });
    await recordAudit(tx, caller, {
      action: 'user.bulk_job_started',
      targetType: 'user',
      targetId: null,
      after: { jobId: id, undoOf: jobId, action, total },
    });
    return toJob((await jobRepository.findById(tx, caller.tenantId, id)) as JobRow);
  });
  notifyJobQueued();
  return job;
}

/**
 * More members than one request changes: the filter is resolved now (the members in id order are
 * the job's), the action checked (unknown roles, keys, organization), and a job queued in the same
 * transaction as its audit event; the runner applies it in chunks (ADR 035).
 */
async function startJob(
  db: Db,
  caller: VerificationCaller,
  filter: NonNullable<Selection['filter']>,
  action: BulkAction,
): Promise<Job> {
  const job = await db.transaction(async (tx) => {
    await contextFor(tx, caller, action, [], await rolesOf(tx, caller, action), false);
    const members = await userRepository.matchingEmails(tx, caller.tenantId, userFilterOf(filter));
    const id = randomUUID();
    await jobRepository.insert(
      tx,
      {
        id,
        tenantId: caller.tenantId,
        kind: BULK_JOB_KIND,
        payload: payloadOf(caller, action),
        createdBy: caller.actor?.user.id ?? null,
      },
      members,
    );
    const filters = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
    await recordAudit(tx, caller, {
      action: 'user.bulk_job_started',
      targetType: 'user',
      targetId: null,
      after: { jobId: id, action, total: members.length, filters },
    });
    return toJob((await jobRepository.findById(tx, caller.tenantId, id)) as JobRow);
  });
  notifyJobQueued();
  return job;
}
