import { MikroORM } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { PgTools } from '../../src/backups/database/pg-tools.js';
import { loadConfig } from '../../src/config/load-config.js';
import { migrateUnderLock } from '../../src/database/migrations.js';
import { createHttpApp } from '../../src/http-app.js';
import { createMigrationOrmOptions } from '../../src/mikro-orm.config.js';
import { bearer, registerUser } from '../factories/users.js';
import { ADMIN_URL, withAdminClient } from '../setup/admin-db.js';
import { startAppProcess } from '../setup/app-process.js';
import { runPrefix } from '../setup/databases.js';
import { flushTestRedis, testEnvironment } from '../setup/test-app.js';

const execFileAsync = promisify(execFile);
const OPS_DB = fileURLToPath(new URL('../../ops/db/', import.meta.url));

/** SQLSTATE insufficient_privilege: a missing grant, a missing ownership, and the audit trigger. */
const INSUFFICIENT_PRIVILEGE = '42501';

/** Roles are cluster-wide: names unique to this run and file, dropped in afterAll. */
const suffix = randomBytes(4).toString('hex');
const OWNER = `${runPrefix()}_owner_${suffix}`;
const APP = `${runPrefix()}_app_${suffix}`;
/** Granted UPDATE, DELETE and TRUNCATE on the audit table without owning it: only the trigger stops it. */
const WRITER = `${runPrefix()}_writer_${suffix}`;
/** Databases start with the run prefix, so the global teardown drops them if this file cannot. */
const DATABASE = `${runPrefix()}_lp_${suffix}`;
const APP_DATABASE = `${runPrefix()}_lpapp_${suffix}`;

