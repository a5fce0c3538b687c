-- The audit log (issue 16): names captured when the event is written (readable after the user,
-- role or organization is deleted), where the change came from, the organization an event belongs
-- to (org admins read these), and the link from a revert to the event it undid.
alter table audit_events add column actor_name text;
alter table audit_events add column actor_email text;
alter table audit_events add column target_name text;
alter table audit_events add column target_email text;
-- 'console': through the BFF (an actor session or the BFF's client-address header); 'api': a
-- server-to-server call with client credentials only.
alter table audit_events add column source text not null default 'api' check (source in ('console', 'api'));
-- No foreign keys: an event outlives what it names (and retention may prune an original before its revert).
alter table audit_events add column organization_id uuid;
alter table audit_events add column reverts_event_id uuid;
-- The names of the roles a `groups` change refers to by id, as they were then ({id: name}).
alter table audit_events add column role_names jsonb;

-- Captured names for the events written before this migration, from what still exists.
update audit_events e
   set actor_name = coalesce(nullif(btrim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')), ''), u.email),
       actor_email = u.email
  from users u
 where u.id = e.actor_user_id and u.tenant_id = e.tenant_id;
update audit_events e
   set target_name = coalesce(nullif(btrim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')), ''), u.email),
       target_email = u.email
  from users u
 where e.target_type = 'user' and u.id::text = e.target_id and u.tenant_id = e.tenant_id;
update audit_events e set target_name = r.name
  from roles r where e.target_type = 'role' and r.id::text = e.target_id and r.tenant_id = e.tenant_id;
update audit_events e set target_name = o.name, organization_id = o.id
  from organizations o where e.target_type = 'organization' and o.id::text = e.target_id and o.tenant_id = e.tenant_id;
update audit_events e set target_name = i.email, target_email = i.email, organization_id = i.organization_id
  from invitations i where e.target_type = 'invitation' and i.id::text = e.target_id and i.tenant_id = e.tenant_id;
update audit_events set target_name = coalesce(after ->> 'name', before ->> 'name')
 where target_name is null and target_type in ('role', 'organization');
update audit_events set target_name = coalesce(after ->> 'email', before ->> 'email'),
       target_email = coalesce(after ->> 'email', before ->> 'email')
 where target_name is null and target_type in ('user', 'invitation');
update audit_events set organization_id = target_id::uuid
 where organization_id is null and target_type = 'organization' and target_id is not null;

-- Keyset paging is (created_at desc, id desc) within a tenant (audit_events_tenant_time_idx);
-- each filter that narrows by an equality has an index in the same order after it.
create index audit_events_actor_idx on audit_events (tenant_id, actor_user_id, created_at desc, id desc);
create index audit_events_target_idx on audit_events (tenant_id, target_type, target_id, created_at desc, id desc);
create index audit_events_org_idx on audit_events (tenant_id, organization_id, created_at desc, id desc)
  where organization_id is not null;
create index audit_events_action_idx on audit_events (tenant_id, action, created_at desc, id desc);
-- Retention prunes by age across tenants.
create index audit_events_created_idx on audit_events (created_at);
create index audit_events_reverts_idx on audit_events (reverts_event_id) where reverts_event_id is not null;
-- Free text over the captured names and emails.
create index audit_events_search_trgm_idx on audit_events using gin (
  (lower(coalesce(actor_name, '') || ' ' || coalesce(actor_email, '') || ' ' || coalesce(target_name, '') || ' ' ||
         coalesce(target_email, ''))) gin_trgm_ops
);
