import { Migration } from '@mikro-orm/migrations';

export class Migration20261126231456_inventory extends Migration {
  override name = 'Migration20261126231456_inventory';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "infinity_bottle" ("id" uuid not null, "household_id" uuid not null, "name" varchar(100) not null, "capacity_ml" int not null, "notes" text null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );

    this.addSql(
      `create table "location" ("id" uuid not null, "household_id" uuid not null, "name" varchar(100) not null, "description" text null, "external_id" varchar(100) null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `alter table "location" add constraint "location_household_id_name_unique" unique ("household_id", "name");`,
    );

    this.addSql(
      `create table "whisky" ("id" uuid not null, "household_id" uuid not null, "name" varchar(200) not null, "distillery" varchar(200) null, "bottler_kind" text not null default 'official', "bottler_name" varchar(200) null, "country" varchar(100) null, "region" varchar(100) null, "style" text not null, "age_years" smallint null, "vintage_year" smallint null, "bottled_year" smallint null, "abv" numeric(4,1) not null, "cask_types" text[] not null default '{}', "cask_strength" boolean not null default false, "chill_filtered" boolean null, "natural_colour" boolean null, "default_size_ml" int not null default 700, "tags" text[] not null default '{}', "notes" text null, "external_url" varchar(2000) null, "external_id" varchar(100) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "whisky_household_id_name_index" on "whisky" ("household_id", "name");`);

    this.addSql(
      `create table "bottle" ("id" uuid not null, "household_id" uuid not null, "whisky_id" uuid not null, "location_id" uuid null, "status" text not null default 'sealed', "size_ml" int not null, "current_volume_ml" numeric(8,1) not null, "opened_at" date null, "finished_at" date null, "purchase_price" numeric(12,2) null, "currency" varchar(3) null, "purchased_at" date null, "shop" varchar(200) null, "estimated_value" numeric(12,2) null, "notes" text null, "external_id" varchar(100) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "bottle_whisky_id_index" on "bottle" ("whisky_id");`);
    this.addSql(`create index "bottle_location_id_index" on "bottle" ("location_id");`);
    this.addSql(
      `create index "bottle_household_id_created_at_index" on "bottle" ("household_id", "created_at");`,
    );
    this.addSql(`create index "bottle_household_id_status_index" on "bottle" ("household_id", "status");`);

    this.addSql(
      `create table "pour" ("id" uuid not null, "household_id" uuid not null, "bottle_id" uuid not null, "ml" numeric(8,1) not null, "reason" text not null, "poured_at" timestamptz not null, "poured_by_id" uuid null, "tasting_session_id" uuid null, "notes" text null, "external_id" varchar(100) null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "pour_tasting_session_id_index" on "pour" ("tasting_session_id");`);
    this.addSql(`create index "pour_household_id_poured_at_index" on "pour" ("household_id", "poured_at");`);
    this.addSql(`create index "pour_bottle_id_poured_at_index" on "pour" ("bottle_id", "poured_at");`);

    this.addSql(
      `create table "infinity_entry" ("id" uuid not null, "household_id" uuid not null, "infinity_bottle_id" uuid not null, "kind" text not null, "ml" numeric(8,1) not null, "whisky_id" uuid null, "abv" numeric(4,1) null, "source_pour_id" uuid null, "at" timestamptz not null, "by_id" uuid null, "notes" text null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "infinity_entry" add constraint "infinity_entry_source_pour_id_unique" unique ("source_pour_id");`,
    );
    this.addSql(
      `create index "infinity_entry_infinity_bottle_id_at_index" on "infinity_entry" ("infinity_bottle_id", "at");`,
    );

    this.addSql(
      `create table "whisky_barcode" ("household_id" uuid not null, "code" varchar(14) not null, "whisky_id" uuid not null, primary key ("household_id", "code"));`,
    );
    this.addSql(`create index "whisky_barcode_whisky_id_index" on "whisky_barcode" ("whisky_id");`);

    this.addSql(
      `alter table "infinity_bottle" add constraint "infinity_bottle_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "infinity_bottle" add constraint "infinity_bottle_capacity_ml_check" check (capacity_ml > 0);`,
    );

    this.addSql(
      `alter table "location" add constraint "location_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );

    this.addSql(
      `alter table "whisky" add constraint "whisky_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "whisky" add constraint "whisky_bottler_kind_check" check ("bottler_kind" in ('official', 'independent'));`,
    );
    this.addSql(
      `alter table "whisky" add constraint "whisky_style_check" check ("style" in ('single_malt', 'blended_malt', 'blend', 'single_grain', 'bourbon', 'rye', 'other'));`,
    );

    this.addSql(
      `alter table "bottle" add constraint "bottle_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "bottle" add constraint "bottle_whisky_id_foreign" foreign key ("whisky_id") references "whisky" ("id");`,
    );
    this.addSql(
      `alter table "bottle" add constraint "bottle_location_id_foreign" foreign key ("location_id") references "location" ("id") on delete restrict;`,
    );
    this.addSql(`alter table "bottle" add constraint "bottle_size_ml_check" check (size_ml > 0);`);
    this.addSql(
      `alter table "bottle" add constraint "bottle_current_volume_ml_check" check (current_volume_ml >= 0 and current_volume_ml <= size_ml);`,
    );
    this.addSql(
      `alter table "bottle" add constraint "bottle_status_check" check ("status" in ('sealed', 'open', 'finished', 'gifted', 'sold'));`,
    );

    this.addSql(
      `alter table "pour" add constraint "pour_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "pour" add constraint "pour_bottle_id_foreign" foreign key ("bottle_id") references "bottle" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "pour" add constraint "pour_poured_by_id_foreign" foreign key ("poured_by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(`alter table "pour" add constraint "pour_ml_check" check (ml > 0);`);
    this.addSql(
      `alter table "pour" add constraint "pour_reason_check" check ("reason" in ('dram', 'tasting', 'share', 'infinity', 'spill', 'correction'));`,
    );

    this.addSql(
      `alter table "infinity_entry" add constraint "infinity_entry_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "infinity_entry" add constraint "infinity_entry_infinity_bottle_id_foreign" foreign key ("infinity_bottle_id") references "infinity_bottle" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "infinity_entry" add constraint "infinity_entry_whisky_id_foreign" foreign key ("whisky_id") references "whisky" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "infinity_entry" add constraint "infinity_entry_source_pour_id_foreign" foreign key ("source_pour_id") references "pour" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "infinity_entry" add constraint "infinity_entry_by_id_foreign" foreign key ("by_id") references "app_user" ("id") on delete set null;`,
    );
    this.addSql(`alter table "infinity_entry" add constraint "infinity_entry_ml_check" check (ml > 0);`);
    this.addSql(
      `alter table "infinity_entry" add constraint "infinity_entry_kind_check" check ("kind" in ('addition', 'pour'));`,
    );

    this.addSql(
      `alter table "whisky_barcode" add constraint "whisky_barcode_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "whisky_barcode" add constraint "whisky_barcode_whisky_id_foreign" foreign key ("whisky_id") references "whisky" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "infinity_entry" drop constraint "infinity_entry_infinity_bottle_id_foreign";`);
    this.addSql(`alter table "bottle" drop constraint "bottle_location_id_foreign";`);
    this.addSql(`alter table "bottle" drop constraint "bottle_whisky_id_foreign";`);
    this.addSql(`alter table "infinity_entry" drop constraint "infinity_entry_whisky_id_foreign";`);
    this.addSql(`alter table "whisky_barcode" drop constraint "whisky_barcode_whisky_id_foreign";`);
    this.addSql(`alter table "pour" drop constraint "pour_bottle_id_foreign";`);
    this.addSql(`alter table "infinity_entry" drop constraint "infinity_entry_source_pour_id_foreign";`);

    this.addSql(`drop table if exists "infinity_bottle" cascade;`);
    this.addSql(`drop table if exists "location" cascade;`);
    this.addSql(`drop table if exists "whisky" cascade;`);
    this.addSql(`drop table if exists "bottle" cascade;`);
    this.addSql(`drop table if exists "pour" cascade;`);
    this.addSql(`drop table if exists "infinity_entry" cascade;`);
    this.addSql(`drop table if exists "whisky_barcode" cascade;`);
  }
}
