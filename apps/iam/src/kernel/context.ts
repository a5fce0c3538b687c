import type { AccessLevel, AuditSource, RuleActor, TwoStepPolicy, UserStatus } from '@team-access/contract';

/**
 * Who is calling, as every service sees it: the tenant, the signed-in user when the BFF acts for
 * one, and the request's metadata for the audit trail. Routes build it with `callerOf`.
 */

/** A user row with its roles (see `USER_SELECT` in modules/users/repository.ts). */
export interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  password_hash: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  status: UserStatus;
  role: AccessLevel;
  permissions: Record<string, boolean>;
  mfa: boolean;
  /** The tenant's two-step policy (tenants.two_step_policy), read with the user. */
  two_step_policy: TwoStepPolicy;
  must_change_password: boolean;
  email_verified_at: Date | null;
  pending_email: string | null;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  /** The user's roles with their names and permissions, ordered by name (one subquery for all of it). */
  role_grants: RoleGrantRow[];
}

export interface RoleGrantRow {
  id: string;
  name: string;
  permissions: string[];
}

/** The signed-in user of a session. */
/** The union of the permissions of the user's roles, sorted. */
export function rolePermissionsOf(row: Pick<UserRow, 'role_grants'>): string[] {
  return [...new Set((row.role_grants ?? []).flatMap((r) => r.permissions))].sort();
}

export function effectivePermissions(row: Pick<UserRow, 'permissions' | 'role_grants'>): string[] {
  const direct = Object.keys(row.permissions ?? {}).filter((key) => row.permissions[key] === true);
  return [...new Set([...direct, ...rolePermissionsOf(row)])];
}

/** The person the shared rules (packages/contract/src/rules) judge; undefined: server to server. */
export function ruleActor(actor: Actor | undefined): RuleActor | undefined {
  if (!actor) return undefined;
  return { id: actor.user.id, role: actor.user.role, effectivePermissions: effectivePermissions(actor.user) };
}

export interface Actor {
  sessionId: string;
  user: UserRow;
}

export interface CallMeta {
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
  /**
   * `console` when the request came through the BFF: it carries a signed-in user's session, or
   * the client-address header the BFF sets on everything it forwards (sign-in, mailed-link pages);
   * `api` for a server-to-server call. Recorded on audit events.
   */
  source: AuditSource;
}

export interface Tenant {
  id: string;
  name: string;
}

/** What the route layer knows about a request once it is authenticated. */
export interface RequestContext extends CallMeta {
  tenant: Tenant;
  /** The signed-in user the BFF acts for; undefined for a server-to-server call. */
  actor: Actor | undefined;
  /** The API key the call came with (ADR 048); undefined for the tenant's own pair or a person. */
  apiKey?: { id: string; name: string; scopes: string[] } | undefined;
}

/** Who is calling: the tenant, and the signed-in user when the BFF acts for one. */
export interface Caller extends CallMeta {
  tenantId: string;
  actor: Actor | undefined;
  /** Set while a revert makes its change through a module's service (see kernel/audit.ts `auditEntryOf`). */
  reverting?: RevertLink | undefined;
}

/**
 * The change a revert is making: the event that records it (this action on this target) links
 * to the reverted event. Other events of the same call (an invitation the change revokes) do not.
 */
export interface RevertLink {
  eventId: string;
  action: string;
  targetType: string;
  targetId: string;
}

/** A caller whose tenant is named to people (in mails). */
export interface NamedTenantCaller extends Caller {
  tenantName: string;
}

/** The one way a route turns its request context into the caller its service takes. */
export function callerOf(ctx: RequestContext): NamedTenantCaller {
  return { ...ctx, tenantId: ctx.tenant.id, tenantName: ctx.tenant.name };
}
