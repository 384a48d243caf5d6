import { Migration } from '@mikro-orm/migrations';

export class Migration20261127014226_photos extends Migration {
  override name = 'Migration20261127014226_photos';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "photo" ("id" uuid not null, "household_id" uuid not null, "whisky_id" uuid null, "bottle_id" uuid null, "sha256" varchar(64) not null, "format" text not null, "width" int not null, "height" int not null, "size_bytes" int not null, "state" text not null default 'processing', "cover" boolean not null default false, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "photo_whisky_id_index" on "photo" ("whisky_id");`);
    this.addSql(`create index "photo_bottle_id_index" on "photo" ("bottle_id");`);
    this.addSql(`create index "photo_sha256_index" on "photo" ("sha256");`);

    this.addSql(
      `alter table "photo" add constraint "photo_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "photo" add constraint "photo_whisky_id_foreign" foreign key ("whisky_id") references "whisky" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "photo" add constraint "photo_bottle_id_foreign" foreign key ("bottle_id") references "bottle" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "photo" add constraint "photo_one_owner" check ((whisky_id is null) <> (bottle_id is null));`,
    );
    this.addSql(
      `alter table "photo" add constraint "photo_format_check" check ("format" in ('jpeg', 'png', 'webp', 'avif'));`,
    );
    this.addSql(
      `alter table "photo" add constraint "photo_state_check" check ("state" in ('processing', 'ready', 'failed'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "photo" cascade;`);
  }
}
