import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A free TCP port on 127.0.0.1 (the kernel picks it; released before use). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The built application running as a child process, as `npm start` runs it. */
export interface AppProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Waits until GET /health/ready answers 200; rejects with the output after `timeoutMs`. */
  waitUntilReady(timeoutMs?: number): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `dist/src/<entry>.js` (built by `npm test`'s pretest) with the given environment, on a free
 * port, with nothing inherited but PATH and HOME, so each test states the configuration it relies on.
 */
export async function startAppProcess(
  env: Record<string, string>,
  entry: 'main' | 'worker' = 'main',
): Promise<AppProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, [`dist/src/${entry}.js`], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolvePromise) =>
    child.once('exit', (code) => resolvePromise(code)),
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    url,
    output: () => output,
    exited,
    async waitUntilReady(timeoutMs = 45_000) {
      const started = Date.now();
      while (Date.now() - started < timeoutMs) {
        if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${output}`);
        const status = await fetch(`${url}/health/ready`)
          .then((res) => res.status)
          .catch(() => 0);
        if (status === 200) return Date.now() - started;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`not ready within ${timeoutMs} ms:\n${output}`);
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
