import type { AuditEvent, AuditReadScope } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import { escapeLike } from '../../db/like.ts';
import { IGNORED_FIELDS } from '../../kernel/audit.ts';
import type { Keyset } from '../../kernel/keyset.ts';

/** Recording is shared by every module (kernel/audit.ts); this module reads the trail. */
export { type AuditEntry, auditRepository } from '../../kernel/audit.ts';

export interface AuditRow {
  id: string;
  action: string;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  target_type: string;
  target_id: string | null;
  target_name: string | null;
  organization_id: string | null;
  source: 'console' | 'api';
  ip: string | null;
  request_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  role_names: Record<string, string> | null;
  reverts_event_id: string | null;
  reverted_by_event_id: string | null;
  created_at: Date;
  /** The keyset: created_at as PostgreSQL prints it (microseconds kept). */
  sort_value: string;
}

/** The filters of the list and the export, parsed (all given ones hold). */
export interface AuditFilter {
  actorId?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  userId?: string | undefined;
  action?: string[] | undefined;
  organizationId?: string | undefined;
  source?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

const SELECT = `e.id, e.action, e.actor_user_id, e.actor_name, e.actor_email, e.target_type, e.target_id, e.target_name,
  e.organization_id, e.source, e.ip, e.request_id, e.before, e.after, e.role_names, e.reverts_event_id, e.created_at,
  e.created_at::text as sort_value,
  (select r.id from audit_events r where r.reverts_event_id = e.id and r.tenant_id = e.tenant_id
    order by r.created_at limit 1) as reverted_by_event_id`;

/** The searchable text of an event (indexed by audit_events_search_trgm_idx). */
const SEARCH_TEXT = `lower(coalesce(e.actor_name, '') || ' ' || coalesce(e.actor_email, '') || ' ' || coalesce(e.target_name, '') || ' ' ||
         coalesce(e.target_email, ''))`;

/**
 * A free-text search that is a whole email address: matched exactly (case-insensitive) against the
 * captured actor and target emails, not as text inside them.
 */
const WHOLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The conditions for a tenant, a read scope and filters; `params` grows with each placeholder.
 * `all` must hold; of each group in `anyOf`, one condition must (an "or": the read scope of a
 * member, "by or about" a user). Each "or" becomes branches of a union, so that every branch is
 * one index scan in keyset order instead of a scan of the tenant's whole trail.
 */
function conditionsOf(
  tenantId: string,
  scope: AuditReadScope,
  f: AuditFilter,
  params: unknown[],
): { all: string[]; anyOf: string[][] } {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const all = [`e.tenant_id = ${p(tenantId)}`];
  const anyOf: string[][] = [];
  const byOrAbout = (userId: string) => {
    const u = p(userId);
    return [`e.actor_user_id = ${u}`, `e.target_type = 'user' and e.target_id = ${u}::text`];
  };
  if (scope.kind === 'limited') {
    anyOf.push([
      ...byOrAbout(scope.userId),
      ...(scope.organizationIds.length ? [`e.organization_id = any(${p(scope.organizationIds)}::uuid[])`] : []),
    ]);
  }
  if (f.actorId) all.push(`e.actor_user_id = ${p(f.actorId)}`);
  if (f.targetType) all.push(`e.target_type = ${p(f.targetType)}`);
  if (f.targetId) all.push(`e.target_id = ${p(f.targetId)}`);
  if (f.userId) anyOf.push(byOrAbout(f.userId));
  if (f.action?.length === 1) all.push(`e.action = ${p(f.action[0])}`);
  else if (f.action?.length) all.push(`e.action = any(${p(f.action)}::text[])`);
  if (f.organizationId) all.push(`e.organization_id = ${p(f.organizationId)}`);
  if (f.source) all.push(`e.source = ${p(f.source)}`);
  if (f.from) all.push(`e.created_at >= ${p(f.from)}::timestamptz`);
  if (f.to) all.push(`e.created_at < ${p(f.to)}::timestamptz`);
  if (f.q && WHOLE_EMAIL.test(f.q)) {
    // A whole address: the events by or about it, each branch one index scan in keyset order.
    const email = p(f.q.toLowerCase());
    anyOf.push([
      `lower(e.actor_email) = ${email} and e.actor_email is not null`,
      `lower(e.target_email) = ${email} and e.target_email is not null`,
    ]);
  } else if (f.q) all.push(`${SEARCH_TEXT} like ${p(`%${escapeLike(f.q.toLowerCase())}%`)}`);
  return { all, anyOf };
}

/** Every way to pick one condition of each group (at most 3 × 2 × 2 branches). */
function branchesOf(anyOf: string[][]): string[][] {
  return anyOf.reduce<string[][]>((acc, group) => acc.flatMap((picked) => group.map((c) => [...picked, c])), [[]]);
}

const ORDER = 'order by e.created_at desc, e.id desc';

export const auditQueries = {
  /** One page, newest first, after the keyset; `limit + 1` rows (the extra one says a next page exists). */
  async page(
    db: Queryable,
    tenantId: string,
    scope: AuditReadScope,
    filter: AuditFilter,
    limit: number,
    after: Keyset | undefined,
  ): Promise<AuditRow[]> {
    const params: unknown[] = [];
    const { all, anyOf } = conditionsOf(tenantId, scope, filter, params);
    if (after) {
      params.push(after.value, after.id);
      all.push(`(e.created_at, e.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const n = `$${params.length}`;
    if (anyOf.length === 0) {
      return db.query<AuditRow>(
        `select ${SELECT} from audit_events e where ${all.join(' and ')} ${ORDER} limit ${n}`,
        params,
      );
    }
    // An event can match several branches (Bob acting on himself): union, not union all.
    const branches = branchesOf(anyOf).map(
      (conds) =>
        `(select e.id, e.created_at from audit_events e where ${[...all, ...conds].map((c) => `(${c})`).join(' and ')}
          ${ORDER} limit ${n})`,
    );
    return db.query<AuditRow>(
      `select ${SELECT} from audit_events e
        where e.id in (select m.id from (${branches.join(' union ')}) m order by m.created_at desc, m.id desc limit ${n})
        ${ORDER}`,
      params,
    );
  },

  /** The tenant's newest events but those of the given actions (the overview's latest changes), newest first. */
  latestExcept(db: Queryable, tenantId: string, actions: readonly string[], limit: number): Promise<AuditRow[]> {
    return db.query<AuditRow>(
      `select ${SELECT} from audit_events e where e.tenant_id = $1 and e.action <> all($2::text[]) ${ORDER} limit $3`,
      [tenantId, actions, limit],
    );
  },

  async findById(db: Queryable, tenantId: string, scope: AuditReadScope, id: string): Promise<AuditRow | undefined> {
    const params: unknown[] = [];
    const { all, anyOf } = conditionsOf(tenantId, scope, {}, params);
    params.push(id);
    all.push(`e.id = $${params.length}`, ...anyOf.map((group) => `(${group.map((c) => `(${c})`).join(' or ')})`));
    const [row] = await db.query<AuditRow>(`select ${SELECT} from audit_events e where ${all.join(' and ')}`, params);
    return row;
  },

  /** The organizations a user administers (ORG_OWNER or ORG_ADMIN): an org admin reads their events. */
  async administeredOrganizationIds(db: Queryable, tenantId: string, userId: string): Promise<string[]> {
    const rows = await db.query<{ organization_id: string }>(
      `select organization_id from organization_members
        where tenant_id = $1 and user_id = $2 and org_role in ('ORG_OWNER', 'ORG_ADMIN')`,
      [tenantId, userId],
    );
    return rows.map((r) => r.organization_id);
  },
};

/** The fields that differ between two snapshots, as the event's `changes` (bookkeeping left out, for events older than migration 007). */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { field: string; before: unknown; after: unknown }[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys]
    .filter((key) => !IGNORED_FIELDS.has(key))
    .filter((key) => JSON.stringify(before?.[key] ?? null) !== JSON.stringify(after?.[key] ?? null))
    .map((key) => ({ field: key, before: before?.[key] ?? null, after: after?.[key] ?? null }));
}

/** The API's view of an event row. */
export function toAuditEvent(row: AuditRow): Omit<AuditEvent, 'revertible'> {
  return {
    id: row.id,
    action: row.action,
    actor: row.actor_user_id
      ? { id: row.actor_user_id, name: row.actor_name ?? row.actor_email ?? 'A deleted user', email: row.actor_email }
      : null,
    target: { type: row.target_type, id: row.target_id, name: row.target_name },
    organizationId: row.organization_id,
    source: row.source,
    ip: row.ip,
    requestId: row.request_id,
    createdAt: row.created_at.toISOString(),
    changes: changedFields(row.before, row.after),
    before: row.before,
    after: row.after,
    roleNames: row.role_names ?? {},
    revertsEventId: row.reverts_event_id,
    revertedByEventId: row.reverted_by_event_id,
  };
}
