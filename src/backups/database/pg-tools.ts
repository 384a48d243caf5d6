import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  databaseUrlFor,
  describeDatabase,
  parseDatabaseUrl,
  pgInvocation,
  pgProgramEnvironment,
} from './pg-connection.js';
import {
  PgToolsCommandError,
  PgToolsDatabaseError,
  PgToolsMissingError,
  PgToolsVersionError,
  STDERR_TAIL_CHARS,
} from './pg-tools.errors.js';
import { messageOf } from '../../common/errors/message-of.js';

/** Where PgTools works. */
export interface PgToolsOptions {
  /**
   * The app database as the application connects to it
   * (`postgresql://user:password@host:port/name?sslmode=…`): versions, snapshots, dumps and row
   * counts only read, which the runtime role may.
   */
  databaseUrl: string;
  /**
   * The same database as the role that owns its objects (DATABASE_MIGRATION_URL): restoring with
   * `--clean` drops and recreates them, and drills create a scratch database (CREATEDB).
   * Default: `databaseUrl`.
   */
  ownerUrl?: string;
  /** Folder holding pg_dump and pg_restore; default: found on PATH. */
  binDir?: string;
}

/** The versions of the server and of the client programs, as {@link PgTools.checkVersions} found them. */
export interface PgVersions {
  /** `15.20` */
  server: string;
  serverMajor: number;
  pgDump: string;
  pgDumpMajor: number;
  pgRestore: string;
  pgRestoreMajor: number;
}

/** A transaction snapshot exported for pg_dump, with what the dump will contain. */
export interface DumpSnapshot {
  /** The id to pass to {@link PgTools.dump} (`pg_dump --snapshot`). */
  snapshotId: string;
  /**
   * Exact row counts of every table of the database's non-system schemas, key `schema.table`,
   * read in the same snapshot the dump uses.
   */
  rowCounts: Record<string, number>;
  /** Approximate bytes the dump will read (sum of pg_table_size of those tables), for progress. */
  estimatedBytes: number;
  /** The server's version (`15.20`). */
  serverVersion: string;
  /** Ends the snapshot's transaction; call it after pg_dump has finished. Safe to call twice. */
  release(): Promise<void>;
}

/** Options of {@link PgTools.restore}. */
export interface RestoreOptions {
  /** The database to restore into; default: the app database, as its owner. */
  databaseUrl?: string;
  /** All or nothing: `--single-transaction --exit-on-error`. */
  singleTransaction: boolean;
  /** Drop the archive's objects before creating them: `--clean --if-exists`. */
  clean: boolean;
  /**
   * SQL run in the same transaction just before and just after the archive's statements (with
   * `singleTransaction`). The archive is then turned into a script by pg_restore and run by psql.
   */
  around?: { before: string; after: string };
}

/** Options of {@link PgTools.dump}. */
export interface DumpOptions {
  /** Dump in this snapshot ({@link DumpSnapshot.snapshotId}). */
  snapshotId?: string;
  /**
   * Tables (`schema.table`, the keys of {@link DumpSnapshot.rowCounts}) whose definition is dumped
   * but not their rows.
   */
  excludeTableData?: readonly string[];
}

/** A running pg_dump. */
export interface RunningDump {
  /**
   * The archive. It ends only once pg_dump exited successfully and fails with pg_dump's error
   * otherwise, so a dump cut short never looks complete. Destroying it stops pg_dump.
   */
  stdout: Readable;
  /** Resolves when pg_dump exited successfully; rejects with a {@link PgToolsCommandError} otherwise. */
  done: Promise<void>;
}

/**
 * pg_dump holds an ACCESS SHARE lock on every table while it dumps, and so does the snapshot's
 * transaction from its row counts on. A schema change that queued for an exclusive lock in between
 * waits for that transaction, which waits for pg_dump: without a limit pg_dump would wait forever
 * behind it. With one, the dump fails with a message naming the lock.
 */
const LOCK_WAIT_TIMEOUT = '60s';

