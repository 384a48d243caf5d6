import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import sharp from 'sharp';
import { multipartBody } from '../factories/uploads.js';
import { bearer, login, PASSWORD, registerUser, type SignedIn } from '../factories/users.js';
import { ADMIN_URL, urlFor, withAdminClient } from '../setup/admin-db.js';
import { runPrefix } from '../setup/databases.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * docs/restore-by-hand.md, followed to the letter: its `sh` blocks marked
 * `<!-- restore-by-hand:step -->` run with bash, unchanged, in the order of the page, with the
 * variables its `<!-- restore-by-hand:settings -->` blocks tell the reader to set. They restore a
 * backup the application made into a new database, which must then hold exactly what the
 * application's database held, and the photos must come back byte for byte.
 */

const DOC = fileURLToPath(new URL('../../docs/restore-by-hand.md', import.meta.url));
/** Tables whose data a backup leaves out by design (the page says so). */
const NOT_IN_BACKUPS = new Set(['backup_run', 'backup_photo_object']);

/** Boots, backups and restores take seconds each; Jest's default of 30 s is too short for a few of them. */
const SLOW_MS = 180_000;

interface DocBlock {
  kind: 'step' | 'settings';
  script: string;
}

/** The marked `sh` blocks of the page, in order. */
function docBlocks(markdown: string): DocBlock[] {
  return [...markdown.matchAll(/<!-- restore-by-hand:(step|settings) -->\n+```sh\n([\s\S]*?)```/g)].map(
    (match) => ({ kind: match[1] as DocBlock['kind'], script: match[2] }),
  );
}

/** The variables the settings blocks `export`. */
function exportedNames(blocks: DocBlock[]): string[] {
  const names = blocks
    .filter((block) => block.kind === 'settings')
    .flatMap((block) => block.script.split('\n').filter((line) => line.startsWith('export ')))
    .flatMap((line) => [...line.matchAll(/(?:^export | )([A-Z][A-Z0-9_]*)=/g)].map((match) => match[1]));
  return [...new Set(names)].sort();
}

function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ output: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'bash',
      ['-euo', 'pipefail', '-c', script],
      { cwd, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (error)
          reject(new Error(`this step of the page failed (${error.message}):\n${script}\n${output}`));
        else resolvePromise({ output });
      },
    );
  });
}

/** Every row of every table of the public schema but those left out of backups, as sorted JSON. */
async function tableContents(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    const contents: Record<string, string[]> = {};
    for (const { name } of tables.filter((table) => !NOT_IN_BACKUPS.has(table.name))) {
      const { rows } = await client.query<{ row: string }>(
        `select row_to_json(t)::text as row from public.${client.escapeIdentifier(name)} t order by 1`,
      );
      contents[name] = rows.map((row) => row.row);
    }
    return contents;
  } finally {
    await client.end();
  }
}

