-- Keys that sign access tokens (ADR 049): one set for the whole service, so every instance signs
-- with the same active key and publishes the same JWKS. A key is first `next` (published, not yet
-- signing, so verifiers that cache the set already hold it), then active (`activated_at`), then
-- retired by a rotation (`retired_at`). A retired key stays published until the last token it
-- signed has expired (`tokens_expire_by`), then a later rotation deletes it.
create table signing_keys (
  kid text primary key,
  alg text not null,
  -- The public half as a JWK (what /.well-known/jwks.json publishes).
  public_jwk jsonb not null,
  -- The private half as a JWK: never returned by any route, never logged.
  private_jwk jsonb not null,
  created_at timestamptz not null default now(),
  activated_at timestamptz,
  retired_at timestamptz,
  -- No token this key signed is valid after this (moved forward as tokens are signed).
  tokens_expire_by timestamptz
);
-- At most one active key and one next key: two instances that make the first keys at once keep one of each.
create unique index signing_keys_one_active_idx on signing_keys ((true))
  where activated_at is not null and retired_at is null;
create unique index signing_keys_one_next_idx on signing_keys ((true)) where activated_at is null;
