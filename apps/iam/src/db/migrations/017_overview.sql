-- The overview (ADR 040): each figure a count that stops at 10,001 index entries (exact up to
-- 10,000, the planner's estimate beyond, as the lists' totals: ADR 033), on an index whose
-- leading columns are the figure's conditions, and sign-ins per day kept as they happen.

-- Active members without a second factor (the users list's twoStep=off filter).
create index users_tenant_active_no_two_step_idx on users (tenant_id) where status = 'active' and not mfa;
-- Members by status and last sign-in (never = -infinity, as the list sorts it): "inactive for 30/90 days".
create index users_tenant_status_login_idx on users (tenant_id, status, (coalesce(last_login_at, '-infinity'::timestamptz)));
-- Pending invitations by expiry: pending and expiring counted on the index alone.
create index invitations_tenant_pending_expiry_idx on invitations (tenant_id, expires_at) where status = 'pending';

-- Successful sign-ins per tenant and UTC day, counted by a trigger as each `auth.signed_in` event is
-- written (in its transaction): the chart reads 30 rows, not every sign-in of 30 days.
create table sign_in_days (
  tenant_id uuid not null references tenants (id) on delete cascade,
  day date not null,
  sign_ins integer not null,
  primary key (tenant_id, day)
);
insert into sign_in_days (tenant_id, day, sign_ins)
select tenant_id, (created_at at time zone 'UTC')::date, count(*)
  from audit_events where action = 'auth.signed_in' group by 1, 2;

create function count_sign_in() returns trigger language plpgsql as $$
begin
  insert into sign_in_days (tenant_id, day, sign_ins)
  values (new.tenant_id, (new.created_at at time zone 'UTC')::date, 1)
  on conflict (tenant_id, day) do update set sign_ins = sign_in_days.sign_ins + 1;
  return null;
end
$$;
create trigger audit_events_count_sign_in after insert on audit_events
  for each row when (new.action = 'auth.signed_in') execute function count_sign_in();
