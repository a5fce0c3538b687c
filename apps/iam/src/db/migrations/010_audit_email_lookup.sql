-- A free-text search that is a whole email address looks the address up exactly (issue 16's
-- benchmark): a trigram scan for an address shares `@example.com`'s trigrams with every event.
-- Each index is in keyset order, like the other filters'.
create index audit_events_actor_email_idx on audit_events (tenant_id, lower(actor_email), created_at desc, id desc)
  where actor_email is not null;
create index audit_events_target_email_idx on audit_events (tenant_id, lower(target_email), created_at desc, id desc)
  where target_email is not null;
