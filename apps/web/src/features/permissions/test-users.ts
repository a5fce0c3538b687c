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
    version: 1,
    ...overrides,
  };
}