/** What the relay of pg_dump's output buffers before pausing pg_dump: a few of its 64 KiB reads. */
const RELAY_BUFFER_BYTES = 256 * 1024;

/** A frozen server gives an error after this long instead of a hang. */
const CONNECT_TIMEOUT_MS = 15_000;

/** How long `--version` may take. */
const VERSION_TIMEOUT_MS = 10_000;

/** PostgreSQL truncates longer identifiers (bytes): the scratch database's random suffix must fit. */
const MAX_IDENTIFIER_BYTES = 63;

/** Tables whose rows are counted and dumped: ordinary tables (and partitions) outside system schemas. */
const TABLES_SQL = `
  select n.nspname as schema, c.relname as name, pg_table_size(c.oid)::text as bytes
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r'
    and n.nspname not in ('pg_catalog', 'information_schema')
    and n.nspname not like 'pg\\_toast%'
    and n.nspname not like 'pg\\_temp\\_%'
  order by n.nspname, c.relname`;

/** SQLSTATE of "permission denied". */
const INSUFFICIENT_PRIVILEGE = '42501';

const execFileAsync = promisify(execFile);

/**
 * The PostgreSQL client programs as the backups use them: pg_dump and pg_restore started without a
 * shell, connection details (and the password) in their environment only, archives streamed through
 * their stdin and stdout (nothing is written to disk), errors turned into typed errors carrying the
 * programs' own explanation. A plain class, shared by the services and the command line.
 */
export class PgTools {
  private readonly databaseUrl: string;
  private readonly ownerUrl: string;
  private readonly binDir: string | undefined;

  constructor(options: PgToolsOptions) {
    this.databaseUrl = options.databaseUrl;
    this.ownerUrl = options.ownerUrl ?? options.databaseUrl;
    this.binDir = options.binDir;
    // Fails now, on a malformed URL, rather than in the middle of a backup.
    parseDatabaseUrl(this.databaseUrl);
    parseDatabaseUrl(this.ownerUrl);
  }

  /**
   * Checks that pg_dump and pg_restore exist and are at least of the server's major version
   * (pg_dump refuses newer servers; an older pg_restore cannot read a newer pg_dump's archives).
   * Throws a {@link PgToolsMissingError} or a {@link PgToolsVersionError} saying what to install.
   */
  async checkVersions(): Promise<PgVersions> {
    const server = await this.withClient(
      this.databaseUrl,
      `Cannot read the server version of ${describeDatabase(this.databaseUrl)}`,
      async (client) => {
        const { rows } = await client.query<{ version: string; number: string }>(
          `select current_setting('server_version') as version, current_setting('server_version_num') as number`,
        );
        return {
          version: rows[0].version.split(' ')[0],
          major: Math.floor(Number(rows[0].number) / 10_000),
        };
      },
    );
    const [pgDump, pgDumpMajor] = await this.programVersion('pg_dump', server);
    const [pgRestore, pgRestoreMajor] = await this.programVersion('pg_restore', server);
    return {
      server: server.version,
      serverMajor: server.major,
      pgDump,
      pgDumpMajor,
      pgRestore,
      pgRestoreMajor,
    };
  }

