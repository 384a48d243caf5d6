/**
 * `npm run bench:backup [-- --fresh]`: is our backup as fast as the shell pipeline of the issue, and
 * does the API stay responsive while it runs?
 *
 * 1. Dataset: the PostgreSQL database `whiskey_bench_backup` (about 1 GB by pg_database_size), migrated
 *    by the application and filled with `insert … select generate_series` (bench/support/backup-dataset.ts).
 *    A database left by an earlier run is reused when its marker (a comment on the database) says it is
 *    complete and of the current dataset version; `--fresh` rebuilds it.
 * 2. The application is compiled from src/ into a private folder (never dist/, which others rebuild) and
 *    started as one process with APP_ROLE=all, as in a default installation: HTTP API and `backups` queue
 *    worker together. The bench signs in as the instance admin, adds a `local` storage provider in a
 *    temporary DATA_DIR and a policy backing up the database only (no photos: the shell pipeline has none)
 *    with `retention: {last: 1}`.
 * 3. Time, median of BENCH_ROUNDS (default 3) rounds in the same run, the order rotating between rounds
 *    after one unmeasured warm-up backup (page cache, JIT, the identity generated on first use):
 *    - our backup: `POST /api/v1/backups/policies/:id/run`, timed by the run's own startedAt → finishedAt
 *      (pg_dump --compress=0 → node:zlib zstd 3 → age → the local provider, which fsyncs, and the
 *      manifest); also shown as seen by a client: from the POST until the API reports it succeeded;
 *    - the issue's pipeline `pg_dump -Fc | zstd -3 | age -r <recipient> > file`, with the recipient of
 *      GET /api/v1/backups/identity (its gzip-compressed dump makes pg_dump the bottleneck);
 *    - as extra information, `pg_dump -Fc -Z0 | zstd -3 | age -r <recipient> > file`: the same formats as
 *      ours, so the fairest comparison of the machinery. The shell files are not fsynced; the time an
 *      fsync of them takes afterwards is shown apart.
 * 4. API latency: an open-loop load of BENCH_RATE (default 20) authenticated `GET /api/v1/bottles` per
 *    second (each request sent on schedule whether or not earlier ones answered, so a stall shows in the
 *    tail rather than slowing the load down) for BENCH_IDLE_SECONDS (default 30) with nothing else
 *    running, then during BENCH_ROUNDS more backups one after the other (enough requests for a p99):
 *    p50/p90/p99/max of both and their ratio. As a reference, the same during as many `-Z0` shell
 *    pipelines: what a dump sharing the machine's CPUs costs the API without sharing its process. Idle
 *    is measured before and after; the ratios use the quieter window (lower p99), so that other work
 *    on the machine during one of them cannot flatter the result. The rate is one the idle application serves comfortably
 *    (a busy household, not a stress test): a rate beyond its capacity would measure a growing queue
 *    instead, and the bench warns when the idle median is far above that of requests sent one at a time.
 * 5. Memory of the application process: its RSS (VmRSS) sampled every 50 ms during every backup, the
 *    median idle RSS before them and the kernel's lifetime peak (VmHWM). pg_dump runs in its own process
 *    and is not counted.
 *
 * Prints a table and writes bench/results/backup-<time>.json. The machine's load average is printed too:
 * other work on it changes the numbers. Exits 1 when a backup or a measured request failed.
 *
 * Environment: BENCH_DATABASE_URL (administration URL of the PostgreSQL server, default
 * postgresql://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default redis://127.0.0.1:6379/13,
 * flushed before and after), BENCH_ROUNDS, BENCH_RATE, BENCH_IDLE_SECONDS. Needs pg_dump, zstd, age and
 * bash on PATH; Linux only (reads /proc).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, open, rm, stat, symlink } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { APP_ENTRY } from './support/app-build.js';
import {
  datasetFacts,
  DEFAULT_SCALE,
  generateDataset,
  type DatasetFacts,
  type DatasetScale,
} from './support/backup-dataset.js';
import { Cleanup } from './support/cleanup.js';
import { benchRedisDatabase, flushRedisDatabase } from './support/database.js';
import { median, type LoadMeasurement } from './support/load.js';
import { sampleRss } from './support/memory.js';
import { table, writeReport } from './support/report.js';
import { freePort, runCommand, ServerProcess } from './support/server-process.js';
import { BENCH_ADMIN_DATABASE_URL, positiveInteger, ROOT, say, warn } from './support/cli.js';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 60_000;
const DATABASE_NAME = 'whiskey_bench_backup';
/** Bumped whenever the generated data changes, so an older database is rebuilt rather than reused. */
const DATASET_VERSION = 1;
const MARKER_PREFIX = 'whiskey-tracker bench:backup dataset ';
/** The issue asks for at least this much (pg_database_size). */
const MINIMUM_DATABASE_BYTES = 500 * 1000 * 1000;
const FOUNDER = {
  email: 'backup-bench@example.org',
  password: 'benchmark passphrase for backups',
  displayName: 'Bench',
};
/**
 * The backup identity is stored sealed with the storage secret key, and the database outlives this
 * run: every run must use the same key. It guards nothing but a benchmark's throw-away data.
 */
