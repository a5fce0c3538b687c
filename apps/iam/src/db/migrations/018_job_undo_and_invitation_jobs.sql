-- Undo for a bulk job, and jobs over invitations (ADR 042).
--
-- A job item's subject is a member or, for an invitations job, an invitation: `user_id` becomes
-- `subject_id` (no foreign key, as before: the outcome file outlives a deleted member).
alter table job_items rename column user_id to subject_id;
-- The item's own action, when it differs from the job's (an undo job: each member's reverse
-- action); null: the job's `payload.action`.
alter table job_items add column action jsonb;
-- What undoes the change this item made (null: nothing to undo, or not changed).
alter table job_items add column undo jsonb;
-- The job this one undoes. One undo per job: the index refuses a second one, even at once.
alter table jobs add column undo_of uuid references jobs (id) on delete set null;
create unique index jobs_undo_of_idx on jobs (undo_of) where undo_of is not null;
