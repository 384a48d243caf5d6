/**
 * `npm run bench:storage`: memory of streaming a large object through the storage providers `local`
 * (a temporary folder) and `s3` (s3rver on this machine, in its own process). For each provider,
 * two fresh child processes load the providers and warm up with an 8 MiB object; then the `idle`
 * one waits (the baseline, in the same run) while the `stream` one writes an object generated on
 * the fly (2 GiB by default, never held whole), reads it back and checks its SHA-256. Every process
 * reports its peak resident set size as the kernel counted it (getrusage maxrss, i.e. VmHWM), so
 * no peak falls between two samples. Prints a table and the growth of each stream's peak over its
 * idle baseline: a streamed transfer shows a growth that does not depend on the object's size.
 * It is a report: the exit code is 0 unless the bench itself fails.
 *
 * Environment: BENCH_STORAGE_MIB (object size in MiB, default 2048).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createStorageProvider } from '../src/storage/storage-provider.factory.js';
import type { StorageProviderSettings } from '../src/storage/storage-settings.js';
import { S3_BUCKET, S3_CREDENTIALS, startS3rver } from '../test/contract/support/servers.js';
import { digestOf, generatedStream } from '../test/contract/support/streams.js';
import { Cleanup } from './support/cleanup.js';
import { say, warn } from './support/cli.js';

const MiB = 1024 * 1024;
const WARM_UP_BYTES = 8 * MiB;
const IDLE_MS = 3000;
const WORKER_FLAG = '--worker';
const PROVIDERS = ['local', 's3'] as const;
type Provider = (typeof PROVIDERS)[number];
type Mode = 'idle' | 'stream';

/** What a worker process is told to do. */
interface WorkerTask {
  provider: Provider;
  mode: Mode;
  settings: StorageProviderSettings;
  bytes: number;
}

/** What a worker process reports on its last line of output. */
interface WorkerReport {
  provider: Provider;
  mode: Mode;
  bytes: number;
  putSeconds: number;
  getSeconds: number;
  /** Peak resident set size of the worker, in KiB. */
  maxRssKiB: number;
}

function objectBytes(): number {
  const raw = process.env.BENCH_STORAGE_MIB;
  const mib = raw === undefined || raw === '' ? 2048 : Number(raw);
  if (!Number.isInteger(mib) || mib < 1)
    throw new Error(`BENCH_STORAGE_MIB must be a positive integer (got ${raw})`);
  return mib * MiB;
}

/** In the worker: warm up, then (unless idle) write, read back and check the large object. */
async function runWorker(task: WorkerTask): Promise<WorkerReport> {
  const provider = createStorageProvider(task.settings, { targets: 'any' });
  try {
    await provider.put('bench/warm-up.bin', generatedStream(WARM_UP_BYTES).stream);
    await digestOf(await provider.get('bench/warm-up.bin'));
    await provider.delete('bench/warm-up.bin');
    if (task.mode === 'idle') {
      await sleep(IDLE_MS);
      return {
        provider: task.provider,
        mode: task.mode,
        bytes: 0,
        putSeconds: 0,
        getSeconds: 0,
        maxRssKiB: process.resourceUsage().maxRSS,
      };
    }
    const source = generatedStream(task.bytes);
    let started = performance.now();
    await provider.put('bench/large.bin', source.stream, { size: task.bytes });
    const putSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const read = await digestOf(await provider.get('bench/large.bin'));
    const getSeconds = (performance.now() - started) / 1000;
    if (read.bytes !== task.bytes || read.sha256 !== source.sha256()) {
      throw new Error(`${task.provider}: read ${read.bytes} bytes back, not the ${task.bytes} written`);
    }
    await provider.delete('bench/large.bin');
    return {
      provider: task.provider,
      mode: task.mode,
      bytes: task.bytes,
      putSeconds,
      getSeconds,
      maxRssKiB: process.resourceUsage().maxRSS,
    };
  } finally {
    await provider.close();
  }
}

/** Runs one scenario in a fresh process and returns its report. */
async function runScenario(task: WorkerTask): Promise<WorkerReport> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', self, WORKER_FLAG], {
    env: { ...process.env, BENCH_STORAGE_TASK: JSON.stringify(task) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0)
    throw new Error(`the ${task.provider} ${task.mode} worker failed (exit code ${code}): ${output}`);
  return JSON.parse(output.trim().split('\n').at(-1) ?? '') as WorkerReport;
}

/** Peak resident set size of a running process (VmHWM), in KiB. */
async function peakRssKiB(pid: number): Promise<number> {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN);
}

function table(reports: WorkerReport[]): string {
  const mib = (kib: number) => (kib / 1024).toFixed(1);
  const rate = (bytes: number, seconds: number) => (seconds > 0 ? (bytes / MiB / seconds).toFixed(0) : '–');
  const idle = (provider: Provider) =>
    reports.find((report) => report.provider === provider && report.mode === 'idle')?.maxRssKiB ?? NaN;
  const rows = [
    ['provider', 'process', 'object MiB', 'put MiB/s', 'get MiB/s', 'peak RSS MiB', 'over idle MiB'],
    ...reports.map((report) => [
      report.provider,
      report.mode,
      String(report.bytes / MiB),
      rate(report.bytes, report.putSeconds),
      rate(report.bytes, report.getSeconds),
      mib(report.maxRssKiB),
      report.mode === 'idle' ? '(baseline)' : `+${mib(report.maxRssKiB - idle(report.provider))}`,
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
  const bytes = objectBytes();
  const workDir = await mkdtemp(join(tmpdir(), 'whiskey-storage-bench-'));
  cleanup.add(`remove ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  const s3rverDir = await mkdtemp(join(workDir, 's3rver-'));
  const localDir = await mkdtemp(join(workDir, 'local-'));
  const s3rver = await startS3rver(s3rverDir);
  cleanup.add('stop s3rver', () => s3rver.stop());
  const settings: Record<Provider, StorageProviderSettings> = {
    local: { type: 'local', root: localDir },
    s3: {
      type: 's3',
      endpoint: `http://127.0.0.1:${s3rver.port}`,
      region: 'us-east-1',
      bucket: S3_BUCKET,
      forcePathStyle: true,
      ...S3_CREDENTIALS,
    },
  };
  say(
    `streaming ${bytes / MiB} MiB through each provider (node ${process.version}, s3rver pid ${s3rver.pid})`,
  );
  const reports: WorkerReport[] = [];
  for (const provider of PROVIDERS) {
    for (const mode of ['idle', 'stream'] as const) {
      const report = await runScenario({ provider, mode, settings: settings[provider], bytes });
      reports.push(report);
      say(`  ${provider} ${mode}: peak RSS ${(report.maxRssKiB / 1024).toFixed(1)} MiB`);
    }
  }
  say(`\n${table(reports)}\n`);
  say(
    `s3rver's own peak RSS (separate process, not in the table): ${((await peakRssKiB(s3rver.pid)) / 1024).toFixed(1)} MiB`,
  );
  say('peak RSS = the process’s high-water mark (getrusage maxrss); over idle = stream peak − idle peak.');
}

if (process.argv.includes(WORKER_FLAG)) {
  const task = JSON.parse(process.env.BENCH_STORAGE_TASK ?? '{}') as WorkerTask;
  say(JSON.stringify(await runWorker(task)));
} else {
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
}
