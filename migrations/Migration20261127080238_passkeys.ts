import { Migration } from '@mikro-orm/migrations';

export class Migration20261127080238_passkeys extends Migration {
  override name = 'Migration20261127080238_passkeys';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "passkey" ("id" uuid not null, "user_id" uuid not null, "credential_id" text not null, "public_key" bytea not null, "counter" bigint not null default '0', "transports" text[] not null default '{}', "name" varchar(100) not null, "passwordless" boolean not null default false, "backed_up" boolean not null default false, "created_at" timestamptz not null, "last_used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "passkey_user_id_index" on "passkey" ("user_id");`);
    this.addSql(
      `alter table "passkey" add constraint "passkey_credential_id_unique" unique ("credential_id");`,
    );

    this.addSql(
      `alter table "passkey" add constraint "passkey_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "passkey" cascade;`);
  }
}
