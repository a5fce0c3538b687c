-- An invitation sent by a signed-in user can give only what its sender may still give (issue 15).
-- invited_by is set null when the sender is deleted, so whether a user sent it is kept apart:
-- a server-to-server invitation (no sender user) stays valid, a deleted sender's does not.
alter table invitations add column sent_by_user boolean not null default false;
update invitations set sent_by_user = true where invited_by is not null;
-- Invitations whose sender was deleted before this column existed: their audit record names a user.
update invitations i set sent_by_user = true
 where i.invited_by is null
   and exists (select 1 from audit_events e
                where e.tenant_id = i.tenant_id and e.action = 'invitation.sent'
                  and e.target_type = 'invitation' and e.target_id = i.id::text
                  and e.actor_user_id is not null);