/** Paths (relative to `root`) of every file below it. */
async function filesBelow(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

describe('docs/restore-by-hand.md', () => {
  let t: TestApp;
  let admin: SignedIn;
  let work: string;
  let targetRoot: string;
  let policyId: string;
  let runId: string;
  let identityFile: string;
  let restoredName: string;
  let newDataDir: string;
  let before: Record<string, string[]>;
  let whiskyId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerUser(t.app, { displayName: 'Ada' });
    work = await mkdtemp(join(tmpdir(), 'whiskey-restore-by-hand-'));
    newDataDir = join(work, 'new-data');
    await mkdir(join(newDataDir, 'storage'), { recursive: true });
    restoredName = `${runPrefix()}_by_hand`;

    whiskyId = ok<{ id: string }>(
      await send('POST', '/api/v1/whiskies', {
        name: 'Lagavulin 16',
        distillery: 'Lagavulin',
        style: 'single_malt',
        abv: 43,
        ageYears: 16,
        tags: ['peated', 'islay'],
      }),
      201,
    ).id;
    ok(await send('POST', '/api/v1/whiskies', { name: 'Redbreast 12', style: 'other', abv: 40 }), 201);
    ok(await send('POST', '/api/v1/bottles', { whiskyId }), 201);
    await uploadPhoto(`whiskies/${whiskyId}`);

    // Downloaded before the backup, as an admin would: the download is recorded in the database,
    // which must hold exactly what the backup holds when the two are compared.
    const identity = await t.app.inject({
      method: 'POST',
      url: '/api/v1/backups/identity/download',
      payload: { password: PASSWORD },
      headers: bearer(admin.accessToken),
    });
    expect(identity.statusCode).toBe(200);
    expect(identity.body).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/m);
    identityFile = join(work, 'whiskey-tracker-backup-identity.txt');
    await writeFile(identityFile, identity.body, { mode: 0o600 });

    targetRoot = join(t.config.dataDir, 'backup-target');
    await mkdir(targetRoot);
    const target = ok<{ id: string }>(
      await send('POST', '/api/v1/storage/providers', {
        name: 'USB disk',
        settings: { type: 'local', root: targetRoot },
      }),
      201,
    );
    policyId = ok<{ id: string }>(
      await send('POST', '/api/v1/backups/policies', {
        name: 'By hand',
        schedule: '0 3 * * *',
        timeZone: 'UTC',
        targetIds: [target.id],
        retention: { last: 3 },
      }),
      201,
    ).id;
    runId = ok<{ runId: string }>(await send('POST', `/api/v1/backups/policies/${policyId}/run`), 202).runId;
    await verified(runId);
    before = await tableContents(t.database.url);
  }, SLOW_MS);

  afterAll(async () => {
    await t?.close();
    await withAdminClient((client) => client.query(`drop database if exists "${restoredName}" with (force)`));
    if (work) await rm(work, { recursive: true, force: true });
  });

  function send(method: 'POST' | 'PATCH', url: string, payload?: object) {
    return t.app.inject({ method, url, payload, headers: bearer(admin.accessToken) });
  }
  function ok<T>(res: { statusCode: number; body: string; json<U>(): U }, status = 200): T {
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
    return res.json<T>();
  }
  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  async function uploadPhoto(owner: string): Promise<void> {
    const image = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#b5651d' } })
      .jpeg()
      .toBuffer();
    const { payload, contentType } = await multipartBody(image, { fileName: 'label.jpg' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/${owner}/photos`,
      headers: { ...bearer(admin.accessToken), 'content-type': contentType },
      payload,
    });
    const photo = ok<{ id: string }>(res, 202);
    await until('the photo to be processed', async () => {
      const current = ok<{ state: string }>(
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/${owner}/photos/${photo.id}`,
          headers: bearer(admin.accessToken),
        }),
      );
      return current.state === 'processing' ? undefined : current;
    });
  }
  async function verified(id: string): Promise<void> {
    await until(`backup ${id}`, async () => {
      const run = ok<{ status: string; error: string | null }>(
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/backups/runs/${id}`,
          headers: bearer(admin.accessToken),
        }),
      );
      if (run.status === 'failed') throw new Error(`the backup failed: ${run.error}`);
      return run.status === 'verified' ? run : undefined;
    });
  }

  it(
    'restores the backup into a new database and the photo storage with exactly the commands of the page',
    async () => {
      const blocks = docBlocks(await readFile(DOC, 'utf8'));
      const steps = blocks.filter((block) => block.kind === 'step').map((block) => block.script);
      // The commands that make up a restore are among the steps run here, not only in prose.
      const commands = steps.join('\n');
      for (const command of [
        'age -d -i "$IDENTITY" "$BACKUP/database.dump.zst.age" | zstd -d > database.dump',
        'age -d -i "$IDENTITY" "$BACKUP/manifest.json.age"',
        'createdb ',
        'pg_restore --no-owner',
        'age -d -i "$IDENTITY" -o "$PHOTOS/$source"',
      ]) {
        expect(commands).toContain(command);
      }

      const admin = new URL(ADMIN_URL);
      const settings: Record<string, string> = {
        IDENTITY: identityFile,
        TARGET: targetRoot,
        BACKUP: join(targetRoot, 'backups', policyId, runId),
        DATABASE: restoredName,
        PHOTOS: join(newDataDir, 'storage'),
        PGHOST: admin.hostname,
        PGPORT: admin.port || '5432',
        PGUSER: decodeURIComponent(admin.username) || 'postgres',
        PGPASSWORD: decodeURIComponent(admin.password),
      };
      // Every variable the page has the reader set is set here, and nothing else.
      expect(exportedNames(blocks)).toEqual(Object.keys(settings).sort());

      const scratch = join(work, 'whiskey-restore');
      await mkdir(scratch);
      const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...settings };
      const outputs: string[] = [];
      for (const step of steps) outputs.push((await bash(step, scratch, env)).output);

      const all = outputs.join('\n');
      expect(outputs[0]).toMatch(new RegExp(`\tBy hand\t${runId}\t${policyId}\n`));
      expect(all).toContain('database.dump: OK');
      expect(all).toContain('pg_restore reads the dump');
      expect(all).toContain('every table has the row count of the backup');
      expect(all).toContain('photos restored: 3');

      // The restored database holds exactly what the application's held.
      const after = await tableContents(urlFor(restoredName));
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const table of Object.keys(before))
        expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] });
      expect(before.whisky.map((row) => (JSON.parse(row) as { name: string }).name).sort()).toEqual([
        'Lagavulin 16',
        'Redbreast 12',
      ]);

      // And the photo storage the same files, byte for byte.
      const photoRoot = join(t.config.dataDir, 'storage');
      const photos = await filesBelow(photoRoot);
      expect(photos).toHaveLength(3);
      expect(await filesBelow(settings.PHOTOS)).toEqual(photos);
      for (const file of photos) {
        expect(
          (await readFile(join(settings.PHOTOS, file))).equals(await readFile(join(photoRoot, file))),
        ).toBe(true);
      }
    },
    SLOW_MS,
  );

  it(
    'the application then starts on the restored database and shows the collection with its photos',
    async () => {
      // As the page says: the old storage secret key goes with the new installation.
      await copyFile(join(t.config.dataDir, 'storage-secret-key'), join(newDataDir, 'storage-secret-key'));
      const restored = await createTestApp(
        { DATABASE_URL: urlFor(restoredName), DATA_DIR: newDataDir },
        { keepRedis: true },
      );
      try {
        const again = await login(restored.app, admin.user.email);
        const get = (url: string) =>
          restored.app.inject({ method: 'GET', url, headers: bearer(again.accessToken) });
        const whisky = ok<{ name: string; tags: string[] }>(await get(`/api/v1/whiskies/${whiskyId}`));
        expect(whisky).toMatchObject({ name: 'Lagavulin 16', tags: ['peated', 'islay'] });
        const [photo] = ok<{ urls: { original: string } }[]>(
          await get(`/api/v1/whiskies/${whiskyId}/photos`),
        );
        const original = await get(photo.urls.original);
        expect(original.statusCode).toBe(200);
        expect(original.headers['content-type']).toBe('image/jpeg');
        const identity = ok<{ exists: boolean; recipient: string }>(await get('/api/v1/backups/identity'));
        const current = ok<{ recipient: string }>(
          await t.app.inject({
            method: 'GET',
            url: '/api/v1/backups/identity',
            headers: bearer(admin.accessToken),
          }),
        );
        expect(identity).toMatchObject({ exists: true, recipient: current.recipient });
        const policies = ok<{ data: { name: string }[] }>(await get('/api/v1/backups/policies'));
        expect(policies.data.map((policy) => policy.name).sort()).toEqual(['By hand', 'Daily']);
      } finally {
        await restored.close();
      }
    },
    SLOW_MS,
  );
});
