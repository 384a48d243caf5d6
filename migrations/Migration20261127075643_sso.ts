import { Migration } from '@mikro-orm/migrations';

export class Migration20261127075643_sso extends Migration {
  override name = 'Migration20261127075643_sso';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "sso_provider" ("id" uuid not null, "slug" varchar(40) not null, "name" varchar(100) not null, "button_label" varchar(100) not null, "issuer_url" varchar(500) not null, "client_id" varchar(255) not null, "client_secret" text null, "scopes" varchar(500) not null, "auto_provision" boolean not null default false, "household_id" uuid null, "default_role" text not null default 'user', "groups_claim" varchar(100) not null default 'groups', "group_role_map" jsonb not null, "enabled" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "sso_provider" add constraint "sso_provider_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "user_identity" ("id" uuid not null, "user_id" uuid not null, "issuer" varchar(500) not null, "subject" varchar(255) not null, "provider_slug" varchar(40) not null, "email" varchar(320) null, "created_at" timestamptz not null, "last_used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "user_identity_user_id_index" on "user_identity" ("user_id");`);
    this.addSql(
      `alter table "user_identity" add constraint "user_identity_issuer_subject_unique" unique ("issuer", "subject");`,
    );

    this.addSql(
      `alter table "sso_provider" add constraint "sso_provider_household_id_foreign" foreign key ("household_id") references "household" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "sso_provider" add constraint "sso_provider_default_role_check" check ("default_role" in ('admin', 'user', 'read_only'));`,
    );

    this.addSql(
      `alter table "user_identity" add constraint "user_identity_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "sso_provider" cascade;`);
    this.addSql(`drop table if exists "user_identity" cascade;`);
  }
}
