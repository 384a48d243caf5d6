import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail moves, with its rows, indexes and id sequence, to a schema of its own and becomes
 * append-only: a trigger refuses UPDATE, DELETE and TRUNCATE by anyone but the table's owner (the
 * role that runs migrations and ops/db/audit-retention.sql), and no other role keeps a grant for
 * them. Which roles may INSERT and SELECT is deployment-specific: ops/db/bootstrap.sql grants that.
 */
export class Migration20261127072309_audit_schema extends Migration {
  override name = 'Migration20261127072309_audit_schema';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "audit";`);
    this.addSql(`alter table "audit_event" set schema "audit";`);
    // Invoker rights: current_user is whoever changes the table. The search path is fixed so that a
    // caller cannot substitute pg_class or pg_roles.
    this.addSql(
      `create function "audit"."audit_event_append_only"() returns trigger language plpgsql set search_path = pg_catalog as $$
      begin
        if (select relowner from pg_class where oid = tg_relid)
           is distinct from (select oid from pg_roles where rolname = current_user) then
          raise exception 'audit.audit_event is append-only: % by role % refused', tg_op, current_user
            using errcode = 'insufficient_privilege',
                  hint = 'Only the table owner may change or remove entries (ops/db/audit-retention.sql).';
        end if;
        if tg_op = 'DELETE' then
          return old;
        end if;
        return new;
      end $$;`,
    );
    this.addSql(
      `create trigger "audit_event_append_only" before update or delete on "audit"."audit_event" for each row execute function "audit"."audit_event_append_only"();`,
    );
    this.addSql(
      `create trigger "audit_event_no_truncate" before truncate on "audit"."audit_event" for each statement execute function "audit"."audit_event_append_only"();`,
    );
    // An installation upgraded after ops/db/bootstrap.sql granted the runtime role every table of
    // public still holds those grants on the moved table: only its owner keeps them now.
    this.addSql(
      `do $$
      declare
        grantee text;
      begin
        for grantee in
          select distinct coalesce(quote_ident(r.rolname), 'public')
          from pg_class c
          cross join lateral aclexplode(c.relacl) a
          left join pg_roles r on r.oid = a.grantee
          where c.oid = 'audit.audit_event'::regclass
            and a.grantee <> c.relowner
            and a.privilege_type in ('UPDATE', 'DELETE', 'TRUNCATE')
        loop
          execute format('revoke update, delete, truncate on "audit"."audit_event" from %s', grantee);
        end loop;
      end $$;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "audit_event_no_truncate" on "audit"."audit_event";`);
    this.addSql(`drop trigger if exists "audit_event_append_only" on "audit"."audit_event";`);
    this.addSql(`drop function if exists "audit"."audit_event_append_only"();`);
    this.addSql(`alter table "audit"."audit_event" set schema "public";`);
    this.addSql(`drop schema if exists "audit";`);
  }
}
