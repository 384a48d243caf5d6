import { randomBytes } from 'node:crypto';
import { urlFor, withAdminClient } from './admin-db.js';

/** Name of this test run's template database (set by the global setup, inherited by the workers). */
export function templateDatabaseName(): string {
  const name = process.env.WHISKEY_TEST_TEMPLATE;
  if (!name) throw new Error('WHISKEY_TEST_TEMPLATE is not set: run the tests through `npm test`');
  return name;
}

/** Prefix shared by every database this run creates, so the teardown can find leftovers. */
export function runPrefix(): string {
  return templateDatabaseName().replace(/_tpl$/, '');
}

/** A database of its own for one test file. */
export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`drop database if exists "${name}" with (force)`));
}

/**
 * Creates a database for one test file: a copy of the run's migrated template, or an empty one
 * (`empty: true`) for tests of migrating itself.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `${runPrefix()}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) =>
    client.query(
      options.empty
        ? `create database "${name}"`
        : `create database "${name}" template "${templateDatabaseName()}"`,
    ),
  );
  return { name, url: urlFor(name), drop: () => dropDatabase(name) };
}
