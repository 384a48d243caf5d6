-- Whiskey Tracker: audit retention. Deletes audit events older than `keep_days` (default 730: two
-- years) and prints how many it deleted.
--
-- The audit trail is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE by any role but the
-- owner of audit.audit_event, so run this as the owner role (the role of DATABASE_MIGRATION_URL,
-- whiskey_owner by default), e.g. monthly from cron or a systemd timer:
--
--   psql "$DATABASE_MIGRATION_URL" -v ON_ERROR_STOP=1 -v keep_days=730 -f ops/db/audit-retention.sql
--
-- Nothing is deleted when no event is that old. Backups taken before keep the deleted events until
-- their own retention removes them.

\set ON_ERROR_STOP 1
\if :{?keep_days}
\else
  \set keep_days 730
\endif

with deleted as (
  delete from audit.audit_event
  where at < now() - make_interval(days => :'keep_days'::int)
  returning 1
)
select count(*) as deleted_audit_events, :'keep_days'::int as kept_days from deleted;
