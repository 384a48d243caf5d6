import { withAdminClient } from './admin-db.js';

/** Drops the template and any database a test file of this run left behind. */
export default async function globalTeardown() {
  const prefix = (process.env.WHISKEY_TEST_TEMPLATE ?? '').replace(/_tpl$/, '');
  if (!prefix) return;
  await withAdminClient(async (client) => {
    const { rows } = await client.query(
      `select datname from pg_database where datname like $1 order by datname desc`,
      [`${prefix}%`],
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  });
}
