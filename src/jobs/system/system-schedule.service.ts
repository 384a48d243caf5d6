import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { MetricsService } from '../../metrics/metrics.service.js';
import { REDIS } from '../../redis/redis.module.js';
import { QUEUES, type TypedQueue } from '../queues.js';
import { HEARTBEAT_EVERY_MS, HEARTBEAT_KEY } from './heartbeat.js';

/**
 * Registers the system queue's repeatable jobs at every start (Redis may have lost them;
 * Bull keys repeatable jobs by name and interval, so registering again never duplicates them), and
 * exposes the last heartbeat as `whiskey_worker_last_heartbeat_timestamp_seconds`.
 */
@Injectable()
export class SystemSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.system) private readonly queue: TypedQueue<'system'>,
    @Inject(REDIS) private readonly redis: Redis,
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
  }
}
