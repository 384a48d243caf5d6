import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** How much of a child's output is kept to explain a failure. */
const OUTPUT_LIMIT_CHARS = 64 * 1024;

/** Grace period between SIGTERM and SIGKILL. */
const KILL_AFTER_MS = 5000;

/** How a server under test is started. */
export interface ServerSpec {
  /** Short name used in messages (`app`, `baseline`). */
  name: string;
  /** Arguments after `process.execPath`. */
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** `http://host:port` the server listens on. */
  origin: string;
}

/** A tail of a stream's text, bounded so a chatty child cannot grow it without limit. */
class OutputTail {
  private text = '';

  append(chunk: Buffer): void {
    this.text = (this.text + chunk.toString('utf8')).slice(-OUTPUT_LIMIT_CHARS);
  }

  toString(): string {
    return this.text;
  }
}

/** A server under test running as a child process, with the tail of its output. */
export class ServerProcess {
  private readonly stdout = new OutputTail();
  private readonly stderr = new OutputTail();
  private exit: string | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly spec: ServerSpec,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.stdout.append(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.append(chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = signal ?? `code ${code}`;
        resolve();
      });
      child.once('error', (error) => {
        this.exit ??= `error: ${error.message}`;
        resolve();
      });
    });
  }

  /** Starts the server; it is not ready yet (see {@link waitUntilReady}). */
  static start(spec: ServerSpec): ServerProcess {
    const child = spawn(process.execPath, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServerProcess(spec, child);
  }

  /** The operating system's id of the process, for messages. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the process is still running. */
  get running(): boolean {
    return this.exit === undefined;
  }

  /** What the process wrote, for error messages: stderr first, where boot failures go. */
  output(): string {
    const parts = [
      `--- ${this.spec.name} stderr ---\n${this.stderr.toString() || '(empty)'}`,
      `--- ${this.spec.name} stdout ---\n${this.stdout.toString() || '(empty)'}`,
    ];
    if (this.exit) parts.unshift(`${this.spec.name} exited (${this.exit})`);
    return parts.join('\n');
  }

  /**
   * Polls `GET <path>` until it answers 200. Throws, with the process's output, when the process
   * exits or `timeoutMs` passes first.
   */
  async waitUntilReady(path: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (!this.running) break;
      try {
        const response = await fetch(`${this.spec.origin}${path}`, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) return;
        last = `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`;
      } catch (error) {
        const cause =
          error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        last = error instanceof Error ? `${error.message}${cause}` : String(error);
      }
      await sleep(200);
    }
    const why = this.running
      ? `not ready after ${timeoutMs} ms (last: ${last})`
      : 'exited before it was ready';
    throw new Error(`${this.spec.name} ${why}\n${this.output()}`);
  }

  /** Stops the process: SIGTERM, then SIGKILL if it is still running after a grace period. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), KILL_AFTER_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A TCP port that was free a moment ago on `host` (the OS picks it). */
export async function freePort(host: string): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Runs a command to completion with inherited output; rejects unless it exits 0. */
export async function runCommand(command: string, args: string[], cwd: string): Promise<void> {
  const child = spawn(command, args, { cwd, stdio: 'inherit' });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`);
}
