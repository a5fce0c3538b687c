import type { AuditEvent } from '@team-access/contract';
import { useAccess } from '@/domain/users/access.ts';
import { paths } from '@/lib/paths.ts';

/**
 * Where an event's actor and target link to, for a person who may open those pages: tenant
 * administrators every member, role and organization; anyone else their own profile and the
 * organizations whose events they read (the ones they administer).
 */
export function useAuditLinks() {
  const { me, canManage } = useAccess();
  const user = (id: string | null | undefined) => (id && (canManage || id === me?.id) ? paths.user(id) : undefined);
  return {
    actor: (event: AuditEvent) => user(event.actor?.id),
    target: (event: AuditEvent): string | undefined => {
      const { type, id } = event.target;
      if (!id) return undefined;
      if (type === 'user') return user(id);
      if (type === 'role') return canManage ? paths.role(id) : undefined;
      if (type === 'organization') return paths.organization(id);
      if (type === 'invitation') return paths.invites;
      return undefined;
    },
  };
}
