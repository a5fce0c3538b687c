-- Named API keys of a tenant (machine users, ADR 048). A key is sent as HTTP Basic
-- `key_id:secret`; only the secret's SHA-256 is kept (as the tenant's own API secret, ADR 003).
-- Client authentication reads a key, its tenant and its scopes by `key_id` in one statement
-- (ADR 033), with `revoked_at` and `expires_at` checked in that statement: a revoked or expired
-- key is refused at its next call on every instance.
create table api_keys (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  key_id text not null unique,
  name text not null,
  secret_hash bytea not null,
  scopes text[] not null,
  created_by uuid,
  -- The creator as named then: the list still says who made a key after they are deleted.
  created_by_name text,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  -- Kept fresh at most once a minute per key, not with a write at every call.
  last_used_at timestamptz
);
-- The list: a tenant's keys, newest first.
create index api_keys_tenant_created_idx on api_keys (tenant_id, created_at desc);
-- A name is unique among a tenant's live keys (a revoked key's name may be used again).
create unique index api_keys_tenant_live_name_idx on api_keys (tenant_id, lower(name)) where revoked_at is null;
