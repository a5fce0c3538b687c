-- Users at scale: search, sort and keyset paging; the permission catalog; roles (as `groups`);
-- idempotent creates.
create extension if not exists pg_trgm;

-- The tenant's permission catalog (seeded with the Conscent keys when a tenant is set up).
create table permissions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  key text not null,
  label text not null,
  category text not null,
  description text not null,
  position integer not null,
  primary key (tenant_id, key)
);

-- Roles: named permission groups (a user's `groups`).
create table roles (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text not null,
  description text,
  permissions text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create unique index roles_tenant_name_key on roles (tenant_id, lower(name));

create table user_roles (
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role_id uuid not null references roles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, role_id)
);
create index user_roles_role_idx on user_roles (role_id);

-- Sorting by name: one lower-case key ("first last", or the email when there is no name), so
-- "name" sorts and pages on an index.
alter table users add column sort_name text generated always as (
  lower(coalesce(nullif(btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''), email))
) stored;

-- Case-insensitive "contains" search on email and names: a trigram index on one expression.
create index users_search_trgm_idx on users using gin (
  (lower(email || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) gin_trgm_ops
);

-- Keyset paging: (sort key, id) per sort, scoped by tenant.
create index users_tenant_email_id_idx on users (tenant_id, lower(email), id);
create index users_tenant_name_id_idx on users (tenant_id, sort_name, id);
create index users_tenant_created_id_idx on users (tenant_id, created_at, id);
create index users_tenant_login_id_idx on users (tenant_id, (coalesce(last_login_at, '-infinity'::timestamptz)), id);
create index users_tenant_role_status_idx on users (tenant_id, role, status);

-- Idempotency-Key: the first answer to a create, replayed for a retry with the same key.
create table idempotency_keys (
  tenant_id uuid not null references tenants (id) on delete cascade,
  scope text not null,
  key text not null,
  request_hash bytea not null,
  status integer not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, scope, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

create index sessions_active_user_idx on sessions (user_id) where revoked_at is null;
