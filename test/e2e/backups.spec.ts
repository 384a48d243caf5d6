import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { InterruptedRuns } from '../../src/backups/backup-operations.service.js';
import { WritePause } from '../../src/backups/restore/write-pause.js';
import { QUEUES } from '../../src/jobs/queues.js';
import { startS3rver, S3_BUCKET, S3_CREDENTIALS, type TestServer } from '../contract/support/servers.js';
import { multipartBody } from '../factories/uploads.js';
import { addMember, bearer, PASSWORD, registerUser, type SignedIn } from '../factories/users.js';
import { startSmtpSink, type SmtpSink } from '../setup/smtp-sink.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * Backups end to end on real PostgreSQL, Redis, pg_dump/pg_restore, a local folder and s3rver:
 * back up, change the data, restore, and find it exactly as it was; the files decrypt with the
 * standard `age` CLI; failures leave no backup that could be mistaken for one.
 */

const PROBLEM = /^application\/problem\+json/;

interface Run {
  id: string;
  status: string;
  trigger: string;
  bytesDone: number;
  bytesEstimated: number | null;
  sizeBytes: number | null;
  targets: { providerId: string; status: string; bytesWritten: number; error?: string }[];
  manifest: { tables: Record<string, number>; photos: { count: number }; migration: string | null } | null;
  verifications: { level: string; ok: boolean; error?: string; summary: string; providerId: string }[];
  error: string | null;
  restore: { status: string; safetyRunId?: string; error?: string; photosCopied?: number } | null;
  prunedAt: string | null;
}

jest.setTimeout(180_000);

