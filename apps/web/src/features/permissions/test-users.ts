import type { User } from '@team-access/contract';
import { testSession } from '@/test/fixtures.ts';

let serial = 0;

/** A member as the list answers it, with what a test needs changed. */
export function aMember(overrides: Partial<User> = {}): User {
  serial++;
  const id = `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
  const permissions = overrides.permissions ?? {};
  return {
    ...testSession.user,
    id,
    email: `member${serial}@example.com`,
    firstName: `Member${serial}`,
    lastName: null,
    role: 'MEMBER',
    permissions,
    effectivePermissions: Object.keys(permissions).filter((key) => permissions[key]),
    permissionSources: Object.fromEntries(
      Object.keys(permissions)
        .filter((key) => permissions[key])
        .map((key) => [key, [{ type: 'direct' as const }]]),
    ),
    version: 1,
    ...overrides,
  };
}

/** A member who holds a role granting `keys` (and whatever direct grants `overrides` gives them). */
export function aRoleHolder(role: { id: string; name: string }, keys: string[], overrides: Partial<User> = {}): User {
  const member = aMember(overrides);
  const permissionSources = { ...member.permissionSources };
  for (const key of keys) {
    permissionSources[key] = [
      ...(permissionSources[key] ?? []),
      { type: 'role', roleId: role.id, roleName: role.name },
    ];
  }
  return {
    ...member,
    groups: [role.id],
    effectivePermissions: [...new Set([...member.effectivePermissions, ...keys])],
    permissionSources,
  };
}
