import {
  AUDIT_CSV_COLUMNS,
  type AuditEvent,
  type AuditEventPage,
  type AuditReadScope,
  auditReadScope,
  type exportAuditEventsQuerySchema,
  isRevertibleChange,
  type listAuditEventsQuerySchema,
} from '@team-access/contract';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { csvRecord } from '../../http/csv.ts';
import { type Caller, ruleActor } from '../../kernel/context.ts';
import { keysetAfter, keysetPage } from '../../kernel/keyset.ts';
import { type AuditFilter, type AuditRow, auditQueries, toAuditEvent } from './repository.ts';

type ListQuery = z.output<typeof listAuditEventsQuerySchema>;
type ExportQuery = z.output<typeof exportAuditEventsQuerySchema>;

const LIST = 'audit';

/** Who reads what (packages/contract/src/rules/audit.ts): the caller's scope, with the organizations they administer. */
export async function readScopeOf(db: Db, caller: Caller): Promise<AuditReadScope> {
  const actor = ruleActor(caller.actor);
  if (!actor) return auditReadScope(actor, []);
  const administered =
    actor.role === 'MEMBER' ? await auditQueries.administeredOrganizationIds(db, caller.tenantId, actor.id) : [];
  return auditReadScope(actor, administered);
}

export function toEvent(row: AuditRow): AuditEvent {
  const event = toAuditEvent(row);
  return { ...event, revertible: event.revertedByEventId === null && isRevertibleChange(event) };
}

function filterOf(query: ListQuery | ExportQuery): AuditFilter {
  return {
    actorId: query.actorId,
    targetType: query.targetType,
    targetId: query.targetId,
    userId: query.userId,
    action: query.action,
    organizationId: query.organizationId,
    source: query.source,
    from: query.from,
    to: query.to,
    q: query.q || undefined,
  };
}

/** `GET /v2/client/audit-events`: the events the caller may read, filters AND-combined, newest first. */
export async function listAuditEvents(db: Db, caller: Caller, query: ListQuery): Promise<AuditEventPage> {
  const after = keysetAfter(query.cursor, LIST, 'timestamptz');
  const scope = await readScopeOf(db, caller);
  const rows = await auditQueries.page(db, caller.tenantId, scope, filterOf(query), query.limit, after);
  return keysetPage(rows, query.limit, LIST, toEvent, (row) => row);
}

/**
 * The tenant's latest events but those of `actions` (the overview's latest changes), for callers
 * who read the whole tenant: the overview's route admits only those.
 */
export async function latestEventsExcept(
  db: Db,
  tenantId: string,
  actions: readonly string[],
  limit: number,
): Promise<AuditEvent[]> {
  return (await auditQueries.latestExcept(db, tenantId, actions, limit)).map(toEvent);
}

/** `GET /v2/client/audit-events/{eventId}`: another tenant's event, or one the caller may not read, is a 404. */
export async function getAuditEvent(db: Db, caller: Caller, eventId: string): Promise<AuditEvent> {
  const row = await auditQueries.findById(db, caller.tenantId, await readScopeOf(db, caller), eventId);
  if (!row) throw new AppError(404, 'not_found', 'No such audit event.');
  return toEvent(row);
}

/** Rows fetched per query while exporting: the memory an export holds at once. */
export const EXPORT_BATCH = 500;

/**
 * The events an export writes, in batches by keyset (newest first), so a 100k-event export never
 * holds more than one batch. Events written while it runs are newer than its first batch: left out.
 */
export async function* exportAuditEvents(db: Db, caller: Caller, query: ExportQuery): AsyncGenerator<AuditEvent[]> {
  const scope = await readScopeOf(db, caller);
  const filter = filterOf(query);
  let after: { value: string; id: string } | undefined;
  for (;;) {
    const rows = await auditQueries.page(db, caller.tenantId, scope, filter, EXPORT_BATCH - 1, after);
    if (rows.length === 0) return;
    yield rows.map(toEvent);
    if (rows.length < EXPORT_BATCH) return;
    const last = rows.at(-1) as AuditRow;
    after = { value: last.sort_value, id: last.id };
  }
}

export const CSV_HEADER = `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;

export function csvLine(e: AuditEvent): string {
  const cells: Record<(typeof AUDIT_CSV_COLUMNS)[number], unknown> = {
    id: e.id,
    createdAt: e.createdAt,
    action: e.action,
    actorId: e.actor?.id,
    actorName: e.actor?.name,
    actorEmail: e.actor?.email,
    targetType: e.target.type,
    targetId: e.target.id,
    targetName: e.target.name,
    organizationId: e.organizationId,
    source: e.source,
    ip: e.ip,
    requestId: e.requestId,
    revertsEventId: e.revertsEventId,
    changes: e.changes,
  };
  return csvRecord(AUDIT_CSV_COLUMNS.map((column) => cells[column]));
}
