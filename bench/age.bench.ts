/**
 * Throughput of our age v1 streams (src/backups/crypto) against the reference `age` CLI, in the same run:
 * - encrypt: pseudo-random data from a generator stream → our Transform → a discarding sink, versus the same
 *   generator piped into `age -r <recipient>` whose output goes to /dev/null;
 * - decrypt: a file we encrypted → our Transform → a discarding sink, versus `age -d -i <key> file` > /dev/null.
 * Each is run BENCH_AGE_SAMPLES times (default 3), interleaved; the median is reported in MB/s (10^6 bytes per
 * second of plaintext) with the ratio ours / age, and a PASS/FAIL line against the encryption goal. On Linux
 * the CPU time of each run (this process plus the `age` child) is reported too, as MB per CPU-second: on a shared
 * machine it moves far less than wall-clock time. Peak RSS of this process shows that memory stays flat. Writes bench/results/age-<time>.json. The exit code is 0 unless the
 * bench itself fails.
 *
 * Run: npm exec -- node --import @swc-node/register/esm-register bench/age.bench.ts
 *
 * Environment: BENCH_AGE_MIB (plaintext size, default 512), BENCH_AGE_SAMPLES (default 3), BENCH_AGE_WRITE_KIB
 * (size of the generator's chunks, default 64; zstd's output comes in 16 KiB chunks), BENCH_AGE_PACKAGE
 * (optional: directory of an installed `age-encryption` npm package, measured on BENCH_AGE_PACKAGE_MIB, default
 * 64, through its web-stream API).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import {
  createAgeDecryptStream,
  createAgeEncryptStream,
  generateAgeIdentity,
} from '../src/backups/crypto/age.js';
import { median } from './support/load.js';
import { table } from './support/report.js';
import { git, positiveInteger, ROOT, say } from './support/cli.js';

const AGE = 'age';
const MiB = 1024 * 1024;
/** Encryption goal for multi-GB backups: the age stage must not be the bottleneck after pg_dump and zstd. */
const ENCRYPT_GOAL_MBPS = 300;
/** Distinct random bytes the generator cycles through: more than any CPU cache holds, cheap to make. */
const POOL_BYTES = 16 * MiB;

const settings = {
  bytes: positiveInteger('BENCH_AGE_MIB', 512) * MiB,
  samples: positiveInteger('BENCH_AGE_SAMPLES', 3),
  writeBytes: positiveInteger('BENCH_AGE_WRITE_KIB', 64) * 1024,
  packageDir: process.env.BENCH_AGE_PACKAGE || undefined,
  packageBytes: positiveInteger('BENCH_AGE_PACKAGE_MIB', 64) * MiB,
};

const pool = randomBytes(POOL_BYTES);

/** `total` bytes in `writeBytes` pieces, as views of the pool (no copying, so the generator costs ~nothing). */
function* plaintext(total: number, writeBytes: number): Generator<Buffer> {
  let offset = 0;
  for (let sent = 0; sent < total;) {
    const size = Math.min(writeBytes, total - sent, POOL_BYTES - offset);
    yield pool.subarray(offset, offset + size);
    sent += size;
    offset = (offset + size) % POOL_BYTES;
  }
}

