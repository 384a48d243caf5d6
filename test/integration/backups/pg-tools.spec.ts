import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { databaseUrlFor } from '../../../src/backups/database/pg-connection.js';
import {
  PgToolsCommandError,
  PgToolsDatabaseError,
  PgToolsMissingError,
  PgToolsVersionError,
} from '../../../src/backups/database/pg-tools.errors.js';
import { PgTools, type RunningDump } from '../../../src/backups/database/pg-tools.js';
import { withAdminClient } from '../../setup/admin-db.js';
import { createTestDatabase, type TestDatabase } from '../../setup/databases.js';

async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The whole archive of a finished pg_dump, checking that the stream and `done` agree. */
async function collect(dump: RunningDump): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of dump.stdout) chunks.push(chunk as Buffer);
  await dump.done;
  return Buffer.concat(chunks);
}

/** An archive stream that delivers `bytes` in small chunks (so the program reads it in many steps). */
function streamOf(bytes: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4096)
    chunks.push(bytes.subarray(offset, offset + 4096));
  return Readable.from(chunks);
}

/** A stream that delivers the first half of `bytes`, then fails as a decryption upstream would. */
function failingStream(bytes: Buffer, error: Error): Readable {
  async function* chunks() {
    yield bytes.subarray(0, bytes.length / 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw error;
  }
  return Readable.from(chunks());
}

async function databaseExists(name: string): Promise<boolean> {
  return withAdminClient(async (client) => {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [name]);
    return rows.length === 1;
  });
}

async function locations(url: string): Promise<unknown[]> {
  return sql(
    url,
    'select id, household_id, name, description, created_at, version from location order by id',
  );
}

const HOUSEHOLD = randomUUID();

async function seed(url: string): Promise<void> {
  await sql(url, `insert into household (id, name, created_at) values ($1, 'Glen Household', now())`, [
    HOUSEHOLD,
  ]);
  for (const name of ['Cellar', 'Cabinet', 'Grandpa\'s "bar"']) {
    await sql(url, `insert into location (id, household_id, name, created_at) values ($1, $2, $3, now())`, [
      randomUUID(),
      HOUSEHOLD,
      name,
    ]);
  }
}

async function addLocation(url: string, name: string): Promise<void> {
  await sql(url, `insert into location (id, household_id, name, created_at) values ($1, $2, $3, now())`, [
    randomUUID(),
    HOUSEHOLD,
    name,
  ]);
}

/** A folder with executable shell scripts standing in for the PostgreSQL programs. */
async function fakeBinDir(scripts: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'whiskey-pg-bin-'));
  folders.push(folder);
  for (const [name, body] of Object.entries(scripts)) {
    await writeFile(join(folder, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(folder, name), 0o755);
  }
  return folder;
}

const folders: string[] = [];
let database: TestDatabase;
let tools: PgTools;
let serverVersion: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tools = new PgTools({ databaseUrl: database.url });
  await seed(database.url);
  [{ server_version: serverVersion }] = await sql<{ server_version: string }>(
    database.url,
    'show server_version',
  );
  serverVersion = serverVersion.split(' ')[0];
});

afterAll(async () => {
  await database.drop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('checkVersions', () => {
  it('accepts the pg_dump and pg_restore on PATH, of the server major version', async () => {
    const versions = await tools.checkVersions();
    expect(versions.server).toBe(serverVersion);
    expect(versions.serverMajor).toBe(Number(serverVersion.split('.')[0]));
    expect(versions.pgDump).toMatch(/^\d+\.\d+/);
    expect(versions.pgDumpMajor).toBeGreaterThanOrEqual(versions.serverMajor);
    expect(versions.pgRestoreMajor).toBeGreaterThanOrEqual(versions.serverMajor);
  });

  it('refuses a pg_dump older than the server, saying what to install', async () => {
    const binDir = await fakeBinDir({
      pg_dump: 'echo "pg_dump (PostgreSQL) 11.0"',
      pg_restore: 'exec pg_restore "$@"',
    });
    const error = await new PgTools({ databaseUrl: database.url, binDir })
      .checkVersions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgToolsVersionError);
    const major = serverVersion.split('.')[0];
    expect((error as Error).message).toBe(
      `pg_dump 11.0 is older than the server (${serverVersion}): install postgresql-client-${major} or set PG_BIN_DIR`,
    );
  });

  it('says which package to install when a program is missing', async () => {
    const binDir = await fakeBinDir({ pg_dump: 'exec pg_dump "$@"' });
    const tools = new PgTools({ databaseUrl: database.url, binDir });
    const error = await tools.checkVersions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgToolsMissingError);
    expect((error as Error).message).toBe(
      `pg_restore was not found in ${binDir}: install postgresql-client-${serverVersion.split('.')[0]} or set PG_BIN_DIR`,
    );
    const emptyDir = await fakeBinDir({});
    const dump = new PgTools({ databaseUrl: database.url, binDir: emptyDir }).dump();
    await expect(dump.done).rejects.toBeInstanceOf(PgToolsMissingError);
    await expect(collect(dump)).rejects.toThrow(/pg_dump was not found in /);
  });
});

