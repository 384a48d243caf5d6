import pg from 'pg';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_POSTGRES_PORT } from '../../src/database/embedded-postgres.js';
import { createTestDatabase, type TestDatabase } from '../setup/databases.js';
import { freePort, startAppProcess, type AppProcess } from '../setup/app-process.js';
import { flushTestRedis, testEnvironment } from '../setup/test-app.js';

const started: AppProcess[] = [];
const dirs: string[] = [];

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'whiskey-process-'));
  // mkdtemp makes it private; as root the embedded PostgreSQL (run as `postgres`) must be able to enter it.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

async function start(env: Record<string, string>, entry: 'main' | 'worker' = 'main'): Promise<AppProcess> {
  const app = await startAppProcess(
    testEnvironment({ LOG_LEVEL: 'info', DATA_DIR: dataDir(), ...env }),
    entry,
  );
  started.push(app);
  return app;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((app) => app.stop('SIGKILL')));
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('process lifecycle', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    await flushTestRedis();
    database = await createTestDatabase({ empty: true });
  });
  afterEach(async () => {
    await database.drop();
  });

  it('two processes started at once on a fresh database migrate it exactly once', async () => {
    const [a, b] = await Promise.all([
      start({ DATABASE_URL: database.url }),
      start({ DATABASE_URL: database.url }),
    ]);
    await Promise.all([a.waitUntilReady(), b.waitUntilReady()]);

    const applied = [a, b].filter((app) => app.output().includes('Applied migrations'));
    expect(applied).toHaveLength(1);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; count: string }>(
        'select name, count(*) from mikro_orm_migrations group by name',
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.count === '1')).toBe(true);
    } finally {
      await client.end();
    }
  }, 90_000);

  it('SIGTERM stops accepting requests, closes connections and exits 0', async () => {
    const app = await start({ DATABASE_URL: database.url });
    await app.waitUntilReady();
    expect(await app.stop('SIGTERM')).toBe(0);
    expect(app.output()).toContain('shutting down gracefully');
    await expect(fetch(`${app.url}/health/live`)).rejects.toThrow();
  }, 90_000);

  it('a worker process answers only its probes and metrics', async () => {
    const worker = await start({ DATABASE_URL: database.url }, 'worker');
    await worker.waitUntilReady();
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);
    const api = await fetch(`${worker.url}/api/docs-json`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  }, 90_000);
});

describe('start-up failures', () => {
  it('a database on a closed port fails fast (no retrying for ever) with one clear line', async () => {
    const closedPort = await freePort();
    const began = Date.now();
    const app = await start({
      DATABASE_URL: `postgresql://whiskey@127.0.0.1:${closedPort}/whiskey`,
      LOG_LEVEL: 'silent',
    });
    const code = await app.exited;
    expect(code).toBe(1);
    // Node's start-up is in there too, which a loaded CI machine slows down; a hang would take minutes.
    expect(Date.now() - began).toBeLessThan(30_000);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^whiskey-tracker: cannot start: .*ECONNREFUSED/);
  });

  it('an invalid variable stops the process with one line naming it', async () => {
    const app = await start({ PORT: '3000', APP_ROLE: 'everything' });
    expect(await app.exited).toBe(1);
    expect(app.output().trim()).toBe(
      'whiskey-tracker: Invalid configuration: APP_ROLE must be one of all, api, worker (got "everything")',
    );
  });
});

/** Generous: a cold embedded PostgreSQL under a loaded CI machine, not a performance bound. */
const STARTUP_TIMEOUT_MS = 60_000;

describe('development default: embedded PostgreSQL', () => {
  // How fast it starts is measured on a quiet machine, not asserted here: in a full parallel test run on
  // two cores, initdb alone can take longer than the ~3 s it takes at rest.
  it(
    'starts without DATABASE_URL (embedded PostgreSQL), becomes ready, and keeps its data across restarts',
    async () => {
      const dir = dataDir();
      const env = { NODE_ENV: 'development', DATA_DIR: dir, DATABASE_URL: '' };
      const first = await start(env);
      await first.waitUntilReady(STARTUP_TIMEOUT_MS);
      expect(first.output()).toContain('Creating the embedded PostgreSQL');

      const password = readFileSync(join(dir, 'pg-password'), 'utf8').trim();
      const url = `postgresql://whiskey:${password}@127.0.0.1:${EMBEDDED_POSTGRES_PORT}/whiskey`;
      const write = new pg.Client({ connectionString: url });
      await write.connect();
      await write.query(
        `insert into instance_setting (key, value, version, updated_at) values ('probe', '"kept"', 1, now())`,
      );
      await write.end();
      expect(await first.stop('SIGTERM')).toBe(0);

      const second = await start(env);
      await second.waitUntilReady(STARTUP_TIMEOUT_MS);
      expect(second.output()).not.toContain('Creating the embedded PostgreSQL');
      const read = new pg.Client({ connectionString: url });
      await read.connect();
      const { rows } = await read.query<{ value: string }>(
        `select value from instance_setting where key = 'probe'`,
      );
      await read.end();
      expect(rows).toEqual([{ value: 'kept' }]);
      expect(await second.stop('SIGTERM')).toBe(0);
    },
    3 * STARTUP_TIMEOUT_MS,
  );

  it(
    'starts from a private directory too (a fresh clone in a 0700 folder)',
    async () => {
      const privateDir = mkdtempSync(join(tmpdir(), 'whiskey-private-'));
      dirs.push(privateDir);
      const app = await start({
        NODE_ENV: 'development',
        DATA_DIR: join(privateDir, 'data'),
        DATABASE_URL: '',
      });
      await app.waitUntilReady(STARTUP_TIMEOUT_MS);
      const moved = /the embedded PostgreSQL lives in (\S+)/.exec(app.output())?.[1];
      if (process.getuid?.() === 0) {
        // As root, PostgreSQL runs as "postgres", which cannot enter the 0700 folder: the cluster moves.
        expect(moved).toMatch(/^\/var\/lib\/whiskey-tracker\/[0-9a-f]{16}$/);
        dirs.push(moved!);
      } else {
        expect(moved).toBeUndefined();
      }
      expect(await app.stop('SIGTERM')).toBe(0);
    },
    2 * STARTUP_TIMEOUT_MS,
  );
});
