import { Module, type DynamicModule } from '@nestjs/common';
import { CollectionMetricsModule } from '../../inventory/stats/collection-metrics.module.js';
import { SystemProcessor } from './system.processor.js';
import { SystemSchedule } from './system-schedule.service.js';

/**
 * The `system` queue's schedule (registered by every process) and, in worker processes, its
 * processor; with the collection metrics, which the queue computes and every process exposes.
 */
@Module({})
export class SystemJobsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: SystemJobsModule,
      imports: [CollectionMetricsModule],
      providers: options.worker ? [SystemSchedule, SystemProcessor] : [SystemSchedule],
    };
  }
}
