-- Tenant webhooks (issue 22, ADR 050). The audit log stays the one event record: a delivery names
-- the audit event it carries (written in the change's transaction, by the audit writer), and its
-- payload is built from that event when it is sent.

-- A change made by a call that named the webhook delivery it reacts to (X-Triggered-By-Webhook).
alter table audit_events drop constraint audit_events_source_check;
alter table audit_events add constraint audit_events_source_check
  check (source in ('console', 'api', 'webhook-triggered'));

create table webhooks (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  url text not null,
  description text not null default '',
  -- Webhook event types (packages/contract/src/webhooks.ts).
  events text[] not null,
  paused boolean not null default false,
  -- The Standard Webhooks secret (whsec_…), sealed with MFA_ENCRYPTION_KEY: signing needs it back.
  secret_sealed bytea not null,
  secret_created_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhooks_tenant_idx on webhooks (tenant_id, created_at desc);

-- The outbox: one row per (webhook, audit event), or a test event (no audit event). Claimed by the
-- job runner's webhook outbox with a lease (`for update skip locked`): one instance sends a try.
create table webhook_deliveries (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  webhook_id uuid not null references webhooks (id) on delete cascade,
  audit_event_id uuid references audit_events (id) on delete cascade,
  event_type text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  -- Tries made in all; failures in a row since the last success or redelivery (the back-off step).
  attempts integer not null default 0,
  failures integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  claimed_by text,
  lease_until timestamptz,
  delivered_at timestamptz,
  created_at timestamptz not null default now()
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, created_at desc, id desc);
create index webhook_deliveries_event_idx on webhook_deliveries (audit_event_id);

-- Each try: what the receiver answered (or why there was no answer) and how long it took.
create table webhook_attempts (
  delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
  attempt integer not null,
  at timestamptz not null default now(),
  status_code integer,
  duration_ms integer not null,
  error text,
  response_excerpt text,
  primary key (delivery_id, attempt)
);