const STORAGE_SECRET_KEY = createHash('sha256').update('whiskey-tracker bench:backup').digest('hex');
const LIST_PATH = '/api/v1/bottles';
const WARMUP_LOAD_SECONDS = 3;
const BACKUP_TIMEOUT_MS = 15 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
const POLL_MS = 100;
const SETTLE_MS = 2000;
const IDLE_RSS_MS = 1000;
const SEQUENTIAL_REQUESTS = 20;
/** An idle median this many times that of single requests means the load is beyond the app's capacity. */
const OVERLOAD_FACTOR = 3;
const GOAL_TIME_RATIO = 1.25;
const GOAL_P99_RATIO = 1.5;

const settings = {
  adminUrl: BENCH_ADMIN_DATABASE_URL,
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/13',
  fresh: process.argv.includes('--fresh'),
  rounds: positiveInteger('BENCH_ROUNDS', 3),
  ratePerSecond: positiveInteger('BENCH_RATE', 20),
  idleSeconds: positiveInteger('BENCH_IDLE_SECONDS', 30),
};

/** What the comment on the benchmark database says once its data is complete. */
interface DatasetMarker {
  version: number;
  scale: DatasetScale;
  email: string;
  generatedAt: string;
  generationSeconds: number;
}

/** The ways of making a backup that are timed. */
type Variant = 'app' | 'shell' | 'shellZ0';

const VARIANTS: Record<Variant, string> = {
  app: 'our backup (run startedAt → finishedAt)',
  shell: 'pg_dump -Fc | zstd -3 | age (the issue)',
  shellZ0: 'pg_dump -Fc -Z0 | zstd -3 | age (extra)',
};

/** One timed backup. */
interface Timing {
  variant: Variant;
  round: number;
  seconds: number;
  /** Bytes of the encrypted result. */
  bytes: number;
  /** Our backup: from the POST until the API showed it succeeded. */
  clientSeconds?: number;
  /** Our backup: plaintext bytes of the dump (bytesDone). */
  plainBytes?: number;
  /** Shell pipelines: an fsync of the output file afterwards (the local provider syncs its files). */
  fsyncSeconds?: number;
  /** Our backup: peak RSS of the application during the run (KiB). */
  peakRssKiB?: number;
}

/** What GET /api/v1/backups/runs/:id answers, as far as the bench reads it. */
interface RunView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'verified';
  startedAt: string | null;
  finishedAt: string | null;
  bytesDone: number;
  sizeBytes: number | null;
  error: string | null;
  verifications: { level: string; ok: boolean }[];
}

/** A client of the application's API signed in as the instance admin. */
class Api {
  private token = '';

  constructor(readonly origin: string) {}

  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  /** Signs in again: access tokens live 15 minutes, a run of the bench can take longer. */
  async signIn(): Promise<void> {
    const body = await this.call<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      email: FOUNDER.email,
      password: FOUNDER.password,
    });
    this.token = body.accessToken;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: { ...this.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 1000)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(settings.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The marker of a complete dataset on the benchmark database; undefined when it is absent or stale. */
async function readMarker(): Promise<DatasetMarker | undefined> {
  const rows = await withClient(settings.adminUrl, async (client) => {
    const result = await client.query<{ comment: string | null }>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [DATABASE_NAME],
    );
    return result.rows;
  });
  const comment = rows[0]?.comment;
  if (!comment?.startsWith(MARKER_PREFIX)) return undefined;
  const marker = JSON.parse(comment.slice(MARKER_PREFIX.length)) as DatasetMarker;
  const sameScale = JSON.stringify(marker.scale) === JSON.stringify(DEFAULT_SCALE);
  return marker.version === DATASET_VERSION && sameScale && marker.email === FOUNDER.email
    ? marker
    : undefined;
}

/**
 * Compiles src/ and migrations/ with the project's SWC settings (what `npm run compile` does) into
 * `directory`, with package.json copied and node_modules linked: a build of the code as it is now,
 * that no `npm run build` elsewhere can empty during the measurements. Returns the entry point.
 */
async function compileApp(directory: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  await runCommand(
    join(ROOT, 'node_modules', '.bin', 'swc'),
    ['src', 'migrations', '-d', join(directory, 'dist'), '--config-file', '.swcrc', '--quiet'],
    ROOT,
  );
  await copyFile(join(ROOT, 'package.json'), join(directory, 'package.json'));
  await symlink(join(ROOT, 'node_modules'), join(directory, 'node_modules'), 'dir');
  return join(directory, APP_ENTRY);
}

