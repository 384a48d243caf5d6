import { Migration } from '@mikro-orm/migrations';

export class Migration20261127075505_mfa extends Migration {
  override name = 'Migration20261127075505_mfa';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "mfa_recovery_code" ("id" uuid not null, "user_id" uuid not null, "code_hash" varchar(64) not null, "created_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "mfa_recovery_code_user_id_index" on "mfa_recovery_code" ("user_id");`);
    this.addSql(
      `alter table "mfa_recovery_code" add constraint "mfa_recovery_code_code_hash_unique" unique ("code_hash");`,
    );

    this.addSql(
      `create table "mfa_challenge" ("id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "failed_attempts" int not null default 0, "created_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "mfa_challenge_user_id_index" on "mfa_challenge" ("user_id");`);
    this.addSql(
      `alter table "mfa_challenge" add constraint "mfa_challenge_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `create table "user_totp" ("id" uuid not null, "user_id" uuid not null, "sealed_secret" text not null, "confirmed_at" timestamptz null, "last_used_step" int null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "user_totp" add constraint "user_totp_user_id_unique" unique ("user_id");`);

    this.addSql(
      `alter table "mfa_recovery_code" add constraint "mfa_recovery_code_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "mfa_challenge" add constraint "mfa_challenge_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "user_totp" add constraint "user_totp_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "mfa_recovery_code" cascade;`);
    this.addSql(`drop table if exists "mfa_challenge" cascade;`);
    this.addSql(`drop table if exists "user_totp" cascade;`);
  }
}
