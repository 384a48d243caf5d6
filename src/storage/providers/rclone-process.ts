import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { emptyStream } from '../storage-streams.js';

/** How much of rclone's error output is kept. */
const STDERR_LIMIT_CHARS = 8192;

/** Flags of every invocation: no prompt, one attempt (the caller retries), bounded waits, errors only. */
const COMMON_FLAGS = [
  '--ask-password=false',
  '--retries=1',
  '--contimeout=15s',
  '--timeout=5m',
  '--log-level=ERROR',
];

/** rclone exited unsuccessfully; the message is the last line of its error output. */
export class RcloneCommandError extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    const lines = stderr
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    // `2026/01/02 03:04:05 ERROR : …`: the timestamp says nothing.
    const last = (lines.at(-1) ?? `exit code ${exitCode}`).replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, '');
    super(last);
    this.name = 'RcloneCommandError';
  }
}

/** Waits for the process to end; rejects with an {@link RcloneCommandError} unless it exits 0. */
async function outcome(child: ChildProcessWithoutNullStreams): Promise<void> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_LIMIT_CHARS);
  });
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new RcloneCommandError(code, stderr);
}

/**
 * Runs the rclone command line with a config the administrator pasted. The config is written,
 * readable by this user only (0600), to a private temporary folder (0700) created on first use
 * and removed by {@link close}; that folder is also rclone's HOME, so no other rclone config or
 * cache of this machine is read. rclone gets no other environment: none of this process's secrets.
 */
export class RcloneRunner {
  private folder: Promise<string> | undefined;

  constructor(
    private readonly config: string,
    private readonly binary = 'rclone',
  ) {}

  /** Runs a command to completion and returns what it printed. */
  async run(args: string[], input?: Readable): Promise<string> {
    const child = await this.start(args, input !== undefined);
    const done = outcome(child);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const feeding = input
      ? pipeline(input, child.stdin).catch((error: unknown) => {
          // rclone must not store a truncated input as if it were complete.
          child.kill('SIGTERM');
          return error instanceof Error ? error : new Error(String(error));
        })
      : undefined;
    // rclone's own failure comes first: a failed input then only shows as a broken pipe.
    const [failure] = await Promise.all([feeding, done]);
    if (failure) throw failure;
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * Starts a command whose output is the content to read (`cat`). Resolves once the first bytes
   * arrive or the command ends, so that a missing object rejects here rather than in the stream;
   * the stream ends only after rclone exited successfully, and fails otherwise (a transfer cut
   * short must not look complete).
   */
  async open(args: string[]): Promise<Readable> {
    const child = await this.start(args);
    const done = outcome(child);
    // 'readable' (unlike 'data') consumes nothing: it fires when bytes are buffered or at the end.
    await Promise.race([once(child.stdout, 'readable'), done]);
    if (child.stdout.readableLength === 0) {
      await done;
      return emptyStream();
    }
    const relay = new PassThrough();
    child.stdout.pipe(relay, { end: false });
    done.then(
      () => relay.end(),
      (error: unknown) => relay.destroy(error as Error),
    );
    relay.once('close', () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    });
    return relay;
  }

  /** Runs a command and yields its output line by line (`lsjson -R`, which prints one entry a line). */
  async *lines(args: string[]): AsyncGenerator<string> {
    const child = await this.start(args);
    const done = outcome(child);
    try {
      for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) yield line;
      await done;
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      await done.catch(() => undefined);
    }
  }

  /** Removes the temporary folder with the config. */
  async close(): Promise<void> {
    const folder = this.folder;
    this.folder = undefined;
    if (folder) await rm(await folder, { recursive: true, force: true });
  }

  /** Starts rclone; its input is closed right away unless the caller feeds it. */
  private async start(args: string[], feedsInput = false): Promise<ChildProcessWithoutNullStreams> {
    this.folder ??= this.prepare();
    const folder = await this.folder;
    const child = spawn(this.binary, ['--config', join(folder, 'rclone.conf'), ...COMMON_FLAGS, ...args], {
      env: { HOME: folder },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    await once(child, 'spawn'); // rejects when the binary cannot be started
    if (!feedsInput) child.stdin.end();
    return child;
  }

  private async prepare(): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), 'whiskey-rclone-'));
    await writeFile(join(folder, 'rclone.conf'), this.config, { mode: 0o600 });
    return folder;
  }
}
