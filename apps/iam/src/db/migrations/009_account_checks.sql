-- Account checks (issue 25): a new password required at next sign-in (the seeds' `reset_pw`), and
-- email verification by a mailed link (Locai).

-- Set by an OWNER or ADMIN; while true the user's sessions may only read themselves, sign out and
-- change their own password, which clears it.
alter table users add column must_change_password boolean not null default false;
-- When the current address was proven (a verification link followed, or an invitation accepted
-- from that mailbox); null: not verified. Accounts made before this existed count as verified.
alter table users add column email_verified_at timestamptz;
update users set email_verified_at = created_at;
-- A requested new address: it replaces `email` only when its verification link is followed.
alter table users add column pending_email text;
create index users_unverified_idx on users (tenant_id) where email_verified_at is null;
create index users_must_change_password_idx on users (tenant_id) where must_change_password;

-- Verification links: single use, 24 hours; `email` is the address the link proves (the current
-- one, or the pending new one). Only the token's SHA-256 digest is stored.
create table email_verification_tokens (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  email text not null,
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index email_verification_tokens_user_idx on email_verification_tokens (tenant_id, user_id, created_at);

alter table mail_outbox drop constraint mail_outbox_kind_check;
alter table mail_outbox add constraint mail_outbox_kind_check
  check (kind in ('invitation', 'password_reset', 'email_verification', 'email_change_notice'));