/** A sink that drops everything and counts it. */
function discard(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.bytes += chunk.length;
      callback();
    },
    writev(chunks, callback) {
      for (const { chunk } of chunks) sink.bytes += (chunk as Buffer).length;
      callback();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/** Runs `age` with stdout to /dev/null, optionally feeding `input` to its stdin; resolves when it exits 0. */
async function runAge(args: string[], input?: Readable): Promise<void> {
  const child = spawn(AGE, args, { stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const feeding = input && child.stdin ? pipeline(input, child.stdin) : Promise.resolve();
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  await feeding;
  if (status !== 0) throw new Error(`age ${args.join(' ')} exited ${status}: ${stderr.trim()}`);
}

/** The subset of the age-encryption package's API this bench uses. */
interface AgeEncryptionPackage {
  Encrypter: new () => {
    addRecipient(recipient: string): void;
    encrypt(file: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>>;
  };
}

/** Wall-clock and CPU seconds of one run. */
interface Sample {
  seconds: number;
  /** This process's CPU time plus that of the children it waited for (the `age` CLI); undefined off Linux. */
  cpuSeconds: number | undefined;
}

interface Measurement {
  name: string;
  bytes: number;
  samples: Sample[];
  medianSeconds: number;
  /** Plaintext MB (10^6 bytes) per second, at the median duration. */
  megabytesPerSecond: number;
  /** Plaintext MB per CPU-second, at the median CPU time. */
  megabytesPerCpuSecond: number | undefined;
}

function measurement(name: string, bytes: number, samples: Sample[]): Measurement {
  const medianSeconds = median(samples.map((sample) => sample.seconds));
  const cpu = samples.map((sample) => sample.cpuSeconds).filter((value) => value !== undefined);
  return {
    name,
    bytes,
    samples,
    medianSeconds,
    megabytesPerSecond: bytes / medianSeconds / 1e6,
    megabytesPerCpuSecond: cpu.length === samples.length ? bytes / median(cpu) / 1e6 : undefined,
  };
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU seconds of this process and of its waited-for children (cutime + cstime from /proc/self/stat). */
function cpuSeconds(): number | undefined {
  try {
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
    const fields = readFileSync('/proc/self/stat', 'latin1').split(') ')[1].split(' ');
    const children = (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
    const own = process.cpuUsage();
    return (own.user + own.system) / 1e6 + children;
  } catch {
    return undefined;
  }
}

async function timed(run: () => Promise<unknown>): Promise<Sample> {
  const cpuStart = cpuSeconds();
  const start = performance.now();
  await run();
  const seconds = (performance.now() - start) / 1000;
  const cpuEnd = cpuSeconds();
  return {
    seconds,
    cpuSeconds: cpuStart === undefined || cpuEnd === undefined ? undefined : cpuEnd - cpuStart,
  };
}

async function run(): Promise<void> {
  const startedAt = new Date();
  const version = spawnSync(AGE, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error('the age CLI is not on PATH (Debian package `age`)');
  const identity = generateAgeIdentity();
  const scratch = await mkdtemp(join(tmpdir(), 'age-bench-'));
  const keyFile = join(scratch, 'key.txt');
  const encryptedFile = join(scratch, 'payload.age');
  await writeFile(keyFile, `${identity.secretKey}\n`);

  try {
    const { bytes, samples, writeBytes } = settings;
    say(
      `age ${version.stdout.trim()} vs our streams: ${bytes / MiB} MiB, ${writeBytes / 1024} KiB writes, ` +
        `${samples} rounds, median reported; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}`,
    );
    await pipeline(
      Readable.from(plaintext(bytes, writeBytes)),
      createAgeEncryptStream({ recipients: [identity.recipient] }),
      createWriteStream(encryptedFile),
    );

    const seconds: Record<'ourEncrypt' | 'ageEncrypt' | 'ourDecrypt' | 'ageDecrypt', Sample[]> = {
      ourEncrypt: [],
      ageEncrypt: [],
      ourDecrypt: [],
      ageDecrypt: [],
    };
    for (let round = 1; round <= samples; round++) {
      seconds.ourEncrypt.push(
        await timed(async () => {
          const sink = discard();
          await pipeline(
            Readable.from(plaintext(bytes, writeBytes)),
            createAgeEncryptStream({ recipients: [identity.recipient] }),
            sink,
          );
          if (sink.bytes <= bytes) throw new Error(`our encryption wrote only ${sink.bytes} bytes`);
        }),
      );
      seconds.ageEncrypt.push(
        await timed(() => runAge(['-r', identity.recipient], Readable.from(plaintext(bytes, writeBytes)))),
      );
      seconds.ourDecrypt.push(
        await timed(async () => {
          const sink = discard();
          await pipeline(
            // 1 MiB reads, as a restore should use: fs's default 64 KiB reads cost more CPU than the decryption.
            createReadStream(encryptedFile, { highWaterMark: MiB }),
            createAgeDecryptStream({ identities: [identity.secretKey] }),
            sink,
          );
          if (sink.bytes !== bytes) throw new Error(`our decryption wrote ${sink.bytes} bytes, not ${bytes}`);
        }),
      );
      seconds.ageDecrypt.push(await timed(() => runAge(['-d', '-i', keyFile, encryptedFile])));
      say(`round ${round}/${samples} done`);
    }
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;

    const results = [
      measurement('encrypt: our stream', bytes, seconds.ourEncrypt),
      measurement('encrypt: age CLI (pipe)', bytes, seconds.ageEncrypt),
      measurement('decrypt: our stream', bytes, seconds.ourDecrypt),
      measurement('decrypt: age CLI (file)', bytes, seconds.ageDecrypt),
    ];
    if (settings.packageDir) results.push(await measurePackage(settings.packageDir, identity.recipient));

    const rows = [['operation', 'MiB', 'median s', 'MB/s', 'MB/CPU-s', 'samples s']];
    for (const result of results) {
      rows.push([
        result.name,
        String(result.bytes / MiB),
        result.medianSeconds.toFixed(2),
        result.megabytesPerSecond.toFixed(0),
        result.megabytesPerCpuSecond?.toFixed(0) ?? '-',
        result.samples.map((sample) => sample.seconds.toFixed(2)).join(' '),
      ]);
    }
    say(`\n${table(rows)}\n`);
    const [ourEncrypt, ageEncrypt, ourDecrypt, ageDecrypt] = results;
    const perCpu = (ours: Measurement, theirs: Measurement) =>
      ours.megabytesPerCpuSecond && theirs.megabytesPerCpuSecond
        ? ours.megabytesPerCpuSecond / theirs.megabytesPerCpuSecond
        : undefined;
    const ratios = {
      encryptOursToAge: ourEncrypt.megabytesPerSecond / ageEncrypt.megabytesPerSecond,
      decryptOursToAge: ourDecrypt.megabytesPerSecond / ageDecrypt.megabytesPerSecond,
      encryptPerCpuOursToAge: perCpu(ourEncrypt, ageEncrypt),
      decryptPerCpuOursToAge: perCpu(ourDecrypt, ageDecrypt),
    };
    const ratio = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(2)}×`);
    say(
      `throughput ours / age CLI: encrypt ${ratio(ratios.encryptOursToAge)} ` +
        `(per CPU-second ${ratio(ratios.encryptPerCpuOursToAge)}), decrypt ${ratio(ratios.decryptOursToAge)} ` +
        `(per CPU-second ${ratio(ratios.decryptPerCpuOursToAge)})`,
    );
    say(
      `peak RSS of this process: ${peakRssMiB.toFixed(0)} MiB (includes the ${POOL_BYTES / MiB} MiB random pool)`,
    );
    const passed = ourEncrypt.megabytesPerSecond >= ENCRYPT_GOAL_MBPS;
    say(
      `${passed ? 'PASS' : 'FAIL'}: our encryption ${ourEncrypt.megabytesPerSecond.toFixed(0)} MB/s ` +
        `${passed ? '≥' : '<'} goal ${ENCRYPT_GOAL_MBPS} MB/s\n`,
    );

    const directory = join(ROOT, 'bench', 'results');
    await mkdir(directory, { recursive: true });
    const stamp = startedAt
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replaceAll(':', '-');
    const path = join(directory, `age-${stamp}.json`);
    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      commit: git('rev-parse', 'HEAD'),
      node: process.versions.node,
      age: version.stdout.trim(),
      cpus: { count: cpus().length, model: cpus()[0]?.model },
      loadAverageAtStart: loadavg(),
      settings: { ...settings, packageDir: settings.packageDir ?? null },
      results,
      ratios,
      peakRssMiB,
      goal: { encryptMegabytesPerSecond: ENCRYPT_GOAL_MBPS, passed },
    };
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    say(`report: ${path}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The `age-encryption` npm package (pure JS on @noble), encrypting a web ReadableStream to a discarding sink. */
async function measurePackage(directory: string, recipient: string): Promise<Measurement> {
  const entry = pathToFileURL(join(directory, 'dist', 'index.js')).href;
  const { Encrypter } = (await import(entry)) as AgeEncryptionPackage;
  const bytes = settings.packageBytes;
  const samples: Sample[] = [];
  for (let round = 1; round <= settings.samples; round++) {
    samples.push(
      await timed(async () => {
        const encrypter = new Encrypter();
        encrypter.addRecipient(recipient);
        const input = Readable.toWeb(
          Readable.from(plaintext(bytes, settings.writeBytes)),
        ) as ReadableStream<Uint8Array>;
        const sink = discard();
        await pipeline(Readable.fromWeb(await encrypter.encrypt(input)), sink);
        if (sink.bytes <= bytes) throw new Error(`age-encryption wrote only ${sink.bytes} bytes`);
      }),
    );
  }
  return measurement('encrypt: age-encryption npm', bytes, samples);
}

run().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
