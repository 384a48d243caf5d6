/**
 * `npm run bench`: HTTP throughput and latency of the built application against a bare baseline
 * (plain Fastify + pg + ioredis doing the same work), on a fresh PostgreSQL database and the Redis
 * logical database reserved for benchmarks. Prints a table and writes bench/results/http-<time>.json.
 *
 * Environment: BENCH_DATABASE_URL (administration URL of the PostgreSQL server, default
 * postgresql://postgres@127.0.0.1:5432/postgres), BENCH_REDIS_URL (default redis://127.0.0.1:6379/14,
 * flushed before and after), BENCH_DURATION (measured seconds per run, default 10), BENCH_CONNECTIONS
 * (default 50), BENCH_WARMUP (seconds, default 3), BENCH_ROUNDS (app/baseline alternations, default 2).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { APP_ENTRY, ensureBuilt, snapshotBuild } from './support/app-build.js';
import { SCENARIOS, type Scenario, type ScenarioContext } from './scenarios.js';
import { Cleanup } from './support/cleanup.js';
import { benchRedisDatabase, createBenchDatabase, flushRedisDatabase } from './support/database.js';
import { measure, type LoadMeasurement, type LoadOptions } from './support/load.js';
import {
  compare,
  formatResults,
  summarise,
  writeReport,
  type ScenarioResult,
  type Target,
} from './support/report.js';
import { freePort, ServerProcess } from './support/server-process.js';
import { BENCH_ADMIN_DATABASE_URL, git, positiveInteger, ROOT, say, warn } from './support/cli.js';

const HOST = '127.0.0.1';
const READY_PATH = '/health/ready';
const READY_TIMEOUT_MS = 30_000;

const settings = {
  adminUrl: BENCH_ADMIN_DATABASE_URL,
  redisUrl: process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/14',
  rounds: positiveInteger('BENCH_ROUNDS', 2),
  load: {
    connections: positiveInteger('BENCH_CONNECTIONS', 50),
    durationSeconds: positiveInteger('BENCH_DURATION', 10),
    warmupSeconds: positiveInteger('BENCH_WARMUP', 3),
  } satisfies LoadOptions,
};

/** Only what the servers need from this process's environment, so a developer's shell cannot skew them. */
function baseEnvironment(): NodeJS.ProcessEnv {
  const { PATH, HOME, LANG, TZ } = process.env;
  return { PATH, HOME, LANG, TZ };
}

async function distinctFreePorts(): Promise<[number, number]> {
  const first = await freePort(HOST);
  let second = await freePort(HOST);
  while (second === first) second = await freePort(HOST);
  return [first, second];
}

async function measureScenario(
  scenario: Scenario,
  servers: Record<Target, ServerProcess>,
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const headers = (await scenario.setup?.(context)) ?? {};
  const paths: Record<Target, string> = { app: scenario.appPath, baseline: scenario.baselinePath };
  const rounds: Record<Target, LoadMeasurement[]> = { app: [], baseline: [] };
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of ['app', 'baseline'] as const) {
      const server = servers[target];
      const measurement = await measure(`${server.spec.origin}${paths[target]}`, headers, settings.load);
      if (!server.running) throw new Error(`${target} stopped during the benchmark\n${server.output()}`);
      rounds[target].push(measurement);
      say(
        `  ${scenario.name} round ${round}/${settings.rounds} ${target.padEnd(8)} ` +
          `${measurement.requestsPerSecond.toFixed(0)} req/s, p50 ${measurement.latencyP50Ms} ms, ` +
          `p99 ${measurement.latencyP99Ms} ms, errors ${measurement.errors}, non-2xx ${measurement.non2xx}`,
      );
    }
  }
  return compare(scenario.name, summarise('app', rounds.app), summarise('baseline', rounds.baseline));
}

