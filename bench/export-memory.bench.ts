/**
 * `npm run bench:export`: memory of the streamed collection export. Seeds one household on a fresh
 * PostgreSQL database (200 whiskies, 2 000 bottles, first 10 000 and then 100 000 pours, with
 * `insert … select generate_series`), and for each size and format starts the built application
 * afresh (so that no measurement inherits the heap of another), warms it up, and downloads
 * `GET /api/v1/export?format=csv|json|xlsx` to nowhere while sampling the application process's
 * resident memory (VmRSS in /proc/<pid>/status) every 50 ms. Prints, per size and format, the bytes,
 * seconds, idle RSS, peak RSS and the growth of the peak over the idle RSS just before the download:
 * a streamed export shows a growth that does not scale with the number of rows.
 *
 * RSS also holds garbage that V8 has not collected yet: V8 lets the old generation grow with the
 * allocation rate before a full collection. The application therefore runs with
 * `--trace-gc --trace-gc-ignore-scavenger`, and the table adds the largest live heap left after a full
 * collection during the download (what the export really keeps), when one happened.
 *
 * Environment: BENCH_DATABASE_URL (administration URL of the PostgreSQL server, default
 * postgresql://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default redis://127.0.0.1:6379/13,
 * flushed before and after), BENCH_APP_NODE_ARGS (extra Node.js flags for the application, e.g.
 * `--max-old-space-size=96` to show that the export fits in a small heap). Linux only (reads /proc).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { APP_ENTRY, snapshotBuild } from './support/app-build.js';
import { Cleanup } from './support/cleanup.js';
import { sampleRss } from './support/memory.js';
import { benchRedisDatabase, createBenchDatabase, flushRedisDatabase } from './support/database.js';
import { freePort, runCommand, ServerProcess } from './support/server-process.js';
import { BENCH_ADMIN_DATABASE_URL, ROOT, say, warn } from './support/cli.js';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 30_000;
const SAMPLE_MS = 50;
const IDLE_SAMPLE_MS = 1000;
const SETTLE_MS = 1000;
const FORMATS = ['csv', 'json', 'xlsx'] as const;
const WHISKIES = 200;
const BOTTLES = 2000;
const POUR_COUNTS = [10_000, 100_000] as const;

const settings = {
  adminUrl: BENCH_ADMIN_DATABASE_URL,
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/13',
};

interface Measurement {
  pours: number;
  format: (typeof FORMATS)[number];
  bytes: number;
  seconds: number;
  idleRssKiB: number;
  peakRssKiB: number;
  /** Largest heap left by a full collection during the download; undefined when none ran. */
  liveHeapMiB?: number;
}

/** `… ms: Mark-Compact 269.5 (334.6) -> 83.5 (272.2) MB, …`: heap before and after a full collection. */
const FULL_GC = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/g;

