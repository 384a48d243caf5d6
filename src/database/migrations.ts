import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { AppConfig } from '../config/app-config.js';
import { createMigrationOrmOptions } from '../mikro-orm.config.js';

/** Key of the PostgreSQL advisory lock that serialises migrations across processes ("whky"). */
export const MIGRATION_LOCK_KEY = 0x77686b79;

/**
 * Applies pending migrations while holding a session-level advisory lock on a dedicated connection,
 * so that processes starting together migrate exactly once: the others wait, then find nothing pending.
 * Returns the names of the migrations this call executed.
 */
export async function migrateUnderLock(orm: MikroORM, databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const executed = await orm.migrator.up();
    return executed.map((migration) => migration.name);
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` with an ORM allowed to change the schema: `orm` itself when the application connects
 * as the schema's owner (DATABASE_MIGRATION_URL unset), otherwise one connected with
 * DATABASE_MIGRATION_URL for the duration of `work`, so that the runtime role never needs DDL.
 */
export async function withMigrationOrm<T>(
  orm: MikroORM,
  config: AppConfig,
  work: (migrationOrm: MikroORM) => Promise<T>,
): Promise<T> {
  if (config.migrationDatabaseUrl === config.databaseUrl) return work(orm);
  const owner = await MikroORM.init(createMigrationOrmOptions(config));
  try {
    await owner.connect();
  } catch (error) {
    await owner.close();
    // Name the variable: the runtime connection works, so this one is the culprit.
    throw new Error(`Cannot connect with DATABASE_MIGRATION_URL: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return await work(owner);
  } finally {
    await owner.close();
  }
}

/** Names of migrations that exist but have not been applied to the database. */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const pending = await orm.migrator.getPending();
  return pending.map((migration) => migration.name);
}

/** One line telling which migrations {@link migrateUnderLock} applied, for the tools that run it. */
export function describeApplied(applied: readonly string[]): string {
  return applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply: the schema is up to date.';
}
