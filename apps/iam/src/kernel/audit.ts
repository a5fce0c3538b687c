import { randomUUID } from 'node:crypto';
import { type AuditSource, webhookEventTypeOf } from '@team-access/contract';
import type { Queryable } from '../db/client.ts';
import type { Caller } from './context.ts';

/**
 * The audit trail's one writer: every module records its events through here, in the
 * transaction of the change. It captures what an auditor reads later even when the people and
 * things named are gone: the actor's and the target's names and emails, the organization, the
 * source, and `before`/`after` reduced to exactly the fields that changed.
 */

export interface AuditEntry {
  tenantId: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
  ip?: string | undefined;
  /** Defaults to `api` (a server-to-server call, or the IAM itself at first start). */
  source?: AuditSource | undefined;
  /** The organization the event belongs to; derived from an organization or invitation target when left out. */
  organizationId?: string | null | undefined;
  /** A revert names the event it undid. */
  revertsEventId?: string | null | undefined;
}

/** Bookkeeping fields that are never "what changed". */
export const IGNORED_FIELDS: ReadonlySet<string> = new Set([
  'updatedAt',
  'version',
  'createdAt',
  'lastLoginAt',
  'effectivePermissions',
  'permissionSources',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Snapshot = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Snapshot => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A map of booleans (the permissions map): reduced to its changed keys. */
const isFlagMap = (v: unknown): v is Record<string, boolean | null> =>
  isPlainObject(v) && Object.values(v).every((x) => typeof x === 'boolean' || x === null);

/**
 * `before`/`after` reduced to exactly the fields that changed (a membership also keeps its
 * `userId` and `email`, so the event still says whose it was). A field holding a map of flags
 * (permissions) keeps only its changed keys, a key that was absent being `null`. A creation
 * (`before` absent) or a deletion (`after` absent) keeps its whole snapshot, bookkeeping left out.
 */
export function reduceToChanges(before: unknown, after: unknown): { before: Snapshot | null; after: Snapshot | null } {
  const b = isPlainObject(before) ? before : null;
  const a = isPlainObject(after) ? after : null;
  const strip = (s: Snapshot | null) =>
    s === null ? null : Object.fromEntries(Object.entries(s).filter(([key]) => !IGNORED_FIELDS.has(key)));
  if (b === null || a === null) return { before: strip(b), after: strip(a) };
  const outBefore: Snapshot = {};
  const outAfter: Snapshot = {};
  // A membership (organization member events) keeps who the member is, changed or not.
  if ('userId' in b && 'userId' in a) {
    for (const key of ['userId', 'email']) {
      if (key in b) outBefore[key] = b[key];
      if (key in a) outAfter[key] = a[key];
    }
  }
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (IGNORED_FIELDS.has(key) || same(b[key], a[key])) continue;
    if (isFlagMap(b[key] ?? {}) && isFlagMap(a[key] ?? {})) {
      const mb = (b[key] ?? {}) as Snapshot;
      const ma = (a[key] ?? {}) as Snapshot;
      const changed = [...new Set([...Object.keys(mb), ...Object.keys(ma)])].filter((k) => !same(mb[k], ma[k])).sort();
      outBefore[key] = Object.fromEntries(changed.map((k) => [k, mb[k] ?? null]));
      outAfter[key] = Object.fromEntries(changed.map((k) => [k, ma[k] ?? null]));
    } else {
      outBefore[key] = b[key] ?? null;
      outAfter[key] = a[key] ?? null;
    }
  }
  return { before: outBefore, after: outAfter };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The target's name, email and organization as its own snapshot tells them (a deleted target has no row left). */
function namesFromSnapshot(targetType: string, ...snapshots: unknown[]) {
  for (const s of snapshots) {
    if (!isPlainObject(s)) continue;
    const org = isPlainObject(s.organization) ? str(s.organization.id) : null;
    const organizationId = targetType === 'invitation' ? (str(s.organizationId) ?? org) : null;
    if (targetType === 'user' || targetType === 'invitation') {
      const email = str(s.email);
      const full = [str(s.firstName), str(s.lastName)].filter(Boolean).join(' ');
      if (email) return { name: full || email, email, organizationId };
    } else if (targetType === 'role' || targetType === 'organization' || targetType === 'api_key') {
      const name = str(s.name);
      if (name) return { name, email: null, organizationId };
    } else if (targetType === 'webhook') {
      const url = str(s.url);
      if (url) return { name: url, email: null, organizationId };
    }
  }
  return { name: null, email: null, organizationId: null };
}

/** Ids of roles named in `groups` fields, so their names are captured with the event. */
function roleIdsIn(...snapshots: (Snapshot | null)[]): string[] {
  const ids = snapshots.flatMap((s) => (Array.isArray(s?.groups) ? (s.groups as unknown[]) : []));
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && UUID.test(id)))];
}

const DISPLAY_NAME = (t: string) =>
  `coalesce(nullif(btrim(coalesce(${t}.first_name, '') || ' ' || coalesce(${t}.last_name, '')), ''), ${t}.email)`;