function liveHeapsAfterFullGc(output: string): number[] {
  return [...output.matchAll(FULL_GC)].map((match) => Number(match[1]));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Builds the application: a full build when there is none, else a compile over it (no cleaning). */
async function build(): Promise<void> {
  const script = existsSync(join(ROOT, APP_ENTRY)) ? 'compile' : 'build';
  say(`npm run ${script}`);
  await runCommand('npm', ['run', script], ROOT);
}

async function signUp(origin: string): Promise<{ token: string; householdId: string }> {
  const response = await fetch(`${origin}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'export-bench@example.org',
      password: 'benchmark passphrase for exports',
      displayName: 'Bench',
    }),
  });
  if (response.status !== 201) throw new Error(`register: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string; user: { householdId: string } };
  return { token: body.accessToken, householdId: body.user.householdId };
}

/** 200 whiskies (each with a barcode) and 2 000 bottles, 700 ml each, volumes set by {@link seedPours}. */
async function seedCollection(db: pg.Pool, householdId: string): Promise<void> {
  await db.query(
    `insert into whisky (id, household_id, name, distillery, style, abv, cask_types, tags, notes,
                         created_at, updated_at, version)
     select gen_random_uuid(), $1, 'Whisky ' || g, 'Distillery ' || (g % 40), 'single_malt', 40 + (g % 20),
            '{ex-bourbon,oloroso}', '{peated,islay}', case when g % 10 = 0 then '=cmd|'' /C calc''!A0' end,
            now(), now(), 1
       from generate_series(1, $2::int) g`,
    [householdId, WHISKIES],
  );
  await db.query(
    `insert into whisky_barcode (household_id, code, whisky_id)
     select $1, lpad(row_number() over (order by id)::text, 13, '0'), id from whisky where household_id = $1`,
    [householdId],
  );
  await db.query(
    `insert into bottle (id, household_id, whisky_id, status, size_ml, current_volume_ml, purchase_price,
                         currency, purchased_at, shop, created_at, updated_at, version)
     select gen_random_uuid(), $1, w.id, 'open', 700, 700, 50 + (g % 100), 'EUR', date '2024-01-01' + (g % 365),
            'Shop ' || (g % 7), now(), now(), 1
       from generate_series(0, $2::int - 1) g
       join (select id, row_number() over (order by id) - 1 as n from whisky where household_id = $1) w
         on w.n = g % $3::int`,
    [householdId, BOTTLES, WHISKIES],
  );
}

/** Brings the household to `total` pours of 5 ml, spread evenly over the bottles, and fixes the volumes. */
async function seedPours(db: pg.Pool, householdId: string, total: number): Promise<void> {
  const perBottle = total / BOTTLES;
  await db.query('delete from pour where household_id = $1', [householdId]);
  await db.query(
    `insert into pour (id, household_id, bottle_id, ml, reason, poured_at, notes, created_at)
     select gen_random_uuid(), $1, b.id, 5, 'dram',
            timestamptz '2025-01-01T00:00:00Z' + make_interval(mins => g * 7 + b.n::int),
            case when g % 10 = 0 then 'Note ' || g end, now()
       from (select id, row_number() over (order by id) as n from bottle where household_id = $1) b
      cross join generate_series(1, $2::int) g`,
    [householdId, perBottle],
  );
  await db.query(`update bottle set current_volume_ml = size_ml - $2::numeric where household_id = $1`, [
    householdId,
    perBottle * 5,
  ]);
  await db.query('analyze');
}

async function download(url: string, token: string): Promise<{ bytes: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200 || !response.body) {
    throw new Error(`${url}: ${response.status} ${await response.text()}`);
  }
  let bytes = 0;
  for await (const chunk of response.body) bytes += (chunk as Uint8Array).byteLength;
  return { bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Warms `app` up (one small export of each format), then measures one download of `format`. */
async function measure(
  app: ServerProcess,
  token: string,
  pours: number,
  format: Measurement['format'],
): Promise<Measurement> {
  for (const warmUp of FORMATS) {
    await download(`${app.spec.origin}/api/v1/export?format=${warmUp}&kind=locations`, token);
  }
  await sleep(SETTLE_MS);
  const pid = app.pid!;
  const idle = sampleRss(pid, SAMPLE_MS);
  await sleep(IDLE_SAMPLE_MS);
  const idleRssKiB = median(await idle.stop());
  const collectionsBefore = liveHeapsAfterFullGc(app.output()).length;
  const busy = sampleRss(pid, SAMPLE_MS);
  const { bytes, seconds } = await download(`${app.spec.origin}/api/v1/export?format=${format}`, token);
  const peakRssKiB = Math.max(...(await busy.stop()), idleRssKiB);
  if (!app.running) throw new Error(`the app stopped\n${app.output()}`);
  const during = liveHeapsAfterFullGc(app.output()).slice(collectionsBefore);
  const liveHeapMiB = during.length > 0 ? Math.max(...during) : undefined;
  return { pours, format, bytes, seconds, idleRssKiB, peakRssKiB, liveHeapMiB };
}

function table(measurements: Measurement[]): string {
  const mib = (kib: number) => (kib / 1024).toFixed(1);
  const rows = [
    ['pours', 'format', 'bytes', 'seconds', 'idle RSS MiB', 'peak RSS MiB', 'growth MiB', 'live heap MiB'],
    ...measurements.map((m) => [
      m.pours.toLocaleString('en'),
      m.format,
      m.bytes.toLocaleString('en'),
      m.seconds.toFixed(2),
      mib(m.idleRssKiB),
      mib(m.peakRssKiB),
      `+${mib(m.peakRssKiB - m.idleRssKiB)}`,
      m.liveHeapMiB === undefined ? '–' : m.liveHeapMiB.toFixed(1),
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
        .join('  '),
    )
    .join('\n');
}

async function run(cleanup: Cleanup): Promise<void> {
  if (process.platform !== 'linux') throw new Error('This benchmark reads /proc: it runs on Linux only');
  await build();
  benchRedisDatabase(settings.redisUrl);
  await flushRedisDatabase(settings.redisUrl);
  cleanup.add('flush the benchmark Redis database', () => flushRedisDatabase(settings.redisUrl));
  const database = await createBenchDatabase(settings.adminUrl);
  cleanup.add(`drop database ${database.name}`, () => database.drop());
  const workDir = await mkdtemp(join(tmpdir(), 'whiskey-export-bench-'));
  cleanup.add(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  const buildDir = await snapshotBuild(ROOT, join(workDir, 'build'));
  const dataDir = join(workDir, 'data');
  await mkdir(dataDir);

  const { PATH, HOME, LANG, TZ } = process.env;
  const jwtSecret = randomBytes(32).toString('base64url');
  /** A fresh application process on the benchmark database. */
  const startApp = async (): Promise<ServerProcess> => {
    const port = await freePort(HOST);
    const app = ServerProcess.start({
      name: 'app',
      cwd: buildDir,
      args: [
        '--trace-gc',
        '--trace-gc-ignore-scavenger',
        ...(process.env.BENCH_APP_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        '--enable-source-maps',
        join(buildDir, APP_ENTRY),
      ],
      origin: `http://${HOST}:${port}`,
      env: {
        PATH,
        HOME,
        LANG,
        TZ,
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        REDIS_URL: settings.redisUrl,
        JWT_SECRET: jwtSecret,
        HOST,
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
    });
    cleanup.add('stop the app', () => app.stop());
    await app.waitUntilReady('/health/ready', READY_TIMEOUT_MS);
    return app;
  };

  const db = new pg.Pool({ connectionString: database.url, max: 2 });
  cleanup.add('close the seeding pool', () => db.end());
  const first = await startApp();
  say(`app ready (pid ${first.pid}), database ${database.name}`);
  const { token, householdId } = await signUp(first.spec.origin);
  await first.stop();
  await seedCollection(db, householdId);

  const measurements: Measurement[] = [];
  for (const pours of POUR_COUNTS) {
    await seedPours(db, householdId, pours);
    say(`seeded ${WHISKIES} whiskies, ${BOTTLES} bottles, ${pours.toLocaleString('en')} pours`);
    for (const format of FORMATS) {
      const app = await startApp();
      const measurement = await measure(app, token, pours, format);
      await app.stop();
      measurements.push(measurement);
      say(
        `  ${format.padEnd(4)} ${measurement.bytes.toLocaleString('en')} bytes in ${measurement.seconds.toFixed(2)} s, ` +
          `RSS ${(measurement.idleRssKiB / 1024).toFixed(1)} → ${(measurement.peakRssKiB / 1024).toFixed(1)} MiB (pid ${app.pid})`,
      );
    }
  }
  say(`\n${table(measurements)}\n`);
  say(
    'growth = peak RSS during the download − median RSS in the idle second before it (fresh process each, ' +
      'warmed up). live heap = largest heap left by a full GC during the download (– when none ran).',
  );
}

const cleanup = new Cleanup(warn);
cleanup.onSignals();
try {
  await run(cleanup);
} catch (error) {
  warn(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
