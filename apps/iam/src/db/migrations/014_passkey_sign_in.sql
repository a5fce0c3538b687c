-- Passkeys as the first factor (issue 17, ADR 039): a tenant allows signing in with a passkey
-- alone. Such a sign-in starts with no user (a discoverable credential names its user only in its
-- answer), so its challenge has none until the answer is checked.
alter table tenants add column passkey_sign_in boolean not null default false;
alter table webauthn_challenges alter column user_id drop not null;
alter table webauthn_challenges drop constraint webauthn_challenges_purpose_check;
alter table webauthn_challenges add constraint webauthn_challenges_purpose_check
  check (purpose in ('register', 'sign_in', 'passwordless'));
alter table webauthn_challenges add constraint webauthn_challenges_user_check
  check (purpose = 'passwordless' or user_id is not null);
