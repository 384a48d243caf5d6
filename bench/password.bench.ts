/**
 * `npm run bench:password`: the latency of one password hash and one verification with the application's
 * argon2id parameters, against node:crypto scrypt at OWASP's minimum cost as the in-run baseline. Every
 * operation runs alone (one at a time, interleaved round by round so that a change in machine load hits
 * all of them alike). Prints a table, the ratios and a PASS/FAIL line against the goal; writes
 * bench/results/password-<time>.json. It is a report: the exit code is 0 unless the bench itself fails.
 *
 * Environment: BENCH_PASSWORD_SAMPLES (measured rounds, default 20, at least 15), BENCH_PASSWORD_WARMUP
 * (unmeasured rounds first, default 3).
 */
import { randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ARGON2_PARAMS, PasswordHasher } from '../src/users/auth/password-hasher.js';
import { median } from './support/load.js';
import { git, positiveInteger, ROOT, say, warn } from './support/cli.js';

/** The goal: a login or sign-up spends at most this long hashing (median of the measured rounds). */
const HASH_GOAL_MS = 150;
const MIN_SAMPLES = 15;

/** OWASP Password Storage Cheat Sheet's minimum scrypt cost; maxmem must exceed 128 · N · r = 128 MiB. */
const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } as const satisfies ScryptOptions;
const SCRYPT_KEY_LENGTH = 32;

const settings = {
  samples: positiveInteger('BENCH_PASSWORD_SAMPLES', 20, MIN_SAMPLES),
  warmups: positiveInteger('BENCH_PASSWORD_WARMUP', 3, 0),
};

function scryptHash(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT_KEY_LENGTH, SCRYPT_PARAMS, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** One measured operation and its durations in milliseconds. */
interface Operation {
  name: string;
  run: () => Promise<unknown>;
  samplesMs: number[];
}

/** The summary of one operation's measured rounds. */
interface OperationResult {
  name: string;
  samplesMs: number[];
  medianMs: number;
  /** Nearest-rank 95th percentile. */
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  const value = sorted[rank - 1];
  if (value === undefined) throw new Error('percentile of no values');
  return value;
}

function summarise(operation: Operation): OperationResult {
  const samples = operation.samplesMs;
  return {
    name: operation.name,
    samplesMs: samples.map((sample) => Math.round(sample * 1000) / 1000),
    medianMs: median(samples),
    p95Ms: percentile(samples, 0.95),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (row: string[]): string =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  const [header, ...body] = rows;
  if (!header) return '';
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

async function writeReport(directory: string, startedAt: Date, report: unknown): Promise<string> {
  await mkdir(directory, { recursive: true });
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  const path = join(directory, `password-${stamp}.json`);
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

async function run(): Promise<void> {
  const startedAt = new Date();
  const hasher = new PasswordHasher();
  // Random per run: the cost of argon2 and scrypt does not depend on the password, and nothing is kept.
  const password = randomBytes(12).toString('base64url');
  const storedHash = await hasher.hash(password);

  const operations: Operation[] = [
    { name: 'argon2id hash', run: () => hasher.hash(password), samplesMs: [] },
    { name: 'argon2id verify', run: () => hasher.verify(storedHash, password), samplesMs: [] },
    { name: 'argon2id verifyDummy', run: () => hasher.verifyDummy(password), samplesMs: [] },
    { name: 'scrypt hash (baseline)', run: () => scryptHash(password, randomBytes(16)), samplesMs: [] },
  ];

  const { samples, warmups } = settings;
  say(
    `argon2id m=${ARGON2_PARAMS.memoryCost} KiB t=${ARGON2_PARAMS.timeCost} p=${ARGON2_PARAMS.parallelism}; ` +
      `scrypt N=2^${Math.log2(SCRYPT_PARAMS.N)} r=${SCRYPT_PARAMS.r} p=${SCRYPT_PARAMS.p}; ` +
      `${warmups} warm-up + ${samples} measured rounds, one operation at a time`,
  );
  for (let round = 1; round <= warmups + samples; round++) {
    for (const operation of operations) {
      const start = performance.now();
      await operation.run();
      const elapsed = performance.now() - start;
      if (round > warmups) operation.samplesMs.push(elapsed);
    }
  }

  const results = operations.map(summarise);
  const byName = (name: string): OperationResult => {
    const result = results.find((candidate) => candidate.name === name);
    if (!result) throw new Error(`no result for ${name}`);
    return result;
  };
  const argon2Hash = byName('argon2id hash');
  const argon2Verify = byName('argon2id verify');
  const dummy = byName('argon2id verifyDummy');
  const baseline = byName('scrypt hash (baseline)');
  const ratios = {
    argon2HashToScrypt: argon2Hash.medianMs / baseline.medianMs,
    verifyDummyToVerify: dummy.medianMs / argon2Verify.medianMs,
  };
  const passed = argon2Hash.medianMs <= HASH_GOAL_MS;

  const rows = [['operation', 'median ms', 'p95 ms', 'min ms', 'max ms']];
  for (const result of results) {
    rows.push([
      result.name,
      result.medianMs.toFixed(1),
      result.p95Ms.toFixed(1),
      result.minMs.toFixed(1),
      result.maxMs.toFixed(1),
    ]);
  }
  say(`\n${table(rows)}\n`);
  say(
    `argon2id hash / scrypt hash (medians): ${ratios.argon2HashToScrypt.toPrecision(2)} ` +
      `(scrypt takes ${(1 / ratios.argon2HashToScrypt).toFixed(1)}× as long)`,
  );
  say(`argon2id verifyDummy / verify (medians): ${ratios.verifyDummyToVerify.toFixed(2)}`);
  say(
    `${passed ? 'PASS' : 'FAIL'}: argon2id hash median ${argon2Hash.medianMs.toFixed(1)} ms ` +
      `${passed ? '≤' : '>'} goal ${HASH_GOAL_MS} ms (p95 ${argon2Hash.p95Ms.toFixed(1)} ms)\n`,
  );

  const path = await writeReport(join(ROOT, 'bench', 'results'), startedAt, {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: git('rev-parse', 'HEAD'),
    uncommittedChanges: (git('status', '--porcelain') ?? '') !== '',
    node: process.versions.node,
    cpus: { count: cpus().length, model: cpus()[0]?.model },
    loadAverageAtStart: loadavg(),
    settings: { samples, warmups },
    parameters: { argon2id: ARGON2_PARAMS, scrypt: { ...SCRYPT_PARAMS, keyLength: SCRYPT_KEY_LENGTH } },
    results,
    ratios,
    goal: { operation: argon2Hash.name, statistic: 'median', limitMs: HASH_GOAL_MS, passed },
  });
  say(`results written to ${path}`);
}

try {
  await run();
} catch (error) {
  warn(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