/** Runs a shell pipeline (`bash -o pipefail`); resolves with its wall-clock seconds, rejects unless it exits 0. */
async function runPipeline(script: string, args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn('bash', ['-o', 'pipefail', '-c', script, 'bench', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${script} failed (${signal ?? `exit code ${code}`}): ${stderr}`);
  return seconds;
}

/** Seconds an fsync of `path` takes (what the local storage provider does before renaming its file). */
async function fsyncSeconds(path: string): Promise<number> {
  const handle = await open(path, 'r+');
  try {
    const started = performance.now();
    await handle.sync();
    return (performance.now() - started) / 1000;
  } finally {
    await handle.close();
  }
}

/** The kernel's peak resident set size of `pid` in KiB (VmHWM in /proc/<pid>/status). */
async function peakRssKiB(pid: number): Promise<number> {
  const handle = await open(`/proc/${pid}/status`, 'r');
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(await handle.readFile('utf8'));
    if (!match) throw new Error(`No VmHWM in /proc/${pid}/status`);
    return Number(match[1]);
  } finally {
    await handle.close();
  }
}

/** The value at fraction `q` of sorted `values` (nearest rank). */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * An open-loop load: `GET url` sent every 1/`ratePerSecond` s on schedule, each on its own keep-alive
 * connection when earlier ones have not answered yet, until `stop` aborts or `seconds` pass. Unlike a
 * closed loop (autocannon's connections each wait for their answer, and its rate limit sends a whole
 * second's requests at once), a slow server cannot slow the load down and hide its own stalls.
 * Latency is from sending a request to the end of its response body.
 */
async function steadyLoad(
  url: string,
  headers: Record<string, string>,
  ratePerSecond: number,
  until: { seconds: number } | { stop: AbortSignal },
): Promise<LoadMeasurement> {
  const agent = new Agent({ keepAlive: true });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (): Promise<void> =>
    new Promise((resolve) => {
      const sent = performance.now();
      let settled = false;
      // Exactly one outcome per request, whichever of the events below comes first.
      const settle = (outcome: 'ok' | 'error' | 'timeout', status?: number): void => {
        if (settled) return;
        settled = true;
        if (outcome === 'ok') {
          latencies.push(performance.now() - sent);
          statusCodes[String(status)] = (statusCodes[String(status)] ?? 0) + 1;
        } else if (outcome === 'timeout') timeouts++;
        else errors++;
        resolve();
      };
      const req = request(url, { agent, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        res.resume();
        res.once('end', () => settle('ok', res.statusCode));
        res.once('error', () => settle('error'));
        res.once('close', () => settle('error'));
      });
      req.once('timeout', () => {
        settle('timeout');
        req.destroy();
      });
      req.once('error', () => settle('error'));
      req.once('close', () => settle('error'));
      req.end();
    });
  const intervalMs = 1000 / ratePerSecond;
  const started = performance.now();
  const deadline = 'seconds' in until ? started + until.seconds * 1000 : Number.POSITIVE_INFINITY;
  for (let index = 0; ; index++) {
    const due = started + index * intervalMs;
    if (due >= deadline || ('stop' in until && until.stop.aborted)) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const pending = send();
    inFlight.add(pending);
    void pending.then(() => inFlight.delete(pending));
  }
  const durationSeconds = (performance.now() - started) / 1000;
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const non2xx = Object.entries(statusCodes)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    url,
    requestsPerSecond: latencies.length / durationSeconds,
    latencyP50Ms: percentile(sorted, 0.5),
    latencyP90Ms: percentile(sorted, 0.9),
    latencyP99Ms: percentile(sorted, 0.99),
    latencyMaxMs: sorted.at(-1) ?? Number.NaN,
    requests: latencies.length,
    errors,
    timeouts,
    non2xx,
    statusCodes,
    durationSeconds,
  };
}

/** Starts the application on the benchmark database and waits until it is ready (it migrates first). */
async function startApp(entry: string, env: NodeJS.ProcessEnv, cleanup: Cleanup): Promise<ServerProcess> {
  const port = await freePort(HOST);
  const app = ServerProcess.start({
    name: 'app',
    cwd: join(entry, '..', '..', '..'),
    args: ['--enable-source-maps', entry],
    origin: `http://${HOST}:${port}`,
    env: { ...env, PORT: String(port) },
  });
  cleanup.add('stop the app', () => app.stop());
  await app.waitUntilReady('/health/ready', READY_TIMEOUT_MS);
  return app;
}

/**
 * Makes sure the benchmark database holds the complete dataset: reuses it when its marker says so
 * (unless --fresh), else creates it, lets the application migrate it and register the instance admin,
 * then generates the data and sets the marker. Returns whether it was reused and how long generating took.
 */
