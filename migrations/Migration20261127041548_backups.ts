import { Migration } from '@mikro-orm/migrations';

export class Migration20261127041548_backups extends Migration {
  override name = 'Migration20261127041548_backups';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "backup_policy" ("id" uuid not null, "name" varchar(100) not null, "schedule" varchar(100) not null, "time_zone" varchar(64) not null, "target_ids" jsonb not null, "include_database" boolean not null default true, "include_photos" boolean not null default true, "recipients" jsonb not null, "retention" jsonb not null, "drill_schedule" varchar(100) null, "enabled" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "backup_policy" add constraint "backup_policy_name_unique" unique ("name");`);

    this.addSql(
      `create table "backup_run" ("id" uuid not null, "policy_id" uuid null, "policy_name" varchar(100) not null, "trigger" text not null, "status" text not null default 'queued', "key_prefix" varchar(200) not null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, "bytes_done" bigint not null default '0', "bytes_estimated" bigint null, "size_bytes" bigint null, "size_anomaly" boolean not null default false, "targets" jsonb not null, "manifest" jsonb null, "verifications" jsonb not null, "error" text null, "restore" jsonb null, "pruned_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `create index "backup_run_policy_id_created_at_index" on "backup_run" ("policy_id", "created_at");`,
    );
    this.addSql(`create index "backup_run_status_index" on "backup_run" ("status");`);
    this.addSql(
      `create unique index "backup_run_one_active_per_policy" on "backup_run" ("policy_id") where "status" in ('queued', 'running');`,
    );

    this.addSql(
      `create table "backup_photo_object" ("target_id" uuid not null, "key" varchar(1024) not null, "source" varchar(1024) not null, "plain_size" bigint not null, "plain_sha256" varchar(64) not null, "size" bigint not null, "sha256" varchar(64) not null, "created_at" timestamptz not null, primary key ("target_id", "key"));`,
    );

    this.addSql(
      `alter table "backup_run" add constraint "backup_run_policy_id_foreign" foreign key ("policy_id") references "backup_policy" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "backup_run" add constraint "backup_run_trigger_check" check ("trigger" in ('schedule', 'manual', 'safety'));`,
    );
    this.addSql(
      `alter table "backup_run" add constraint "backup_run_status_check" check ("status" in ('queued', 'running', 'succeeded', 'failed', 'verified'));`,
    );

    this.addSql(
      `alter table "backup_photo_object" add constraint "backup_photo_object_target_id_foreign" foreign key ("target_id") references "storage_provider_config" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "backup_run" drop constraint "backup_run_policy_id_foreign";`);

    this.addSql(`drop table if exists "backup_policy" cascade;`);
    this.addSql(`drop table if exists "backup_run" cascade;`);
    this.addSql(`drop table if exists "backup_photo_object" cascade;`);
  }
}
