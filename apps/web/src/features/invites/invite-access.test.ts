import type { User } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { testSession } from '@/test/fixtures.ts';
import { administeredOrganizations, inviteAccessFor, NO_INVITES_REASON } from './invite-access.ts';

const person = (role: User['role'], effectivePermissions: string[] = []): User => ({
  ...testSession.user,
  role,
  effectivePermissions,
});
const acme = { id: '0b7e4f52-5a55-4c6e-9d3a-2f0f3c1c9a10', name: 'Acme', slug: 'acme' };
const globex = { id: '1c8f5a63-6b66-4d7f-8e4b-3a1a4d2dab21', name: 'Globex', slug: 'globex' };
const other = '2d9a6b74-7c77-4e8a-9f5c-4b2b5e3ebc32';
const billing = { id: '3e0b7c85-8d88-4f9b-8a6d-5c3c6f4fcd43', name: 'Billing', permissions: ['billing'] };

describe('inviteAccessFor', () => {
  it('when an admin invites, then they give what they may give a user, and no owner', () => {
    const access = inviteAccessFor(person('ADMIN', ['journey']), []);
    expect(access).toMatchObject({ canInvite: true, tenantAdmin: true, delegated: false, organizationRequired: false });
    expect(access.assignableRoles).toEqual(['ADMIN', 'MEMBER']);
    expect(access.assignableOrgRoles(acme.id)).toEqual(['ORG_OWNER', 'ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER']);
    expect(access.problems({ email: 'a@x.test', role: 'ADMIN', permissions: { journey: true } }, [])).toEqual([]);
    expect(
      access.problems(
        { email: 'a@x.test', role: 'OWNER', permissions: { billing: true, journey: false }, groups: [billing.id] },
        [billing],
      ),
    ).toEqual([
      'Only an owner can make someone an owner.',
      'You do not hold "billing", so you cannot grant it',
      'Role "Billing" grants billing, which you do not hold',
    ]);
  });

  it('when an owner invites, then everything is allowed', () => {
    const access = inviteAccessFor(person('OWNER'), []);
    expect(access.assignableRoles).toEqual(['OWNER', 'ADMIN', 'MEMBER']);
    expect(
      access.problems({ email: 'a@x.test', role: 'OWNER', permissions: { billing: true }, groups: [billing.id] }, [
        billing,
      ]),
    ).toEqual([]);
  });

  it('when a member administers organizations, then they invite members into those only, without roles or permissions', () => {
    const access = inviteAccessFor(
      person('MEMBER', ['billing']),
      administeredOrganizations({
        items: [
          { organization: acme, orgRole: 'ORG_OWNER' },
          { organization: globex, orgRole: 'ORG_ADMIN' },
          { organization: { id: other, name: 'Initech', slug: 'initech' }, orgRole: 'ORG_MEMBER' },
        ],
      }),
    );
    expect(access).toMatchObject({ canInvite: true, tenantAdmin: false, delegated: true, organizationRequired: true });
    expect(access.organizations?.map((organization) => organization.name)).toEqual(['Acme', 'Globex']);
    expect(access.assignableRoles).toEqual(['MEMBER']);
    expect(access.canGrant('billing')).toBe(false);
    expect(access.assignableOrgRoles(acme.id)).toEqual(['ORG_OWNER', 'ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER']);
    expect(access.assignableOrgRoles(globex.id)).toEqual(['ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER']);
    expect(access.assignableOrgRoles(other)).toEqual([]);

    expect(
      access.problems({ email: 'a@x.test', organizationId: globex.id, organizationRole: 'ORG_ADMIN' }, []),
    ).toEqual([]);
    expect(
      access.problems({ email: 'a@x.test', organizationId: globex.id, organizationRole: 'ORG_OWNER' }, []),
    ).toEqual(['Only an ORG_OWNER can make someone an ORG_OWNER.']);
    expect(access.problems({ email: 'a@x.test' }, [])).toEqual(['Choose an organization you administer']);
    expect(access.problems({ email: 'a@x.test', organizationId: other }, [])).toEqual([
      'You do not administer this organization.',
    ]);
    expect(
      access.problems(
        {
          email: 'a@x.test',
          role: 'ADMIN',
          groups: [billing.id],
          permissions: { billing: true },
          organizationId: acme.id,
        },
        [billing],
      ),
    ).toEqual([
      'Organization administrators invite members only',
      'Organization administrators cannot give roles',
      'Organization administrators cannot grant permissions',
    ]);
  });

  it('when a member administers nothing, then they invite nobody', () => {
    const access = inviteAccessFor(person('MEMBER'), []);
    expect(access.canInvite).toBe(false);
    expect(access.assignableRoles).toEqual([]);
    expect(access.problems({ email: 'a@x.test' }, [])).toEqual([NO_INVITES_REASON]);
  });
});
