import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  databaseUrlFor,
  describeDatabase,
  parseDatabaseUrl,
  pgChildEnvironment,
  pgInvocation,
} from './pg-connection.js';
import { PgToolsDatabaseError } from './pg-tools.errors.js';

const PASSWORD = 'p@ss w/rd:é';
const URL_WITH_SECRETS =
  `postgresql://whiskey:${encodeURIComponent(PASSWORD)}@db.example.org:6543/whiskey_prod` +
  '?sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Fdb-ca.pem&application_name=backup';

/** What the app's own process has in its environment: none of it may reach pg_dump except PATH and HOME. */
const APP_ENV = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/whiskey',
  JWT_SECRET: 'jwt-secret-of-the-app',
  DATABASE_URL: URL_WITH_SECRETS,
  PGOPTIONS: '-c search_path=elsewhere',
  PGSERVICE: 'other',
};

describe('pgChildEnvironment', () => {
  it('puts every part of the URL, the password and the libpq options into PG* variables', () => {
    expect(pgChildEnvironment(URL_WITH_SECRETS, APP_ENV)).toEqual({
      PATH: APP_ENV.PATH,
      HOME: APP_ENV.HOME,
      LC_MESSAGES: 'C',
      PGCONNECT_TIMEOUT: '15',
      PGHOST: 'db.example.org',
      PGPORT: '6543',
      PGUSER: 'whiskey',
      PGPASSWORD: PASSWORD,
      PGDATABASE: 'whiskey_prod',
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: '/etc/ssl/db-ca.pem',
      PGAPPNAME: 'backup',
    });
  });

  it("passes none of the app's secrets or stray PG* variables", () => {
    const env = pgChildEnvironment('postgresql://localhost/whiskey', APP_ENV);
    expect(Object.keys(env).sort()).toEqual([
      'HOME',
      'LC_MESSAGES',
      'PATH',
      'PGCONNECT_TIMEOUT',
      'PGDATABASE',
      'PGHOST',
    ]);
  });

  it.each([
    ['postgresql://u@[::1]:5433/db', { PGHOST: '::1', PGPORT: '5433' }],
    ['postgresql:///db?host=/run/postgresql', { PGHOST: '/run/postgresql', PGDATABASE: 'db' }],
    ['postgresql://u@%2Frun%2Fpostgresql/db', { PGHOST: '/run/postgresql', PGUSER: 'u' }],
    ['postgres://u@h/db?sslmode=no-verify', { PGSSLMODE: 'require' }],
    ['postgresql://u@h/db?ssl=true', { PGSSLMODE: 'require' }],
    ['postgresql://u@h/db?connect_timeout=3', { PGCONNECT_TIMEOUT: '3' }],
  ])('reads %s as libpq would', (url, expected) => {
    expect(pgChildEnvironment(url, {})).toMatchObject(expected);
  });
});

describe('pgInvocation', () => {
  it('keeps the password out of the command line, names the database there as a connection string', () => {
    const { args, env } = pgInvocation(URL_WITH_SECRETS, ['--no-owner'], {
      dbname: true,
      inherited: APP_ENV,
    });
    expect(args).toEqual(['--no-owner', "--dbname=dbname='whiskey_prod'"]);
    expect(env.PGPASSWORD).toBe(PASSWORD);
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), APP_ENV.JWT_SECRET]) {
      expect(args.join(' ')).not.toContain(secret);
    }
  });

  it('the argv the kernel shows for the process holds no password; its environment does', async () => {
    const { args, env } = pgInvocation(URL_WITH_SECRETS, ['--format=custom'], { dbname: true });
    // The shell prints the process' real command line (/proc/self/cmdline), then the variable.
    const child = spawn(
      '/bin/sh',
      ['-c', 'tr "\\0" "\\n" < /proc/$$/cmdline; printf "PGPASSWORD=%s" "$PGPASSWORD"', 'sh', ...args],
      { env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await once(child, 'close');
    // The script's own text (in the command line) also says PGPASSWORD=: the printed value is last.
    const marker = output.lastIndexOf('PGPASSWORD=');
    const [commandLine, password] = [output.slice(0, marker), output.slice(marker + 'PGPASSWORD='.length)];
    expect(commandLine).toContain("--dbname=dbname='whiskey_prod'");
    expect(commandLine).not.toContain(PASSWORD);
    expect(commandLine).not.toContain(encodeURIComponent(PASSWORD));
    expect(password).toBe(PASSWORD);
  });

  it('quotes database names that libpq would otherwise read as connection parameters', () => {
    const url = databaseUrlFor('postgresql://u@h/x', "it's=a \\ name");
    expect(pgInvocation(url, [], { dbname: true }).args).toEqual(["--dbname=dbname='it\\'s=a \\\\ name'"]);
    expect(parseDatabaseUrl(url).database).toBe("it's=a \\ name");
  });

  it('refuses a URL without a database when the program needs one', () => {
    expect(() => pgInvocation('postgresql://u@h', [], { dbname: true })).toThrow(PgToolsDatabaseError);
  });
});

describe('messages about the connection', () => {
  it('describe the database without the password', () => {
    expect(describeDatabase(URL_WITH_SECRETS)).toBe('whiskey_prod on db.example.org:6543');
  });

  it.each([
    'not a url with a p@ss w/rd:é',
    'mysql://whiskey:p%40ss@db/whiskey',
    'postgresql://whiskey:bad%zzpassword@db/whiskey',
  ])('reject %s without quoting it', (url) => {
    let error: unknown;
    try {
      parseDatabaseUrl(url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PgToolsDatabaseError);
    expect((error as Error).message).not.toMatch(/p@ss|p%40ss|password/);
  });
});
