-- Whiskey Tracker: the database, its owner role and the runtime role (least privilege).
--
--   owner role (default whiskey_owner): owns the database and every object in it; runs migrations
--     (DATABASE_MIGRATION_URL), backup restores, restore drills (CREATEDB, for their scratch database)
--     and ops/db/audit-retention.sql.
--   runtime role (default whiskey_app): what the application connects as (DATABASE_URL). It may read
--     and write rows, and only insert and read in schema audit. It owns nothing and can create,
--     alter, drop or truncate nothing.
--
-- Run as a superuser, connected to any database but the application's (e.g. postgres):
--
--   psql -v ON_ERROR_STOP=1 -d postgres -f ops/db/bootstrap.sql \
--     -v dbname=whiskey \
--     -v owner_role=whiskey_owner -v owner_password="$OWNER_PASSWORD" \
--     -v app_role=whiskey_app -v app_password="$APP_PASSWORD"
--
-- Every variable is optional: the names default as above, and a password left out is left as it is
-- (none on a new role: for peer or trust authentication). Idempotent: run it again at any time, e.g.
-- to change a password. On an existing installation it hands every object of the database to the
-- owner role and grants the runtime role what it needs on the tables that exist (ops/db/README.md).

\set ON_ERROR_STOP 1
\if :{?owner_role}
\else
  \set owner_role whiskey_owner
\endif
\if :{?app_role}
\else
  \set app_role whiskey_app
\endif
\if :{?dbname}
\else
  \set dbname whiskey
\endif

select :'owner_role' = :'app_role' as same_role \gset
\if :same_role
  do $$ begin raise exception 'owner_role and app_role must be two different roles'; end $$;
\endif

-- Roles -------------------------------------------------------------------------------------------

select format('create role %I', :'owner_role')
where not exists (select from pg_roles where rolname = :'owner_role') \gexec
alter role :"owner_role" with login nosuperuser createdb nocreaterole noreplication nobypassrls;

select format('create role %I', :'app_role')
where not exists (select from pg_roles where rolname = :'app_role') \gexec
alter role :"app_role" with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls;

-- Membership in the owner role would give the runtime role the owner's rights.
select format('revoke %I from %I', :'owner_role', :'app_role')
from pg_auth_members m
where m.roleid = (select oid from pg_roles where rolname = :'owner_role')
  and m.member = (select oid from pg_roles where rolname = :'app_role') \gexec

\if :{?owner_password}
  alter role :"owner_role" with password :'owner_password';
\endif
\if :{?app_password}
  alter role :"app_role" with password :'app_password';
\endif

-- The database -------------------------------------------------------------------------------------

select format('create database %I owner %I encoding %L template template0', :'dbname', :'owner_role', 'UTF8')
where not exists (select from pg_database where datname = :'dbname') \gexec
alter database :"dbname" owner to :"owner_role";
grant connect on database :"dbname" to :"app_role";
-- Temporary tables are schema changes too, if short-lived ones: only the owner may make them.
revoke temporary on database :"dbname" from public;

\connect :"dbname"

-- Only the owner creates objects (PostgreSQL 15 no longer lets PUBLIC create in public; older
-- clusters and upgraded ones do).
revoke create on schema public from public;
revoke create on schema public from :"app_role";
grant usage, create on schema public to :"owner_role";
grant usage on schema public to :"app_role";

-- An existing installation (tables created by another role, e.g. the container's superuser): the
-- owner role takes over every object, so migrations can change them. A sequence owned by a column
-- follows its table.
select format('alter schema %I owner to %I', n.nspname, :'owner_role')
from pg_namespace n
where n.nspname = 'audit' and n.nspowner <> (select oid from pg_roles where rolname = :'owner_role') \gexec

select format(
         'alter %s %s owner to %I',
         case c.relkind
           when 'S' then 'sequence'
           when 'v' then 'view'
           when 'm' then 'materialized view'
           when 'f' then 'foreign table'
           else 'table'
         end,
         c.oid::regclass,
         :'owner_role')
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname in ('public', 'audit')
  and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
  and c.relowner <> (select oid from pg_roles where rolname = :'owner_role')
  and not exists (
    select from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid = c.oid
      and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')) \gexec

select format('alter function %s owner to %I', p.oid::regprocedure, :'owner_role')
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
where n.nspname in ('public', 'audit')
  and p.proowner <> (select oid from pg_roles where rolname = :'owner_role') \gexec

-- What the owner creates from now on (migrations, restores) is granted as it is created. Everywhere:
-- schema usage, reading and inserting rows, using sequences. In public also updating and deleting:
-- schema audit (the audit trail) stays insert-only. These grants are not tied to one schema's oid, so
-- they survive a restore, which drops and recreates schema audit.
alter default privileges for role :"owner_role" grant usage on schemas to :"app_role";
alter default privileges for role :"owner_role" grant select, insert on tables to :"app_role";
alter default privileges for role :"owner_role" grant usage, select on sequences to :"app_role";
alter default privileges for role :"owner_role" in schema public grant update, delete on tables to :"app_role";

-- What exists already (an upgrade, or this script run again after the migrations).
grant select, insert, update, delete on all tables in schema public to :"app_role";
grant usage, select on all sequences in schema public to :"app_role";

select statement
from (values
  (1, format('grant usage on schema audit to %I', :'app_role')),
  (2, format('grant select, insert on all tables in schema audit to %I', :'app_role')),
  (3, format('revoke update, delete, truncate on all tables in schema audit from %I', :'app_role')),
  (4, format('grant usage, select on all sequences in schema audit to %I', :'app_role'))
) as s(position, statement)
where exists (select from pg_namespace where nspname = 'audit')
order by position \gexec