  /**
   * Opens a read-only REPEATABLE READ transaction on the app database, exports its snapshot
   * (pg_export_snapshot) and counts the rows of every table in it. The transaction stays open
   * until `release()`: pg_dump can only import the snapshot while it exists, and the ACCESS SHARE
   * locks the counts took keep every table's definition as it is until pg_dump locked them itself
   * (a table rewritten in between would look empty to the old snapshot).
   */
  async openSnapshot(): Promise<DumpSnapshot> {
    const client = await this.connect(this.databaseUrl);
    try {
      await client.query('begin isolation level repeatable read, read only');
      // A server-wide timeout must not end the transaction while pg_dump still needs it.
      await client.query('set local idle_in_transaction_session_timeout = 0');
      await client.query('set local statement_timeout = 0');
      const { rows } = await client.query<{ id: string; version: string }>(
        `select pg_export_snapshot() as id, current_setting('server_version') as version`,
      );
      const { rowCounts, bytes } = await countRows(client);
      let released: Promise<void> | undefined;
      return {
        snapshotId: rows[0].id,
        rowCounts,
        estimatedBytes: bytes,
        serverVersion: rows[0].version.split(' ')[0],
        release: () =>
          (released ??= (async () => {
            // The transaction only read: ending it cannot lose anything, even if the connection
            // already broke.
            await client.query('rollback').catch(() => undefined);
            await client.end().catch(() => undefined);
          })()),
      };
    } catch (error) {
      await client.end().catch(() => undefined);
      throw databaseError(`Cannot open a snapshot of ${describeDatabase(this.databaseUrl)}`, error);
    }
  }

  /**
   * Starts `pg_dump --format=custom --compress=0` of the app database (the caller compresses with
   * zstd, faster and smaller than pg_dump's gzip), in the snapshot `snapshotId` when given.
   * Check the versions first ({@link checkVersions}): this does not.
   */
  dump(options: DumpOptions = {}): RunningDump {
    const args = [
      '--format=custom',
      '--compress=0',
      '--no-password',
      `--lock-wait-timeout=${LOCK_WAIT_TIMEOUT}`,
    ];
    if (options.snapshotId !== undefined) args.push(`--snapshot=${options.snapshotId}`);
    for (const table of options.excludeTableData ?? [])
      args.push(`--exclude-table-data=${exactTablePattern(table)}`);
    const invocation = pgInvocation(this.databaseUrl, args, { dbname: true });
    const child = spawn(this.programPath('pg_dump'), invocation.args, {
      env: invocation.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const done = this.outcome(child, 'pg_dump');
    // Nobody may be left with an unhandled rejection: the failure also reaches `stdout`.
    done.catch(() => undefined);
    const stdout = new PassThrough({ highWaterMark: RELAY_BUFFER_BYTES });
    child.stdout.pipe(stdout, { end: false });
    done.then(
      () => {
        if (!stdout.destroyed) stdout.end();
      },
      (error: unknown) => stdout.destroy(error as Error),
    );
    stdout.once('close', () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // The reader gave up: stop pg_dump, and let its output close so its end is noticed.
      child.kill('SIGTERM');
      child.stdout.destroy();
    });
    return { stdout, done };
  }

  /**
   * `pg_restore --list` of the archive read from `archive`: resolves the table of contents'
   * entries (`3456; 0 16536 TABLE DATA public location postgres`), without the comment header.
   * Rejects with a {@link PgToolsCommandError} on a damaged header or table of contents (the data
   * after it is not read: checksums guard it), or with `archive`'s own error. The rest of `archive`
   * is read to its end, so that a failure of its source (a decryption error in its last chunk) is
   * reported and a checksum computed upstream covers every byte.
   */
  async list(archive: Readable): Promise<string[]> {
    const chunks: Buffer[] = [];
    await this.runWithInput(
      'pg_restore',
      { args: ['--list'], env: pgProgramEnvironment() },
      archive,
      (stdout) => stdout.on('data', (chunk: Buffer) => chunks.push(chunk)),
    );
    return Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith(';'));
  }

