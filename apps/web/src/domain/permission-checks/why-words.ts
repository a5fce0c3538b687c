import type { PermissionCheckReason, PermissionCheckResult } from '@team-access/contract';

/** One line of the "why" panel: a sentence, and what it can link to. */
export interface WhyLine {
  text: string;
  /** The role that grants it: its page is where the grant changes. */
  role?: { id: string; name: string };
  /** The audit event that made the grant, while the log keeps it. */
  auditEventId?: string | null;
}

const line = (reason: PermissionCheckReason, refused: boolean): WhyLine => {
  // A refused member keeps their grants: they apply again once the account is active.
  const kept = refused ? ' (it applies once the account is active)' : '';
  switch (reason.type) {
    case 'direct':
      return { text: `Granted directly${kept}.`, auditEventId: reason.auditEventId };
    case 'role':
      return {
        text: `Granted by the role ${reason.role.name}${kept}.`,
        role: reason.role,
        auditEventId: reason.auditEventId,
      };
    case 'access_level':
      return { text: `An owner holds every permission by the access level${kept}.` };
    case 'deactivated':
      return { text: 'The account is deactivated: it is refused everything while it is.' };
    case 'invitation_pending':
      return { text: 'The invitation is not accepted yet: it is refused everything until it is.' };
    case 'unknown_permission':
      return { text: 'This permission is not in the catalog.' };
    case 'unknown_user':
      return { text: 'There is no such member in this account.' };
    case 'not_granted':
      return { text: 'Nothing grants it: no direct grant, no role that includes it, and not an owner.' };
  }
};

/**
 * The check API's explanation in words (ADR 047): the verdict, then one line per reason in the
 * API's order (grants first, then what refuses).
 */
export function whyWords(
  result: Pick<PermissionCheckResult, 'allowed' | 'reasons'>,
  names: { member: string; permission: string },
): { verdict: string; lines: WhyLine[] } {
  const reasons = result.reasons ?? [];
  const refused = !result.allowed && reasons.some((r) => r.type === 'deactivated' || r.type === 'invitation_pending');
  return {
    verdict: `${names.member} ${result.allowed ? 'may use' : 'may not use'} ${names.permission}.`,
    lines: reasons.map((reason) =>
      line(reason, refused && reason.type !== 'deactivated' && reason.type !== 'invitation_pending'),
    ),
  };
}
