-- The users list's `group=` and `organizationId=` filters (issue 20, ADR 038): read from the
-- membership tables alone, by an index-only scan that carries the tenant and the user, so a
-- filter is driven from its members (when they are few) and its capped total counts them without
-- visiting `users`. The role index's lookups by role alone (member counts, cascades) use the new
-- one, which starts with the role.
create index user_roles_role_tenant_user_idx on user_roles (role_id, tenant_id, user_id);
drop index user_roles_role_idx;
create index organization_members_org_tenant_user_idx on organization_members (organization_id, tenant_id, user_id);