export const auditRepository = {
  /** One event; returns its id. */
  async record(db: Queryable, e: AuditEntry): Promise<string> {
    const [id] = await auditRepository.recordMany(db, [e]);
    return id as string;
  },
  /**
   * Many events in one statement (a bulk change records one per user it changed). Names the
   * entry does not carry are looked up in the same statement, so they are as of this transaction.
   */
  async recordMany(db: Queryable, entries: AuditEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const rows = entries.map((e) => {
      const captured = namesFromSnapshot(e.targetType, e.after, e.before);
      const { before, after } = reduceToChanges(e.before, e.after);
      return {
        id: randomUUID(),
        tenant_id: e.tenantId,
        actor_user_id: e.actorUserId,
        action: e.action,
        target_type: e.targetType,
        target_id: e.targetId,
        target_uuid: e.targetId && UUID.test(e.targetId) ? e.targetId : null,
        target_name: captured.name,
        target_email: captured.email,
        organization_id:
          e.organizationId ??
          captured.organizationId ??
          (e.targetType === 'organization' && e.targetId && UUID.test(e.targetId) ? e.targetId : null),
        source: e.source ?? 'api',
        before,
        after,
        role_ids: roleIdsIn(before, after),
        request_id: e.requestId ?? null,
        ip: e.ip ?? null,
        reverts_event_id: e.revertsEventId ?? null,
      };
    });
    await db.query(
      `insert into audit_events (id, tenant_id, actor_user_id, actor_name, actor_email, action, target_type, target_id,
                                 target_name, target_email, organization_id, source, before, after, role_names,
                                 request_id, ip, reverts_event_id)
       select e.id, e.tenant_id, e.actor_user_id, ${DISPLAY_NAME('au')}, au.email, e.action, e.target_type, e.target_id,
              coalesce(e.target_name, ${DISPLAY_NAME('tu')}, tr.name, tor.name, ti.email, ${DISPLAY_NAME('su')}),
              coalesce(e.target_email, tu.email, ti.email, su.email),
              coalesce(e.organization_id, ti.organization_id), e.source, e.before, e.after,
              (select jsonb_object_agg(r.id, r.name) from roles r
                where r.tenant_id = e.tenant_id and r.id = any(e.role_ids)),
              e.request_id, e.ip, e.reverts_event_id
         from jsonb_to_recordset($1::jsonb) as e(id uuid, tenant_id uuid, actor_user_id uuid, action text,
              target_type text, target_id text, target_uuid uuid, target_name text, target_email text,
              organization_id uuid, source text, before jsonb, after jsonb, role_ids uuid[], request_id text, ip text,
              reverts_event_id uuid)
         left join users au on au.id = e.actor_user_id and au.tenant_id = e.tenant_id
         left join users tu on e.target_type = 'user' and tu.id = e.target_uuid and tu.tenant_id = e.tenant_id
         left join roles tr on e.target_type = 'role' and tr.id = e.target_uuid and tr.tenant_id = e.tenant_id
         left join organizations tor on e.target_type = 'organization' and tor.id = e.target_uuid
              and tor.tenant_id = e.tenant_id
         left join invitations ti on e.target_type = 'invitation' and ti.id = e.target_uuid and ti.tenant_id = e.tenant_id
         left join sessions ts on e.target_type = 'session' and ts.id = e.target_uuid and ts.tenant_id = e.tenant_id
         left join users su on su.id = ts.user_id and su.tenant_id = e.tenant_id`,
      [JSON.stringify(rows)],
    );
    await queueWebhookDeliveries(db, rows);
    return rows.map((r) => r.id);
  },
};

/**
 * The webhook deliveries of just-written events (ADR 050): one per event and subscribed, unpaused
 * webhook of its tenant, in the same transaction, so a change, its event and its deliveries commit
 * together. The audit event stays the one record; the delivery only points at it.
 */
async function queueWebhookDeliveries(
  db: Queryable,
  rows: readonly { id: string; tenant_id: string; action: string; after: unknown }[],
): Promise<void> {
  const typed = rows.flatMap((r) => {
    const type = webhookEventTypeOf(r.action, r.after);
    return type ? [{ id: r.id, tenant_id: r.tenant_id, event_type: type }] : [];
  });
  if (typed.length === 0) return;
  await db.query(
    `insert into webhook_deliveries (id, tenant_id, webhook_id, audit_event_id, event_type)
     select gen_random_uuid(), w.tenant_id, w.id, e.id, e.event_type
       from jsonb_to_recordset($1::jsonb) as e(id uuid, tenant_id uuid, event_type text)
       join webhooks w on w.tenant_id = e.tenant_id and not w.paused and e.event_type = any(w.events)`,
    [JSON.stringify(typed)],
  );
}

/** An event the caller made; `actorUserId` names someone else when they act (an invitee accepting). */
export interface AuditEvent {
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  actorUserId?: string;
  organizationId?: string | null;
  revertsEventId?: string | null;
}

/** The entry for an event made by `caller`: their tenant, their user (if any), their request and its source. */
export function auditEntryOf(caller: Caller, e: AuditEvent): AuditEntry {
  return {
    tenantId: caller.tenantId,
    actorUserId: e.actorUserId ?? caller.actor?.user.id ?? null,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before,
    after: e.after,
    requestId: caller.requestId,
    ip: caller.ip,
    source: caller.source,
    organizationId: e.organizationId,
    revertsEventId: e.revertsEventId ?? revertedBy(caller, e),
  };
}

/** The event a revert undoes, when `e` is the change that revert is making (see `Caller.reverting`). */
function revertedBy(caller: Caller, e: AuditEvent): string | undefined {
  const r = caller.reverting;
  const made = r && r.action === e.action && r.targetType === e.targetType && r.targetId === e.targetId;
  return made ? r.eventId : undefined;
}

/** Records one event made by `caller`, in the caller's transaction; returns its id. */
export function recordAudit(tx: Queryable, caller: Caller, e: AuditEvent): Promise<string> {
  return auditRepository.record(tx, auditEntryOf(caller, e));
}

/** A recorder for one kind of target: `auditOf('role')(tx, caller, 'role.updated', id, before, after)`. */
export function auditOf(targetType: string) {
  return (tx: Queryable, caller: Caller, action: string, targetId: string, before?: unknown, after?: unknown) =>
    recordAudit(tx, caller, { action, targetType, targetId, before, after });
}
