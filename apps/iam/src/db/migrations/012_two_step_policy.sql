-- The tenant's two-step policy (issue 17, ADR 031): who must have a second factor. `admins` is
-- OWNER and ADMIN. Read with every user row (USER_SELECT) so a session's gate costs no extra query.
alter table tenants add column two_step_policy text not null default 'off'
  check (two_step_policy in ('off', 'admins', 'everyone'));
