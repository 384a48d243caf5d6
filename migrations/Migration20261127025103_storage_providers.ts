import { Migration } from '@mikro-orm/migrations';

export class Migration20261127025103_storage_providers extends Migration {
  override name = 'Migration20261127025103_storage_providers';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "storage_provider_config" ("id" uuid not null, "name" varchar(100) not null, "type" text not null, "settings" jsonb not null, "secrets" jsonb not null, "last_test_result" jsonb null, "last_tested_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `alter table "storage_provider_config" add constraint "storage_provider_config_name_unique" unique ("name");`,
    );

    this.addSql(
      `alter table "storage_provider_config" add constraint "storage_provider_config_type_check" check ("type" in ('local', 's3', 'webdav', 'sftp', 'rclone'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "storage_provider_config" cascade;`);
  }
}
