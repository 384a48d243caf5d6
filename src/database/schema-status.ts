import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { migrateUnderLock, withMigrationOrm } from './migrations.js';

/**
 * Brings the schema up to date at start-up and answers, cheaply and as often as probes ask, whether it
 * still is: the migrations this build knows are listed once, and each check is a single query.
 */
@Injectable()
export class SchemaStatus {
  private known: readonly string[] = [];

  constructor(
    private readonly orm: MikroORM,
    private readonly config: AppConfig,
  ) {}

  /**
   * Applies pending migrations under the advisory lock, as the schema's owner
   * (DATABASE_MIGRATION_URL when set); returns the names this call applied.
   */
  async migrate(): Promise<string[]> {
    const executed = await withMigrationOrm(this.orm, this.config, (orm) =>
      migrateUnderLock(orm, this.config.migrationDatabaseUrl),
    );
    // Every migration of this build is applied now; a later check only needs to see them still there.
    this.known = (await this.orm.migrator.getExecuted()).map((row) => row.name);
    return executed;
  }

  /** Migrations applied at start-up that the database no longer lists (someone reverted them). */
  async pending(): Promise<string[]> {
    const rows = await this.orm.em
      .getConnection()
      .execute<{ name: string }[]>('select name from mikro_orm_migrations');
    const applied = new Set(rows.map((row) => row.name));
    return this.known.filter((name) => !applied.has(name));
  }
}