/** The URL of `database` on the test server as `role` (the test server trusts local connections). */
function urlAs(role: string, database: string): string {
  const url = new URL(ADMIN_URL);
  url.username = role;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs an ops/db script with psql as the administrator or `url`; rejects with psql's error output. */
async function psqlScript(
  script: string,
  variables: Record<string, string>,
  url: string = ADMIN_URL,
): Promise<string> {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', join(OPS_DB, script)];
  for (const [name, value] of Object.entries(variables)) args.push('-v', `${name}=${value}`);
  try {
    return (await execFileAsync('psql', args, { encoding: 'utf8' })).stdout;
  } catch (error) {
    throw new Error(`psql -f ${script} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`, {
      cause: error,
    });
  }
}

function bootstrap(database: string): Promise<string> {
  return psqlScript('bootstrap.sql', {
    dbname: database,
    owner_role: OWNER,
    owner_password: 'owner-password-only-for-this-test',
    app_role: APP,
    app_password: 'app-password-only-for-this-test',
  });
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The error `client.query(text)` fails with. */
async function failure(client: pg.Client, text: string): Promise<{ code?: string; message: string }> {
  try {
    await client.query(text);
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error(`expected to fail: ${text}`);
}

async function archiveOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const WRITES_TO_AUDIT = [
  `update audit.audit_event set action = 'forged'`,
  `delete from audit.audit_event`,
  `truncate audit.audit_event`,
];

describe('least-privilege database roles (ops/db/bootstrap.sql)', () => {
  const ownerUrl = urlAs(OWNER, DATABASE);
  const appUrl = urlAs(APP, DATABASE);
  let app: pg.Client;
  let owner: pg.Client;

  beforeAll(async () => {
    await bootstrap(DATABASE);
    // Idempotent: a second run changes nothing and fails on nothing.
    await bootstrap(DATABASE);
    const config = loadConfig(testEnvironment({ DATABASE_URL: appUrl, DATABASE_MIGRATION_URL: ownerUrl }));
    const orm = await MikroORM.init(createMigrationOrmOptions(config, { logger: () => undefined }));
    try {
      await migrateUnderLock(orm, config.migrationDatabaseUrl);
    } finally {
      await orm.close();
    }
    // And again over the migrated schema, as after an upgrade.
    await bootstrap(DATABASE);
    app = await connect(appUrl);
    owner = await connect(ownerUrl);
  }, 60_000);

  afterAll(async () => {
    await app?.end();
    await owner?.end();
    await withAdminClient(async (client) => {
      for (const database of [DATABASE, APP_DATABASE])
        await client.query(`drop database if exists "${database}" with (force)`);
      for (const role of [WRITER, APP, OWNER]) await client.query(`drop role if exists "${role}"`);
    });
  });

  it('gives the owner role the database and every table, and the runtime role no ownership or power', async () => {
    const { rows: roles } = await owner.query<{ rolname: string; powers: string }>(
      `select rolname, concat_ws(',', case when rolsuper then 'superuser' end, case when rolcreatedb then 'createdb' end,
              case when rolcreaterole then 'createrole' end, case when rolbypassrls then 'bypassrls' end) as powers
       from pg_roles where rolname in ($1, $2) order by rolname = $1 desc`,
      [OWNER, APP],
    );
    expect(roles).toEqual([
      { rolname: OWNER, powers: 'createdb' },
      { rolname: APP, powers: '' },
    ]);
    const { rows: owners } = await owner.query<{ owner: string; objects: string }>(
      `select pg_get_userbyid(c.relowner) as owner, count(*)::text as objects
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname in ('public', 'audit') group by 1
       union all
       select pg_get_userbyid(datdba), 'database' from pg_database where datname = current_database()`,
    );
    expect(owners.map((row) => row.owner)).toEqual([OWNER, OWNER]);
  });

  it('lets the runtime role read and write rows', async () => {
    await app.query(
      `insert into instance_setting (key, value, updated_at) values ('least_privilege.probe', '1', now())`,
    );
    await app.query(`update instance_setting set value = '2' where key = 'least_privilege.probe'`);
    const { rows } = await app.query<{ value: number }>(
      `select value from instance_setting where key = 'least_privilege.probe'`,
    );
    expect(rows).toEqual([{ value: 2 }]);
    await app.query(`delete from instance_setting where key = 'least_privilege.probe'`);
  });

  it.each([
    'drop table whisky',
    'alter table whisky add column smuggled text',
    'truncate whisky',
    'create table smuggled (id int)',
    'create temporary table smuggled (id int)',
    'create schema smuggled',
    'alter table audit.audit_event disable trigger audit_event_append_only',
    'drop trigger audit_event_append_only on audit.audit_event',
  ])('denies the runtime role DDL: %s', async (statement) => {
    expect(await failure(app, statement)).toMatchObject({ code: INSUFFICIENT_PRIVILEGE });
  });

  it('lets the runtime role insert and read audit events, and refuses it any change by grant', async () => {
    const { rows } = await app.query<{ id: string }>(
      `insert into audit.audit_event (at, action) values (now(), 'least_privilege.inserted') returning id`,
    );
    const read = await app.query(`select action from audit.audit_event where id = $1`, [rows[0].id]);
    expect(read.rows).toEqual([{ action: 'least_privilege.inserted' }]);
    for (const statement of WRITES_TO_AUDIT) {
      expect(await failure(app, statement)).toMatchObject({
        code: INSUFFICIENT_PRIVILEGE,
        message: 'permission denied for table audit_event',
      });
    }
  });

  it('refuses changes to the audit trail by a role that holds the grants but not the table (the trigger)', async () => {
    await owner.query(`insert into audit.audit_event (at, action) values (now(), 'least_privilege.kept')`);
    // The owner may not create roles (NOCREATEROLE): the administrator makes one and acts as it.
    const admin = await connect(urlAs(new URL(ADMIN_URL).username, DATABASE));
    try {
      await admin.query(`create role "${WRITER}" nologin`);
      await owner.query(`grant usage on schema audit to "${WRITER}"`);
      await owner.query(`grant select, update, delete, truncate on audit.audit_event to "${WRITER}"`);
      await admin.query(`set role "${WRITER}"`);
      for (const statement of WRITES_TO_AUDIT) {
        const error = await failure(admin, statement);
        expect(error).toMatchObject({ code: INSUFFICIENT_PRIVILEGE });
        expect(error.message).toMatch(
          new RegExp(
            `^audit\\.audit_event is append-only: (UPDATE|DELETE|TRUNCATE) by role ${WRITER} refused$`,
          ),
        );
      }
    } finally {
      await admin.end();
    }
    const { rows } = await owner.query(
      `select 1 from audit.audit_event where action = 'least_privilege.kept'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('lets the owner, and only the owner, delete old audit events with ops/db/audit-retention.sql', async () => {
    await app.query(
      `insert into audit.audit_event (at, action) values
         (now() - interval '800 days', 'least_privilege.old'), (now(), 'least_privilege.recent')`,
    );
    await expect(psqlScript('audit-retention.sql', { keep_days: '365' }, appUrl)).rejects.toThrow(
      'permission denied for table audit_event',
    );
    const output = await psqlScript('audit-retention.sql', { keep_days: '365' }, ownerUrl);
    expect(output).toMatch(/deleted_audit_events \| kept_days\s*\n-+\+-+\s*\n\s*1 \|\s+365/);
    const { rows } = await app.query<{ action: string }>(
      `select action from audit.audit_event where action in ('least_privilege.old', 'least_privilege.recent')`,
    );
    expect(rows).toEqual([{ action: 'least_privilege.recent' }]);
  });

  it('backs up as the runtime role and restores and drills as the owner, keeping the runtime grants', async () => {
    const tools = new PgTools({ databaseUrl: appUrl, ownerUrl });
    await tools.checkVersions();
    const before = await tools.rowCounts();
    expect(before['audit.audit_event']).toBeGreaterThan(0);
    const dump = tools.dump();
    const archive = await archiveOf(dump.stdout);
    await dump.done;

    // A restore drops and recreates every object, schema audit included, as the owner.
    await tools.restore(Readable.from([archive]), { singleTransaction: true, clean: true });
    expect(await tools.rowCounts()).toEqual(before);
    await app.query(
      `insert into audit.audit_event (at, action) values (now(), 'least_privilege.after_restore')`,
    );
    await app.query(
      `insert into instance_setting (key, value, updated_at) values ('least_privilege.restored', '1', now())`,
    );
    await app.query(`delete from instance_setting where key = 'least_privilege.restored'`);
    for (const statement of [...WRITES_TO_AUDIT, 'drop table whisky']) {
      expect(await failure(app, statement)).toMatchObject({ code: INSUFFICIENT_PRIVILEGE });
    }
    const { rows: triggers } = await owner.query<{ tgname: string }>(
      `select tgname from pg_trigger where tgrelid = 'audit.audit_event'::regclass order by tgname`,
    );
    expect(triggers.map((trigger) => trigger.tgname)).toEqual([
      'audit_event_append_only',
      'audit_event_no_truncate',
    ]);

    // A drill restores into a scratch database, which only the owner (CREATEDB) may create.
    const drilled = await tools.withScratchDatabase(async (url) => {
      expect(new URL(url).username).toBe(OWNER);
      await tools.restore(Readable.from([archive]), {
        databaseUrl: url,
        singleTransaction: true,
        clean: false,
      });
      return tools.rowCounts(url);
    });
    expect(drilled).toEqual(before);
    // A dump, a restore and a drill in a scratch database: seconds alone, far more on a busy machine.
  }, 180_000);

  it('refuses to start when DATABASE_MIGRATION_URL does not connect, naming it in one line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'whiskey-least-privilege-'));
    try {
      const started = await startAppProcess(
        testEnvironment({
          DATABASE_URL: appUrl,
          DATABASE_MIGRATION_URL: urlAs(`${OWNER}_missing`, DATABASE),
          DATA_DIR: dataDir,
        }),
      );
      expect(await started.exited).toBe(1);
      expect(started.output().trim()).toMatch(
        /^whiskey-tracker: cannot start: Cannot connect with DATABASE_MIGRATION_URL: .*role ".*_missing" does not exist$/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('the application, as the runtime role, migrating as the owner', () => {
    let http: NestFastifyApplication;
    let dataDir: string;

    beforeAll(async () => {
      await bootstrap(APP_DATABASE);
      await flushTestRedis();
      dataDir = mkdtempSync(join(tmpdir(), 'whiskey-least-privilege-'));
      const config = loadConfig(
        testEnvironment({
          DATABASE_URL: urlAs(APP, APP_DATABASE),
          DATABASE_MIGRATION_URL: urlAs(OWNER, APP_DATABASE),
          DATA_DIR: dataDir,
        }),
      );
      http = await createHttpApp(config);
    }, 60_000);

    afterAll(async () => {
      await http?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('migrates a new database at start-up as the owner and is ready', async () => {
      expect((await http.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      const client = await connect(urlAs(OWNER, APP_DATABASE));
      try {
        // Every table, sequence and index, the migrations' own table included, was made by the owner.
        const { rows } = await client.query<{ owner: string }>(
          `select distinct pg_get_userbyid(c.relowner) as owner
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname in ('public', 'audit')`,
        );
        expect(rows).toEqual([{ owner: OWNER }]);
      } finally {
        await client.end();
      }
    });

    it('signs up the first user and records it in the audit trail', async () => {
      const admin = await registerUser(http);
      const audit = await http.inject({
        method: 'GET',
        url: '/api/v1/audit-events?action=user.registered',
        headers: bearer(admin.accessToken),
      });
      expect(audit.statusCode).toBe(200);
      expect(audit.json()).toMatchObject({ total: 1, data: [{ actorId: admin.user.id }] });
    });
  });
});
