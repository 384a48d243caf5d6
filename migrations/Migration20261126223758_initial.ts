import { Migration } from '@mikro-orm/migrations';

export class Migration20261126223758_initial extends Migration {
  override name = 'Migration20261126223758_initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "instance_setting" ("key" varchar(100) not null, "value" jsonb not null, "version" int not null default 1, "updated_at" timestamptz not null, primary key ("key"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "instance_setting" cascade;`);
  }
}
