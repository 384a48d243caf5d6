/**
 * `npm run bench:photos`: does photo processing keep the API responsive, and is a pixel bomb refused
 * cheaply? Starts a snapshot of the built application (APP_ROLE=all: the HTTP API and the `photos`
 * queue's worker share one process, as in a default installation) on a fresh PostgreSQL database,
 * registers a user and creates one whisky and one bottle, then measures:
 *
 * 1. baseline: autocannon on the authenticated `GET /api/v1/bottles` with no photo work (a warm-up,
 *    then BENCH_DURATION seconds) → requests per second, p50/p99/max latency;
 * 2. pixel bombs: one warm-up bomb, one idle second, then BENCH_BOMBS uploads, one after the other, of
 *    a tiny PNG whose header claims 20000×20000 pixels (the bomb of test/e2e/photos.spec.ts), while
 *    the application's RSS (VmRSS in /proc/<pid>/status) is sampled every 50 ms → idle RSS (median of
 *    the idle second), peak RSS, growth (peak − idle) and the median time to the 422. Measured before
 *    the photos so that memory the allocator kept from them cannot hide growth;
 * 3. under load: the same autocannon load, without warm-up, from the moment BENCH_PHOTOS different
 *    4000×3000 JPEGs (blurred noise, ~3 MiB each, EXIF orientation 6) are uploaded concurrently until
 *    the database shows every one `ready` (both WebP thumbnails made by the queue) → the same latency
 *    figures, their ratio to the baseline, the end-to-end seconds and the time to each 202.
 *
 * Prints a table and writes bench/results/photos-<time>.json. Compiles with `npm run compile` (never
 * `npm run build`, which empties dist/) when the build has no photos yet. Exits 1 when a measured
 * request failed or answered other than 2xx.
 *
 * Environment: BENCH_DATABASE_URL (administration URL of the PostgreSQL server, default
 * postgresql://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default redis://127.0.0.1:6379/15,
 * flushed before and after; its own index, because two applications on one Redis would take each
 * other's `photos` jobs), BENCH_DURATION (baseline seconds, default 10), BENCH_WARMUP (seconds,
 * default 3), BENCH_CONNECTIONS (default 10: enough to keep the API busy without saturating the CPU
 * the photos need), BENCH_PHOTOS (default 20), BENCH_BOMBS (default 20). Linux only (reads /proc).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import sharp from 'sharp';
import { pngBomb } from '../test/factories/images.js';
import { multipartBody } from '../test/factories/uploads.js';
import { APP_ENTRY, snapshotBuild } from './support/app-build.js';
import { Cleanup } from './support/cleanup.js';
import { benchRedisDatabase, createBenchDatabase, flushRedisDatabase } from './support/database.js';
import { measure, median, type LoadMeasurement, type LoadOptions } from './support/load.js';
import { sampleRss } from './support/memory.js';
import { table, writeReport } from './support/report.js';
import { freePort, runCommand, ServerProcess } from './support/server-process.js';
import { BENCH_ADMIN_DATABASE_URL, positiveInteger, ROOT, say, warn } from './support/cli.js';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 30_000;
const LIST_PATH = '/api/v1/bottles';
const PHOTO_WIDTH = 4000;
const PHOTO_HEIGHT = 3000;
const BOMB_SIDE = 20_000;
/** The photos must all be ready within this long; it also bounds the load that runs meanwhile. */
const PROCESSING_TIMEOUT_S = 600;
const POLL_MS = 100;
const SETTLE_MS = 1000;
const IDLE_SAMPLE_MS = 1000;

const settings = {
  adminUrl: BENCH_ADMIN_DATABASE_URL,
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/15',
  photos: positiveInteger('BENCH_PHOTOS', 20),
  bombs: positiveInteger('BENCH_BOMBS', 20),
  load: {
    connections: positiveInteger('BENCH_CONNECTIONS', 10),
    durationSeconds: positiveInteger('BENCH_DURATION', 10),
    warmupSeconds: positiveInteger('BENCH_WARMUP', 3),
  } satisfies LoadOptions,
};

type Upload = Awaited<ReturnType<typeof multipartBody>>;

interface PhotoPhase {
  photos: number;
  meanUploadBytes: number;
  /** From the first upload sent until the database shows every photo ready. */
  endToEndSeconds: number;
  /** Time from sending each upload to its 202. */
  uploadMedianMs: number;
  uploadMaxMs: number;
  peakRssKiB: number;
  latency: LoadMeasurement;
}

