import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { PASSWORD, uniqueEmail } from '../factories/users.js';
import { startAppProcess, type AppProcess } from '../setup/app-process.js';
import { createTestDatabase, type TestDatabase } from '../setup/databases.js';
import { flushTestRedis, testEnvironment, testRedisUrl } from '../setup/test-app.js';

/**
 * The scale path of docs/operations.md and ops/k8s: two `APP_ROLE=api` processes behind a load
 * balancer and two `APP_ROLE=worker` processes, sharing one PostgreSQL, one Redis and one photo store.
 * Needs the build (`npm run compile`).
 */

const METRICS_TOKEN = randomBytes(16).toString('hex');
/** Per IP and minute on the authentication endpoints; half of it per account. */
const AUTH_RATE_LIMIT = 20;
/** Photos uploaded, each needing one `thumbnails` job. */
const PHOTOS = 6;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

let database: TestDatabase;
let dataDir: string;
let api: [AppProcess, AppProcess];
let workers: [AppProcess, AppProcess];
let admin: Tokens;
const adminEmail = uniqueEmail('admin');
let redis: Redis;

const processes = (): AppProcess[] => [...api, ...workers];

async function call(
  app: AppProcess,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; clientIp?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  // The processes trust loopback proxies: this is the client address a load balancer would forward.
  if (options.clientIp) headers['x-forwarded-for'] = options.clientIp;
  return fetch(`${app.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

async function json<T>(response: Promise<Response>, status = 200): Promise<T> {
  const res = await response;
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** The sum of a metric's samples whose labels include every pair of `labels`. */
async function metricSum(app: AppProcess, name: string, labels: Record<string, string>): Promise<number> {
  const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  let sum = 0;
  for (const line of (await res.text()).split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) {
      sum += Number(match[3]);
    }
  }
  return sum;
}

beforeAll(async () => {
  await flushTestRedis();
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'whiskey-scale-'));
  chmodSync(dataDir, 0o755);
  // What every replica shares in a cluster: the database, Redis, the secrets and the photo store
  // (here one DATA_DIR, in Kubernetes a shared volume or an S3 photo storage).
  const env = testEnvironment({
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    METRICS_TOKEN,
    STORAGE_SECRET_KEY: randomBytes(32).toString('hex'),
    AUTH_RATE_LIMIT: String(AUTH_RATE_LIMIT),
    LOG_LEVEL: 'warn',
  });
  const processes = await Promise.all([
    startAppProcess({ ...env, APP_ROLE: 'api' }),
    startAppProcess({ ...env, APP_ROLE: 'api' }),
    startAppProcess({ ...env, APP_ROLE: 'worker' }, 'worker'),
    startAppProcess({ ...env, APP_ROLE: 'worker' }, 'worker'),
  ]);
  api = [processes[0], processes[1]];
  workers = [processes[2], processes[3]];
  await Promise.all(processes.map((process) => process.waitUntilReady(40_000)));
  redis = new Redis(testRedisUrl());
  admin = await json<Tokens>(
    call(api[0], 'POST', '/api/v1/auth/register', {
      body: { email: adminEmail, password: PASSWORD, displayName: 'Ada' },
    }),
    201,
  );
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  await Promise.all([...(api ?? []), ...(workers ?? [])].map((process) => process.stop('SIGKILL')));
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('two api processes and two workers on one database and one Redis', () => {
  it('runs every job exactly once: N uploads on either api, N thumbnail jobs across the workers', async () => {
    const whisky = await json<{ id: string }>(
      call(api[0], 'POST', '/api/v1/whiskies', {
        token: admin.accessToken,
        body: { name: 'Springbank 10', style: 'single_malt', abv: 46 },
      }),
      201,
    );
    const uploads = await Promise.all(
      Array.from({ length: PHOTOS }, async (_, i) => {
        const png = await sharp({
          create: { width: 96, height: 64, channels: 3, background: { r: 40 * i, g: 90, b: 200 - 20 * i } },
        })
          .png()
          .toBuffer();
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(png)]), `label-${i}.png`);
        const res = await fetch(`${api[i % 2].url}/api/v1/whiskies/${whisky.id}/photos`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin.accessToken}` },
          body: form,
        });
        expect(res.status).toBe(202);
        return (await res.json()) as { id: string };
      }),
    );

    const deadline = Date.now() + 30_000;
    let states: string[] = [];
    while (Date.now() < deadline) {
      const photos = await json<{ id: string; state: string }[]>(
        call(api[1], 'GET', `/api/v1/whiskies/${whisky.id}/photos`, { token: admin.accessToken }),
      );
      states = photos.map((photo) => photo.state);
      if (states.length === PHOTOS && states.every((state) => state !== 'processing')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(states).toEqual(Array(PHOTOS).fill('ready'));
    expect(uploads).toHaveLength(PHOTOS);

    const thumbnails = { queue: 'photos', job: 'thumbnails' };
    const byWorker = await Promise.all(
      workers.map((worker) =>
        metricSum(worker, 'whiskey_job_duration_seconds_count', { ...thumbnails, result: 'completed' }),
      ),
    );
    expect(byWorker[0] + byWorker[1]).toBe(PHOTOS);
    // No job ran twice, failed or was retried, and the api processes consumed none.
    for (const process of [...workers, ...api]) {
      expect(
        await metricSum(process, 'whiskey_job_duration_seconds_count', { ...thumbnails, result: 'failed' }),
      ).toBe(0);
    }
    for (const process of api) {
      expect(await metricSum(process, 'whiskey_job_duration_seconds_count', thumbnails)).toBe(0);
    }
  }, 45_000);

  it('shares the rate limit of the authentication endpoints across api processes', async () => {
    const clientIp = '203.0.113.10';
    const refresh = (app: AppProcess) =>
      call(app, 'POST', '/api/v1/auth/refresh', { clientIp, body: { refreshToken: 'x'.repeat(43) } });
    // Without a signed-in user, the per-account limit of refresh counts by IP: half the limit.
    const perAccount = AUTH_RATE_LIMIT / 2;
    for (let i = 0; i < perAccount; i++) {
      expect((await refresh(api[i % 2])).status).toBe(401);
    }
    // Each process saw only half of those; the next request is refused by both all the same.
    for (const app of api) {
      const res = await refresh(app);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('shares the lock-out after repeated failed logins across api processes', async () => {
    const email = uniqueEmail('guessed');
    const attempt = (app: AppProcess, clientIp: string) =>
      call(app, 'POST', '/api/v1/auth/login', { clientIp, body: { email, password: 'not the password' } });
    // Five failures from two addresses, spread over both processes: 3 on one, 2 on the other.
    for (const [i, app] of [api[0], api[1], api[0], api[1], api[0]].entries()) {
      expect((await attempt(app, `198.51.100.${i + 1}`)).status).toBe(401);
    }
    const locked = await attempt(api[1], '198.51.100.99');
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { detail: string }).detail).toMatch(
      /Too many failed logins for this account/,
    );
  });

  it('rejects on one api a refresh token rotated on the other, and reuse revokes the whole family', async () => {
    const session = await json<Tokens>(
      call(api[0], 'POST', '/api/v1/auth/login', { body: { email: adminEmail, password: PASSWORD } }),
    );
    const rotated = await json<Tokens>(
      call(api[0], 'POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } }),
    );
    expect((await call(api[1], 'GET', '/api/v1/users/me', { token: rotated.accessToken })).status).toBe(200);

    const replay = await call(api[1], 'POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(replay.status).toBe(401);
    // The replay ended the family: the rotated pair is dead on both processes.
    expect(
      (await call(api[0], 'POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.refreshToken } }))
        .status,
    ).toBe(401);
    for (const app of api) {
      expect((await call(app, 'GET', '/api/v1/users/me', { token: rotated.accessToken })).status).toBe(401);
    }
  });

  it('keeps one entry per repeatable job, however many processes registered it', async () => {
    for (const queue of ['system', 'photos']) {
      const entries = await redis.zrange(`whiskey:${queue}:repeat`, 0, -1);
      // A member is `<name>:<job id>:<end>:<tz>:<every or cron>`: a second schedule of one job would
      // show up as its name twice.
      const names = entries.map((entry) => entry.split(':')[0]);
      expect(names).toContain(queue === 'system' ? 'heartbeat' : 'gc');
      expect(names).toHaveLength(new Set(names).size);
      // Four registrations never queue the same run of a job twice (ids: `repeat:<key hash>:<time>`).
      const delayed = await redis.zrange(`whiskey:${queue}:delayed`, 0, -1);
      const runs = await Promise.all(
        delayed
          .filter((id) => id.startsWith('repeat:'))
          .map(async (id) => `${await redis.hget(`whiskey:${queue}:${id}`, 'name')}@${id.split(':').at(-1)}`),
      );
      expect(runs.length).toBeGreaterThanOrEqual(1);
      expect(runs).toHaveLength(new Set(runs).size);
    }
  });

  it('lets Prometheus scrape each process on its own, behind the metrics token', async () => {
    const route = { route: '/api/v1/users/me', method: 'GET' };
    const before = await Promise.all(
      api.map((app) => metricSum(app, 'whiskey_http_request_duration_seconds_count', route)),
    );
    for (let i = 0; i < 3; i++) {
      expect((await call(api[0], 'GET', '/api/v1/users/me', { token: admin.accessToken })).status).toBe(200);
    }
    const after = await Promise.all(
      api.map((app) => metricSum(app, 'whiskey_http_request_duration_seconds_count', route)),
    );
    expect([after[0] - before[0], after[1] - before[1]]).toEqual([3, 0]);

    // Each process reports its own runtime; without the token, none answers.
    const pids = new Set(processes().map((process) => process.child.pid));
    expect(pids.size).toBe(4);
    for (const process of processes()) {
      expect((await fetch(`${process.url}/metrics`)).status).toBe(401);
      expect(await metricSum(process, 'whiskey_process_resident_memory_bytes', {})).toBeGreaterThan(0);
    }
  });
});
