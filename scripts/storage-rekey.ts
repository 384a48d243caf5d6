/**
 * `npm run storage:rekey -- --new-key-file <path>`: re-encrypts every value sealed with the storage
 * secret key (storage provider secrets, the backup identity) from the current key to the key in
 * <path>, in one transaction, with the application stopped. The current key is found as the
 * application finds it: STORAGE_SECRET_KEY, else DATA_DIR/storage-secret-key. When it came from that
 * file, the file then holds the new key and the old one is kept as storage-secret-key.old; when it
 * came from STORAGE_SECRET_KEY, the operator sets the variable to the new key before starting again.
 * Exit codes: 0 success, 1 failure (the database is unchanged unless the message says otherwise), 2 usage error.
 */
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppConfig } from '../src/config/app-config.js';
import { ConfigError } from '../src/config/config.error.js';
import { loadConfig } from '../src/config/load-config.js';
import {
  decodeSecretKey,
  STORAGE_SECRET_KEY_FILE,
  storageSecretKey,
} from '../src/config/storage-secret-key.js';
import { startLocalServices } from '../src/local-services.js';
import { createOrmOptions } from '../src/mikro-orm.config.js';
import { rekeyStorageSecrets } from '../src/storage/configs/storage-secrets-rekey.js';
import { messageOf } from '../src/common/errors/message-of.js';

const USAGE = [
  'usage: npm run storage:rekey -- --new-key-file <path>',
  '',
  'Re-encrypts the stored storage secrets and the backup identity under a new storage secret key.',
  'Stop every process of the application first; PostgreSQL must be reachable.',
  '<path> holds the new key: 32 bytes as base64 or 64 hex digits (e.g. `openssl rand -base64 32`).',
  '',
  'exit codes: 0 success, 1 failure (the message says whether anything changed), 2 usage error',
].join('\n');

const say = (text: string): void => void process.stdout.write(`${text}\n`);
const complain = (text: string): void => void process.stderr.write(`storage:rekey: ${text}\n`);

class UsageError extends Error {}

/** The new key from the file named on the command line. */
function readNewKey(argv: string[]): Buffer | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'new-key-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: false,
  });
  if (values.help) return 'help';
  const unknown = Object.keys(values).filter((name) => name !== 'new-key-file');
  if (positionals.length > 0 || unknown.length > 0) {
    throw new UsageError(`unexpected ${[...positionals, ...unknown.map((name) => `--${name}`)].join(' ')}`);
  }
  const path = values['new-key-file'];
  if (typeof path !== 'string' || path === '') throw new UsageError('--new-key-file <path> is required');
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const key = decodeSecretKey(text);
  if (!key) throw new UsageError(`${path} does not hold a 32-byte key as base64 or 64 hex digits`);
  return key;
}

/** The key the application runs with, without generating one (a new key would have nothing to open). */
function currentKey(config: AppConfig): { key: Buffer; file?: string } {
  if (config.storage.secretKey) return { key: config.storage.secretKey };
  const file = join(config.dataDir, STORAGE_SECRET_KEY_FILE);
  if (!existsSync(file)) {
    throw new ConfigError(
      `No current key: STORAGE_SECRET_KEY is unset and ${file} does not exist (is DATA_DIR the application's?)`,
    );
  }
  return { key: storageSecretKey(config), file };
}

async function main(): Promise<number> {
  let newKey: Buffer | 'help';
  try {
    newKey = readNewKey(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    complain(error.message);
    process.stderr.write(`\n${USAGE}\n`);
    return 2;
  }
  if (newKey === 'help') {
    say(USAGE);
    return 0;
  }

  const config = loadConfig(
    { LOG_LEVEL: 'warn', ...process.env },
    { warn: (m) => complain(`warning: ${m}`) },
  );
  const current = currentKey(config);
  const services = await startLocalServices(config, complain, { redis: false });
  const orm = await MikroORM.init(createOrmOptions(services.config.withRole('api')));
  try {
    const report = await rekeyStorageSecrets(orm.em, current.key, newKey);
    for (const provider of report.providers) {
      say(
        `re-encrypted ${provider.secrets} secret(s) of storage provider "${provider.name}" (${provider.id})`,
      );
    }
    say(report.backupIdentity ? 're-encrypted the backup identity' : 'no backup identity exists yet');
    for (const slug of report.ssoProviders) say(`re-encrypted the client secret of SSO provider "${slug}"`);
    say(`re-encrypted the two-factor secrets of ${report.totpSecrets} user(s)`);
  } finally {
    await orm.close();
    await services.stop();
  }

  if (current.file) {
    // The database is committed under the new key: the file must follow, keeping the old key beside it.
    try {
      renameSync(current.file, `${current.file}.old`);
      writeFileSync(current.file, `${newKey.toString('base64')}\n`, { mode: 0o600 });
    } catch (error) {
      complain(
        `the database is re-encrypted under the new key, but ${current.file} could not be replaced ` +
          `(${(error as Error).message}): copy the new key file there before starting the application`,
      );
      return 1;
    }
    say(`${current.file} now holds the new key; the old one is in ${current.file}.old.`);
    say('Start the application, check that storage and backups work, then delete the .old file.');
  } else {
    say('Now set STORAGE_SECRET_KEY to the new key for every process, then start the application.');
  }
  return 0;
}

process.exit(
  await main().catch((error: unknown) => {
    complain(messageOf(error));
    return 1;
  }),
);
