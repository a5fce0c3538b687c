-- Keys that sign access tokens (ADR 049): one set for the whole service, so every instance signs
-- with the same active key and publishes the same JWKS. `retired_at` is set when a rotation
-- replaces the key; a retired key stays published until the last token it signed has expired
-- (`tokens_expire_by`), then a later rotation deletes it.
create table signing_keys (
  kid text primary key,
  alg text not null,
  -- The public half as a JWK (what /.well-known/jwks.json publishes).
  public_jwk jsonb not null,
  -- The private half as a JWK: never returned by any route, never logged.
  private_jwk jsonb not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  -- No token this key signed is valid after this (moved forward as tokens are signed): a retired
  -- key is published until then.
  tokens_expire_by timestamptz
);
-- At most one active key: two instances that create the first key at once keep one of them.
create unique index signing_keys_one_active_idx on signing_keys ((true)) where retired_at is null;
