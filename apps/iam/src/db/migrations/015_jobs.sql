-- One job runner for work that outlives a request (ADR 035): a job is claimed by one IAM instance
-- at a time with a lease (`for update skip locked`), and runs in chunks, each its own
-- transaction; an expired lease (a crashed or restarted instance) lets another instance go on
-- from the first item without an outcome. Progress is the counters; Cancel is read between chunks.
create table jobs (
  id uuid primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  kind text not null,
  payload jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'cancelled', 'failed')),
  total integer not null default 0,
  changed integer not null default 0,
  skipped integer not null default 0,
  failed integer not null default 0,
  cancel_requested boolean not null default false,
  attempts integer not null default 0,
  claimed_by text,
  lease_until timestamptz,
  last_error text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_due_idx on jobs (created_at) where status in ('queued', 'running');

-- A job's members, in order, with each one's outcome once its chunk ran (the outcome file).
create table job_items (
  job_id uuid not null references jobs (id) on delete cascade,
  seq integer not null,
  user_id uuid not null,
  email text not null,
  outcome text check (outcome in ('changed', 'skipped', 'failed')),
  reason text,
  primary key (job_id, seq)
);
create index job_items_pending_idx on job_items (job_id, seq) where outcome is null;
