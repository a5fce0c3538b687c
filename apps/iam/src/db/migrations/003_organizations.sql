-- Organizations: companies or teams inside a tenant, with members holding an org role.
create table organizations (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  slug text not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
-- Slugs are unique per tenant; listing pages by (lower(name), id).
create unique index organizations_tenant_slug_key on organizations (tenant_id, slug);
create index organizations_tenant_name_id_idx on organizations (tenant_id, lower(name), id);

create table organization_members (
  tenant_id uuid not null references tenants (id) on delete cascade,
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  org_role text not null check (org_role in ('ORG_OWNER', 'ORG_ADMIN', 'ORG_MEMBER')),
  created_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
-- A user's organizations (navigation, the users list's organizationId filter runs the other way).
create index organization_members_user_idx on organization_members (user_id);
