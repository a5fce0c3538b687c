import { describe, expect, it } from 'vitest';
import { screens } from './navigation.tsx';
import { screenAccessFor } from './screen-access.tsx';

const id = '6f1c1f0e-8f43-4c36-9a39-0c3b7a0c2f11';

describe('screenAccessFor', () => {
  it('when a MEMBER administers an organization, then they get Organizations, Invites, Audit (their organizations’ events) and their own profile only', () => {
    const access = screenAccessFor({ id, role: 'MEMBER' }, true);
    expect(access.navigation.map((screen) => [screen.label, screen.path])).toEqual([
      ['Organizations', '/organizations'],
      ['Invites', '/invites'],
      ['Audit', '/audit'],
      ['My profile', `/users/${id}`],
    ]);
    expect(access.home).toBe('/organizations');
    for (const allowed of [
      '/organizations',
      '/organizations/x',
      '/invites',
      '/audit',
      `/users/${id}`,
      '/no-such-screen',
    ]) {
      expect(access.allows(allowed), allowed).toBe(true);
    }
    for (const refused of ['/users', '/users/someone-else', '/permissions', '/roles', '/roles/x']) {
      expect(access.allows(refused), refused).toBe(false);
    }
  });

  it('when the person is an owner, an admin or a plain member, then every screen stays (a member is not offered Webhooks); owners and admins start on the overview, members on Users', () => {
    for (const [role, administers, home] of [
      ['OWNER', true, '/overview'],
      ['ADMIN', false, '/overview'],
      ['MEMBER', false, '/users'],
    ] as const) {
      const access = screenAccessFor({ id, role }, administers);
      const labels = access.navigation.map((s) => s.label);
      if (role === 'MEMBER') {
        expect(labels).toEqual(screens.filter((s) => s.label !== 'Webhooks').map((s) => s.label));
      } else {
        expect(access.navigation).toBe(screens);
        expect(labels).toContain('Webhooks');
      }
      expect(access.home).toBe(home);
      expect(access.allows('/permissions')).toBe(true);
      // The address still opens (the screen says why it is empty); the IAM API refuses the rest.
      expect(access.allows('/webhooks')).toBe(true);
    }
  });
});
