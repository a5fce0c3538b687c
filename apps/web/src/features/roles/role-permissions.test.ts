import { describe, expect, it } from 'vitest';
import { roleAccessFor } from '@/domain/roles/role-rules.ts';
import { PUT_IN_ROLE_REASON, roleCell } from './role-cell.ts';
import { permissionsToSend, shownRole, withPermission } from './role-permissions.ts';

const roleId = 'r1';

describe('role permission writes', () => {
  it('when a permission is switched on or off, then the set gains or loses only it', () => {
    expect(withPermission(['a', 'b'], { key: 'c', grant: true })).toEqual(['a', 'b', 'c']);
    expect(withPermission(['a', 'b'], { key: 'a', grant: false })).toEqual(['b']);
    expect(withPermission(['a'], { key: 'a', grant: true })).toEqual(['a']);
  });

  it('when later toggles are already shown, then a write sends the last answer plus only its own change', () => {
    // Answer was [a]; the admin switched b on, then c on, then a off: all three are shown at once.
    const shown = { permissions: ['b', 'c'] };
    const first = { roleId, key: 'b', grant: true };
    const waiting = [
      { roleId, key: 'c', grant: true },
      { roleId, key: 'a', grant: false },
    ];
    expect(permissionsToSend(shown, first, waiting).sort()).toEqual(['a', 'b']);
  });

  it('when toggles of another role wait, then they do not change this role', () => {
    const toggle = { roleId, key: 'b', grant: true };
    expect(permissionsToSend({ permissions: ['a'] }, toggle, [{ roleId: 'r2', key: 'a', grant: false }])).toEqual([
      'a',
      'b',
    ]);
  });

  it('when an answer arrives while toggles wait, then they stay shown over it', () => {
    const answer = { id: roleId, permissions: ['a', 'b'] };
    expect(
      shownRole(answer, [
        { roleId, key: 'c', grant: true },
        { roleId, key: 'a', grant: false },
      ]).permissions,
    ).toEqual(['b', 'c']);
  });
});

describe('roleCell', () => {
  it('when an admin lacks a permission, then they can neither put it in a role nor take it out (ADR 017)', () => {
    const admin = roleAccessFor({ id: 'a', role: 'ADMIN', effectivePermissions: ['journey'] });
    expect(roleCell({ permissions: [] }, 'billing', admin)).toEqual({
      granted: false,
      lockedReason: PUT_IN_ROLE_REASON,
    });
    expect(roleCell({ permissions: ['billing'] }, 'billing', admin)).toEqual({
      granted: true,
      lockedReason: 'You can take out of a role only permissions you hold yourself.',
    });
    expect(roleCell({ permissions: [] }, 'journey', admin).lockedReason).toBeUndefined();
    expect(roleCell({ permissions: ['journey'] }, 'journey', admin).lockedReason).toBeUndefined();
  });

  it('when an admin gives, takes away or deletes a role, then it must carry only permissions they hold', () => {
    const admin = roleAccessFor({ id: 'a', role: 'ADMIN', effectivePermissions: ['journey'] });
    const billing = { name: 'Billing', permissions: ['journey', 'billing'] };
    expect(admin.whyNotAssign(billing)).toBe('Role "Billing" grants billing, which you do not hold');
    expect(admin.whyNotUnassign(billing)).toBe(
      'Role "Billing" carries billing, which you do not hold, so you cannot take it away',
    );
    expect(admin.whyNotDelete(billing)).toBe(
      'Role "Billing" carries billing, which you do not hold, so you cannot delete it.',
    );
    const journeys = { name: 'Journeys', permissions: ['journey'] };
    expect([admin.whyNotAssign(journeys), admin.whyNotUnassign(journeys), admin.whyNotDelete(journeys)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const owner = roleAccessFor({ id: 'o', role: 'OWNER', effectivePermissions: [] });
    expect(owner.whyNotUnassign(billing)).toBeUndefined();
  });

  it('when the viewer is a member, then every cell is read-only', () => {
    const member = roleAccessFor({ id: 'm', role: 'MEMBER', effectivePermissions: ['journey'] });
    expect(roleCell({ permissions: ['journey'] }, 'journey', member).lockedReason).toBe(
      'Only owners and administrators can change roles.',
    );
  });
});