async function prepareDatabase(
  entry: string,
  env: NodeJS.ProcessEnv,
  cleanup: Cleanup,
): Promise<{ reused: boolean; generationSeconds: number }> {
  const marker = settings.fresh ? undefined : await readMarker();
  if (marker) {
    say(`reusing ${DATABASE_NAME} (generated ${marker.generatedAt}; --fresh rebuilds it)`);
    // Leftovers of earlier runs (their storage folders are gone); backup_run data is never dumped anyway.
    await withClient(databaseUrl(DATABASE_NAME), async (client) => {
      await client.query('delete from backup_run');
      await client.query('delete from backup_photo_object');
      await client.query(`delete from backup_policy where name like 'Bench %'`);
      await client.query(`delete from storage_provider_config where name like 'Bench %'`);
      await client.query('vacuum analyze backup_run, backup_policy, storage_provider_config');
    });
    return { reused: true, generationSeconds: marker.generationSeconds };
  }
  say(`creating ${DATABASE_NAME}${settings.fresh ? ' (--fresh)' : ''}`);
  await withClient(settings.adminUrl, async (client) => {
    await client.query(`drop database if exists "${DATABASE_NAME}" with (force)`);
    await client.query(`create database "${DATABASE_NAME}"`);
  });
  const started = performance.now();
  const app = await startApp(entry, env, cleanup);
  const response = await fetch(`${app.spec.origin}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(FOUNDER),
  });
  if (response.status !== 201) throw new Error(`register: ${response.status} ${await response.text()}`);
  const { user } = (await response.json()) as { user: { id: string; householdId: string } };
  await app.stop();
  say(`generating the dataset (${JSON.stringify(DEFAULT_SCALE)})…`);
  await generateDataset(
    databaseUrl(DATABASE_NAME),
    { householdId: user.householdId, userId: user.id },
    DEFAULT_SCALE,
    say,
  );
  const generationSeconds = (performance.now() - started) / 1000;
  const complete: DatasetMarker = {
    version: DATASET_VERSION,
    scale: DEFAULT_SCALE,
    email: FOUNDER.email,
    generatedAt: new Date().toISOString(),
    generationSeconds,
  };
  await withClient(settings.adminUrl, (client) =>
    client.query(
      `comment on database "${DATABASE_NAME}" is '${(MARKER_PREFIX + JSON.stringify(complete)).replaceAll("'", "''")}'`,
    ),
  );
  say(`dataset generated in ${generationSeconds.toFixed(1)} s (migration and sign-up included)`);
  return { reused: false, generationSeconds };
}

/**
 * Starts a backup of `policyId` through the API and waits until the worker finished it, its quick
 * check and retention included. `onFinished` is called as soon as the API shows the run succeeded.
 */
async function appBackup(
  api: Api,
  policyId: string,
  onFinished?: () => void,
): Promise<{ run: RunView; clientSeconds: number }> {
  const posted = performance.now();
  const { runId } = await api.call<{ runId: string }>('POST', `/api/v1/backups/policies/${policyId}/run`);
  const deadline = Date.now() + BACKUP_TIMEOUT_MS;
  let clientSeconds: number | undefined;
  for (;;) {
    const run = await api.call<RunView>('GET', `/api/v1/backups/runs/${runId}`);
    if (run.status === 'failed')
      throw new Error(`backup run ${runId} failed: ${run.error ?? 'no error text'}`);
    if (clientSeconds === undefined && (run.status === 'succeeded' || run.status === 'verified')) {
      clientSeconds = (performance.now() - posted) / 1000;
      onFinished?.();
    }
    if (clientSeconds !== undefined && (run.status === 'verified' || run.verifications.length > 0)) {
      return { run, clientSeconds };
    }
    if (Date.now() > deadline) throw new Error(`backup run ${runId} still ${run.status} after the timeout`);
    await sleep(POLL_MS);
  }
}

