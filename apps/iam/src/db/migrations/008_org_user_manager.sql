-- A delegated org role (issue 25, ADR 027): ORG_USER_MANAGER invites and removes an organization's
-- ORG_MEMBERs and edits their names, phone and roles. Memberships and invitations may hold it.
alter table organization_members drop constraint organization_members_org_role_check;
alter table organization_members add constraint organization_members_org_role_check
  check (org_role in ('ORG_OWNER', 'ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER'));
alter table invitations drop constraint invitations_organization_role_check;
alter table invitations add constraint invitations_organization_role_check
  check (organization_role in ('ORG_OWNER', 'ORG_ADMIN', 'ORG_USER_MANAGER', 'ORG_MEMBER'));
-- Whether someone manages a user: their ORG_USER_MANAGER memberships joined to the user's.
create index organization_members_org_role_idx on organization_members (organization_id, org_role);
