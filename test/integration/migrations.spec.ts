import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config/load-config.js';
import { pendingMigrations } from '../../src/database/migrations.js';
import { createOrmOptions } from '../../src/mikro-orm.config.js';
import { createTestDatabase, type TestDatabase } from '../setup/databases.js';
import { testEnvironment } from '../setup/test-app.js';

describe('migrations', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await MikroORM.init(
      createOrmOptions(loadConfig(testEnvironment({ DATABASE_URL: database.url })), {
        logger: () => undefined,
      }),
    );
  });
  afterAll(async () => {
    await orm.close();
    await database.drop();
  });

  it('leave nothing pending and match the entities exactly (a schema change without a migration fails here)', async () => {
    expect(await pendingMigrations(orm)).toEqual([]);
    expect(await orm.migrator.checkSchema()).toBe(false);
  });

  it('can all be reverted with their down and applied again', async () => {
    const applied = (await orm.migrator.getExecuted()).map((migration) => migration.name);
    await orm.migrator.down({ to: 0 });
    expect(await orm.migrator.getExecuted()).toEqual([]);
    const tables = await orm.em
      .getConnection()
      .execute<{ tablename: string }[]>(
        `select tablename from pg_tables where schemaname = 'public' and tablename <> 'mikro_orm_migrations'`,
      );
    expect(tables).toEqual([]);
    await orm.migrator.up();
    expect((await orm.migrator.getExecuted()).map((migration) => migration.name)).toEqual(applied);
    expect(await orm.migrator.checkSchema()).toBe(false);
  });
});
