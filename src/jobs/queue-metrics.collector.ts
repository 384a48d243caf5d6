import { getQueueToken } from '@nestjs/bull';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { MetricsService } from '../metrics/metrics.service.js';
import { QUEUES } from './queues.js';
import { withTimeout } from '../common/with-timeout.js';

const STATES = ['waiting', 'active', 'failed', 'delayed'] as const;
/** A scrape must not hang when Redis does; reads that take longer are left out of that scrape. */
const READ_TIMEOUT_MS = 500;

/**
 * Exposes, read from Redis at scrape time, `whiskey_queue_jobs{queue,state}` (jobs waiting, active,
 * failed and delayed per queue) and `whiskey_queue_oldest_active_job_age_seconds{queue}` (how long the
 * longest-running active job has been running, 0 when none is active), which tells a job stuck active
 * from a queue that is merely busy.
 */
@Injectable()
export class QueueMetricsCollector implements OnModuleInit {
  private queues: Queue[] = [];

  constructor(
    metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {
    const jobs = metrics.gauge({
      name: 'whiskey_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, failed, delayed), read from Redis at scrape time.',
      labelNames: ['queue', 'state'] as const,
      collect: async () => {
        jobs.reset();
        await this.eachQueue(
          (queue) => queue.getJobCounts(),
          (queue, counts) => {
            for (const state of STATES) jobs.set({ queue: queue.name, state }, counts[state]);
          },
        );
      },
    });
    const oldestActive = metrics.gauge({
      name: 'whiskey_queue_oldest_active_job_age_seconds',
      help: 'Seconds since the longest-running active job of each queue started (0 when none is active).',
      labelNames: ['queue'] as const,
      collect: async () => {
        oldestActive.reset();
        const now = Date.now();
        await this.eachQueue(
          // Active jobs are at most the workers' concurrency, so reading them all is cheap.
          (queue) => queue.getActive(),
          (queue, active) => {
            // A job that finished between listing and loading comes back as null.
            const started = active.flatMap((job: Job | null) => (job?.processedOn ? [job.processedOn] : []));
            const age = started.length > 0 ? (now - Math.min(...started)) / 1000 : 0;
            oldestActive.set({ queue: queue.name }, Math.max(age, 0));
          },
        );
      },
    });
  }

  onModuleInit(): void {
    this.queues = Object.values(QUEUES).map((name) =>
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
  }

  /** Reads `read` of every queue at once and passes each result that arrived in time to `use`. */
  private async eachQueue<T>(read: (queue: Queue) => Promise<T>, use: (queue: Queue, value: T) => void) {
    await Promise.all(
      this.queues.map(async (queue) => {
        const value = await withTimeout(read(queue), READ_TIMEOUT_MS, `queue ${queue.name}`).catch(
          () => undefined,
        );
        if (value !== undefined) use(queue, value);
      }),
    );
  }
}
