import { administersTenant, type RuleActor } from './actor.ts';

/**
 * Which audit events a person reads: OWNER and ADMIN (and a server-to-server call) the whole
 * tenant; anyone else the events of the organizations they administer (ORG_OWNER or ORG_ADMIN)
 * plus their own — those they made and those about them (target: their user).
 */
export type AuditReadScope = { kind: 'tenant' } | { kind: 'limited'; userId: string; organizationIds: string[] };

export function auditReadScope(
  actor: RuleActor | undefined,
  administeredOrganizationIds: readonly string[],
): AuditReadScope {
  if (!actor || administersTenant(actor)) return { kind: 'tenant' };
  return { kind: 'limited', userId: actor.id, organizationIds: [...administeredOrganizationIds] };
}
