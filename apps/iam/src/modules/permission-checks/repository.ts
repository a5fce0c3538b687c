import type { AccessLevel, UserStatus } from '@team-access/contract';
import type { NamedStatement, Queryable } from '../../db/client.ts';

/** What the one statement reads for one pair (ADR 047). */
export interface CheckRow {
  /** Null: no such user in this tenant. */
  status: UserStatus | null;
  access_level: AccessLevel | null;
  permission_known: boolean;
  direct: boolean;
  /** The user's roles that grant the key, by name. */
  roles: { id: string; name: string; auditEventId?: string | null }[];
  direct_event_id?: string | null;
}

/**
 * The latest event on the user that turned the key on: a creation whose map holds it, or a change
 * whose reduced `after` (kernel/audit.ts: only the changed keys) sets it. On the target index.
 */
const DIRECT_EVENT = `(select e.id from audit_events e
   where e.tenant_id = $1 and e.target_type = 'user' and e.target_id = u.id::text
     and e.after -> 'permissions' -> p.permission = 'true'::jsonb
   order by e.created_at desc, e.id desc limit 1)`;

/** The latest event on the user whose `groups` gained the role (a creation, a role change, an update). */
const ROLE_EVENT = `(select e.id from audit_events e
   where e.tenant_id = $1 and e.target_type = 'user' and e.target_id = u.id::text
     and e.after -> 'groups' @> to_jsonb(ro.id::text)
     and not coalesce(e.before -> 'groups' @> to_jsonb(ro.id::text), false)
   order by e.created_at desc, e.id desc limit 1)`;

function checkStatement(explain: boolean): NamedStatement {
  return {
    name: explain ? 'permission_checks_explained' : 'permission_checks',
    text: `select u.status, u.role as access_level, (c.key is not null) as permission_known,
                  coalesce(u.permissions -> p.permission = 'true'::jsonb, false) as direct,
                  ${explain ? `case when u.permissions -> p.permission = 'true'::jsonb then ${DIRECT_EVENT} end as direct_event_id,` : ''}
                  coalesce(g.roles, '[]'::json) as roles
             from unnest($2::uuid[], $3::text[]) with ordinality as p(user_id, permission, n)
             left join users u on u.id = p.user_id and u.tenant_id = $1
             left join permissions c on c.tenant_id = $1 and c.key = p.permission
             left join lateral (
               select json_agg(json_build_object('id', ro.id, 'name', ro.name
                                                 ${explain ? `, 'auditEventId', ${ROLE_EVENT}` : ''})
                               order by lower(ro.name), ro.id) as roles
                 from user_roles ur join roles ro on ro.id = ur.role_id and ro.tenant_id = $1
                where u.id is not null and ur.user_id = u.id and ur.tenant_id = $1
                  and p.permission = any(ro.permissions)
             ) g on true
            order by p.n`,
  };
}

const statements = { plain: checkStatement(false), explained: checkStatement(true) };

export const permissionCheckRepository = {
  /**
   * Every pair's user, catalog entry, direct grant and granting roles (and with `explain` the
   * events that made the grants) in ONE statement, tenant scoped, in the pairs' order: one
   * snapshot of the database, so the batch never mixes states and never reads a cache.
   */
  read(
    db: Queryable,
    tenantId: string,
    pairs: readonly { userId: string; permission: string }[],
    explain: boolean,
  ): Promise<CheckRow[]> {
    return db.query<CheckRow>(explain ? statements.explained : statements.plain, [
      tenantId,
      pairs.map((p) => p.userId),
      pairs.map((p) => p.permission),
    ]);
  },
};
