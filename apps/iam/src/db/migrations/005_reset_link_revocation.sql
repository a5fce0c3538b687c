-- A reset link ends when its reason does: a password set or changed, the email changed, the
-- account deactivated. Such a link answers 410 link_revoked rather than link_used.
alter table password_reset_tokens add column revoked_at timestamptz;