function runSeconds(run: RunView): number {
  if (!run.startedAt || !run.finishedAt) throw new Error(`run ${run.id} has no start or end time`);
  return (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
}

interface Context {
  api: Api;
  app: ServerProcess;
  policyId: string;
  recipient: string;
  shellDir: string;
}

async function timeVariant(context: Context, variant: Variant, round: number): Promise<Timing> {
  if (variant === 'app') {
    const rss = sampleRss(context.app.pid!);
    const outcome = await appBackup(context.api, context.policyId).finally(() => rss.stop());
    const samples = await rss.stop();
    return {
      variant,
      round,
      seconds: runSeconds(outcome.run),
      bytes: outcome.run.sizeBytes ?? Number.NaN,
      clientSeconds: outcome.clientSeconds,
      plainBytes: outcome.run.bytesDone,
      peakRssKiB: Math.max(...samples),
    };
  }
  const output = join(context.shellDir, `${variant}-${round}.dump.zst.age`);
  const compression = variant === 'shellZ0' ? ' -Z0' : '';
  const seconds = await runPipeline(
    `pg_dump -Fc${compression} --dbname="$1" | zstd -3 | age -r "$2" > "$3"`,
    [databaseUrl(DATABASE_NAME), context.recipient, output],
  );
  const fsync = await fsyncSeconds(output);
  const { size } = await stat(output);
  await rm(output);
  return { variant, round, seconds, bytes: size, fsyncSeconds: fsync };
}

/**
 * Seconds that exact row counts of every table take in one REPEATABLE READ snapshot: what our backup
 * does for its manifest before pg_dump starts, a step the shell pipeline does not have.
 */
async function rowCountSeconds(): Promise<number> {
  return withClient(databaseUrl(DATABASE_NAME), async (client) => {
    const started = performance.now();
    await client.query('begin isolation level repeatable read, read only');
    const { rows } = await client.query<{ name: string }>(
      `select format('%I.%I', n.nspname, c.relname) as name
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
          and n.nspname not like 'pg\\_%'`,
    );
    for (const { name } of rows) await client.query(`select count(*) from ${name}`);
    await client.query('rollback');
    return (performance.now() - started) / 1000;
  });
}

/** The measured rounds: the order of the variants rotates, so none always runs first or last. */
async function timeBackups(context: Context): Promise<Timing[]> {
  const order: Variant[] = ['app', 'shell', 'shellZ0'];
  const timings: Timing[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    await context.api.signIn();
    const rotated = [
      ...order.slice((round - 1) % order.length),
      ...order.slice(0, (round - 1) % order.length),
    ];
    for (const variant of rotated) {
      const timing = await timeVariant(context, variant, round);
      timings.push(timing);
      say(
        `  round ${round}: ${VARIANTS[variant].padEnd(42)} ${timing.seconds.toFixed(2).padStart(7)} s, ` +
          `${mb(timing.bytes)} MB` +
          (timing.clientSeconds === undefined ? '' : ` (client saw ${timing.clientSeconds.toFixed(2)} s)`) +
          (timing.fsyncSeconds === undefined ? '' : ` (+ fsync ${timing.fsyncSeconds.toFixed(2)} s)`),
      );
      await sleep(SETTLE_MS);
    }
  }
  return timings;
}

/** Median milliseconds of `count` requests to `url` sent one after the other: the unloaded latency. */
async function sequentialLatencyMs(
  url: string,
  headers: Record<string, string>,
  count: number,
): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * Latency of the list endpoint at a steady rate: idle, during BENCH_ROUNDS more backups, then during
 * as many runs of the `-Z0` shell pipeline.
 */
async function measureLatency(context: Context): Promise<{
  sequentialMs: number;
  /**
   * The quieter (lower p99) of the idle windows before and after the loaded ones: other work on the
   * machine during one of them must not make the ratios look better than they are.
   */
  idle: LoadMeasurement;
  idleBefore: LoadMeasurement;
  idleAfter: LoadMeasurement;
  duringBackup: LoadMeasurement;
  /** Run time (startedAt → finishedAt) of each backup made under load. */
  backupSeconds: number[];
  /**
   * During as many `-Z0` shell pipelines, outside the application: what sharing the machine's CPUs
   * with a dump costs the API, apart from sharing its process.
   */
  duringShell: LoadMeasurement;
  shellSeconds: number[];
  peakRssKiB: number;
}> {
  const { api, app } = context;
  await api.signIn();
  const url = `${app.spec.origin}${LIST_PATH}`;
  await steadyLoad(url, api.headers, settings.ratePerSecond, { seconds: WARMUP_LOAD_SECONDS });
  const sequentialMs = await sequentialLatencyMs(url, api.headers, SEQUENTIAL_REQUESTS);
  const idleBefore = await steadyLoad(url, api.headers, settings.ratePerSecond, {
    seconds: settings.idleSeconds,
  });
  if (idleBefore.latencyP50Ms > OVERLOAD_FACTOR * sequentialMs) {
    warn(
      `idle p50 ${idleBefore.latencyP50Ms.toFixed(0)} ms is over ${OVERLOAD_FACTOR}× that of single requests ` +
        `(${sequentialMs.toFixed(0)} ms): the app does not keep up with ${settings.ratePerSecond}/s right now ` +
        '(other work on the machine, or a rate too high for it: lower BENCH_RATE)',
    );
  }
  await sleep(SETTLE_MS);
  const finished = new AbortController();
  const load = steadyLoad(url, api.headers, settings.ratePerSecond, { stop: finished.signal });
  const rss = sampleRss(app.pid!);
  const backupSeconds: number[] = [];
  try {
    // One after the other, so that the tail percentiles rest on enough requests.
    for (let index = 0; index < settings.rounds; index++) {
      const last = index === settings.rounds - 1;
      const outcome = await appBackup(api, context.policyId, last ? () => finished.abort() : undefined);
      backupSeconds.push(runSeconds(outcome.run));
    }
  } finally {
    finished.abort();
  }
  const samples = await rss.stop();
  const duringBackup = await load;
  await sleep(SETTLE_MS);
  const shellFinished = new AbortController();
  const shellLoad = steadyLoad(url, api.headers, settings.ratePerSecond, { stop: shellFinished.signal });
  const shellSeconds: number[] = [];
  try {
    for (let round = 1; round <= settings.rounds; round++) {
      shellSeconds.push((await timeVariant(context, 'shellZ0', round)).seconds);
    }
  } finally {
    shellFinished.abort();
  }
  await sleep(SETTLE_MS);
  const idleAfter = await steadyLoad(url, api.headers, settings.ratePerSecond, {
    seconds: settings.idleSeconds,
  });
  return {
    sequentialMs,
    idle: idleAfter.latencyP99Ms < idleBefore.latencyP99Ms ? idleAfter : idleBefore,
    idleBefore,
    idleAfter,
    duringBackup,
    backupSeconds,
    duringShell: await shellLoad,
    shellSeconds,
    peakRssKiB: Math.max(...samples),
  };
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function mib(kib: number): string {
  return (kib / 1024).toFixed(1);
}

function verdict(ratio: number, goal: number): string {
  return `${ratio.toFixed(2)}× (goal ≤ ${goal}×: ${ratio <= goal ? 'met' : 'NOT met'})`;
}

interface Results {
  facts: DatasetFacts;
  /** Median of {@link rowCountSeconds}. */
  rowCountSeconds: number;
  timings: Timing[];
  medians: Record<Variant, number>;
  appClientMedian: number;
  latency: Awaited<ReturnType<typeof measureLatency>>;
  memory: { idleRssKiB: number; peakRssKiB: number; vmHwmKiB: number };
}

function report(results: Results): string {
  const { facts, timings, medians, latency, memory } = results;
  const rowsOf = (variant: Variant) => timings.filter((timing) => timing.variant === variant);
  const timingRows = (Object.keys(VARIANTS) as Variant[]).map((variant) => {
    const rows = rowsOf(variant);
    return [
      VARIANTS[variant],
      ...rows.map((timing) => timing.seconds.toFixed(2)),
      medians[variant].toFixed(2),
      (facts.tableBytes / 1e6 / medians[variant]).toFixed(0),
      mb(median(rows.map((timing) => timing.bytes))),
      `${(medians[variant] / medians.shell).toFixed(2)}×`,
    ];
  });
  const appRows = rowsOf('app');
  const times = table([
    [
      'backup (database only)',
      ...Array.from({ length: settings.rounds }, (_, index) => `run ${index + 1} s`),
      'median s',
      'table MB/s',
      'size MB',
      'vs issue',
    ],
    ...timingRows,
    [
      'our backup as a client sees it (POST → succeeded)',
      ...appRows.map((timing) => (timing.clientSeconds ?? Number.NaN).toFixed(2)),
      results.appClientMedian.toFixed(2),
      (facts.tableBytes / 1e6 / results.appClientMedian).toFixed(0),
      '',
      `${(results.appClientMedian / medians.shell).toFixed(2)}×`,
    ],
  ]);
  const fsyncs = timings.filter((timing) => timing.fsyncSeconds !== undefined).map((t) => t.fsyncSeconds!);
  const row = (name: string, m: LoadMeasurement) => [
    name,
    m.durationSeconds.toFixed(1),
    String(m.requests),
    m.requestsPerSecond.toFixed(0),
    m.latencyP50Ms.toFixed(1),
    m.latencyP90Ms.toFixed(1),
    m.latencyP99Ms.toFixed(1),
    m.latencyMaxMs.toFixed(1),
    String(m.errors + m.timeouts + m.non2xx),
  ];
  const ratio = (during: number, idle: number) => `${(during / idle).toFixed(2)}×`;
  const api = table([
    [
      `GET ${LIST_PATH}, ${settings.ratePerSecond}/s open loop`,
      's',
      'requests',
      'req/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'errors',
    ],
    ...(['idleBefore', 'idleAfter'] as const).map((key) =>
      row(
        `idle, ${key === 'idleBefore' ? 'before' : 'after'}${latency[key] === latency.idle ? ' (reference)' : ''}`,
        latency[key],
      ),
    ),
    row(
      `during ${latency.backupSeconds.length} backups (${latency.backupSeconds.map((t) => t.toFixed(1)).join(' + ')} s)`,
      latency.duringBackup,
    ),
    [
      'ratio (backup / idle)',
      '',
      '',
      '',
      ratio(latency.duringBackup.latencyP50Ms, latency.idle.latencyP50Ms),
      ratio(latency.duringBackup.latencyP90Ms, latency.idle.latencyP90Ms),
      ratio(latency.duringBackup.latencyP99Ms, latency.idle.latencyP99Ms),
      ratio(latency.duringBackup.latencyMaxMs, latency.idle.latencyMaxMs),
      '',
    ],
    row(
      `during ${latency.shellSeconds.length} × pg_dump -Z0 | zstd | age (extra, ${latency.shellSeconds.map((t) => t.toFixed(1)).join(' + ')} s)`,
      latency.duringShell,
    ),
    [
      'ratio (shell pipeline / idle)',
      '',
      '',
      '',
      ratio(latency.duringShell.latencyP50Ms, latency.idle.latencyP50Ms),
      ratio(latency.duringShell.latencyP90Ms, latency.idle.latencyP90Ms),
      ratio(latency.duringShell.latencyP99Ms, latency.idle.latencyP99Ms),
      ratio(latency.duringShell.latencyMaxMs, latency.idle.latencyMaxMs),
      '',
    ],
  ]);
  const plain = median(appRows.map((timing) => timing.plainBytes ?? Number.NaN));
  return [
    `database ${DATABASE_NAME}: ${mb(facts.databaseBytes)} MB (pg_database_size), ${mb(facts.tableBytes)} MB of ` +
      `table data; ${Object.entries(facts.rows)
        .map(([name, count]) => `${name} ${count.toLocaleString('en')}`)
        .join(', ')}`,
    `our dump: ${mb(plain)} MB of pg_dump --compress=0 output (median), encrypted to the recipient of ` +
      'GET /api/v1/backups/identity; shell outputs are not fsynced (an fsync afterwards took ' +
      `${median(fsyncs).toFixed(2)} s median), the local provider syncs its file.`,
    '',
    times,
    '',
    `our backup / issue pipeline (medians): ${verdict(medians.app / medians.shell, GOAL_TIME_RATIO)}`,
    `our backup / -Z0 pipeline (medians):   ${(medians.app / medians.shellZ0).toFixed(2)}× (same formats as ours)`,
    `of our backup's time, ${results.rowCountSeconds.toFixed(2)} s (median) go to exact row counts of every table ` +
      '(for the manifest, in the dump snapshot) before pg_dump starts: a step the shell pipelines do not have',
    '',
    api,
    '',
    `one request at a time (idle): ${latency.sequentialMs.toFixed(1)} ms median`,
    `API p99 during a backup / idle (the quieter idle window): ${verdict(latency.duringBackup.latencyP99Ms / latency.idle.latencyP99Ms, GOAL_P99_RATIO)}`,
    '',
    `app process (API + worker) RSS: idle ${mib(memory.idleRssKiB)} MiB, peak during the backups ` +
      `${mib(memory.peakRssKiB)} MiB (+${mib(memory.peakRssKiB - memory.idleRssKiB)}, sampled every 50 ms), ` +
      `lifetime peak (VmHWM) ${mib(memory.vmHwmKiB)} MiB`,
  ].join('\n');
}

async function run(cleanup: Cleanup): Promise<void> {
  if (process.platform !== 'linux') throw new Error('This benchmark reads /proc: it runs on Linux only');
  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  benchRedisDatabase(settings.redisUrl);
  await flushRedisDatabase(settings.redisUrl);
  cleanup.add('flush the benchmark Redis database', () => flushRedisDatabase(settings.redisUrl));
  const workDir = await mkdtemp(join(tmpdir(), 'whiskey-backup-bench-'));
  cleanup.add(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  say('compiling the application (src/ → a private build)…');
  const entry = await compileApp(join(workDir, 'build'));
  const dataDir = join(workDir, 'data');
  const backupRoot = join(dataDir, 'backups');
  const shellDir = join(dataDir, 'shell');
  await mkdir(backupRoot, { recursive: true });
  await mkdir(shellDir, { recursive: true });

  const { PATH, HOME, LANG, TZ } = process.env;
  const env: NodeJS.ProcessEnv = {
    PATH,
    HOME,
    LANG,
    TZ,
    NODE_ENV: 'production',
    APP_ROLE: 'all',
    DATABASE_URL: databaseUrl(DATABASE_NAME),
    REDIS_URL: settings.redisUrl,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    STORAGE_SECRET_KEY,
    HOST,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  const dataset = await prepareDatabase(entry, env, cleanup);
  const facts = await datasetFacts(databaseUrl(DATABASE_NAME));
  if (facts.databaseBytes < MINIMUM_DATABASE_BYTES) {
    throw new Error(`${DATABASE_NAME} is only ${mb(facts.databaseBytes)} MB: run with --fresh`);
  }
  say(`${DATABASE_NAME}: ${mb(facts.databaseBytes)} MB, ${mb(facts.tableBytes)} MB of table data`);

  const app = await startApp(entry, env, cleanup);
  say(`app ready on ${app.spec.origin} (pid ${app.pid}, APP_ROLE=all), Redis ${settings.redisUrl}`);
  const api = new Api(app.spec.origin);
  await api.signIn();
  const suffix = randomBytes(3).toString('hex');
  const provider = await api.call<{ id: string }>('POST', '/api/v1/storage/providers', {
    name: `Bench local ${suffix}`,
    settings: { type: 'local', root: backupRoot },
  });
  const policy = await api.call<{ id: string }>('POST', '/api/v1/backups/policies', {
    name: `Bench ${suffix}`,
    schedule: '0 3 * * *',
    timeZone: 'UTC',
    targetIds: [provider.id],
    includeDatabase: true,
    includePhotos: false,
    retention: { last: 1 },
    drillSchedule: null,
    enabled: false,
  });

  await sleep(SETTLE_MS);
  const idleRss = sampleRss(app.pid!);
  await sleep(IDLE_RSS_MS);
  const idleRssKiB = median(await idleRss.stop());

  say('warm-up backup (not measured; creates the backup identity on first use)…');
  const warmUp = await appBackup(api, policy.id);
  say(`  ${runSeconds(warmUp.run).toFixed(2)} s`);
  const identity = await api.call<{ recipient: string | null }>('GET', '/api/v1/backups/identity');
  if (!identity.recipient) throw new Error('GET /api/v1/backups/identity has no recipient after a backup');
  const context: Context = { api, app, policyId: policy.id, recipient: identity.recipient, shellDir };

  say(`${settings.rounds} rounds, median reported (recipient ${identity.recipient}):`);
  const timings = await timeBackups(context);
  const medianOf = (variant: Variant) =>
    median(timings.filter((timing) => timing.variant === variant).map((timing) => timing.seconds));
  const medians: Record<Variant, number> = {
    app: medianOf('app'),
    shell: medianOf('shell'),
    shellZ0: medianOf('shellZ0'),
  };
  const rowCounts: number[] = [];
  for (let round = 0; round < settings.rounds; round++) rowCounts.push(await rowCountSeconds());
  const appClientMedian = median(
    timings.filter((timing) => timing.variant === 'app').map((timing) => timing.clientSeconds ?? Number.NaN),
  );

  say(
    `API latency: ${settings.ratePerSecond} GET ${LIST_PATH}/s, ${WARMUP_LOAD_SECONDS} s warm-up, ` +
      `${settings.idleSeconds} s idle, during ${settings.rounds} backups, during ${settings.rounds} -Z0 shell ` +
      `pipelines, ${settings.idleSeconds} s idle again…`,
  );
  const latency = await measureLatency(context);
  if (!app.running) throw new Error(`the app stopped\n${app.output()}`);
  const memory = {
    idleRssKiB,
    peakRssKiB: Math.max(
      latency.peakRssKiB,
      ...timings.flatMap((timing) => (timing.peakRssKiB === undefined ? [] : [timing.peakRssKiB])),
    ),
    vmHwmKiB: await peakRssKiB(app.pid!),
  };

  const results: Results = {
    facts,
    rowCountSeconds: median(rowCounts),
    timings,
    medians,
    appClientMedian,
    latency,
    memory,
  };
  const loadAverageAtEnd = loadavg();
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  say(`\n${report(results)}\n`);
  say(
    `load average (1/5/15 min) at start ${load(loadAverageAtStart)}, at end ${load(loadAverageAtEnd)}; ` +
      `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}); other work on this machine shows in these numbers`,
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
      dataset: { name: DATABASE_NAME, ...dataset, scale: DEFAULT_SCALE, ...facts },
      ...results,
      ratios: {
        appVsIssuePipeline: medians.app / medians.shell,
        appVsZ0Pipeline: medians.app / medians.shellZ0,
        p99DuringBackupVsIdle: latency.duringBackup.latencyP99Ms / latency.idle.latencyP99Ms,
        p99DuringShellPipelineVsIdle: latency.duringShell.latencyP99Ms / latency.idle.latencyP99Ms,
      },
    },
    'backup',
  );
  say(`results written to ${path}`);

  const failed = [latency.idleBefore, latency.idleAfter, latency.duringBackup, latency.duringShell].filter(
    (m) => m.errors + m.timeouts + m.non2xx > 0,
  );
  for (const m of failed) {
    warn(`${m.errors} errors, ${m.timeouts} timeouts, status codes ${JSON.stringify(m.statusCodes)}`);
  }
  if (failed.length > 0) process.exitCode = 1;
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