describe('backups', () => {
  let t: TestApp;
  let admin: SignedIn;
  let member: SignedIn;
  let s3: TestServer;
  let s3Dir: string;
  let work: string;
  let localRoot: string;
  let localId: string;
  let s3Id: string;
  let db: pg.Client;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({ STORAGE_TARGETS: 'any', SMTP_URL: sink.url });
    admin = await registerUser(t.app);
    await verifyEmail(admin);
    member = await addMember(t.app, admin, 'user');
    await verifyEmail(member);
    work = await mkdtemp(join(tmpdir(), 'whiskey-backups-e2e-'));
    s3Dir = join(work, 's3');
    await mkdir(s3Dir);
    s3 = await startS3rver(s3Dir);
    localRoot = join(t.config.dataDir, 'backup-target');
    await mkdir(localRoot);
    localId = (await createProvider('Local folder', { type: 'local', root: localRoot })).id;
    s3Id = (await createProvider('s3rver', s3Settings(`http://127.0.0.1:${s3.port}`))).id;
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await s3?.stop();
    await t?.close();
    await sink?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Mail is on (failure alerts are tested), so accounts verify their address before writing. */
  async function verifyEmail(who: SignedIn): Promise<void> {
    const mail = await sink.waitFor(
      (message) => message.to.includes(who.user.email) && /verify/i.test(message.subject),
    );
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    await ok(await send('POST', '/api/v1/auth/verify-email', { code }, who), 204);
  }

  function send(method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: object, who = admin) {
    return t.app.inject({ method, url, payload, headers: bearer(who.accessToken) });
  }
  function get(url: string, who = admin) {
    return t.app.inject({ method: 'GET', url, headers: bearer(who.accessToken) });
  }
  async function ok<T>(res: { statusCode: number; body: string; json<U>(): U }, status = 200): Promise<T> {
    if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
    return (res.body ? res.json<T>() : undefined) as T;
  }
  function s3Settings(endpoint: string) {
    return {
      type: 's3',
      endpoint,
      region: 'us-east-1',
      bucket: S3_BUCKET,
      forcePathStyle: true,
      accessKeyId: S3_CREDENTIALS.accessKeyId,
      secretAccessKey: S3_CREDENTIALS.secretAccessKey,
    };
  }
  async function createProvider(name: string, settings: object): Promise<{ id: string }> {
    return ok(await send('POST', '/api/v1/storage/providers', { name, settings }), 201);
  }
  async function createPolicy(fields: object): Promise<{ id: string; version: number }> {
    return ok(
      await send('POST', '/api/v1/backups/policies', {
        name: `Policy ${Math.random().toString(36).slice(2, 8)}`,
        schedule: '0 3 * * *',
        timeZone: 'UTC',
        retention: { last: 10 },
        ...fields,
      }),
      201,
    );
  }
  async function runNow(policyId: string): Promise<string> {
    return (await ok<{ runId: string }>(await send('POST', `/api/v1/backups/policies/${policyId}/run`), 202))
      .runId;
  }
  async function until<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 120_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  async function run(id: string): Promise<Run> {
    return ok<Run>(await get(`/api/v1/backups/runs/${id}`));
  }
  /** Waits until the run has ended, and its quick check too when it succeeded. */
  async function settled(id: string): Promise<Run> {
    return until(`run ${id}`, async () => {
      const current = await run(id);
      if (current.status === 'failed' || current.status === 'verified') return current;
      if (current.status === 'succeeded' && current.verifications.length > 0) return current;
      return undefined;
    });
  }
  async function restored(id: string): Promise<Run> {
    return until(`restore of ${id}`, async () => {
      // The history of backups stays readable throughout (it is kept in the restore's transaction).
      const current = await run(id);
      return current.restore && current.restore.status !== 'running' ? current : undefined;
    });
  }
  /** Every row of the collection's tables, to compare the database before and after. */
  async function tableContents(): Promise<Record<string, unknown[]>> {
    const contents: Record<string, unknown[]> = {};
    for (const table of [
      'whisky',
      'bottle',
      'photo',
      'location',
      'pour',
      'household',
      'app_user',
      'backup_policy',
    ]) {
      contents[table] = (await db.query(`select * from ${table} order by id`)).rows;
    }
    return contents;
  }
  async function createWhisky(name: string): Promise<{ id: string }> {
    return ok(await send('POST', '/api/v1/whiskies', { name, style: 'single_malt', abv: 46 }), 201);
  }
  async function identityFile(): Promise<string> {
    const res = await send('POST', '/api/v1/backups/identity/download', { password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const file = join(work, 'identity.txt');
    await writeFile(file, res.body, { mode: 0o600 });
    return file;
  }
  /** Runs a bash pipeline (pipefail) with arguments; a failure shows what the tools printed. */
  function shell(script: string, ...args: string[]): string {
    try {
      return execFileSync('bash', ['-o', 'pipefail', '-c', script, 'sh', ...args], { encoding: 'utf8' });
    } catch (error) {
      const { stderr, status } = error as { stderr?: string; status?: number };
      throw new Error(`${script} exited with ${status}: ${stderr}`, { cause: error });
    }
  }

  function objectPath(keyPrefix: string, name: string): string {
    return join(localRoot, keyPrefix, name);
  }
  async function filesUnder(dir: string): Promise<string[]> {
    try {
      return (await readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name));
    } catch {
      return [];
    }
  }

  describe('policies', () => {
    it('has a default policy from the first start: daily at 03:00, 7 daily, 4 weekly, 12 monthly, disabled without a target', async () => {
      const page = await ok<{ data: Record<string, unknown>[] }>(await get('/api/v1/backups/policies'));
      expect(page.data).toEqual([
        expect.objectContaining({
          name: 'Daily',
          schedule: '0 3 * * *',
          enabled: false,
          targetIds: [],
          retention: { daily: 7, weekly: 4, monthly: 12 },
          nextRuns: [],
        }),
      ]);
    });

    it('refuses a policy that keeps nothing, a bad schedule, an unknown target or field, and enabling without a target', async () => {
      const base = {
        name: 'Bad',
        schedule: '0 3 * * *',
        timeZone: 'UTC',
        targetIds: [localId],
        retention: { daily: 7 },
      };
      const cases: [object, number, string][] = [
        [{ ...base, retention: {} }, 422, 'retention'],
        [{ ...base, retention: { daily: 0, last: 0 } }, 422, 'retention'],
        [{ ...base, schedule: 'every day' }, 422, 'schedule'],
        [{ ...base, schedule: '* * * * *' }, 422, 'schedule'],
        [{ ...base, timeZone: 'Mars/Olympus' }, 422, 'schedule'],
        [{ ...base, targetIds: ['00000000-0000-4000-8000-000000000000'] }, 422, 'targetIds'],
        [{ ...base, targetIds: [], enabled: true }, 422, 'targetIds'],
        [{ ...base, recipients: ['not-a-key'] }, 400, 'recipients'],
        [{ ...base, colour: 'amber' }, 400, 'colour'],
      ];
      for (const [body, status, field] of cases) {
        const res = await send('POST', '/api/v1/backups/policies', body);
        expect({ body, status: res.statusCode }).toEqual({ body, status });
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body).toContain(field);
      }
      const names = (await ok<{ data: { name: string }[] }>(await get('/api/v1/backups/policies'))).data;
      expect(names.map((policy) => policy.name)).not.toContain('Bad');
    });

    it('shows the next five runs in the time zone of an enabled policy', async () => {
      const policy = await createPolicy({ targetIds: [localId], timeZone: 'Europe/Berlin', enabled: true });
      const body = await ok<{ nextRuns: string[] }>(await get(`/api/v1/backups/policies/${policy.id}`));
      expect(body.nextRuns).toHaveLength(5);
      for (const next of body.nextRuns) {
        expect(new Date(next).toLocaleTimeString('en-GB', { timeZone: 'Europe/Berlin' })).toBe('03:00:00');
      }
      await ok(
        await send('PATCH', `/api/v1/backups/policies/${policy.id}`, {
          version: policy.version,
          enabled: false,
        }),
      );
    });

    it('registers a repeatable job for each enabled policy with its cron and time zone, and removes it when disabled', async () => {
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.backups));
      const policy = await createPolicy({
        targetIds: [localId],
        schedule: '30 2 * * 1',
        timeZone: 'America/New_York',
        drillSchedule: '0 5 1 * *',
        enabled: true,
      });
      const jobs = () => queue.getRepeatableJobs();
      expect(await jobs()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'scheduled', cron: '30 2 * * 1', tz: 'America/New_York' }),
          expect.objectContaining({ name: 'drill', cron: '0 5 1 * *', tz: 'America/New_York' }),
        ]),
      );
      await ok(
        await send('PATCH', `/api/v1/backups/policies/${policy.id}`, {
          version: policy.version,
          enabled: false,
        }),
      );
      expect((await jobs()).filter((job) => job.id?.includes(policy.id))).toEqual([]);
    });

    it('is for instance admins only', async () => {
      for (const url of ['/api/v1/backups/policies', '/api/v1/backups/runs', '/api/v1/backups/identity']) {
        expect((await get(url, member)).statusCode).toBe(403);
      }
      const res = await send('POST', '/api/v1/backups/identity/download', { password: PASSWORD }, member);
      expect(res.statusCode).toBe(403);
    });
  });

  describe('a backup to a local folder and s3rver, then a restore', () => {
    let policyId: string;
    let first: Run;
    let before: Record<string, unknown[]>;

    beforeAll(async () => {
      const whisky = await createWhisky('Springbank 15');
      await createWhisky('Ardbeg Uigeadail');
      const bottle = await ok<{ id: string }>(
        await send('POST', '/api/v1/bottles', { whiskyId: whisky.id }),
        201,
      );
      const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#a0522d' } })
        .png()
        .toBuffer();
      const { payload, contentType } = await multipartBody(png, { fileName: 'label.png' });
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/v1/bottles/${bottle.id}/photos`,
        headers: { ...bearer(admin.accessToken), 'content-type': contentType },
        payload,
      });
      expect(upload.statusCode).toBe(202);
      const photoId = upload.json<{ id: string }>().id;
      await until('thumbnails', async () => {
        const photo = (await get(`/api/v1/bottles/${bottle.id}/photos/${photoId}`)).json<{ state: string }>();
        return photo.state === 'ready' ? true : undefined;
      });
      policyId = (await createPolicy({ targetIds: [localId, s3Id] })).id;
    });

    it('backs up on demand, refuses a second run while one is going, and verifies it', async () => {
      before = await tableContents();
      const runId = await runNow(policyId);
      const second = await send('POST', `/api/v1/backups/policies/${policyId}/run`);
      expect(second.statusCode).toBe(409);
      expect(second.headers['content-type']).toMatch(PROBLEM);
      first = await settled(runId);
      expect(first).toMatchObject({ status: 'verified', trigger: 'manual', error: null });
      expect(first.targets.map((target) => [target.providerId, target.status])).toEqual([
        [localId, 'complete'],
        [s3Id, 'complete'],
      ]);
      expect(first.verifications).toEqual([
        expect.objectContaining({ level: 'quick', ok: true, providerId: localId }),
        expect.objectContaining({ level: 'quick', ok: true, providerId: s3Id }),
      ]);
      expect(first.bytesDone).toBeGreaterThan(0);
      expect(first.bytesDone).toBe(first.bytesEstimated);
      expect(first.sizeBytes).toBeGreaterThan(0);
      expect(first.manifest?.tables['public.whisky']).toBe(2);
      expect(first.manifest?.photos.count).toBe(3);
      expect(first.manifest?.migration).toMatch(/^Migration\d+_/);

      const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      const policyName = (await ok<{ name: string }>(await get(`/api/v1/backups/policies/${policyId}`))).name;
      const label = `policy="${policyName}"`;
      expect(metrics).toContain(`whiskey_backup_runs_total{${label},result="succeeded"} 1`);
      expect(metrics).toContain(`whiskey_backup_verify_total{level="quick",result="ok"} 2`);
      expect(metrics).toMatch(new RegExp(`whiskey_backup_last_success_timestamp_seconds\\{${label}\\} \\d+`));
      expect(metrics).toContain(`whiskey_backup_size_bytes{${label}} ${first.sizeBytes}`);
    });

    it('writes files that Debian’s age, zstd and pg_restore read, with nothing unencrypted', async () => {
      const keyPrefix = `backups/${policyId}/${first.id}/`;
      const dump = objectPath(keyPrefix, 'database.dump.zst.age');
      const raw = await readFile(dump);
      expect(raw.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
      expect(raw.includes(Buffer.from('Springbank'))).toBe(false);
      const identity = await identityFile();
      // To a file first: pg_restore --list stops reading after the table of contents.
      const plain = join(work, 'database.dump');
      shell('age -d -i "$1" "$2" | zstd -d > "$3"', identity, dump, plain);
      const toc = shell('pg_restore --list "$1"', plain);
      expect(toc).toMatch(/TABLE DATA public whisky /);
      expect(toc).toMatch(/TABLE DATA public bottle /);
      const manifest = JSON.parse(
        execFileSync('age', ['-d', '-i', identity, objectPath(keyPrefix, 'manifest.json.age')], {
          encoding: 'utf8',
        }),
      ) as { tables: Record<string, number>; objects: { key: string; kind: string }[] };
      expect(manifest.tables['public.whisky']).toBe(2);
      expect(manifest.objects.filter((object) => object.kind === 'photo')).toHaveLength(3);
      const photos = await filesUnder(join(localRoot, 'backups/photos'));
      expect(photos).toHaveLength(3);
      for (const photo of photos)
        expect((await readFile(photo)).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
      const status = await ok<{ downloadedAt: string | null }>(await get('/api/v1/backups/identity'));
      expect(status.downloadedAt).not.toBeNull();
    });

    it('refuses to hand out the identity without the right password', async () => {
      const res = await send('POST', '/api/v1/backups/identity/download', {
        password: 'not my password at all',
      });
      expect(res.statusCode).toBe(401);
      expect(res.body).not.toContain('AGE-SECRET-KEY');
    });

    it('copies each photo once: a second run only names them again', async () => {
      const photos = await filesUnder(join(localRoot, 'backups/photos'));
      const times = await Promise.all(photos.map(async (file) => (await stat(file)).mtimeMs));
      const again = await settled(await runNow(policyId));
      expect(again.status).toBe('verified');
      expect(again.manifest?.photos.count).toBe(3);
      expect(await Promise.all(photos.map(async (file) => (await stat(file)).mtimeMs))).toEqual(times);
      expect(again.targets[0].bytesWritten).toBeLessThan(first.targets[0].bytesWritten);
    });

    it('checks a backup fully and with a restore drill', async () => {
      for (const level of ['full', 'drill']) {
        await ok(await send('POST', `/api/v1/backups/runs/${first.id}/verify`, { level }), 202);
        const checked = await until(`${level} verification`, async () => {
          const current = await run(first.id);
          return current.verifications.filter((v) => v.level === level).length === 2 ? current : undefined;
        });
        expect(checked.verifications.filter((v) => v.level === level).every((v) => v.ok)).toBe(true);
      }
      const databases = await db.query<{ datname: string }>('select datname from pg_database');
      expect(databases.rows.map((row) => row.datname).filter((name) => name.includes('_drill_'))).toEqual([]);
    });

    it('pauses writes while a restore runs', async () => {
      await t.app.get(WritePause).during(first.id, async () => {
        const write = await send('POST', '/api/v1/whiskies', {
          name: 'During restore',
          style: 'single_malt',
          abv: 40,
        });
        expect(write.statusCode).toBe(503);
        expect(write.headers['content-type']).toMatch(PROBLEM);
        expect((await get('/api/v1/whiskies')).statusCode).toBe(200);
      });
      expect((await get('/api/v1/whiskies')).json<{ total: number }>().total).toBe(2);
    });

    it('restores the backup exactly, after a safety backup, asking for the id as confirmation', async () => {
      const whiskies = (
        await ok<{ data: { id: string; name: string; version: number }[] }>(await get('/api/v1/whiskies'))
      ).data;
      const ardbeg = whiskies.find((whisky) => whisky.name === 'Ardbeg Uigeadail')!;
      await ok(await send('DELETE', `/api/v1/whiskies/${ardbeg.id}`), 204);
      await createWhisky('Added after the backup');
      await db.query(`update whisky set name = 'Renamed' where name = 'Springbank 15'`);
      const photoFiles = await filesUnder(join(t.config.dataDir, 'storage', 'photos'));
      expect(photoFiles.length).toBeGreaterThan(0);
      await rm(photoFiles[0]);
      expect(await tableContents()).not.toEqual(before);
      // The audit trail is append-only: what it recorded since the backup survives the restore.
      const auditTrail = async () =>
        (
          await db.query<{ id: string; action: string }>(
            'select id, action from audit.audit_event order by id',
          )
        ).rows;
      const auditedSince = await auditTrail();

      const wrong = await send('POST', `/api/v1/backups/runs/${first.id}/restore`, { confirm: 'yes' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.headers['content-type']).toMatch(PROBLEM);

      await ok(await send('POST', `/api/v1/backups/runs/${first.id}/restore`, { confirm: first.id }), 202);
      const done = await restored(first.id);
      expect(done.restore).toEqual(expect.objectContaining({ status: 'succeeded', photosCopied: 1 }));
      expect(await tableContents()).toEqual(before);
      expect(await filesUnder(join(t.config.dataDir, 'storage', 'photos'))).toHaveLength(photoFiles.length);
      expect(await auditTrail()).toEqual(expect.arrayContaining(auditedSince));
      const ids = (await auditTrail()).map((event) => Number(event.id));
      expect(new Set(ids).size).toBe(ids.length);

      const safety = await run(done.restore!.safetyRunId!);
      expect(safety).toMatchObject({ trigger: 'safety' });
      expect(['succeeded', 'verified']).toContain(safety.status);
      const history = await ok<{ data: Run[] }>(await get(`/api/v1/backups/runs?policyId=${policyId}`));
      expect(history.data.map((entry) => entry.id)).toEqual(expect.arrayContaining([first.id, safety.id]));
    });

    it('leaves the live database untouched when the backup is corrupted', async () => {
      const dump = objectPath(`backups/${policyId}/${first.id}/`, 'database.dump.zst.age');
      const bytes = await readFile(dump);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      await writeFile(dump, bytes);
      await createWhisky('Added before the failed restore');
      const current = await tableContents();

      await ok(await send('POST', `/api/v1/backups/runs/${first.id}/restore`, { confirm: first.id }), 202);
      const failed = await until('the failed restore', async () => {
        const state = await run(first.id);
        return state.restore?.status === 'failed' ? state : undefined;
      });
      expect(failed.restore?.error).toBeTruthy();
      expect(await tableContents()).toEqual(current);
      const write = await send('POST', '/api/v1/whiskies', {
        name: 'Writes work again',
        style: 'single_malt',
        abv: 40,
      });
      expect(write.statusCode).toBe(201);

      await ok(await send('POST', `/api/v1/backups/runs/${first.id}/verify`, { level: 'full' }), 202);
      const checked = await until('the full check of the corrupted backup', async () => {
        const state = await run(first.id);
        return state.verifications.filter((v) => v.level === 'full').length === 4 ? state : undefined;
      });
      const local = checked.verifications
        .filter((v) => v.level === 'full' && v.providerId === localId)
        .at(-1);
      expect(local).toMatchObject({ ok: false });
    });
  });

  describe('failures and retention', () => {
    let flaky: Server;
    let flakyId: string;

    beforeAll(async () => {
      // An S3 endpoint that reads a little of each upload, then drops the connection.
      flaky = createServer((request, response) => {
        if (request.method === 'GET' || request.method === 'HEAD') {
          response
            .writeHead(404, { 'content-type': 'application/xml' })
            .end('<Error><Code>NoSuchKey</Code></Error>');
          return;
        }
        let seen = 0;
        request.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > 1024) request.socket.destroy();
        });
        request.on('end', () => response.writeHead(200).end());
      });
      await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
      const port = (flaky.address() as AddressInfo).port;
      flakyId = (await createProvider('Flaky S3', s3Settings(`http://127.0.0.1:${port}`))).id;
    });
    afterAll(async () => {
      await new Promise((resolve) => flaky?.close(resolve));
    });

    it('a target failing mid-upload fails the run, leaves no manifest anywhere, and retention ignores it', async () => {
      const policy = await createPolicy({
        targetIds: [localId, flakyId],
        includePhotos: false,
        retention: { last: 1 },
      });
      const failed = await settled(await runNow(policy.id));
      expect(failed.status).toBe('failed');
      expect(failed.error).toContain('Flaky S3');
      expect(failed.manifest).toBeNull();
      expect(failed.targets.find((target) => target.providerId === flakyId)?.status).toBe('failed');
      expect(await filesUnder(join(localRoot, 'backups', policy.id, failed.id))).toEqual([]);
      const mail = await sink.waitFor((message) => message.subject.includes('Backup failed'));
      expect(mail.to).toEqual([admin.user.email]);
      expect(mail.text).toContain(failed.id);
      expect(mail.text).toContain('Flaky S3');

      const preview = await ok<{ keep: { id: string }[]; forget: string[] }>(
        await send('POST', `/api/v1/backups/policies/${policy.id}/retention-preview`, { last: 1 }),
        200,
      );
      expect(preview.keep.map((kept) => kept.id)).not.toContain(failed.id);
      expect(preview.forget).not.toContain(failed.id);
    });

    it('settles runs a stopped worker left running or whose job Redis lost, freeing their policy', async () => {
      const policy = await createPolicy({ targetIds: [localId], includePhotos: false });
      const insert = (id: string, status: string) =>
        db.query(
          `insert into backup_run (id, policy_id, policy_name, trigger, status, key_prefix, created_at, started_at,
             targets, verifications)
           values ($1, $2, 'x', 'manual', $3, 'backups/x/', now() - interval '1 hour',
             case when $3 = 'running' then now() - interval '1 hour' end, '[]', '[]')`,
          [id, policy.id, status],
        );
      const running = '00000000-0000-4000-8000-00000000000a';
      await insert(running, 'running');
      expect((await send('POST', `/api/v1/backups/policies/${policy.id}/run`)).statusCode).toBe(409);
      await t.app.get(InterruptedRuns).onApplicationBootstrap();
      expect(await run(running)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/Interrupted/),
      });

      const queued = '00000000-0000-4000-8000-00000000000b';
      await insert(queued, 'queued');
      await t.app.get(InterruptedRuns).onApplicationBootstrap();
      expect(await run(queued)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Lost/) });
      expect((await settled(await runNow(policy.id))).status).toBe('verified');
    });

    it('keeps a storage provider that policies write to from being deleted', async () => {
      const res = await send('DELETE', `/api/v1/storage/providers/${localId}`);
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.json<{ detail: string }>().detail).toMatch(/backup policies write to it/);
      expect((await get(`/api/v1/storage/providers/${localId}`)).statusCode).toBe(200);
    });

    it('retention prunes older complete backups and keeps the newest', async () => {
      const policy = await createPolicy({
        targetIds: [localId],
        includePhotos: false,
        retention: { last: 1 },
      });
      const older = await settled(await runNow(policy.id));
      const newer = await settled(await runNow(policy.id));
      expect([older.status, newer.status]).toEqual(['verified', 'verified']);
      // Retention runs in the same job right after the quick verification marked the run verified.
      await until(`retention of ${older.id}`, async () => (await run(older.id)).prunedAt ?? undefined);
      expect((await run(newer.id)).prunedAt).toBeNull();
      expect(await filesUnder(join(localRoot, 'backups', policy.id, older.id))).toEqual([]);
      expect(await filesUnder(join(localRoot, 'backups', policy.id, newer.id))).toHaveLength(2);
      const health = await ok<{
        newestVerified: { runId: string } | null;
        lastFailure: { error: string } | null;
        targets: { providerId: string; bytes: number }[];
      }>(await get('/api/v1/backups/runs/health'));
      expect(health.newestVerified?.runId).toBe(newer.id);
      expect(health.lastFailure?.error).toContain('Lost');
      const onDisk = (
        await Promise.all((await filesUnder(join(localRoot, 'backups'))).map((file) => stat(file)))
      ).reduce((sum, file) => sum + file.size, 0);
      expect(health.targets.find((target) => target.providerId === localId)?.bytes).toBeGreaterThan(0);
      expect(health.targets.find((target) => target.providerId === localId)?.bytes).toBeLessThanOrEqual(
        onDisk,
      );
      const links = await ok<{ failedJobs: number | null }>(await get('/api/v1/console/links'));
      expect(links.failedJobs).toEqual(expect.any(Number));
      expect(
        (await ok<{ failedJobs: number | null }>(await get('/api/v1/console/links', member))).failedJobs,
      ).toBeNull();
    });
  });
});