  /**
   * Restores the archive read from `archive` into `options.databaseUrl` (default: the app
   * database, connected as its owner). Rejects with a {@link PgToolsCommandError}, or with `archive`'s own error (pg_restore
   * is then stopped); with `singleTransaction` a failure changes nothing.
   *
   * Always `--no-owner --no-privileges`: the archive's ALTER OWNER and GRANT statements name the
   * roles of the server it came from. Restoring as a non-superuser role, ALTER OWNER TO another
   * role fails ("must be member of role"), and so does a GRANT to a role this server lacks; with
   * `--exit-on-error` either would fail the whole restore. Without them every object belongs to the
   * restoring role (the owner), and the runtime role's grants come back from the owner's default
   * privileges (ops/db/bootstrap.sql); grants made by hand to other roles must be made again.
   * Comments are kept: they are on the app's own objects.
   */
  async restore(archive: Readable, options: RestoreOptions): Promise<void> {
    const args = ['--no-owner', '--no-privileges', '--no-password'];
    if (options.clean) args.push('--clean', '--if-exists');
    const target = options.databaseUrl ?? this.ownerUrl;
    if (options.around && options.singleTransaction) {
      return this.restoreAsScript(archive, args, target, options.around);
    }
    if (options.singleTransaction) args.push('--single-transaction', '--exit-on-error');
    await this.runWithInput('pg_restore', pgInvocation(target, args, { dbname: true }), archive);
  }

  /**
   * `pg_restore -f -` writes the statements it would run; psql runs them between `around.before`
   * and `around.after` in one transaction, stopping at the first error (which rolls everything back).
   */
  private async restoreAsScript(
    archive: Readable,
    args: string[],
    databaseUrl: string,
    around: { before: string; after: string },
  ): Promise<void> {
    const script = new PassThrough();
    script.write(`${around.before}\n`);
    const produced = this.runWithInput(
      'pg_restore',
      { args: [...args, '--file=-'], env: pgProgramEnvironment() },
      archive,
      (stdout) => stdout.pipe(script, { end: false }),
    ).then(
      () => {
        script.end(`\n${around.after}\n`);
        return undefined;
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        script.destroy(failure);
        return failure;
      },
    );
    const psqlArgs = [
      '--no-psqlrc',
      '--quiet',
      '--single-transaction',
      '--set=ON_ERROR_STOP=1',
      '--no-password',
    ];
    const applied = await this.runWithInput(
      'psql',
      pgInvocation(databaseUrl, psqlArgs, { dbname: true }),
      script,
    ).then(
      () => undefined,
      (error: unknown) => {
        // psql stopped reading: stop pg_restore too, or it would wait on a full pipe for ever.
        archive.destroy(error as Error);
        return error as Error;
      },
    );
    const restoreFailure = await produced;
    // pg_restore's own failure (a damaged archive, a decryption error upstream) explains psql's.
    if (restoreFailure) throw restoreFailure;
    if (applied) throw applied;
  }

