import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { REDIS } from '../../redis/redis.module.js';
import { QUEUES, type TypedQueue } from '../queues.js';
import { HEARTBEAT_EVERY_MS, HEARTBEAT_KEY } from './heartbeat.js';

/** How often the collection metrics are recomputed. */
export const COLLECTION_METRICS_EVERY_MS = 5 * 60_000;

/**
 * Registers the system queue's repeatable jobs (the heartbeat, the collection metrics) at every start
 * (Redis may have lost them; Bull keys repeatable jobs by name and interval, so registering again
 * never duplicates them), and exposes the last heartbeat as
 * `whiskey_worker_last_heartbeat_timestamp_seconds`.
 */
@Injectable()
export class SystemSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.system) private readonly queue: TypedQueue<'system'>,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    const gauge = metrics.gauge({
      name: 'whiskey_worker_last_heartbeat_timestamp_seconds',
      help: 'Unix time at which a worker last processed a heartbeat job (absent when none was recorded).',
      collect: async () => {
        gauge.reset();
        const value = await this.redis.get(HEARTBEAT_KEY).catch(() => null);
        if (value) gauge.set(Number(value) / 1000);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      'heartbeat',
      {},
      { repeat: { every: HEARTBEAT_EVERY_MS }, jobId: 'heartbeat', attempts: 1 },
    );
    await this.queue.add(
      'collection-metrics',
      {},
      { repeat: { every: COLLECTION_METRICS_EVERY_MS }, jobId: 'collection-metrics', attempts: 1 },
    );
    // A repeatable job first fires at the next multiple of its interval: compute the metrics now, so
    // a fresh instance (or a Redis that lost the snapshot) does not wait up to 5 minutes for them.
    if (this.config.runsWorker) await this.queue.add('collection-metrics', {});
  }
}
