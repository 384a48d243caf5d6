import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../setup/app-process.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/** A redis-server of the test's own, so stopping it disturbs nothing else. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`http://127.0.0.1:${port}`).then(
      () => true,
      (error: { cause?: { code?: string } }) => error.cause?.code !== 'ECONNREFUSED',
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not start');
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

const METRICS_TOKEN = 'redis-outage-metrics-token';

describe('readiness when Redis goes away', () => {
  let t: TestApp;
  let redis: ChildProcess;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'whiskey-redis-'));
    redis = await startRedis(port, dir);
    t = await createTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, METRICS_TOKEN }, { keepRedis: true });
  });
  afterAll(async () => {
    await t.close();
    await stopRedis(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  const ready = async () => (await t.app.inject({ method: 'GET', url: '/health/ready' })).statusCode;
  /** The readiness gauges of a scrape, which must still answer while Redis is away. */
  const readiness = async () => {
    const scrape = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(scrape.statusCode).toBe(200);
    return scrape.body.split('\n').filter((line) => line.startsWith('whiskey_readiness_status{'));
  };

  it('answers 503 naming Redis within 2 s, scrapes show it, and all recover by themselves when Redis is back', async () => {
    expect(await ready()).toBe(200);

    await stopRedis(redis);
    const stoppedAt = Date.now();
    let res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    while (res.statusCode !== 503 && Date.now() - stoppedAt < 5000) {
      res = await t.app.inject({ method: 'GET', url: '/health/ready' });
    }
    expect(res.statusCode).toBe(503);
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(res.json()).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
    expect(res.json()).toMatchObject({ info: { database: { status: 'up' } } });
    expect(await readiness()).toEqual([
      'whiskey_readiness_status{check="database"} 1',
      'whiskey_readiness_status{check="redis"} 0',
    ]);

    redis = await startRedis(port, dir);
    const restartedAt = Date.now();
    while ((await ready()) !== 200 && Date.now() - restartedAt < 10_000)
      await new Promise((r) => setTimeout(r, 100));
    expect(await ready()).toBe(200);
    expect(await readiness()).toEqual([
      'whiskey_readiness_status{check="database"} 1',
      'whiskey_readiness_status{check="redis"} 1',
    ]);
  });
});
