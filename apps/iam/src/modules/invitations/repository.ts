import type { AccessLevel, Invitation, InvitationStatus, OrgRole } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';
import { escapeLike } from '../../db/like.ts';
import { cappedCountWhere, findOneBy, type ListTotal } from '../../db/rows.ts';
import { auditOf } from '../../kernel/audit.ts';
import type { Keyset } from '../../kernel/keyset.ts';
import { ADMINISTERING_ROLES } from '../organizations/membership-repository.ts';

/** The stored states; `expired` is derived (pending and past expires_at), never stored. */
type StoredStatus = 'pending' | 'accepted' | 'revoked';

export interface InvitationRow {
  id: string;
  tenant_id: string;
  email: string;
  /** As the API answers it: `expired` when pending and past its expiry. */
  status: InvitationStatus;
  stored_status: StoredStatus;
  role: AccessLevel;
  role_ids: string[];
  permissions: Record<string, boolean>;
  organization_id: string | null;
  organization_role: OrgRole | null;
  organization_name: string | null;
  organization_slug: string | null;
  invited_by: string | null;
  /** Sent by a signed-in user (invited_by is null once that user is deleted), not server-to-server. */
  sent_by_user: boolean;
  inviter_email: string | null;
  inviter_first_name: string | null;
  inviter_last_name: string | null;
  /** The invited roles that still exist, by name. */
  roles: { id: string; name: string; permissions: string[] }[];
  expires_at: Date;
  send_count: number;
  last_sent_at: Date;
  accepted_at: Date | null;
  accepted_user_id: string | null;
  revoked_at: Date | null;
  created_at: Date;
  /** Seconds since the last send (for the resend interval), measured by the database's clock. */
  seconds_since_sent: number;
}

/**
 * The invitation with what the API shows of it: its organization, its sender, and the roles it
 * grants that still exist (a role deleted since is left out, as accepting leaves it out).
 */
const INVITATION_SELECT = `i.id, i.tenant_id, i.email,
  case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status end as status,
  i.status as stored_status, i.role, i.role_ids, i.permissions, i.organization_id, i.organization_role,
  o.name as organization_name, o.slug as organization_slug,
  i.invited_by, i.sent_by_user, s.email as inviter_email, s.first_name as inviter_first_name, s.last_name as inviter_last_name,
  coalesce((select json_agg(json_build_object('id', r.id, 'name', r.name, 'permissions', r.permissions)
                            order by lower(r.name), r.id)
              from roles r where r.tenant_id = i.tenant_id and r.id = any(i.role_ids)), '[]'::json) as roles,
  i.expires_at, i.send_count, i.last_sent_at, i.accepted_at, i.accepted_user_id, i.revoked_at, i.created_at,
  extract(epoch from now() - i.last_sent_at)::float8 as seconds_since_sent`;

const INVITATION_FROM = `invitations i
  left join organizations o on o.id = i.organization_id and o.tenant_id = i.tenant_id
  left join users s on s.id = i.invited_by and s.tenant_id = i.tenant_id`;

export function inviterName(row: Pick<InvitationRow, 'inviter_first_name' | 'inviter_last_name'>): string | null {
  const name = [row.inviter_first_name, row.inviter_last_name].filter(Boolean).join(' ');
  return name || null;
}

export function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    status: row.status,
    role: row.role,
    roles: row.roles.map((r) => ({ id: r.id, name: r.name })),
    permissions: row.permissions ?? {},
    organization:
      row.organization_id && row.organization_name !== null && row.organization_slug !== null
        ? { id: row.organization_id, name: row.organization_name, slug: row.organization_slug }
        : null,
    organizationRole: row.organization_role,
    invitedBy: { userId: row.invited_by, email: row.inviter_email, name: inviterName(row) },
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    lastSentAt: row.last_sent_at.toISOString(),
    sendCount: row.send_count,
    acceptedAt: row.accepted_at ? row.accepted_at.toISOString() : null,
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
    acceptedUserId: row.accepted_user_id,
  };
}

export interface NewInvitation {
  id: string;
  tenantId: string;
  email: string;
  role: AccessLevel;
  roleIds: string[];
  permissions: Record<string, boolean>;
  organizationId: string | null;
  organizationRole: OrgRole | null;
  tokenHash: Buffer;
  invitedBy: string | null;
  expiresInDays: number;
}

