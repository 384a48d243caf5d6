import type { MikroORM } from '@mikro-orm/core';
import pg from 'pg';

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

/** Names of migrations that exist but have not been applied to the database. */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const pending = await orm.migrator.getPending();
  return pending.map((migration) => migration.name);
}
