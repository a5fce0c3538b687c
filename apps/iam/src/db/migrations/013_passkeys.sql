-- Passkeys (WebAuthn) as a second factor (issue 17, ADR 032). A passkey is a factor of type
-- `passkey` with its credential id, COSE public key, signature counter and transports; it has no
-- sealed secret. `users.mfa` stays true while any factor, of either type, is enrolled.
alter table mfa_factors drop constraint mfa_factors_type_check;
alter table mfa_factors add constraint mfa_factors_type_check check (type in ('totp', 'passkey'));
alter table mfa_factors alter column secret_ciphertext drop not null;
alter table mfa_factors add column credential_id text;
alter table mfa_factors add column public_key bytea;
alter table mfa_factors add column sign_count bigint;
alter table mfa_factors add column transports text[];
alter table mfa_factors add constraint mfa_factors_kind_check check (
  (type = 'totp' and secret_ciphertext is not null)
  or (type = 'passkey' and credential_id is not null and public_key is not null and sign_count is not null)
);
-- A credential belongs to one factor of one tenant.
create unique index mfa_factors_credential_idx on mfa_factors (tenant_id, credential_id) where credential_id is not null;

-- WebAuthn challenges, server-side, single use, five minutes: one to register a passkey (the
-- user's), one per passkey sign-in attempt (tied to the pending second step it answers).
create table webauthn_challenges (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('register', 'sign_in')),
  challenge text not null unique,
  mfa_challenge_id uuid references mfa_challenges (id) on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index webauthn_challenges_user_idx on webauthn_challenges (tenant_id, user_id);