describe('dump and list', () => {
  it('streams a custom-format archive whose table of contents lists the data of the app tables', async () => {
    const archive = await collect(tools.dump());
    expect(archive.subarray(0, 5).toString('latin1')).toBe('PGDMP');
    const entries = await tools.list(streamOf(archive));
    const data = entries.filter((line) => line.includes(' TABLE DATA '));
    for (const table of ['location', 'household', 'app_user', 'mikro_orm_migrations']) {
      expect(data.some((line) => line.includes(` TABLE DATA public ${table} `))).toBe(true);
    }
    expect(entries.some((line) => line.startsWith(';'))).toBe(false);
  });

  it('leaves out the rows of the tables named in excludeTableData, not their definition', async () => {
    const entries = await tools.list(
      streamOf(await collect(tools.dump({ excludeTableData: ['public.location'] }))),
    );
    expect(entries.some((line) => line.includes(' TABLE public location '))).toBe(true);
    expect(entries.some((line) => line.includes(' TABLE DATA public location '))).toBe(false);
    expect(entries.some((line) => line.includes(' TABLE DATA public household '))).toBe(true);
  });

  it('list rejects a stream that is no archive', async () => {
    const error = await tools
      .list(Readable.from([Buffer.from('not an archive at all')]))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgToolsCommandError);
    expect((error as Error).message).toMatch(/^pg_restore failed \(exit code 1\): pg_restore: error: /);
  });

  it("list fails with the archive stream's own error, not a broken pipe", async () => {
    const archive = await collect(tools.dump());
    const upstream = new Error('age: the ciphertext was tampered with');
    await expect(tools.list(failingStream(archive, upstream))).rejects.toBe(upstream);
  });

  it('stops pg_dump when the reader destroys its output', async () => {
    const dump = tools.dump();
    dump.stdout.destroy();
    const error = await dump.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgToolsCommandError);
    expect((error as PgToolsCommandError).signal).toBe('SIGTERM');
  });

  it('fails the stream and done with the program error when pg_dump fails', async () => {
    const dump = new PgTools({ databaseUrl: databaseUrlFor(database.url, `${database.name}_absent`) }).dump();
    const error = await collect(dump).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgToolsCommandError);
    expect((error as Error).message).toMatch(/^pg_dump failed \(exit code 1\): .*does not exist/);
    await expect(dump.done).rejects.toBe(error);
  });

  it('passes the password in the environment only, never on the command line', async () => {
    const binDir = await fakeBinDir({
      pg_dump: 'printf "argv:%s\\n" "$@"; printf "env:PGPASSWORD=%s\\n" "$PGPASSWORD"',
    });
    const url = 'postgresql://whiskey:Sup3r%20secret@127.0.0.1:5432/whiskey?sslmode=disable';
    const output = (await collect(new PgTools({ databaseUrl: url, binDir }).dump())).toString('utf8');
    const argv = output.split('\n').filter((line) => line.startsWith('argv:'));
    expect(argv).toEqual([
      'argv:--format=custom',
      'argv:--compress=0',
      'argv:--no-password',
      'argv:--lock-wait-timeout=60s',
      "argv:--dbname=dbname='whiskey'",
    ]);
    expect(output).toContain('env:PGPASSWORD=Sup3r secret\n');
  });
});