export interface InvitationFilter {
  search?: string | undefined;
  status?: InvitationStatus | undefined;
  organizationId?: string | undefined;
  /** Only the invitations into organizations this user administers (an org admin's view). */
  administeredBy?: string | undefined;
}

const STATUS_SQL: Record<InvitationStatus, string> = {
  pending: `i.status = 'pending' and i.expires_at > now()`,
  expired: `i.status = 'pending' and i.expires_at <= now()`,
  accepted: `i.status = 'accepted'`,
  revoked: `i.status = 'revoked'`,
};

function filterSql(tenantId: string, filter: InvitationFilter) {
  const params: unknown[] = [tenantId];
  const where = ['i.tenant_id = $1'];
  if (filter.search) {
    params.push(`%${escapeLike(filter.search.toLowerCase())}%`);
    // The expression migration 004's trigram index is built on.
    where.push(`lower(i.email) like $${params.length}`);
  }
  if (filter.status) where.push(STATUS_SQL[filter.status]);
  if (filter.organizationId) {
    params.push(filter.organizationId);
    where.push(`i.organization_id = $${params.length}`);
  }
  if (filter.administeredBy) {
    params.push(filter.administeredBy, ADMINISTERING_ROLES);
    where.push(
      `i.organization_id in (select a.organization_id from organization_members a
                              where a.tenant_id = i.tenant_id and a.user_id = $${params.length - 1}
                                and a.org_role = any($${params.length}::text[]))`,
    );
  }
  return { where, params };
}

