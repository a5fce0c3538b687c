import { describe, expect, it } from 'vitest';
import { aMember, aRoleHolder } from '../test-users.ts';
import { restoreCell, withCell } from './matrix-cache.ts';

const marketing = { id: '00000000-0000-4000-8000-00000000aaaa', name: 'Marketing' };
const roleSource = { type: 'role', roleId: marketing.id, roleName: 'Marketing' };

describe('matrix cache: optimistic cells keep permissionSources consistent', () => {
  it('when a plain cell is granted, then it is effective with a direct source', () => {
    const user = withCell(aMember(), { key: 'journey', grant: true });
    expect(user.permissions.journey).toBe(true);
    expect(user.effectivePermissions).toContain('journey');
    expect(user.permissionSources.journey).toEqual([{ type: 'direct' }]);
  });

  it('when a direct grant that a role also gives is revoked, then the key stays effective through the role', () => {
    const user = aRoleHolder(marketing, ['journey'], { permissions: { journey: true } });
    expect(user.permissionSources.journey).toEqual([{ type: 'direct' }, roleSource]);
    const revoked = withCell(user, { key: 'journey', grant: false });
    expect(revoked.permissions.journey).toBe(false);
    expect(revoked.effectivePermissions).toContain('journey');
    expect(revoked.permissionSources.journey).toEqual([roleSource]);
  });

  it('when a direct-only grant is revoked, then the key and its sources are gone', () => {
    const revoked = withCell(aMember({ permissions: { journey: true } }), { key: 'journey', grant: false });
    expect(revoked.effectivePermissions).not.toContain('journey');
    expect(revoked.permissionSources.journey).toBeUndefined();
  });

  it('when a refused change is rolled back, then the cell and its sources are as before', () => {
    const before = aRoleHolder(marketing, ['journey'], { permissions: { journey: true } });
    const shown = withCell(withCell(before, { key: 'journey', grant: false }), { key: 'billing', grant: true });
    const restored = restoreCell(shown, before, 'journey');
    expect(restored.permissions.journey).toBe(true);
    expect(restored.permissionSources.journey).toEqual(before.permissionSources.journey);
    // The other optimistic cell is left as shown.
    expect(restored.permissionSources.billing).toEqual([{ type: 'direct' }]);
  });
});
