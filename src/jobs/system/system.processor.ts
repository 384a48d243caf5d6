import { Process, Processor } from '@nestjs/bull';
import { Inject } from '@nestjs/common';
import type { Job } from 'bull';
import type { Redis } from 'ioredis';
import { CollectionMetricsService } from '../../inventory/stats/collection-metrics.service.js';
import { REDIS } from '../../redis/redis.module.js';
import { JobRunner } from '../job-runner.service.js';
import { QUEUES } from '../queues.js';
import { HEARTBEAT_EVERY_MS, HEARTBEAT_KEY } from './heartbeat.js';

/** Consumes the `system` queue (worker processes only). */
@Processor(QUEUES.system)
export class SystemProcessor {
  constructor(
    private readonly runner: JobRunner,
    private readonly collection: CollectionMetricsService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Process('heartbeat')
  async heartbeat(job: Job<Record<string, never>>): Promise<void> {
    await this.runner.run(job, async () => {
      await this.redis.set(HEARTBEAT_KEY, String(Date.now()), 'PX', HEARTBEAT_EVERY_MS * 10);
    });
  }

  @Process('collection-metrics')
  async collectionMetrics(job: Job<Record<string, never>>): Promise<void> {
    await this.runner.run(job, async () => {
      await this.collection.refresh();
    });
  }
}
