import { createHash } from 'node:crypto';
import {
  type AuditReadScope,
  type AuditRevertPreview,
  type AuditRevertResult,
  isRevertibleChange,
} from '@team-access/contract';
import type { Db, Queryable } from '../../db/client.ts';
import { joined } from '../../db/joined.ts';
import { AppError } from '../../errors.ts';
import type { Caller, NamedTenantCaller } from '../../kernel/context.ts';
import { type AuditRow, auditQueries } from './repository.ts';
import { differingKeys, notRevertible, pick, planFor, type RevertField, type RevertPlan } from './revert-plans.ts';
import { readScopeOf, toEvent } from './service.ts';

/**
 * Revert from the log (issue 16, ADR 023): an event's `before` put back as a new change by the
 * person reverting, made through the service of the module that owns the target, so the same
 * rules hold (an ADMIN's rights, the revoke rule, the last-owner guards, no self-escalation).
 *
 * Both calls work in one transaction that first locks the event (two reverts of one event run one
 * after the other, and the second sees the first), then the target as its service locks it. The
 * preview runs the change itself in that transaction and rolls it back: whatever the apply would
 * refuse, the preview refuses the same way.
 */

/** Ends a preview's transaction (rolled back) carrying its answer. */
class DryRun extends Error {
  constructor(readonly preview: AuditRevertPreview) {
    super('dry run');
  }
}

interface Prepared {
  row: AuditRow;
  plan: RevertPlan;
}

/** The event (locked; 404 if the caller may not read it), checked revertible, and its plan. */
async function prepare(tx: Queryable, caller: Caller, scope: AuditReadScope, eventId: string): Promise<Prepared> {
  await tx.query('select id from audit_events where tenant_id = $1 and id = $2 for update', [caller.tenantId, eventId]);
  const row = await auditQueries.findById(tx, caller.tenantId, scope, eventId);
  if (!row) throw new AppError(404, 'not_found', 'No such audit event.');
  if (row.reverted_by_event_id) {
    throw notRevertible(`This change was already reverted (by event ${row.reverted_by_event_id}).`, [
      { path: 'params.eventId', message: `Reverted by event ${row.reverted_by_event_id}`, code: 'already_reverted' },
    ]);
  }
  if (!isRevertibleChange(toEvent(row))) {
    throw notRevertible(
      `A ${row.action} event cannot be reverted: only changes of permissions, roles, access level, status or organization membership can.`,
    );
  }
  const plan = await planFor(tx, caller, row);
  // A change of nothing a revert restores (a permission switched from absent to off).
  if (plan.fields.length === 0) throw notRevertible('This change has nothing a revert puts back.');
  return { row, plan };
}

const fingerprint = (eventId: string, f: RevertField) =>
  createHash('sha256')
    .update(`${eventId}\n${f.field}\n${JSON.stringify(f.current ?? null)}`)
    .digest('base64url')
    .slice(0, 16);

/** The preview's `expected`: a fingerprint of each field's current value (`role:…~status:…`). */
function expectedOf(row: AuditRow, plan: RevertPlan): string {
  return plan.fields.map((f) => `${f.field}:${fingerprint(row.id, f)}`).join('~');
}

function previewOf(row: AuditRow, plan: RevertPlan): AuditRevertPreview {
  const event = toEvent(row);
  return {
    eventId: row.id,
    target: event.target,
    changes: plan.fields.flatMap((f) => {
      const keys = differingKeys(f.current, f.restored);
      return keys === null
        ? []
        : [{ field: f.field, current: pick(f.current, keys), restored: pick(f.restored, keys) }];
    }),
    conflicts: plan.fields.flatMap((f) => {
      const keys = differingKeys(f.current, f.expected);
      return keys === null
        ? []
        : [{ field: f.field, expected: pick(f.expected, keys), current: pick(f.current, keys) }];
    }),
    expected: expectedOf(row, plan),
    roleNames: plan.roleNames,
  };
}

/**
 * The fields whose value moved since the preview that answered `expected` (a 409 names them); a
 * string that is no preview's answer for this event is a 400.
 */
