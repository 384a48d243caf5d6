import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../setup/app-process.js';

const READY_TIMEOUT_MS = 20_000;
const OUTPUT_LIMIT_CHARS = 16 * 1024;

/** A storage server started by a test, as a child process. */
export interface TestServer {
  port: number;
  /** Process id of the server. */
  pid: number;
  /** What the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function start(command: string, args: string[], cwd: string): { child: ChildProcess; output: () => string } {
  // The servers get a home of their own: nothing of this machine's configuration is read.
  const child = spawn(command, args, { cwd, env: { HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const append = (chunk: Buffer) => (text = (text + chunk.toString('utf8')).slice(-OUTPUT_LIMIT_CHARS));
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { child, output: () => text };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function canConnect(port: number): Promise<boolean> {
  const socket = connect({ host: '127.0.0.1', port });
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await canConnect(port)) return;
    await sleep(50);
  }
  await stop(child);
  throw new Error(`The server on port ${port} did not start:\n${output()}`);
}

/** The bucket s3rver creates at start. */
export const S3_BUCKET = 'whiskey';
/** The only credentials s3rver accepts. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** s3rver (the npm S3 server) on a random port, storing in `directory`, with {@link S3_BUCKET}. */
export async function startS3rver(directory: string): Promise<TestServer> {
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');
  // s3rver encrypts its continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
  const args = [
    '--openssl-legacy-provider',
    bin,
    '-d',
    directory,
    '-a',
    '127.0.0.1',
    '-p',
    '0',
    '--silent',
    '--configure-bucket',
    S3_BUCKET,
  ];
  const { child, output } = start(process.execPath, args, directory);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const port = /listening on [\d.]+:(\d+)/.exec(output())?.[1];
    if (port) return { port: Number(port), pid: child.pid ?? NaN, output, stop: () => stop(child) };
    await sleep(50);
  }
  await stop(child);
  throw new Error(`s3rver did not start:\n${output()}`);
}

/** Options of {@link startRcloneServe}. */
export interface RcloneServeOptions {
  user: string;
  pass: string;
  /** SFTP only: host key file (OpenSSH private key). */
  hostKey?: string;
  /** SFTP only: authorized_keys content, enabling public key login. */
  authorizedKeys?: string;
}

/** `rclone serve webdav|sftp` of `directory` on a random port; `home` holds its config and keys. */
export async function startRcloneServe(
  protocol: 'webdav' | 'sftp',
  directory: string,
  home: string,
  options: RcloneServeOptions,
): Promise<TestServer> {
  const port = await freePort();
  const config = join(home, 'rclone.conf');
  writeFileSync(config, '');
  const args = ['serve', protocol, directory, '--config', config, '--addr', `127.0.0.1:${port}`];
  args.push('--user', options.user, '--pass', options.pass);
  if (options.hostKey) {
    writeFileSync(join(home, 'host_key'), options.hostKey, { mode: 0o600 });
    args.push('--key', join(home, 'host_key'));
  }
  if (options.authorizedKeys) {
    writeFileSync(join(home, 'authorized_keys'), options.authorizedKeys);
    args.push('--authorized-keys', join(home, 'authorized_keys'));
  }
  const { child, output } = start('rclone', args, home);
  await waitForPort(port, child, output);
  return { port, pid: child.pid ?? NaN, output, stop: () => stop(child) };
}