export const invitationRepository = {
  findById: findOneBy<InvitationRow>({ columns: INVITATION_SELECT, from: INVITATION_FROM, alias: 'i', column: 'id' }),
  /** The invitation a mailed link points to. Locking it makes two accepts of one link take turns. */
  findByTokenHash: findOneBy<InvitationRow, Buffer>({
    columns: INVITATION_SELECT,
    from: INVITATION_FROM,
    alias: 'i',
    column: 'token_hash',
  }),
  /** Whether a pending, unexpired invitation for this email into this organization (or none: null = null) exists. */
  async pendingExists(db: Queryable, tenantId: string, email: string, organizationId: string | null): Promise<boolean> {
    const rows = await db.query(
      `select 1 from invitations
        where tenant_id = $1 and lower(email) = lower($2) and organization_id is not distinct from $3::uuid
          and status = 'pending' and expires_at > now()
        limit 1`,
      [tenantId, email, organizationId],
    );
    return rows.length > 0;
  },
  async insert(db: Queryable, i: NewInvitation): Promise<void> {
    await db.query(
      `insert into invitations (id, tenant_id, email, role, role_ids, permissions, organization_id, organization_role,
                                token_hash, invited_by, sent_by_user, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10::uuid is not null,
               now() + make_interval(days => $11::int))`,
      [
        i.id,
        i.tenantId,
        i.email,
        i.role,
        i.roleIds,
        JSON.stringify(i.permissions),
        i.organizationId,
        i.organizationRole,
        i.tokenHash,
        i.invitedBy,
        i.expiresInDays,
      ],
    );
  },
  /**
   * A new token, and the invitation's lifetime counted again from now. The lifetime is the one it
   * was sent with (expiry minus last send; an odd value, from a hand-edited row, falls back to the
   * default).
   */
  async resend(db: Queryable, tenantId: string, id: string, tokenHash: Buffer, defaultDays: number): Promise<void> {
    await db.query(
      `update invitations
          set token_hash = $3,
              expires_at = now() + case when expires_at - last_sent_at between interval '1 day' and interval '30 days'
                                        then expires_at - last_sent_at
                                        else make_interval(days => $4::int) end,
              last_sent_at = now(), send_count = send_count + 1, updated_at = now()
        where tenant_id = $1 and id = $2`,
      [tenantId, id, tokenHash, defaultDays],
    );
  },
  async revoke(db: Queryable, tenantId: string, id: string): Promise<void> {
    await db.query(
      `update invitations set status = 'revoked', revoked_at = now(), updated_at = now() where tenant_id = $1 and id = $2`,
      [tenantId, id],
    );
  },
  /** The users who sent pending invitations that give this role. */
  async sendersOfPendingWithRole(db: Queryable, tenantId: string, roleId: string): Promise<string[]> {
    const rows = await db.query<{ invited_by: string }>(
      `select distinct invited_by from invitations
        where tenant_id = $1 and status = 'pending' and invited_by is not null and $2::uuid = any(role_ids)`,
      [tenantId, roleId],
    );
    return rows.map((r) => r.invited_by);
  },
  /** The pending invitations (expired ones included) these users sent, locked. */
  async pendingSentBy(db: Queryable, tenantId: string, senderIds: string[]): Promise<InvitationRow[]> {
    if (senderIds.length === 0) return [];
    return db.query<InvitationRow>(
      `select ${INVITATION_SELECT} from ${INVITATION_FROM}
        where i.tenant_id = $1 and i.invited_by = any($2::uuid[]) and i.status = 'pending'
        order by i.created_at, i.id
        for update of i`,
      [tenantId, senderIds],
    );
  },
  /** Holds the organization (no deletion under us) until the transaction ends. */
  async holdOrganization(db: Queryable, tenantId: string, organizationId: string): Promise<void> {
    await db.query('select 1 from organizations where tenant_id = $1 and id = $2 for key share', [
      tenantId,
      organizationId,
    ]);
  },
  async markAccepted(db: Queryable, tenantId: string, id: string, userId: string): Promise<void> {
    await db.query(
      `update invitations set status = 'accepted', accepted_at = now(), accepted_user_id = $3, updated_at = now()
        where tenant_id = $1 and id = $2`,
      [tenantId, id, userId],
    );
  },
  /**
   * Serialises one sender's sends (a transaction-scoped advisory lock on the sender), so two
   * requests at once cannot both pass the hourly count.
   */
  async lockSender(db: Queryable, tenantId: string, senderId: string): Promise<void> {
    await db.query(`select pg_advisory_xact_lock(hashtextextended('invitations:' || $1 || ':' || $2, 0))`, [
      tenantId,
      senderId,
    ]);
  },
  /**
   * Invitations this sender has sent (or resent) in the last hour, and in how many seconds the
   * oldest of them leaves the hour.
   */
  async sentInLastHour(
    db: Queryable,
    tenantId: string,
    senderId: string,
  ): Promise<{ count: number; oldestLeavesInSeconds: number }> {
    const rows = await db.query<{ n: number; leaves: number | null }>(
      `select count(*)::int as n,
              ceil(extract(epoch from min(last_sent_at) + interval '1 hour' - now()))::int as leaves
         from invitations
        where tenant_id = $1 and invited_by = $2 and last_sent_at > now() - interval '1 hour'`,
      [tenantId, senderId],
    );
    return { count: rows[0]?.n ?? 0, oldestLeavesInSeconds: Math.max(1, rows[0]?.leaves ?? 1) };
  },
  /** One page newest first after `after`, plus one row to know whether there is more. */
  async page(
    db: Queryable,
    tenantId: string,
    filter: InvitationFilter,
    limit: number,
    after: Keyset | undefined,
  ): Promise<(InvitationRow & { sort_value: string })[]> {
    const { where, params } = filterSql(tenantId, filter);
    if (after) {
      params.push(after.value, after.id);
      where.push(`(i.created_at, i.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    return db.query(
      `select ${INVITATION_SELECT}, i.created_at::text as sort_value from ${INVITATION_FROM}
        where ${where.join(' and ')}
        order by i.created_at desc, i.id desc
        limit $${params.length}`,
      params,
    );
  },
  /** Every invitation the filter matches, in the list's order (newest first): ids and emails only. */
  async matchingIds(
    db: Queryable,
    tenantId: string,
    filter: InvitationFilter,
  ): Promise<{ id: string; email: string }[]> {
    const { where, params } = filterSql(tenantId, filter);
    return db.query(
      `select i.id, i.email from invitations i where ${where.join(' and ')} order by i.created_at desc, i.id desc`,
      params,
    );
  },
  /** These invitations of the tenant, in the list's order; locked when `forUpdate` (a bulk resend). */
  async findMany(
    db: Queryable,
    tenantId: string,
    ids: readonly string[],
    forUpdate: boolean,
  ): Promise<InvitationRow[]> {
    return db.query<InvitationRow>(
      `select ${INVITATION_SELECT} from ${INVITATION_FROM}
        where i.tenant_id = $1 and i.id = any($2::uuid[])
        order by i.created_at desc, i.id desc${forUpdate ? ' for update of i' : ''}`,
      [tenantId, ids],
    );
  },
  count(db: Queryable, tenantId: string, filter: InvitationFilter): Promise<ListTotal> {
    return cappedCountWhere(db, 'invitations i', filterSql(tenantId, filter));
  },
};

/** Records an event about an invitation, made by the caller. */
export const auditInvitation = auditOf('invitation');
