import { BullModule, getQueueToken } from '@nestjs/bull';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { testRedisUrl } from '../../test/setup/test-app.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { QueueMetricsCollector } from './queue-metrics.collector.js';
import { QUEUES } from './queues.js';

describe('whiskey_queue_oldest_active_job_age_seconds', () => {
  let module: TestingModule;
  let metrics: MetricsService;

  beforeAll(async () => {
    // Queues of their own under a prefix no other test uses; no processor takes their jobs.
    module = await Test.createTestingModule({
      imports: [
        BullModule.forRoot({ url: testRedisUrl(), prefix: `queue-metrics-${randomUUID()}` }),
        BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
      ],
      providers: [MetricsService, QueueMetricsCollector],
    }).compile();
    await module.init();
    metrics = module.get(MetricsService);
  });
  afterAll(async () => {
    for (const name of Object.values(QUEUES))
      await module.get<Queue>(getQueueToken(name)).obliterate({ force: true });
    await module.close();
  });

  const age = async (queue: string) => {
    const text = await metrics.registry.getSingleMetricAsString(
      'whiskey_queue_oldest_active_job_age_seconds',
    );
    const line = text
      .split('\n')
      .find((candidate) =>
        candidate.startsWith(`whiskey_queue_oldest_active_job_age_seconds{queue="${queue}"} `),
      );
    return Number(line?.split(' ')[1]);
  };

  it('is 0 without active jobs and grows with the longest-running one', async () => {
    expect(await age(QUEUES.photos)).toBe(0);
    const photos = module.get<Queue>(getQueueToken(QUEUES.photos));
    await photos.add('gc', {});
    // Takes the job as a worker would (it becomes active), then does not finish it.
    await photos.getNextJob();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await age(QUEUES.photos)).toBeGreaterThanOrEqual(1.2);
    expect(await age(QUEUES.photos)).toBeLessThan(10);
    expect(await age(QUEUES.backups)).toBe(0);
  });
});