interface BombPhase {
  bombs: number;
  responseMedianMs: number;
  responseMaxMs: number;
  idleRssKiB: number;
  peakRssKiB: number;
}

/** Compiles src/ into dist/ when the build predates the photos (`compile` leaves dist/admin alone). */
async function ensureCompiledWithPhotos(): Promise<void> {
  if (existsSync(join(ROOT, 'dist', 'src', 'inventory', 'photos', 'photos.service.js'))) return;
  say('dist/ has no photos yet: npm run compile');
  await runCommand('npm', ['run', 'compile'], ROOT);
}

async function postJson<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Registers the first account and creates a whisky and a bottle; returns its headers and the bottle. */
async function createBottle(origin: string): Promise<{ headers: Record<string, string>; bottleId: string }> {
  const { accessToken } = await postJson<{ accessToken: string }>(`${origin}/api/v1/auth/register`, {
    email: 'photo-bench@example.org',
    password: 'benchmark passphrase for photos',
    displayName: 'Bench',
  });
  const headers = { authorization: `Bearer ${accessToken}` };
  const whisky = await postJson<{ id: string }>(
    `${origin}/api/v1/whiskies`,
    { name: 'Lagavulin 16', style: 'single_malt', abv: 43 },
    headers,
  );
  const bottle = await postJson<{ id: string }>(`${origin}/api/v1/bottles`, { whiskyId: whisky.id }, headers);
  return { headers, bottleId: bottle.id };
}

/**
 * `count` different 4000×3000 JPEGs with EXIF orientation 6, as multipart bodies: one blurred noise
 * image (noise scaled up tenfold) cut at a different offset for each, so no two share a blob.
 */
async function noisyPhotos(count: number): Promise<Upload[]> {
  const [width, height] = [PHOTO_WIDTH + count, PHOTO_HEIGHT + count];
  const noise = { width: Math.ceil(width / 10), height: Math.ceil(height / 10), channels: 3 as const };
  const canvas = await sharp(randomBytes(noise.width * noise.height * 3), { raw: noise })
    .resize(width, height)
    .raw()
    .toBuffer();
  const uploads: Upload[] = [];
  for (let index = 0; index < count; index++) {
    const jpeg = await sharp(canvas, { raw: { width, height, channels: 3 } })
      .extract({ left: index, top: index, width: PHOTO_WIDTH, height: PHOTO_HEIGHT })
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    uploads.push(await multipartBody(jpeg, { fileName: `photo-${index}.jpg` }));
  }
  return uploads;
}

/** Posts `upload` as a photo of the bottle; returns the status, the body and the time to the whole answer. */
async function postPhoto(
  origin: string,
  bottleId: string,
  headers: Record<string, string>,
  upload: Upload,
): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${origin}/api/v1/bottles/${bottleId}/photos`, {
    method: 'POST',
    headers: { ...headers, 'content-type': upload.contentType },
    body: new Uint8Array(upload.payload),
  });
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

/** Waits until every photo of `ids` is `ready` in the database (fails on `failed` or after the timeout). */
async function untilReady(db: pg.Pool, ids: string[], deadline: number): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ state: string; count: number }>(
      'select state, count(*)::int as count from photo where id = any($1) group by state',
      [ids],
    );
    const byState = Object.fromEntries(rows.map((row) => [row.state, row.count]));
    if (byState.failed) throw new Error(`${byState.failed} photos failed: see the app's log`);
    if (byState.ready === ids.length) return;
    if (Date.now() > deadline) throw new Error(`photos not ready in time: ${JSON.stringify(byState)}`);
    await sleep(POLL_MS);
  }
}

/** Loads the list endpoint from the concurrent upload of `photos` until all of them are ready. */
async function measureUnderPhotos(
  app: ServerProcess,
  db: pg.Pool,
  target: { headers: Record<string, string>; bottleId: string },
  photos: Upload[],
): Promise<PhotoPhase> {
  const origin = app.spec.origin;
  const done = new AbortController();
  const options = { ...settings.load, warmupSeconds: 0, durationSeconds: PROCESSING_TIMEOUT_S };
  const load = measure(`${origin}${LIST_PATH}`, target.headers, options, done.signal);
  const rss = sampleRss(app.pid!);
  const started = performance.now();
  let uploads: Awaited<ReturnType<typeof postPhoto>>[];
  try {
    uploads = await Promise.all(
      photos.map((photo) => postPhoto(origin, target.bottleId, target.headers, photo)),
    );
    const refused = uploads.find((upload) => upload.status !== 202);
    if (refused) throw new Error(`a photo upload answered ${refused.status}: ${refused.body}`);
    const ids = uploads.map((upload) => (JSON.parse(upload.body) as { id: string }).id);
    await untilReady(db, ids, Date.now() + PROCESSING_TIMEOUT_S * 1000);
  } finally {
    done.abort();
  }
  const endToEndSeconds = (performance.now() - started) / 1000;
  const latency = await load;
  const uploadMs = uploads.map((upload) => upload.ms);
  return {
    photos: photos.length,
    meanUploadBytes: photos.reduce((sum, photo) => sum + photo.payload.length, 0) / photos.length,
    endToEndSeconds,
    uploadMedianMs: median(uploadMs),
    uploadMaxMs: Math.max(...uploadMs),
    peakRssKiB: Math.max(...(await rss.stop())),
    latency,
  };
}

