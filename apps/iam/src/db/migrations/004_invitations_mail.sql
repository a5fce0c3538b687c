-- Invitations, password reset links and the mail outbox (ADR 014).

-- An invitation carries what the person will get; accepting it creates the account (or, for an
-- existing account, joins the organization). Only the token's SHA-256 digest is stored.
-- `expired` is not stored: a pending invitation whose expires_at has passed reads as expired.
create table invitations (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  email text not null,
  role text not null check (role in ('OWNER', 'ADMIN', 'MEMBER')),
  role_ids uuid[] not null default '{}',
  permissions jsonb not null default '{}'::jsonb,
  -- An organization's deletion withdraws its invitations with it.
  organization_id uuid references organizations (id) on delete cascade,
  organization_role text check (organization_role in ('ORG_OWNER', 'ORG_ADMIN', 'ORG_MEMBER')),
  token_hash bytea not null unique,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'revoked')),
  invited_by uuid references users (id) on delete set null,
  expires_at timestamptz not null,
  send_count integer not null default 1,
  last_sent_at timestamptz not null default now(),
  accepted_at timestamptz,
  accepted_user_id uuid references users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((organization_id is null) = (organization_role is null))
);
-- The list: newest first, keyset paged; "already invited" looks up by email.
create index invitations_tenant_created_idx on invitations (tenant_id, created_at desc, id desc);
create index invitations_tenant_email_idx on invitations (tenant_id, lower(email));
create index invitations_organization_idx on invitations (organization_id) where organization_id is not null;
create index invitations_search_trgm_idx on invitations using gin ((lower(email)) gin_trgm_ops);
-- The send rate limit counts one sender's recent invitations.
create index invitations_sender_idx on invitations (tenant_id, invited_by, last_sent_at);

-- Password reset links: single use, one hour.
create table password_reset_tokens (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  ip text,
  created_at timestamptz not null default now()
);
create index password_reset_tokens_user_idx on password_reset_tokens (tenant_id, user_id, created_at);

-- Every mail is written here in the transaction that causes it, then delivered by the
-- dispatcher (SMTP_URL), retried with back-off. With no SMTP_URL it stays here as `kept` and the
-- server log prints its link. A delivered mail's bodies are cleared: they hold a live link.
create table mail_outbox (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  kind text not null check (kind in ('invitation', 'password_reset')),
  to_address text not null,
  subject text not null,
  text_body text,
  html_body text,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'kept')),
  attempts integer not null default 0,
  last_error text,
  next_attempt_at timestamptz not null default now(),
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where status = 'pending';
