import { describe, expect, it } from 'vitest';
import { administeredOrganizations, organizationAccessFor } from './access.ts';

const owner = { orgRole: 'ORG_OWNER' } as const;
const admin = { orgRole: 'ORG_ADMIN' } as const;
const member = { orgRole: 'ORG_MEMBER' } as const;

describe('organizationAccessFor', () => {
  it('when the person is a tenant OWNER or ADMIN, then they may do everything', () => {
    for (const role of ['OWNER', 'ADMIN'] as const) {
      const access = organizationAccessFor({ role }, undefined);
      expect(access).toMatchObject({
        tenantAdmin: true,
        canCreate: true,
        canDelete: true,
        canAddMembers: true,
        canEditDetails: true,
        canEditSlug: true,
        canManageMembers: true,
        assignableOrgRoles: ['ORG_OWNER', 'ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER'],
      });
      expect([owner, admin, member].every(access.canChangeMember)).toBe(true);
      expect([owner, admin, member].every(access.canRemoveMember)).toBe(true);
    }
  });

  it('when a MEMBER is ORG_OWNER, then they edit the name and description and manage every member, but neither change the slug, create, delete nor add', () => {
    const access = organizationAccessFor({ role: 'MEMBER' }, 'ORG_OWNER');
    expect(access).toMatchObject({
      tenantAdmin: false,
      canCreate: false,
      canDelete: false,
      canAddMembers: false,
      canEditDetails: true,
      canEditSlug: false,
      canManageMembers: true,
      assignableOrgRoles: ['ORG_OWNER', 'ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER'],
    });
    expect(access.canChangeMember(owner)).toBe(true);
    expect(access.canRemoveMember(owner)).toBe(true);
  });

  it('when a MEMBER is ORG_ADMIN, then they manage members but never make, change or remove an ORG_OWNER', () => {
    const access = organizationAccessFor({ role: 'MEMBER' }, 'ORG_ADMIN');
    expect(access.canEditDetails).toBe(false);
    expect(access.canAddMembers).toBe(false);
    expect(access.assignableOrgRoles).toEqual(['ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER']);
    expect(access.canChangeMember(member)).toBe(true);
    expect(access.canChangeMember(admin)).toBe(true);
    expect(access.canChangeMember(owner)).toBe(false);
    expect(access.canRemoveMember(owner)).toBe(false);
  });

  it('when a MEMBER is ORG_USER_MANAGER, then they remove and edit plain ORG_MEMBERs only, and change no org role', () => {
    const access = organizationAccessFor({ role: 'MEMBER' }, 'ORG_USER_MANAGER');
    const manager = { orgRole: 'ORG_USER_MANAGER' } as const;
    expect(access).toMatchObject({
      tenantAdmin: false,
      canCreate: false,
      canDelete: false,
      canAddMembers: false,
      canEditDetails: false,
      canManageMembers: true,
      assignableOrgRoles: ['ORG_MEMBER'],
    });
    expect(access.canRemoveMember(member)).toBe(true);
    expect([owner, admin, manager].some(access.canRemoveMember)).toBe(false);
    expect([owner, admin, manager, member].some(access.canChangeMember)).toBe(false);
    expect(access.canEditMember({ ...member, role: 'MEMBER' })).toBe(true);
    // An account administrator who is an ORG_MEMBER is not theirs to edit; nor an org admin.
    expect(access.canEditMember({ ...member, role: 'ADMIN' })).toBe(false);
    expect(access.canEditMember({ ...admin, role: 'MEMBER' })).toBe(false);
  });

  it('when a tenant ADMIN or an ORG_ADMIN looks, then no one is theirs to edit here (they use the users screen)', () => {
    expect(organizationAccessFor({ role: 'ADMIN' }, undefined).canEditMember({ ...member, role: 'MEMBER' })).toBe(
      false,
    );
    expect(organizationAccessFor({ role: 'MEMBER' }, 'ORG_ADMIN').canEditMember({ ...member, role: 'MEMBER' })).toBe(
      false,
    );
  });

  it('when a MEMBER is only ORG_MEMBER (or not in the organization), then they may do nothing', () => {
    for (const orgRole of ['ORG_MEMBER', undefined] as const) {
      const access = organizationAccessFor({ role: 'MEMBER' }, orgRole);
      expect(access.canManageMembers).toBe(false);
      expect(access.canEditDetails).toBe(false);
      expect(access.assignableOrgRoles).toEqual([]);
      expect(access.canChangeMember(member)).toBe(false);
      expect(access.canRemoveMember(member)).toBe(false);
    }
  });
});

describe('administeredOrganizations', () => {
  it('when a person belongs to several organizations, then only those they own, administer or manage users of count', () => {
    const organization = (id: string) => ({ id, name: id, slug: id });
    const list = {
      items: [
        { organization: organization('a'), orgRole: 'ORG_OWNER' as const },
        { organization: organization('b'), orgRole: 'ORG_MEMBER' as const },
        { organization: organization('c'), orgRole: 'ORG_ADMIN' as const },
        { organization: organization('d'), orgRole: 'ORG_USER_MANAGER' as const },
      ],
    };
    expect(administeredOrganizations(list).map((item) => item.organization.id)).toEqual(['a', 'c', 'd']);
    expect(administeredOrganizations(undefined)).toEqual([]);
  });
});
