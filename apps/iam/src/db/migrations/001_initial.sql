-- Tenants: one per client. The API secret is stored as a SHA-256 digest (it is a high-entropy
-- random value), compared in constant time.
create table tenants (
  id uuid primary key,
  name text not null,
  api_key text not null unique,
  api_secret_hash bytea not null,
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  email text not null,
  password_hash text,
  first_name text,
  last_name text,
  phone text,
  status text not null default 'active' check (status in ('active', 'inactive', 'invited')),
  role text not null default 'MEMBER' check (role in ('OWNER', 'ADMIN', 'MEMBER')),
  permissions jsonb not null default '{}'::jsonb,
  mfa boolean not null default false,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
-- Emails are unique per tenant, compared case-insensitively.
create unique index users_tenant_email_key on users (tenant_id, lower(email));

create table sessions (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  token_hash bytea not null unique,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user_idx on sessions (tenant_id, user_id);

create table audit_events (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  actor_user_id uuid,
  action text not null,
  target_type text not null,
  target_id text,
  before jsonb,
  after jsonb,
  request_id text,
  ip text,
  created_at timestamptz not null default now()
);
create index audit_events_tenant_time_idx on audit_events (tenant_id, created_at desc, id desc);
