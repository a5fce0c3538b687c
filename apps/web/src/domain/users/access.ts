import { useQuery } from '@tanstack/react-query';
import type { AccessLevel, User } from '@team-access/contract';
import { sessionQueries } from '@/lib/session.ts';

/**
 * What the signed-in person may do to team members — the IAM API's rules ("Who may do what"),
 * mirrored so the screens show read-only what would be refused, instead of an error after a click.
 * The API still decides every call.
 */
export interface Access {
  me: User | undefined;
  /** OWNER and ADMIN manage members; a MEMBER does not. */
  canManage: boolean;
  /** Access levels this person may give. */
  assignableRoles: AccessLevel[];
  canEdit(target: Pick<User, 'id' | 'role'>): boolean;
  canDelete(target: Pick<User, 'id' | 'role'>): boolean;
  /** Whether this person may turn the permission on for someone (they must hold it). */
  canGrant(key: string): boolean;
  /** Why a change is not allowed, in a sentence; undefined when it is. */
  whyNot(target: Pick<User, 'id' | 'role'>, change?: { grant?: string }): string | undefined;
}

export function accessFor(me: User | undefined): Access {
  const role = me?.role;
  const canManage = role === 'OWNER' || role === 'ADMIN';
  const held = new Set(me?.effectivePermissions ?? []);
  const canEdit = (target: Pick<User, 'id' | 'role'>) => canManage && !(role === 'ADMIN' && target.role === 'OWNER');
  const canGrant = (key: string) => role === 'OWNER' || (canManage && held.has(key));
  const whyNot = (target: Pick<User, 'id' | 'role'>, change?: { grant?: string }) => {
    if (!canManage) return 'Only owners and administrators can change team members.';
    if (!canEdit(target)) return 'Only an owner can change an owner.';
    if (change?.grant && !canGrant(change.grant)) return 'You can grant only permissions you hold yourself.';
    return undefined;
  };
  return {
    me,
    canManage,
    assignableRoles: role === 'OWNER' ? ['OWNER', 'ADMIN', 'MEMBER'] : canManage ? ['ADMIN', 'MEMBER'] : [],
    canEdit,
    canDelete: (target) => canEdit(target) && target.id !== me?.id,
    canGrant,
    whyNot,
  };
}

/** The signed-in person's access, from the session the shell already loaded. */
export function useAccess(): Access {
  const { data } = useQuery(sessionQueries.current());
  return accessFor(data?.user);
}