async function run(cleanup: Cleanup): Promise<boolean> {
  const startedAt = new Date();
  await ensureBuilt(ROOT, say);

  benchRedisDatabase(settings.redisUrl);
  await flushRedisDatabase(settings.redisUrl);
  cleanup.add('flush the benchmark Redis database', () => flushRedisDatabase(settings.redisUrl));
  const database = await createBenchDatabase(settings.adminUrl);
  cleanup.add(`drop database ${database.name}`, () => database.drop());
  const workDir = await mkdtemp(join(tmpdir(), 'whiskey-bench-'));
  cleanup.add(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  const build = await snapshotBuild(ROOT, join(workDir, 'build'));
  const dataDir = join(workDir, 'data');
  await mkdir(dataDir);
  say(`database ${database.name}, Redis ${settings.redisUrl}, build copied to ${build}`);

  const jwtSecret = randomBytes(32).toString('base64url');
  const [appPort, baselinePort] = await distinctFreePorts();

  const serverEnvironment = {
    ...baseEnvironment(),
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: settings.redisUrl,
    JWT_SECRET: jwtSecret,
    HOST,
  };
  // The application first: it migrates the database, which the baseline's readiness check reads.
  const app = ServerProcess.start({
    name: 'app',
    cwd: build,
    args: ['--enable-source-maps', join(build, APP_ENTRY)],
    origin: `http://${HOST}:${appPort}`,
    env: { ...serverEnvironment, LOG_LEVEL: 'warn', PORT: String(appPort), DATA_DIR: dataDir },
  });
  cleanup.add('stop the app', () => app.stop());
  await app.waitUntilReady(READY_PATH, READY_TIMEOUT_MS);
  say(`app ready on ${app.spec.origin} (pid ${app.pid})`);

  const baseline = ServerProcess.start({
    name: 'baseline',
    cwd: ROOT,
    args: [
      '--enable-source-maps',
      '--import',
      '@swc-node/register/esm-register',
      join(ROOT, 'bench', 'baseline-server.ts'),
    ],
    origin: `http://${HOST}:${baselinePort}`,
    env: {
      ...serverEnvironment,
      PORT: String(baselinePort),
      MIGRATIONS_DIR: join(build, 'dist', 'migrations'),
    },
  });
  cleanup.add('stop the baseline server', () => baseline.stop());
  await baseline.waitUntilReady(READY_PATH, READY_TIMEOUT_MS);
  say(`baseline ready on ${baseline.spec.origin} (pid ${baseline.pid})`);

  const db = new pg.Pool({ connectionString: database.url, max: 2 });
  cleanup.add('close the seeding pool', () => db.end());
  const context: ScenarioContext = {
    appOrigin: app.spec.origin,
    baselineOrigin: baseline.spec.origin,
    db,
    jwtSecret,
  };

  const { connections, warmupSeconds, durationSeconds } = settings.load;
  say(
    `${connections} connections, ${warmupSeconds} s warm-up + ${durationSeconds} s measured per run, ` +
      `${settings.rounds} rounds of app then baseline`,
  );
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS) {
    results.push(await measureScenario(scenario, { app, baseline }, context));
  }

  say(`\n${formatResults(results)}\n`);
  const path = await writeReport(join(ROOT, 'bench', 'results'), startedAt, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: git('rev-parse', 'HEAD'),
    uncommittedChanges: (git('status', '--porcelain') ?? '') !== '',
    node: process.versions.node,
    cpus: { count: cpus().length, model: cpus()[0]?.model },
    loadAverageAtStart: loadavg(),
    settings: { rounds: settings.rounds, ...settings.load },
    results,
  });
  say(`results written to ${path}`);

  const failing = results.flatMap((result) =>
    [result.app, result.baseline]
      .filter((summary) => summary.errors > 0)
      .map((summary) => ({ scenario: result.name, summary })),
  );
  for (const { scenario, summary } of failing) {
    const codes = summary.rounds.map((round) => JSON.stringify(round.statusCodes)).join(', ');
    warn(
      `${scenario} on ${summary.target}: ${summary.errors} errors or non-2xx responses (status codes: ${codes})`,
    );
  }
  return failing.length === 0;
}

const cleanup = new Cleanup(warn);
cleanup.onSignals();
try {
  const passed = await run(cleanup);
  process.exitCode = passed ? 0 : 1;
} catch (error) {
  warn(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
