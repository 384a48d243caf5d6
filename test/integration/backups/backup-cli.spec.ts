import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { bearer, registerUser } from '../../factories/users.js';
import { freePort } from '../../setup/app-process.js';
import { createTestDatabase, type TestDatabase } from '../../setup/databases.js';
import { createTestApp, testEnvironment } from '../../setup/test-app.js';

/**
 * `npm run backup` as an administrator runs it with the application stopped: the real script on
 * the Node.js of `npm test`, against a database and DATA_DIR that an application instance set up
 * (a local storage target and a policy) and then left.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const POLICY = 'CLI nightly';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Boots, backups and restores take seconds each; Jest's default of 30 s is too short for a few of them. */
const CLI_TIMEOUT_MS = 180_000;

describe('npm run backup', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'whiskey-backup-cli-'));
    const t = await createTestApp({ DATABASE_URL: database.url, DATA_DIR: dataDir });
    try {
      const admin = await registerUser(t.app);
      const send = async (url: string, payload: object) => {
        const res = await t.app.inject({ method: 'POST', url, payload, headers: bearer(admin.accessToken) });
        if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        return res.json<{ id: string }>();
      };
      await send('/api/v1/whiskies', { name: 'Springbank 10', style: 'single_malt', abv: 46 });
      const root = join(dataDir, 'backup-target');
      await mkdir(root);
      const target = await send('/api/v1/storage/providers', {
        name: 'Local folder',
        settings: { type: 'local', root },
      });
      await send('/api/v1/backups/policies', {
        name: POLICY,
        schedule: '0 3 * * *',
        timeZone: 'UTC',
        targetIds: [target.id],
        retention: { last: 10 },
      });
    } finally {
      // Only the application goes: the database and DATA_DIR are the ones the CLI works on.
      await t.close();
    }
    env = testEnvironment({ DATABASE_URL: database.url, DATA_DIR: dataDir });
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Runs `scripts/backup.ts` as `npm run backup -- …args` does, with nothing inherited but PATH and HOME. */
  function backup(args: string[], overrides: Record<string, string> = {}): Promise<Outcome> {
    return new Promise((resolvePromise) => {
      execFile(
        process.execPath,
        ['--import', '@swc-node/register/esm-register', 'scripts/backup.ts', ...args],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, ...overrides },
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolvePromise({ code, stdout, stderr });
        },
      );
    });
  }

  async function sql<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  let runId: string;

  it(
    '`run <policy name>` backs up, checks the backup and prints its id and "verified"',
    async () => {
      const result = await backup(['run', POLICY]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const started = new RegExp(`Backing up with policy "${POLICY}": run (${UUID})`).exec(result.stdout);
      expect(started).not.toBeNull();
      runId = started![1]!;
      expect(result.stdout).toMatch(new RegExp(`Backup ${runId} verified in [\\d.]+ s`));
      expect(result.stdout).toContain('target Local folder: complete');
      expect(result.stdout).toContain('quick check on Local folder: ok');
      expect(result.stdout).toMatch(/Status: verified\n$/);
      const [row] = await sql<{ status: string; trigger: string }>(
        `select status, trigger from backup_run where id = '${runId}'`,
      );
      expect(row).toEqual({ status: 'verified', trigger: 'manual' });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    '`list` shows the backup; `--policy` and `--limit` narrow it',
    async () => {
      const all = await backup(['list']);
      expect(all.code).toBe(0);
      const line = all.stdout.split('\n').find((text) => text.startsWith(runId));
      expect(line).toMatch(
        new RegExp(`^${runId} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC +${POLICY} +manual +verified +`),
      );
      expect(line).toMatch(/quick ok$/);
      expect(all.stdout).toMatch(/^1 backup$/m);

      const narrowed = await backup(['list', '--policy', POLICY.toUpperCase(), '--limit', '1']);
      expect(narrowed.code).toBe(0);
      expect(narrowed.stdout).toContain(runId);
      expect(narrowed.stdout).toContain(`1 backup of policy "${POLICY}"`);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    '`verify <id> --level full` reads the backup back and exits 0',
    async () => {
      const result = await backup(['verify', runId, '--level', 'full']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(`Verifying backup ${runId} (full)`);
      expect(result.stdout).toMatch(/full check on Local folder: ok, \d+ objects? read back and checksummed/);
      expect(result.stdout).toContain('Verified (full): status verified');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    '`restore <id> --confirm <id>` puts the data back after a safety backup',
    async () => {
      await sql(`delete from whisky where name = 'Springbank 10'`);
      const result = await backup(['restore', runId, '--confirm', runId]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(`Restored backup ${runId}.`);
      const safety = new RegExp(`in the safety backup (${UUID})`).exec(result.stdout);
      expect(safety).not.toBeNull();
      expect(await sql(`select name from whisky`)).toEqual([{ name: 'Springbank 10' }]);
      const [safetyRun] = await sql<{ trigger: string; status: string }>(
        `select trigger, status from backup_run where id = '${safety![1]}'`,
      );
      expect(safetyRun).toEqual({ trigger: 'safety', status: 'succeeded' });
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'a bad command exits 2 with the usage',
    async () => {
      const result = await backup(['frobnicate']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('backup: unknown command "frobnicate"');
      expect(result.stderr).toContain('usage: npm run backup -- <command>');
      expect(result.stderr).toContain('restore <run id> --confirm <run id>');

      const unconfirmed = await backup(['restore', runId]);
      expect(unconfirmed.code).toBe(2);
      expect(unconfirmed.stderr).toContain(`confirm with --confirm ${runId}`);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'an unknown policy or run exits 1 with a message naming it',
    async () => {
      const policy = await backup(['run', 'Weekly']);
      expect(policy.code).toBe(1);
      expect(policy.stderr).toContain(`backup: No backup policy "Weekly". Policies: "${POLICY}", "Daily"`);

      const missing = '00000000-0000-4000-8000-000000000000';
      const run = await backup(['verify', missing]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`backup: No backup run ${missing}`);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'says clearly when Redis is unreachable',
    async () => {
      const port = await freePort();
      const result = await backup(['list'], { REDIS_URL: `redis://:hunter2@127.0.0.1:${port}/0` });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`backup: Redis is not reachable at redis://127.0.0.1:${port}/0`);
      expect(result.stderr).toContain('a restore pauses the API’s writes through it');
      expect(result.stderr).not.toContain('hunter2');
    },
    CLI_TIMEOUT_MS,
  );
});