  /**
   * Creates an empty scratch database `<appdb>_drill_<random>` on the app's server (same encoding
   * and locale as the app database), runs `fn` with its URL (as the owner role, which owns it) and
   * always drops it afterwards (`WITH (FORCE)`, so connections `fn` left open do not keep it). The
   * owner role needs the CREATEDB privilege. When `fn` fails, its error is the one thrown (a failed drop then goes
   * unreported: there is no logger here); otherwise a failed drop is.
   */
  async withScratchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
    const base = parseDatabaseUrl(this.databaseUrl).database ?? 'postgres';
    const suffix = `_drill_${randomBytes(4).toString('hex')}`;
    const name = truncateToBytes(base, MAX_IDENTIFIER_BYTES - Buffer.byteLength(suffix)) + suffix;
    await this.withClient(this.ownerUrl, `Cannot create the scratch database ${name}`, async (client) => {
      const { rows } = await client.query<{ encoding: string; collate: string; ctype: string }>(
        `select pg_encoding_to_char(encoding) as encoding, datcollate as collate, datctype as ctype
         from pg_database where datname = current_database()`,
      );
      const { encoding, collate, ctype } = rows[0];
      // template0: template1 may hold objects that the archive would then collide with.
      await client
        .query(
          `create database ${client.escapeIdentifier(name)} template template0 encoding ${client.escapeLiteral(encoding)}
           lc_collate ${client.escapeLiteral(collate)} lc_ctype ${client.escapeLiteral(ctype)}`,
        )
        .catch((error: unknown) => {
          if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
          throw new PgToolsDatabaseError(
            `Cannot create the scratch database ${name}: ${(error as Error).message} (the database user needs the CREATEDB privilege for restore drills)`,
            { cause: error },
          );
        });
    });
    let result: T;
    try {
      result = await fn(databaseUrlFor(this.ownerUrl, name));
    } catch (error) {
      await this.dropDatabase(name).catch(() => undefined);
      throw error;
    }
    await this.dropDatabase(name);
    return result;
  }

  /**
   * Exact row counts per table of `databaseUrl` (default: the app database), read in one
   * snapshot; same keys as {@link DumpSnapshot.rowCounts}.
   */
  async rowCounts(databaseUrl: string = this.databaseUrl): Promise<Record<string, number>> {
    return this.withClient(
      databaseUrl,
      `Cannot count the rows of ${describeDatabase(databaseUrl)}`,
      async (client) => {
        await client.query('begin isolation level repeatable read, read only');
        try {
          return (await countRows(client)).rowCounts;
        } finally {
          // Read only: nothing to lose, and a failed rollback must not hide why the count failed.
          await client.query('rollback').catch(() => undefined);
        }
      },
    );
  }

  private async dropDatabase(name: string): Promise<void> {
    await this.withClient(this.ownerUrl, `Cannot drop the scratch database ${name}`, (client) =>
      client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`),
    );
  }

  /** The version a program prints, checked against the server's major version. */
  private async programVersion(
    program: string,
    server: { version: string; major: number },
  ): Promise<[string, number]> {
    let output: string;
    try {
      ({ stdout: output } = await execFileAsync(this.programPath(program), ['--version'], {
        env: pgProgramEnvironment(),
        timeout: VERSION_TIMEOUT_MS,
        encoding: 'utf8',
      }));
    } catch (error) {
      throw this.missing(program, error, server.major);
    }
    const match = /\(PostgreSQL\)\s+((\d+)\S*)/.exec(output);
    if (!match) {
      throw new PgToolsVersionError(
        program,
        output.trim(),
        server.version,
        `${program} printed no PostgreSQL version ("${output.trim().slice(0, 100)}"): install postgresql-client-${server.major} or set PG_BIN_DIR`,
      );
    }
    const [, version, major] = match;
    if (Number(major) < server.major) {
      throw new PgToolsVersionError(
        program,
        version,
        server.version,
        `${program} ${version} is older than the server (${server.version}): install postgresql-client-${server.major} or set PG_BIN_DIR`,
      );
    }
    return [version, Number(major)];
  }

  /**
   * Runs a program that reads `input` on its stdin. Its exit status decides, except that a failure
   * of `input` itself (an error, or a stream destroyed before its end) stops the program and is the
   * error thrown: the program's own complaint would only be a consequence (a truncated archive, a
   * broken pipe). When the program exits successfully before reading everything, the rest of
   * `input` is still read, to its end or its error.
   */
  private async runWithInput(
    program: string,
    invocation: { args: string[]; env: Record<string, string> },
    input: Readable,
    onStdout?: (stdout: Readable) => void,
  ): Promise<void> {
    const child = spawn(this.programPath(program), invocation.args, {
      env: invocation.env,
      stdio: ['pipe', onStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    if (onStdout) onStdout(child.stdout!);
    const exited = this.outcome(child, program);
    // Set from a callback: a holder, so that the checks below are not narrowed away.
    const failure: { input?: Error } = {};
    const inputEnded = finished(input).then(
      () => undefined,
      (error: unknown) => {
        failure.input = error instanceof Error ? error : new Error(String(error));
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return failure.input;
      },
    );
    // EPIPE when the program stops reading: its exit status says whether that was fine.
    child.stdin!.on('error', () => undefined);
    input.pipe(child.stdin!);
    const programFailure = await exited.then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    input.unpipe(child.stdin!);
    if (failure.input) throw failure.input;
    if (programFailure) {
      // Release the source (a download, say): nobody reads it any more.
      input.destroy();
      throw programFailure;
    }
    input.resume();
    const lateFailure = await inputEnded;
    if (lateFailure) throw lateFailure;
  }

  /**
   * Settles when the program has exited and its output streams are closed: resolves on exit code 0,
   * rejects with a {@link PgToolsCommandError} (keeping the end of its error output) otherwise, or a
   * {@link PgToolsMissingError} when it could not be started.
   */
  private outcome(child: ChildProcess, program: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let stderr = '';
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
      });
      child.once('error', (error) => {
        // Also emitted when a signal cannot be sent: only a start failure has no pid.
        if (child.pid === undefined) reject(this.missing(program, error));
      });
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        if (code === 0) resolve();
        else reject(new PgToolsCommandError(program, code, signal, stderr));
      });
    });
  }

  private missing(program: string, error: unknown, serverMajor?: number): PgToolsMissingError {
    const where = this.binDir ? `in ${this.binDir}` : 'on PATH';
    const install = `install postgresql-client-${serverMajor ?? '<the server major version>'} or set PG_BIN_DIR`;
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `${program} was not found ${where}: ${install}`
        : code === 'EACCES'
          ? `${program} ${where} cannot be executed (permission denied): ${install}`
          : `${program} ${where} could not be run (${(error as Error).message}): ${install}`;
    return new PgToolsMissingError(program, message, { cause: error });
  }

  private programPath(program: string): string {
    return this.binDir ? join(this.binDir, program) : program;
  }

  private async withClient<T>(
    databaseUrl: string,
    /** Starts the message of a failure: `Cannot count the rows of whiskey on db:5432`. */
    context: string,
    work: (client: pg.Client) => Promise<T>,
  ): Promise<T> {
    const client = await this.connect(databaseUrl);
    try {
      return await work(client);
    } catch (error) {
      throw databaseError(context, error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async connect(databaseUrl: string): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'whiskey-backup',
    });
    // A connection dropped by the server is reported by the next query; unhandled, this event
    // would end the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw databaseError(`Cannot connect to ${describeDatabase(databaseUrl)}`, error);
    }
    return client;
  }
}

/** Counts the rows of every table (see {@link TABLES_SQL}) in the client's current transaction. */
async function countRows(client: pg.Client): Promise<{ rowCounts: Record<string, number>; bytes: number }> {
  const { rows: tables } = await client.query<{ schema: string; name: string; bytes: string }>(TABLES_SQL);
  const rowCounts: Record<string, number> = {};
  let bytes = 0;
  for (const table of tables) {
    const { rows } = await client.query<{ count: string }>(
      `select count(*)::text as count from ${client.escapeIdentifier(table.schema)}.${client.escapeIdentifier(table.name)}`,
    );
    rowCounts[`${table.schema}.${table.name}`] = Number(rows[0].count);
    bytes += Number(table.bytes);
  }
  return { rowCounts, bytes };
}

/** Our errors pass unchanged; others (pg's) get the context and keep their message, never a password. */
function databaseError(context: string, error: unknown): Error {
  if (error instanceof PgToolsDatabaseError) return error;
  const message = messageOf(error);
  return new PgToolsDatabaseError(`${context}: ${message}`, { cause: error });
}

/**
 * A pg_dump pattern matching exactly the table `schema.table` (split at the first dot): each part
 * double-quoted, so that case, `*`, `?` and dots are taken literally.
 */
function exactTablePattern(table: string): string {
  const dot = table.indexOf('.');
  if (dot < 1) throw new PgToolsDatabaseError(`"${table}" names no schema: expected schema.table`);
  const quote = (part: string) => `"${part.replace(/"/g, '""')}"`;
  return `${quote(table.slice(0, dot))}.${quote(table.slice(dot + 1))}`;
}

/** The longest prefix of `value` of at most `bytes` UTF-8 bytes (never half a character). */
function truncateToBytes(value: string, bytes: number): string {
  let result = '';
  for (const character of value) {
    if (Buffer.byteLength(result + character) > bytes) break;
    result += character;
  }
  return result;
}
