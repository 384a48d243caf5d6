import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

const DEFAULT_PORT = 6379;

/** A Redis to use when REDIS_URL is unset, and how to stop it if this process started it. */
export interface LocalRedis {
  readonly url: string;
  stop(): Promise<void>;
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.once('error', () => resolvePromise(false));
  });
}

async function waitUntilListening(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    if (await isListening(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/**
 * Uses a Redis already listening on 127.0.0.1:6379, or starts `redis-server` from PATH with its data
 * (append-only file) in `dataDir/redis`. Throws a message that says how to get Redis when neither works.
 */
export async function ensureLocalRedis(dataDir: string, log: (message: string) => void): Promise<LocalRedis> {
  const url = `redis://127.0.0.1:${DEFAULT_PORT}`;
  if (await isListening(DEFAULT_PORT)) return { url, stop: () => Promise.resolve() };

  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error(
      'Redis is required: set REDIS_URL, start Redis on 127.0.0.1:6379, or install redis-server ' +
        '(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis).',
    );
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  log(`Starting redis-server with its data in ${dir}`);
  const child = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(DEFAULT_PORT),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  await waitUntilListening(DEFAULT_PORT, child, 5000);
  return {
    url,
    stop: () =>
      new Promise<void>((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise();
        child.once('exit', () => resolvePromise());
        child.kill('SIGTERM');
      }),
  };
}