describe('snapshots and restore', () => {
  it('dumps exactly the snapshot: rows added after it are neither counted nor dumped, and a restore matches its counts', async () => {
    const snapshot = await tools.openSnapshot();
    let archive: Buffer;
    try {
      await addLocation(database.url, 'After the snapshot');
      archive = await collect(tools.dump({ snapshotId: snapshot.snapshotId }));
    } finally {
      await snapshot.release();
    }
    const live = await tools.rowCounts();
    expect(snapshot.serverVersion).toBe(serverVersion);
    expect(snapshot.estimatedBytes).toBeGreaterThan(0);
    expect(snapshot.rowCounts['public.location']).toBe(3);
    expect(snapshot.rowCounts['public.household']).toBe(1);
    expect(live['public.location']).toBe(4);
    expect(Object.keys(snapshot.rowCounts)).toEqual(Object.keys(live));
    expect(Object.keys(snapshot.rowCounts)).toContain('public.mikro_orm_migrations');

    let scratchName = '';
    const restored = await tools.withScratchDatabase(async (url) => {
      scratchName = new URL(url).pathname.slice(1);
      await tools.restore(streamOf(archive), { databaseUrl: url, singleTransaction: true, clean: false });
      const names = await sql<{ name: string }>(url, 'select name from location');
      return { counts: await tools.rowCounts(url), names: names.map((row) => row.name) };
    });
    expect(scratchName.startsWith(`${database.name}_drill_`)).toBe(true);
    expect(restored.counts).toEqual(snapshot.rowCounts);
    expect(restored.names).not.toContain('After the snapshot');
    expect(await databaseExists(scratchName)).toBe(false);
  });

  it('restores a live database in one transaction with clean: changed and deleted data is back', async () => {
    const archive = await collect(tools.dump());
    const countsBefore = await tools.rowCounts();
    const before = await locations(database.url);

    await sql(
      database.url,
      `update location set name = 'Renamed', version = version + 1 where name = 'Cellar'`,
    );
    await sql(database.url, `delete from location where name = 'Cabinet'`);
    await addLocation(database.url, 'Added later');
    expect(await locations(database.url)).not.toEqual(before);

    await tools.restore(streamOf(archive), { singleTransaction: true, clean: true });
    expect(await locations(database.url)).toEqual(before);
    expect(await tools.rowCounts()).toEqual(countsBefore);
  });

  it('a corrupted archive fails the restore and leaves the live database unchanged', async () => {
    const archive = await collect(tools.dump());
    // Damage inside the data of `location`: restored after --clean dropped the tables, so the
    // failure comes late, when much has changed in the transaction.
    const corrupted = Buffer.from(archive);
    const start = corrupted.indexOf('Cabinet');
    expect(start).toBeGreaterThan(corrupted.length / 2);
    for (let i = start; i < start + 'Cabinet'.length; i++) corrupted[i] ^= 0xff;
    await addLocation(database.url, 'Only in the live database');
    const countsBefore = await tools.rowCounts();
    const before = await locations(database.url);

    const error = await tools
      .restore(streamOf(corrupted), { singleTransaction: true, clean: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgToolsCommandError);
    expect((error as Error).message).toMatch(
      /^pg_restore failed \(exit code 1\): pg_restore: error: .*invalid byte sequence for encoding "UTF8"/,
    );
    expect(await tools.rowCounts()).toEqual(countsBefore);
    expect(await locations(database.url)).toEqual(before);
  });

  it("an archive stream failing midway stops the restore with the stream's error and changes nothing", async () => {
    const archive = await collect(tools.dump());
    await addLocation(database.url, 'Not in the archive');
    const countsBefore = await tools.rowCounts();
    const before = await locations(database.url);
    const upstream = new Error('age: the ciphertext was tampered with');

    await expect(
      tools.restore(failingStream(archive, upstream), { singleTransaction: true, clean: true }),
    ).rejects.toBe(upstream);
    expect(await tools.rowCounts()).toEqual(countsBefore);
    expect(await locations(database.url)).toEqual(before);
  });

  it('restores as a role that is not a superuser (objects become its own: --no-owner)', async () => {
    const archive = await collect(tools.dump());
    const role = `${database.name}_owner`;
    const target = `${database.name}_asrole`;
    await withAdminClient(async (client) => {
      await client.query(`create role "${role}" login`);
      await client.query(`create database "${target}" owner "${role}"`);
    });
    try {
      const url = new URL(databaseUrlFor(database.url, target));
      url.username = role;
      await tools.restore(streamOf(archive), {
        databaseUrl: url.toString(),
        singleTransaction: true,
        clean: true,
      });
      // Again over its own objects, as a restore of the live database does.
      await tools.restore(streamOf(archive), {
        databaseUrl: url.toString(),
        singleTransaction: true,
        clean: true,
      });
      expect(await tools.rowCounts(url.toString())).toEqual(await tools.rowCounts());
      // The role has no CREATEDB: drills need it, and the message says so.
      const drill = new PgTools({ databaseUrl: url.toString() }).withScratchDatabase(async () => 'unreached');
      await expect(drill).rejects.toThrow(
        new RegExp(
          `^Cannot create the scratch database ${target}_drill_[0-9a-f]{8}: permission denied to create database \\(the database user needs the CREATEDB privilege`,
        ),
      );
    } finally {
      await withAdminClient(async (client) => {
        await client.query(`drop database if exists "${target}" with (force)`);
        await client.query(`drop role if exists "${role}"`);
      });
    }
  });
});

describe('withScratchDatabase', () => {
  it('drops the scratch database even when the work fails', async () => {
    let name = '';
    const failure = new Error('drill failed');
    await expect(
      tools.withScratchDatabase(async (url) => {
        name = new URL(url).pathname.slice(1);
        expect(await databaseExists(name)).toBe(true);
        // A connection left open must not keep the database alive.
        const client = new pg.Client({ connectionString: url });
        client.on('error', () => undefined);
        await client.connect();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(name).toMatch(new RegExp(`^${database.name}_drill_[0-9a-f]{8}$`));
    expect(await databaseExists(name)).toBe(false);
  });

  it('reports a database it cannot reach without its password', async () => {
    const url = 'postgresql://whiskey:hunter2@127.0.0.1:1/whiskey';
    const error = await new PgTools({ databaseUrl: url }).rowCounts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PgToolsDatabaseError);
    expect((error as Error).message).toMatch(/^Cannot connect to whiskey on 127\.0\.0\.1:1: /);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
