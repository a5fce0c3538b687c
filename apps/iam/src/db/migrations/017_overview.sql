-- The overview (ADR 040). The member figures (by access level and status, and the active ones
-- without two-step or without a recent sign-in) in one index-only pass: the role and status index
-- also carries `mfa` and `last_login_at`. Same key columns as before, so the list's filters keep it.
drop index users_tenant_role_status_idx;
create index users_tenant_role_status_idx on users (tenant_id, role, status) include (mfa, last_login_at);
-- Pending invitations by expiry: pending and expiring counted on the index alone.
create index invitations_tenant_pending_expiry_idx on invitations (tenant_id, expires_at) where status = 'pending';
