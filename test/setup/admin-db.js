// Plain JavaScript: Jest loads its global setup and teardown outside its own module system.
import pg from 'pg';

/**
 * The PostgreSQL server the tests use (its `postgres` database is used for administration).
 * Override with TEST_DATABASE_URL; the default is the local server with trust authentication.
 */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** @param {string} database @returns {string} the URL of `database` on the test server */
export function urlFor(database) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Runs `work` with a client connected to the administration database.
 * @template T
 * @param {(client: pg.Client) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withAdminClient(work) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