function movedSince(row: AuditRow, plan: RevertPlan, expected: string): RevertField[] {
  const seen = new Map(
    expected.split('~').map((part) => {
      const at = part.indexOf(':');
      return [part.slice(0, at), part.slice(at + 1)] as const;
    }),
  );
  const sameFields = seen.size === plan.fields.length && plan.fields.every((f) => seen.has(f.field));
  if (!sameFields) {
    throw new AppError(400, 'validation_failed', 'Send the expected value of this revert preview.', [
      { path: 'body.expected', message: 'Not the expected value of a preview of this revert', code: 'invalid' },
    ]);
  }
  return plan.fields.filter((f) => seen.get(f.field) !== fingerprint(row.id, f));
}

/** A refusal of the module's service, said as a refusal of the revert. */
function asRevertRefusal(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  // What the service found wrong with the request is in the state to restore (an OWNER's
  // permissions, a permission gone from the catalog): the revert cannot be made.
  if (error.status === 400) {
    return notRevertible(`This change cannot be restored: ${error.detail ?? 'it is not valid now'}`, error.errors);
  }
  if (error.status === 412) {
    return new AppError(409, 'revert_conflict', 'The target changed while reverting. Look at the revert again.');
  }
  // The target exists (the plan read it): a 404 of the service means it is hidden from the caller.
  if (error.status === 404) return new AppError(403, 'forbidden', 'You may not make this change.');
  return error;
}

async function runChange(
  db: Db,
  tx: Queryable,
  caller: NamedTenantCaller,
  row: AuditRow,
  plan: RevertPlan,
): Promise<void> {
  try {
    await plan.apply(joined(db.kind, tx), { ...caller, reverting: { eventId: row.id, ...plan.records } });
  } catch (error) {
    throw asRevertRefusal(error);
  }
}

/** `GET …/audit-events/{eventId}/revert-preview`: what a revert would change back; nothing is changed. */
export async function previewAuditRevert(
  db: Db,
  caller: NamedTenantCaller,
  eventId: string,
): Promise<AuditRevertPreview> {
  const scope = await readScopeOf(db, caller);
  try {
    await db.transaction(async (tx) => {
      const { row, plan } = await prepare(tx, caller, scope, eventId);
      const preview = previewOf(row, plan);
      // The change itself, rolled back: the rules of the change answer here as they would on apply.
      if (preview.changes.length) await runChange(db, tx, caller, row, plan);
      throw new DryRun(preview);
    });
  } catch (error) {
    if (error instanceof DryRun) return error.preview;
    throw error;
  }
  throw new Error('unreachable: a preview always rolls back');
}

/**
 * `POST …/audit-events/{eventId}/revert`: applies the revert if the target is as the preview that
 * answered `expected` saw it (409 revert_conflict naming each field that moved since).
 */
export async function applyAuditRevert(
  db: Db,
  caller: NamedTenantCaller,
  eventId: string,
  expected: string,
): Promise<AuditRevertResult> {
  const scope = await readScopeOf(db, caller);
  return db.transaction(async (tx) => {
    const { row, plan } = await prepare(tx, caller, scope, eventId);
    const moved = movedSince(row, plan, expected);
    if (moved.length) {
      const names = moved.map((f) => f.field).join(', ');
      throw new AppError(
        409,
        'revert_conflict',
        `The ${row.target_type} changed since you looked at the revert (${names}). Look at it again.`,
        moved.map((f) => ({ path: f.field, message: `${f.field} changed since the preview`, code: 'changed' })),
      );
    }
    if (!previewOf(row, plan).changes.length) {
      throw notRevertible('Nothing to change back: the target is already as it was before this change.');
    }
    await runChange(db, tx, caller, row, plan);
    const [made] = await tx.query<{ id: string }>(
      'select id from audit_events where tenant_id = $1 and reverts_event_id = $2',
      [caller.tenantId, row.id],
    );
    const event = made && (await auditQueries.findById(tx, caller.tenantId, { kind: 'tenant' }, made.id));
    if (!event) throw new Error(`the revert of ${row.id} recorded no event`);
    return { event: toEvent(event) };
  });
}
