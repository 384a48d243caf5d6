import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { urlFor, withAdminClient } from './admin-db.js';

/**
 * Creates this run's template database and migrates it with `npm run migration:up`'s script (the real
 * CLI); each test file then copies the template. The run id in the name keeps concurrent runs apart.
 */
export default async function globalSetup() {
  const template = `whiskey_test_${Date.now().toString(36)}${randomBytes(2).toString('hex')}_tpl`;
  process.env.WHISKEY_TEST_TEMPLATE = template;
  await withAdminClient((client) => client.query(`create database "${template}"`));
  execFileSync(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'scripts/migration.ts', 'up'],
    {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: urlFor(template), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}
