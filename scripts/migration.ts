/**
 * `npm run migration:<command>`: create | up | down | check, as the schema's owner:
 * DATABASE_MIGRATION_URL, else DATABASE_URL, else (in development) the embedded PostgreSQL, started
 * for the duration of the command.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config/load-config.js';
import { describeApplied, migrateUnderLock, pendingMigrations } from '../src/database/migrations.js';
import { startLocalServices } from '../src/local-services.js';
import { createMigrationOrmOptions } from '../src/mikro-orm.config.js';

const USAGE = 'usage: npm run migration:create [-- <name>] | migration:up | migration:down | migration:check';
const [command, name] = process.argv.slice(2);
const log = (message: string): void => void process.stderr.write(`${message}\n`);

const services = await startLocalServices(loadConfig(), log, { redis: false });
const orm = await MikroORM.init(createMigrationOrmOptions(services.config));
let exitCode = 0;
try {
  switch (command) {
    case 'create': {
      const result = await orm.migrator.create(undefined, false, false, name);
      if (result.diff.up.length === 0) log('No schema changes: no migration created.');
      else log(`Created migrations/${result.fileName}; review it (and its down) before committing.`);
      break;
    }
    case 'up': {
      log(describeApplied(await migrateUnderLock(orm, services.config.migrationDatabaseUrl)));
      break;
    }
    case 'down': {
      const reverted = await orm.migrator.down();
      log(reverted.length ? `Reverted: ${reverted.map((m) => m.name).join(', ')}` : 'Nothing to revert.');
      break;
    }
    case 'check': {
      const pending = await pendingMigrations(orm);
      if (pending.length > 0) {
        log(`Pending migrations (run npm run migration:up first): ${pending.join(', ')}`);
        exitCode = 1;
      } else if (await orm.migrator.checkSchema()) {
        log(
          'The entities differ from the migrated schema: run npm run migration:create and commit the result.',
        );
        exitCode = 1;
      } else {
        log('Migrations are complete: the entities match the migrated schema.');
      }
      break;
    }
    default:
      log(USAGE);
      exitCode = 2;
  }
} finally {
  await orm.close();
  await services.stop();
}
process.exit(exitCode);
