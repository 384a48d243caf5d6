import { getQueueToken } from '@nestjs/bull';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { MetricsService } from '../metrics/metrics.service.js';
import { QUEUES } from './queues.js';
import { withTimeout } from '../common/with-timeout.js';

const STATES = ['waiting', 'active', 'failed', 'delayed'] as const;
/** A scrape must not hang when Redis does; counts that take longer are left out of that scrape. */
const COUNT_TIMEOUT_MS = 500;

/** Exposes `whiskey_queue_jobs{queue,state}`: jobs waiting, active, failed and delayed per queue. */
@Injectable()
export class QueueMetricsCollector implements OnModuleInit {
  private queues: Queue[] = [];

  constructor(
    metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {
    const gauge = metrics.gauge({
      name: 'whiskey_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, failed, delayed), read from Redis at scrape time.',
      labelNames: ['queue', 'state'] as const,
      collect: async () => {
        gauge.reset();
        await Promise.all(
          this.queues.map(async (queue) => {
            const counts = await withTimeout(queue.getJobCounts(), COUNT_TIMEOUT_MS, 'job count').catch(
              () => undefined,
            );
            if (!counts) return;
            for (const state of STATES) gauge.set({ queue: queue.name, state }, counts[state]);
          }),
        );
      },
    });
  }

  onModuleInit(): void {
    this.queues = Object.values(QUEUES).map((name) =>
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
  }
}
