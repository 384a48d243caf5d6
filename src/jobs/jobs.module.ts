import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { JobRunner } from './job-runner.service.js';
import { QueueMetricsCollector } from './queue-metrics.collector.js';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queues.js';
import { QueueStartup } from './queue-startup.js';

const queueRegistrations = BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name })));

/**
 * Connects Bull to Redis and registers every queue, so any module can produce jobs. Processors are
 * declared by the feature modules only in processes whose APP_ROLE includes the worker.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        url: config.redisUrl,
        prefix: 'whiskey',
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    queueRegistrations,
  ],
  providers: [JobRunner, QueueMetricsCollector, QueueStartup],
  exports: [queueRegistrations, JobRunner],
})
export class JobsModule {}