/** Uploads `count` bombs one after the other while sampling the application's RSS. */
async function measureBombs(
  app: ServerProcess,
  target: { headers: Record<string, string>; bottleId: string },
  count: number,
): Promise<BombPhase> {
  const bomb = await multipartBody(pngBomb(BOMB_SIDE), { fileName: 'bomb.png' });
  const refuse = async () => {
    const answer = await postPhoto(app.spec.origin, target.bottleId, target.headers, bomb);
    if (answer.status !== 422 || !answer.body.includes(`${BOMB_SIDE}×${BOMB_SIDE}`)) {
      throw new Error(`a bomb was not refused from its header: ${answer.status} ${answer.body}`);
    }
    return answer.ms;
  };
  await refuse();
  await sleep(SETTLE_MS);
  const idle = sampleRss(app.pid!);
  await sleep(IDLE_SAMPLE_MS);
  const idleRssKiB = median(await idle.stop());
  const busy = sampleRss(app.pid!);
  const times: number[] = [];
  for (let index = 0; index < count; index++) times.push(await refuse());
  const peakRssKiB = Math.max(idleRssKiB, ...(await busy.stop()));
  return {
    bombs: count,
    responseMedianMs: median(times),
    responseMaxMs: Math.max(...times),
    idleRssKiB,
    peakRssKiB,
  };
}

function report(baseline: LoadMeasurement, photos: PhotoPhase, bombs: BombPhase): string {
  const ms = (value: number) => value.toFixed(1);
  const mib = (kib: number) => (kib / 1024).toFixed(1);
  const ratio = (under: number, idle: number) => `${(under / idle).toFixed(2)}×`;
  const row = (name: string, m: LoadMeasurement) => [
    name,
    m.durationSeconds.toFixed(1),
    m.requests.toLocaleString('en'),
    m.requestsPerSecond.toFixed(0),
    ms(m.latencyP50Ms),
    ms(m.latencyP99Ms),
    ms(m.latencyMaxMs),
    String(m.errors + m.non2xx),
  ];
  const loaded = photos.latency;
  const api = table([
    [
      `GET ${LIST_PATH}, ${settings.load.connections} connections`,
      's',
      'requests',
      'req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'errors',
    ],
    row('baseline (no photo work)', baseline),
    row(`while ${photos.photos} photos are processed`, loaded),
    [
      'ratio (photos / baseline)',
      '',
      '',
      ratio(loaded.requestsPerSecond, baseline.requestsPerSecond),
      ratio(loaded.latencyP50Ms, baseline.latencyP50Ms),
      ratio(loaded.latencyP99Ms, baseline.latencyP99Ms),
      ratio(loaded.latencyMaxMs, baseline.latencyMaxMs),
      '',
    ],
  ]);
  const processing =
    `${photos.photos} photos of ${PHOTO_WIDTH}×${PHOTO_HEIGHT} px (${mib(photos.meanUploadBytes / 1024)} MiB each) ` +
    `uploaded at once: 202 after ${(photos.uploadMedianMs / 1000).toFixed(1)} s (median), ` +
    `${(photos.uploadMaxMs / 1000).toFixed(1)} s (slowest); all ready after ${photos.endToEndSeconds.toFixed(1)} s; ` +
    `peak RSS ${mib(photos.peakRssKiB)} MiB`;
  const bomb = table([
    [
      `${BOMB_SIDE}×${BOMB_SIDE} PNG bombs`,
      '422s',
      'median ms',
      'max ms',
      'idle RSS MiB',
      'peak RSS MiB',
      'growth MiB',
    ],
    [
      'one after the other',
      String(bombs.bombs),
      ms(bombs.responseMedianMs),
      ms(bombs.responseMaxMs),
      mib(bombs.idleRssKiB),
      mib(bombs.peakRssKiB),
      `+${mib(bombs.peakRssKiB - bombs.idleRssKiB)}`,
    ],
  ]);
  return `${api}\n\n${processing}\n\n${bomb}`;
}

