import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { MetricsService } from '../metrics/metrics.service.js';
import { PermanentJobError } from './permanent-job.error.js';

/**
 * Runs a job's handler with the concerns every processor shares: duration metrics, logging, and
 * discarding jobs that failed permanently so Bull does not retry them.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);

  constructor(private readonly metrics: MetricsService) {}

  async run<T>(job: Job, handler: () => Promise<T>): Promise<T> {
    const stopTimer = this.metrics.jobDuration.startTimer({ queue: job.queue.name, job: job.name });
    try {
      const result = await handler();
      stopTimer({ result: 'completed' });
      return result;
    } catch (error) {
      const permanent = error instanceof PermanentJobError;
      stopTimer({ result: permanent ? 'discarded' : 'failed' });
      if (permanent) await job.discard();
      this.logger.warn(
        { err: error, queue: job.queue.name, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 },
        permanent ? 'Job failed permanently; discarded' : 'Job failed; it will be retried if attempts remain',
      );
      throw error;
    }
  }
}
