-- Two-step sign-in (issue 17, ADR 029): authenticator apps (TOTP), recovery codes, and the pending
-- second step of a sign-in. `users.mfa` (from 001) stays the wire's flag: true while any factor is
-- enrolled, kept in the same transaction as the factors.

-- An enrolled factor. The TOTP secret is AES-256-GCM ciphertext (iv | tag | data) under
-- MFA_ENCRYPTION_KEY, never plain text. `last_used_step` is the last accepted time step: a code
-- of that step or an earlier one is refused (replay).
create table mfa_factors (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  type text not null check (type in ('totp')),
  name text not null,
  secret_ciphertext bytea not null,
  last_used_step bigint,
  last_used_at timestamptz,
  created_at timestamptz not null default now()
);
-- One authenticator app per user.
create unique index mfa_factors_one_totp_idx on mfa_factors (tenant_id, user_id) where type = 'totp';

-- Single-use recovery codes; only their SHA-256 digest is stored. A new set replaces the old.
create table mfa_recovery_codes (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  code_hash bytea not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index mfa_recovery_codes_user_idx on mfa_recovery_codes (tenant_id, user_id);

-- The second step of a sign-in: after a right password, for five minutes and a few attempts. Only
-- the token's SHA-256 digest is stored; the BFF holds the token server-side.
create table mfa_challenges (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  token_hash bytea not null unique,
  attempts integer not null default 0,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index mfa_challenges_user_idx on mfa_challenges (tenant_id, user_id);
