import { Migration } from '@mikro-orm/migrations';

export class Migration20261127000615_tastings extends Migration {
  override name = 'Migration20261127000615_tastings';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "flavour_tag" ("slug" varchar(40) not null, "family" varchar(40) not null, "label" varchar(60) not null, primary key ("slug"));`,
    );

    this.addSql(
      `create table "tasting_session" ("id" uuid not null, "household_id" uuid not null, "title" varchar(200) not null, "starts_at" timestamptz not null, "place" varchar(200) null, "host_id" uuid not null, "status" text not null default 'planned', "blind" boolean not null default false, "notes" text null, "started_at" timestamptz null, "finished_at" timestamptz null, "share_token_hash" varchar(64) null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `alter table "tasting_session" add constraint "tasting_session_share_token_hash_unique" unique ("share_token_hash");`,
    );
    this.addSql(
      `create index "tasting_session_household_id_starts_at_index" on "tasting_session" ("household_id", "starts_at");`,
    );

    this.addSql(
      `create table "participant" ("id" uuid not null, "household_id" uuid not null, "session_id" uuid not null, "user_id" uuid null, "display_name" varchar(100) not null, "guest_token_hash" varchar(64) null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "participant_session_id_index" on "participant" ("session_id");`);
    this.addSql(
      `alter table "participant" add constraint "participant_guest_token_hash_unique" unique ("guest_token_hash");`,
    );
    this.addSql(
      `alter table "participant" add constraint "participant_session_id_user_id_unique" unique ("session_id", "user_id");`,
    );

    this.addSql(
      `create table "flight_item" ("id" uuid not null, "household_id" uuid not null, "session_id" uuid not null, "position" smallint not null, "bottle_id" uuid not null, "ml_per_participant" numeric(6,1) not null, "pour_id" uuid null, "served_at" timestamptz null, "revealed_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "flight_item_session_id_index" on "flight_item" ("session_id");`);
    this.addSql(`alter table "flight_item" add constraint "flight_item_pour_id_unique" unique ("pour_id");`);
    this.addSql(
      `alter table "flight_item" add constraint "flight_item_session_id_position_unique" unique ("session_id", "position");`,
    );

