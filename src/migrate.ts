/**
 * Applies pending migrations as the schema's owner (DATABASE_MIGRATION_URL, else DATABASE_URL) under
 * the same advisory lock the app takes at start, then exits: `node dist/src/migrate.js`, for a
 * deployment that migrates in a step of its own (the Kubernetes migration Job) with an image that
 * has no development tools. Exit code 0 when the schema is up to date afterwards.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from './config/load-config.js';
import { describeApplied, migrateUnderLock } from './database/migrations.js';
import { createMigrationOrmOptions } from './mikro-orm.config.js';

const config = loadConfig();
const orm = await MikroORM.init(createMigrationOrmOptions(config));
try {
  const applied = await migrateUnderLock(orm, config.migrationDatabaseUrl);
  process.stdout.write(`${describeApplied(applied)}\n`);
} finally {
  await orm.close();
}
