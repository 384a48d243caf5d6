import { Migration } from '@mikro-orm/migrations';

export class Migration20261126230107_users extends Migration {
  override name = 'Migration20261126230107_users';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "audit_event" ("id" bigserial primary key, "at" timestamptz not null, "actor_id" uuid null, "household_id" uuid null, "action" varchar(64) not null, "target_type" varchar(32) null, "target_id" varchar(64) null, "ip" varchar(45) null, "request_id" varchar(128) null, "details" jsonb null);`,
    );
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at");`);
    this.addSql(`create index "audit_event_household_id_index" on "audit_event" ("household_id");`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);

    this.addSql(
      `create table "household" ("id" uuid not null, "name" varchar(100) not null, "founding" boolean not null default false, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );

    this.addSql(
      `create table "app_user" ("id" uuid not null, "household_id" uuid not null, "email" varchar(320) not null, "display_name" varchar(100) not null, "password_hash" text null, "role" text not null, "email_verified_at" timestamptz null, "disabled_at" timestamptz null, "password_changed_at" timestamptz null, "rating_scale" text not null default 'points100', "locale" varchar(35) not null default 'en', "time_zone" varchar(64) not null default 'UTC', "currency" varchar(3) not null default 'EUR', "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "app_user_household_id_index" on "app_user" ("household_id");`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(
      `create table "one_time_code" ("id" uuid not null, "user_id" uuid not null, "purpose" text not null, "code_hash" varchar(64) null, "link_hash" varchar(64) not null, "attempts" int not null default 0, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "one_time_code_user_id_index" on "one_time_code" ("user_id");`);
    this.addSql(
      `alter table "one_time_code" add constraint "one_time_code_link_hash_unique" unique ("link_hash");`,
    );

    this.addSql(
      `create table "invite" ("id" uuid not null, "household_id" uuid not null, "email" varchar(320) null, "role" text not null, "token_hash" varchar(64) not null, "created_by_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "used_by_id" uuid null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "invite_household_id_index" on "invite" ("household_id");`);
    this.addSql(`alter table "invite" add constraint "invite_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `create table "auth_session" ("id" uuid not null, "user_id" uuid not null, "device" varchar(200) not null, "ip" varchar(45) not null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" varchar(40) null, primary key ("id"));`,
    );
    this.addSql(`create index "auth_session_user_id_index" on "auth_session" ("user_id");`);

    this.addSql(
      `create table "refresh_token" ("id" uuid not null, "session_id" uuid not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "refresh_token_session_id_index" on "refresh_token" ("session_id");`);
    this.addSql(
      `alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `create table "api_token" ("id" uuid not null, "user_id" uuid not null, "name" varchar(100) not null, "scope" text not null, "token_hash" varchar(64) not null, "prefix" varchar(16) not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id");`);
    this.addSql(
      `alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `alter table "app_user" add constraint "app_user_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_role_check" check ("role" in ('admin', 'user', 'read_only'));`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_rating_scale_check" check ("rating_scale" in ('points100', 'points10', 'stars5'));`,
    );

    this.addSql(
      `alter table "one_time_code" add constraint "one_time_code_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "one_time_code" add constraint "one_time_code_purpose_check" check ("purpose" in ('email_verification', 'password_reset'));`,
    );

    this.addSql(
      `alter table "invite" add constraint "invite_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "invite" add constraint "invite_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invite" add constraint "invite_used_by_id_foreign" foreign key ("used_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "invite" add constraint "invite_role_check" check ("role" in ('admin', 'user', 'read_only'));`,
    );

    this.addSql(
      `alter table "auth_session" add constraint "auth_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "refresh_token" add constraint "refresh_token_session_id_foreign" foreign key ("session_id") references "auth_session" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "api_token" add constraint "api_token_scope_check" check ("scope" in ('read', 'write'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "app_user" drop constraint "app_user_household_id_foreign";`);
    this.addSql(`alter table "invite" drop constraint "invite_household_id_foreign";`);
    this.addSql(`alter table "one_time_code" drop constraint "one_time_code_user_id_foreign";`);
    this.addSql(`alter table "invite" drop constraint "invite_created_by_id_foreign";`);
    this.addSql(`alter table "invite" drop constraint "invite_used_by_id_foreign";`);
    this.addSql(`alter table "auth_session" drop constraint "auth_session_user_id_foreign";`);
    this.addSql(`alter table "api_token" drop constraint "api_token_user_id_foreign";`);
    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_session_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "household" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);
    this.addSql(`drop table if exists "one_time_code" cascade;`);
    this.addSql(`drop table if exists "invite" cascade;`);
    this.addSql(`drop table if exists "auth_session" cascade;`);
    this.addSql(`drop table if exists "refresh_token" cascade;`);
    this.addSql(`drop table if exists "api_token" cascade;`);
  }
}
