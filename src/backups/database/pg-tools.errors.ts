/**
 * Base of the errors of {@link PgTools}: messages name the program or database and say what to do;
 * they never carry a password (connection details are passed to the programs through their
 * environment, and only the host, port and database name appear in messages).
 */
export abstract class PgToolsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** pg_dump or pg_restore cannot be started: not installed, not on PATH, or not executable. */
export class PgToolsMissingError extends PgToolsError {
  constructor(
    readonly program: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * pg_dump or pg_restore is of an older major version than the server: pg_dump refuses to dump a
 * newer server, and an older pg_restore cannot read the archives of a newer pg_dump.
 */
export class PgToolsVersionError extends PgToolsError {
  constructor(
    readonly program: string,
    /** The program's version as it printed it (`15.2`), or its raw output when it printed none. */
    readonly version: string,
    readonly serverVersion: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * pg_dump or pg_restore ended unsuccessfully. The message is the program's own error line; `stderr`
 * holds the end of its error output (bounded) for the logs.
 */
export class PgToolsCommandError extends PgToolsError {
  constructor(
    readonly program: string,
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    /** The last bytes of the program's error output (at most {@link STDERR_TAIL_CHARS} characters). */
    readonly stderr: string,
  ) {
    super(commandErrorMessage(program, exitCode, signal, stderr));
  }
}

/** A query or connection of PgTools' own failed (snapshot, row counts, scratch database). */
export class PgToolsDatabaseError extends PgToolsError {}

/** How much of a program's error output a {@link PgToolsCommandError} keeps. */
export const STDERR_TAIL_CHARS = 4096;

function commandErrorMessage(
  program: string,
  exitCode: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // pg_restore follows its error line with `Command was: …` (which may quote the archive's data)
  // and a summary; the `error:` line is the one that explains.
  const reason = lines.findLast((line) => /\berror:/i.test(line)) ?? lines.at(-1);
  // SIGTERM is PgTools stopping it (its reader gave up); others are crashes (pg_restore can die of
  // SIGSEGV on a damaged archive).
  if (signal) return `${program} was ended by ${signal} before it finished${reason ? `: ${reason}` : ''}`;
  return reason
    ? `${program} failed (exit code ${exitCode}): ${reason}`
    : `${program} failed with exit code ${exitCode}`;
}
