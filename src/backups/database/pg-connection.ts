import { PgToolsDatabaseError } from './pg-tools.errors.js';

/** The parts of a `postgresql://` URL that pg_dump and pg_restore need, decoded. */
export interface PgConnectionParams {
  /** Host name, IP address (without IPv6 brackets) or Unix socket folder; libpq's default when absent. */
  host?: string;
  port?: string;
  user?: string;
  password?: string;
  database?: string;
  /** libpq environment variables taken from the URL's query (`PGSSLMODE`, `PGSSLROOTCERT`, …). */
  query: Record<string, string>;
}

/** A program's command line and environment for one database. */
export interface PgInvocation {
  args: string[];
  env: Record<string, string>;
}

/**
 * URL query parameters that libpq also understands, and the environment variable that carries each.
 * Other parameters (MikroORM's or node-postgres' own) are not libpq's business and are left out.
 */
const QUERY_VARIABLES: Record<string, string> = {
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslcrl: 'PGSSLCRL',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  application_name: 'PGAPPNAME',
  options: 'PGOPTIONS',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
};

/**
 * A frozen or unreachable server gives an error after this many seconds rather than a backup that
 * hangs (libpq waits forever by default); a `connect_timeout` in the URL wins.
 */
const DEFAULT_CONNECT_TIMEOUT_SECONDS = '15';

/**
 * Variables of this process that the programs keep: PATH to find them, HOME for `~/.pgpass` and
 * `~/.postgresql/root.crt` (libpq's default certificate locations), TMPDIR. Nothing else is passed:
 * no secret of the app (JWT_SECRET, storage keys), and no inherited PG* variable, so the programs
 * connect exactly where DATABASE_URL says, like the app does.
 */
const INHERITED_VARIABLES = ['PATH', 'HOME', 'TMPDIR'];

/**
 * Reads a `postgresql://` (or `postgres://`) URL into libpq's terms. Throws a
 * {@link PgToolsDatabaseError} that does not quote the URL (it may hold a password).
 */
export function parseDatabaseUrl(databaseUrl: string): PgConnectionParams {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new PgToolsDatabaseError('The database URL is not a valid URL');
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new PgToolsDatabaseError(`The database URL must start with postgresql://, not ${url.protocol}//`);
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    const variable = QUERY_VARIABLES[name];
    if (variable) query[variable] = value;
  }
  // node-postgres' `sslmode=no-verify` (encrypt, accept any certificate) is libpq's `require`;
  // its `ssl=true` without an sslmode means encryption too.
  if (query.PGSSLMODE === 'no-verify') query.PGSSLMODE = 'require';
  const ssl = url.searchParams.get('ssl');
  if (!query.PGSSLMODE && (ssl === 'true' || ssl === '1')) query.PGSSLMODE = 'require';
  if (!query.PGSSLMODE && ssl === '0') query.PGSSLMODE = 'disable';

  // `?host=/run/postgresql` names a Unix socket folder; it wins over the URL's host, as in libpq.
  const host = url.searchParams.get('host') ?? decode(url.hostname.replace(/^\[(.+)\]$/, '$1'));
  return {
    host: host || undefined,
    port: url.port || undefined,
    user: decode(url.username) || undefined,
    password: url.password ? decode(url.password) : undefined,
    database: decode(url.pathname.replace(/^\//, '')) || undefined,
    query,
  };
}

/**
 * The environment of a pg_dump or pg_restore child process connecting to `databaseUrl`: PGHOST,
 * PGPORT, PGUSER, PGPASSWORD, PGDATABASE and the URL's libpq options (PGSSLMODE, …). The password
 * travels only here: a command line is readable by every user of the machine (`ps`), a process'
 * environment only by its owner.
 *
 * Note the SSL modes keep libpq's meaning: `sslmode=require` encrypts without verifying the
 * certificate (unless `~/.postgresql/root.crt` exists), where node-postgres verifies it; use
 * `sslmode=verify-full` (with `sslrootcert`) for the same check in both.
 */
export function pgChildEnvironment(
  databaseUrl: string,
  inherited: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const params = parseDatabaseUrl(databaseUrl);
  const env = pgProgramEnvironment(inherited);
  env.PGCONNECT_TIMEOUT = DEFAULT_CONNECT_TIMEOUT_SECONDS;
  const connection: Record<string, string | undefined> = {
    PGHOST: params.host,
    PGPORT: params.port,
    PGUSER: params.user,
    PGPASSWORD: params.password,
    PGDATABASE: params.database,
    ...params.query,
  };
  for (const [name, value] of Object.entries(connection)) if (value !== undefined) env[name] = value;
  return env;
}

/**
 * The environment of a program that connects to no database (`--version`, `pg_restore --list`):
 * only the inherited variables listed above, and untranslated messages (errors are shown to admins
 * as the programs print them).
 */
export function pgProgramEnvironment(inherited: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_VARIABLES) {
    const value = inherited[name];
    if (value !== undefined) env[name] = value;
  }
  env.LC_MESSAGES = 'C';
  return env;
}

/**
 * The command line and environment of a program working on `databaseUrl`. With `dbname`, the
 * database is also named on the command line (pg_restore writes a script to stdout instead of
 * restoring without one) as a `dbname='…'` connection string: a bare name containing `=` or starting
 * with `postgresql://` would be read as connection parameters. Host, user and password stay in the
 * environment.
 */
export function pgInvocation(
  databaseUrl: string,
  args: readonly string[],
  options: { dbname?: boolean; inherited?: NodeJS.ProcessEnv } = {},
): PgInvocation {
  const env = pgChildEnvironment(databaseUrl, options.inherited);
  if (!options.dbname) return { args: [...args], env };
  const database = env.PGDATABASE;
  if (database === undefined) throw new PgToolsDatabaseError('The database URL names no database');
  return { args: [...args, `--dbname=dbname=${conninfoValue(database)}`], env };
}

/** The same server, user and options as `databaseUrl`, for the database `database`. */
export function databaseUrlFor(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** `database on host:port`, for messages: never the user's password. */
export function describeDatabase(databaseUrl: string): string {
  const params = parseDatabaseUrl(databaseUrl);
  const where = params.host ? ` on ${params.host}${params.port ? `:${params.port}` : ''}` : '';
  return `${params.database ?? '(default database)'}${where}`;
}

/** A value quoted for a libpq connection string: single quotes, `\` and `'` escaped. */
function conninfoValue(value: string): string {
  return `'${value.replace(/[\\']/g, (character) => `\\${character}`)}'`;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new PgToolsDatabaseError('The database URL has a malformed percent-encoding');
  }
}