async function run(cleanup: Cleanup): Promise<boolean> {
  if (process.platform !== 'linux') throw new Error('This benchmark reads /proc: it runs on Linux only');
  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  await ensureCompiledWithPhotos();
  benchRedisDatabase(settings.redisUrl);
  await flushRedisDatabase(settings.redisUrl);
  cleanup.add('flush the benchmark Redis database', () => flushRedisDatabase(settings.redisUrl));
  const database = await createBenchDatabase(settings.adminUrl);
  cleanup.add(`drop database ${database.name}`, () => database.drop());
  const workDir = await mkdtemp(join(tmpdir(), 'whiskey-photos-bench-'));
  cleanup.add(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  const build = await snapshotBuild(ROOT, join(workDir, 'build'));
  const dataDir = join(workDir, 'data');
  await mkdir(dataDir);

  const { PATH, HOME, LANG, TZ } = process.env;
  const port = await freePort(HOST);
  const app = ServerProcess.start({
    name: 'app',
    cwd: build,
    args: ['--enable-source-maps', join(build, APP_ENTRY)],
    origin: `http://${HOST}:${port}`,
    env: {
      PATH,
      HOME,
      LANG,
      TZ,
      NODE_ENV: 'production',
      APP_ROLE: 'all',
      DATABASE_URL: database.url,
      REDIS_URL: settings.redisUrl,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      HOST,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
  });
  cleanup.add('stop the app', () => app.stop());
  await app.waitUntilReady('/health/ready', READY_TIMEOUT_MS);
  say(
    `app ready on ${app.spec.origin} (pid ${app.pid}), database ${database.name}, Redis ${settings.redisUrl}`,
  );
  const db = new pg.Pool({ connectionString: database.url, max: 1 });
  cleanup.add('close the database pool', () => db.end());
  const target = await createBottle(app.spec.origin);

  say(`generating ${settings.photos} photos of ${PHOTO_WIDTH}×${PHOTO_HEIGHT} px…`);
  const photos = await noisyPhotos(settings.photos);
  const { connections, warmupSeconds, durationSeconds } = settings.load;
  say(`baseline: ${connections} connections, ${warmupSeconds} s warm-up + ${durationSeconds} s`);
  const baseline = await measure(`${app.spec.origin}${LIST_PATH}`, target.headers, settings.load);
  say(`${settings.bombs} pixel bombs…`);
  const bombs = await measureBombs(app, target, settings.bombs);
  say(`${settings.photos} photos uploaded at once, load until all are ready…`);
  const underPhotos = await measureUnderPhotos(app, db, target, photos);
  if (!app.running) throw new Error(`the app stopped\n${app.output()}`);

  const loadAverageAtEnd = loadavg();
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  say(`\n${report(baseline, underPhotos, bombs)}\n`);
  say(
    `load average (1/5/15 min) at start ${load(loadAverageAtStart)}, at end ${load(loadAverageAtEnd)}; ` +
      `${cpus().length} CPUs`,
  );
  const path = await writeReport(
    join(ROOT, 'bench', 'results'),
    startedAt,
    {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      node: process.versions.node,
      cpus: { count: cpus().length, model: cpus()[0]?.model },
      loadAverageAtStart,
      loadAverageAtEnd,
      settings,
      baseline,
      underPhotos,
      latencyRatio: {
        p50: underPhotos.latency.latencyP50Ms / baseline.latencyP50Ms,
        p99: underPhotos.latency.latencyP99Ms / baseline.latencyP99Ms,
        max: underPhotos.latency.latencyMaxMs / baseline.latencyMaxMs,
      },
      bombs: { ...bombs, growthKiB: bombs.peakRssKiB - bombs.idleRssKiB },
    },
    'photos',
  );
  say(`results written to ${path}`);

  const failed = [baseline, underPhotos.latency].filter((m) => m.errors + m.non2xx > 0);
  for (const m of failed)
    warn(`${m.errors} errors, ${m.non2xx} non-2xx (status codes ${JSON.stringify(m.statusCodes)})`);
  return failed.length === 0;
}

const cleanup = new Cleanup(warn);
cleanup.onSignals();
try {
  process.exitCode = (await run(cleanup)) ? 0 : 1;
} catch (error) {
  warn(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
