import { describe, expect, it } from 'vitest';
import { accessFor } from '@/domain/users/access.ts';
import { testSession } from '@/test/fixtures.ts';
import { cellDescription, cellHint, cellState, isGranted, rolePhrase } from './cell-state.ts';
import { aMember, aRoleHolder } from './test-users.ts';

const marketing = { id: '00000000-0000-4000-8000-00000000aaaa', name: 'Marketing' };

const owner = accessFor(testSession.user);
const admin = accessFor({ ...testSession.user, role: 'ADMIN', effectivePermissions: ['journey'] });

describe('cellState', () => {
  it('when the key is a direct grant, then the cell is direct and switchable', () => {
    const cell = cellState(aMember({ permissions: { journey: true } }), 'journey', owner);
    expect(cell).toEqual({
      direct: true,
      inherited: false,
      byAccessLevel: false,
      inheritedFrom: [],
      lockedReason: undefined,
    });
    expect(cellDescription(cell)).toBe('granted');
  });

  it('when the key is effective but not direct, then it is inherited, read-only, and says where to change it', () => {
    const user = aMember({ permissions: { journey: false }, effectivePermissions: ['journey'] });
    const cell = cellState(user, 'journey', owner);
    expect(cell.direct).toBe(false);
    expect(cell.inherited).toBe(true);
    expect(cell.lockedReason).toBe('Granted by a role — change it on the Roles screen.');
    expect(cellDescription(cell)).toBe('granted by a role, change it on the Roles screen');
  });

  it('when the role names are known, then the cell names them', () => {
    const user = aMember({ effectivePermissions: ['journey'] });
    const cell = cellState(user, 'journey', owner, () => ['Marketing']);
    expect(cell.inheritedFrom).toEqual(['Marketing']);
    expect(cell.lockedReason).toBe('Granted by role Marketing — change it on the Roles screen.');
    expect(rolePhrase(['A', 'B', 'C'])).toBe('roles A, B and C');
  });

  it('when a false entry is in the map, then it is not granted', () => {
    const cell = cellState(aMember({ permissions: { journey: false } }), 'journey', owner);
    expect(cell).toMatchObject({ direct: false, inherited: false, lockedReason: undefined });
    expect(cellDescription(cell)).toBe('not granted');
  });

  it('when an admin does not hold the permission, then they can neither grant it nor revoke it (ADR 017)', () => {
    const off = cellState(aMember(), 'payments', admin);
    expect(off.lockedReason).toBe('You can grant only permissions you hold yourself.');
    expect(cellDescription(off)).toBe('not granted, read-only: You can grant only permissions you hold yourself.');
    const on = cellState(aMember({ permissions: { payments: true } }), 'payments', admin);
    expect(on.lockedReason).toBe('You can revoke only permissions you hold yourself.');
    expect(cellDescription(on)).toBe('granted, read-only: You can revoke only permissions you hold yourself.');
  });

  it('when an admin holds the permission, then they can grant it and revoke it', () => {
    expect(cellState(aMember(), 'journey', admin).lockedReason).toBeUndefined();
    expect(cellState(aMember({ permissions: { journey: true } }), 'journey', admin).lockedReason).toBeUndefined();
  });

  it('when the user is an owner, then every cell is granted by the access level and read-only, for everyone (ADR 018)', () => {
    const target = aMember({ role: 'OWNER', permissions: { journey: false } });
    for (const viewer of [admin, owner]) {
      const cell = cellState(target, 'journey', viewer);
      expect(cell).toMatchObject({ byAccessLevel: true, direct: false, inherited: false });
      expect(isGranted(cell)).toBe(true);
      expect(cell.lockedReason).toBe(
        "An owner holds every permission through the access level; an owner's permissions cannot be switched.",
      );
      expect(cellDescription(cell)).toBe('granted by the owner access level, read-only');
    }
  });

  it('when the viewer is a member, then nothing is switchable', () => {
    const member = accessFor({ ...testSession.user, role: 'MEMBER' });
    expect(cellState(aMember(), 'journey', member).lockedReason).toBe(
      'Only owners and administrators can manage team members.',
    );
  });

  it("when a role grants the key, then the cell names the role from the user's sources and cannot be switched", () => {
    const cell = cellState(aRoleHolder(marketing, ['Checkout']), 'Checkout', owner);
    expect(cell).toMatchObject({ direct: false, inherited: true, inheritedFrom: ['Marketing'] });
    expect(cell.lockedReason).toBe('Granted by role Marketing — change it on the Roles screen.');
    expect(cellDescription(cell)).toBe('granted by role Marketing, change it on the Roles screen');
  });

  it('when the key is granted directly and by a role, then it is direct, switchable, and says the role keeps it', () => {
    const user = aRoleHolder(marketing, ['Checkout'], { permissions: { Checkout: true } });
    const cell = cellState(user, 'Checkout', owner);
    expect(cell).toMatchObject({
      direct: true,
      inherited: false,
      inheritedFrom: ['Marketing'],
      lockedReason: undefined,
    });
    expect(cellDescription(cell)).toBe('granted directly and by role Marketing');
    expect(cellHint(cell)).toBe(
      'Granted directly and by role Marketing: switching it off removes only the direct grant.',
    );
  });
});
