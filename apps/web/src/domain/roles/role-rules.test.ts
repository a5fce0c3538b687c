import type { PermissionCatalog, Role } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { describeDeletionImpact, roleAccessFor, rolesOf } from './role-rules.ts';

const catalog: PermissionCatalog = {
  categories: [{ key: 'marketing', label: 'Marketing' }],
  items: [
    { key: 'journey', label: 'Journey', category: 'marketing', description: '' },
    { key: 'billing', label: 'Billing', category: 'marketing', description: '' },
  ],
};

const roleId = '00000000-0000-4000-8000-000000000001';

describe('describeDeletionImpact', () => {
  it('when members would lose permissions, then it counts them and names each one, most first', () => {
    const impact = {
      roleId,
      memberCount: 14,
      losses: [
        { permission: 'billing', users: 3 },
        { permission: 'journey', users: 12 },
        { permission: 'checkout', users: 0 },
      ],
    };
    expect(describeDeletionImpact(impact, catalog)).toEqual({
      inUse: true,
      sentence: '14 members hold this role. 12 members lose Journey (12), Billing (3).',
    });
  });

  it('when nobody holds the role, then it is not in use', () => {
    expect(describeDeletionImpact({ roleId, memberCount: 0, losses: [] }, catalog)).toEqual({
      inUse: false,
      sentence: 'Nobody holds this role.',
    });
  });

  it('when the members keep everything another way, then it says nobody loses a permission', () => {
    const impact = { roleId, memberCount: 1, losses: [{ permission: 'journey', users: 0 }] };
    expect(describeDeletionImpact(impact, catalog).sentence).toMatch(/^1 member holds this role; nobody loses/);
  });
});

describe('roleAccessFor', () => {
  const role = (permissions: string[]) => ({ name: 'Billing', permissions }) as Pick<Role, 'name' | 'permissions'>;

  it('when an admin lacks a permission of the role, then they cannot assign it and are told why', () => {
    const admin = roleAccessFor({ id: 'a', role: 'ADMIN', effectivePermissions: ['journey'] });
    expect(admin.whyNotAssign(role(['journey']))).toBeUndefined();
    expect(admin.whyNotAssign(role(['journey', 'billing']))).toBe(
      'Role "Billing" grants billing, which you do not hold',
    );
    expect(admin.canGrant('billing')).toBe(false);
  });

  it('when the actor is an owner, then every role is assignable; a member may assign none', () => {
    expect(
      roleAccessFor({ id: 'o', role: 'OWNER', effectivePermissions: [] }).whyNotAssign(role(['billing'])),
    ).toBeUndefined();
    expect(roleAccessFor({ id: 'm', role: 'MEMBER', effectivePermissions: ['billing'] }).whyNotAssign(role([]))).toBe(
      'Only owners and administrators can change roles.',
    );
  });
});

describe('rolesOf', () => {
  it('when a user holds roles, then they are listed in the list order', () => {
    const roles = [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
      { id: 'c', name: 'C' },
    ] as Role[];
    expect(rolesOf({ groups: ['c', 'a', 'x'] }, roles).map((r) => r.name)).toEqual(['A', 'C']);
  });
});