    this.addSql(
      `create table "tasting_note" ("id" uuid not null, "household_id" uuid not null, "whisky_id" uuid not null, "session_id" uuid null, "flight_item_id" uuid null, "participant_id" uuid null, "author_id" uuid null, "nose" text null, "palate" text null, "finish" text null, "overall" text null, "score" numeric(4,1) null, "score_scale" text null, "flavour_tags" text[] not null default '{}', "free_tags" text[] not null default '{}', "served_ml" numeric(6,1) null, "guess_whisky_id" uuid null, "guess_text" varchar(200) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "tasting_note_session_id_index" on "tasting_note" ("session_id");`);
    this.addSql(
      `create index "tasting_note_household_id_whisky_id_index" on "tasting_note" ("household_id", "whisky_id");`,
    );
    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_flight_item_id_participant_id_unique" unique ("flight_item_id", "participant_id");`,
    );

    this.addSql(
      `alter table "tasting_session" add constraint "tasting_session_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "tasting_session" add constraint "tasting_session_host_id_foreign" foreign key ("host_id") references "app_user" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "tasting_session" add constraint "tasting_session_status_check" check ("status" in ('planned', 'live', 'finished', 'cancelled'));`,
    );

    this.addSql(
      `alter table "participant" add constraint "participant_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "participant" add constraint "participant_session_id_foreign" foreign key ("session_id") references "tasting_session" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "participant" add constraint "participant_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "flight_item" add constraint "flight_item_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "flight_item" add constraint "flight_item_session_id_foreign" foreign key ("session_id") references "tasting_session" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "flight_item" add constraint "flight_item_bottle_id_foreign" foreign key ("bottle_id") references "bottle" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "flight_item" add constraint "flight_item_pour_id_foreign" foreign key ("pour_id") references "pour" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "flight_item" add constraint "flight_item_position_check" check (position > 0);`,
    );
    this.addSql(
      `alter table "flight_item" add constraint "flight_item_ml_per_participant_check" check (ml_per_participant > 0);`,
    );

    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_household_id_foreign" foreign key ("household_id") references "household" ("id");`,
    );
    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_whisky_id_foreign" foreign key ("whisky_id") references "whisky" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_session_id_foreign" foreign key ("session_id") references "tasting_session" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_flight_item_id_foreign" foreign key ("flight_item_id") references "flight_item" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_participant_id_foreign" foreign key ("participant_id") references "participant" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_guess_whisky_id_foreign" foreign key ("guess_whisky_id") references "whisky" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_score_check" check (score >= 0 and score <= 100);`,
    );
    this.addSql(
      `alter table "tasting_note" add constraint "tasting_note_score_scale_check" check ("score_scale" in ('points100', 'points10', 'stars5'));`,
    );
    // The fixed flavour vocabulary: the common whisky-wheel families and a few of their notes.
    this.addSql(
      `insert into "flavour_tag" ("slug", "family", "label") values ('fruity', 'fruity', 'Fruity'), ('citrus', 'fruity', 'Citrus'), ('apple', 'fruity', 'Apple'), ('pear', 'fruity', 'Pear'), ('dried-fruit', 'fruity', 'Dried fruit'), ('tropical', 'fruity', 'Tropical'), ('berries', 'fruity', 'Berries'), ('floral', 'floral', 'Floral'), ('heather', 'floral', 'Heather'), ('grassy', 'floral', 'Grassy'), ('perfumed', 'floral', 'Perfumed'), ('malty', 'malty', 'Malty'), ('cereal', 'malty', 'Cereal'), ('biscuit', 'malty', 'Biscuit'), ('bread', 'malty', 'Bread'), ('peaty', 'peaty', 'Peaty'), ('earthy', 'peaty', 'Earthy'), ('mossy', 'peaty', 'Mossy'), ('smoky', 'smoky', 'Smoky'), ('bonfire', 'smoky', 'Bonfire'), ('ash', 'smoky', 'Ash'), ('tar', 'smoky', 'Tar'), ('spicy', 'spicy', 'Spicy'), ('pepper', 'spicy', 'Pepper'), ('cinnamon', 'spicy', 'Cinnamon'), ('clove', 'spicy', 'Clove'), ('ginger', 'spicy', 'Ginger'), ('woody', 'woody', 'Woody'), ('oak', 'woody', 'Oak'), ('cedar', 'woody', 'Cedar'), ('resin', 'woody', 'Resin'), ('winey', 'winey', 'Winey'), ('sherry', 'winey', 'Sherry'), ('port', 'winey', 'Port'), ('red-wine', 'winey', 'Red wine'), ('sweet', 'sweet', 'Sweet'), ('vanilla', 'sweet', 'Vanilla'), ('honey', 'sweet', 'Honey'), ('toffee', 'sweet', 'Toffee'), ('chocolate', 'sweet', 'Chocolate'), ('nutty', 'nutty', 'Nutty'), ('almond', 'nutty', 'Almond'), ('walnut', 'nutty', 'Walnut'), ('hazelnut', 'nutty', 'Hazelnut'), ('medicinal', 'medicinal', 'Medicinal'), ('iodine', 'medicinal', 'Iodine'), ('seaweed', 'medicinal', 'Seaweed'), ('brine', 'medicinal', 'Brine');`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "participant" drop constraint "participant_session_id_foreign";`);
    this.addSql(`alter table "flight_item" drop constraint "flight_item_session_id_foreign";`);
    this.addSql(`alter table "tasting_note" drop constraint "tasting_note_session_id_foreign";`);
    this.addSql(`alter table "tasting_note" drop constraint "tasting_note_participant_id_foreign";`);
    this.addSql(`alter table "tasting_note" drop constraint "tasting_note_flight_item_id_foreign";`);

    this.addSql(`drop table if exists "flavour_tag" cascade;`);
    this.addSql(`drop table if exists "tasting_session" cascade;`);
    this.addSql(`drop table if exists "participant" cascade;`);
    this.addSql(`drop table if exists "flight_item" cascade;`);
    this.addSql(`drop table if exists "tasting_note" cascade;`);
  }
}
