import { getQueueToken } from '@nestjs/bull';
import Bull, { type Queue } from 'bull';
import { JobRunner } from '../../src/jobs/job-runner.service.js';
import { PermanentJobError } from '../../src/jobs/permanent-job.error.js';
import { DEFAULT_JOB_OPTIONS, QUEUES } from '../../src/jobs/queues.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { createTestApp, flushTestRedis, testRedisUrl, type TestApp } from '../setup/test-app.js';

const systemQueue = (t: TestApp) => t.app.get<Queue>(getQueueToken(QUEUES.system), { strict: false });

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('queue processors follow APP_ROLE', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  it('an api process leaves jobs waiting; a worker process of the same instance runs them', async () => {
    const api = await createTestApp({ APP_ROLE: 'api' });
    apps.push(api);
    const job = await systemQueue(api).add('heartbeat', {}, { jobId: 'manual-heartbeat' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await job.getState()).toBe('waiting');

    const worker = await createTestApp({ APP_ROLE: 'worker' }, { keepRedis: true });
    apps.push(worker);
    const state = await waitFor(async () => {
      const current = await systemQueue(worker).getJob('manual-heartbeat');
      return (await current?.getState()) === 'completed' ? 'completed' : undefined;
    });
    expect(state).toBe('completed');
  });

  it('repeatable jobs are registered again at start after Redis lost them, never twice', async () => {
    const first = await createTestApp();
    apps.push(first);
    expect((await systemQueue(first).getRepeatableJobs()).map((job) => job.name).sort()).toEqual([
      'collection-metrics',
      'heartbeat',
    ]);
    await first.close();
    apps.splice(0);

    await flushTestRedis();
    const [second, third] = await Promise.all([
      createTestApp({}, { keepRedis: true }),
      createTestApp({}, { keepRedis: true }),
    ]);
    apps.push(second, third);
    expect((await systemQueue(second).getRepeatableJobs()).map((job) => job.name).sort()).toEqual([
      'collection-metrics',
      'heartbeat',
    ]);
  });
});

describe('JobRunner', () => {
  let queue: Queue;
  beforeAll(async () => {
    await flushTestRedis();
    queue = new Bull('runner-test', testRedisUrl(), {
      prefix: 'whiskey-test',
      defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, backoff: { type: 'fixed', delay: 10 } },
    });
  });
  afterAll(async () => {
    await queue.close();
  });

  it('retries a failing job up to its attempts, but discards a permanent failure after one', async () => {
    const runner = new JobRunner(new MetricsService());
    void queue.process('transient', (job) =>
      runner.run(job, async () => {
        throw new Error('network hiccup');
      }),
    );
    void queue.process('permanent', (job) =>
      runner.run(job, async () => {
        throw new PermanentJobError('the bottle no longer exists');
      }),
    );
    const transient = await queue.add('transient', {});
    const permanent = await queue.add('permanent', {});
    await waitFor(async () => ((await permanent.getState()) === 'failed' ? true : undefined));
    await waitFor(async () => ((await transient.getState()) === 'failed' ? true : undefined));

    expect((await queue.getJob(permanent.id))?.attemptsMade).toBe(1);
    expect((await queue.getJob(transient.id))?.attemptsMade).toBe(DEFAULT_JOB_OPTIONS.attempts);
  });
});
