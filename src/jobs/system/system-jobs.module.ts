import { Module, type DynamicModule } from '@nestjs/common';
import { SystemProcessor } from './system.processor.js';
import { SystemSchedule } from './system-schedule.service.js';

/** The `system` queue's schedule (registered by every process) and, in worker processes, its processor. */
@Module({})
export class SystemJobsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: SystemJobsModule,
      providers: options.worker ? [SystemSchedule, SystemProcessor] : [SystemSchedule],
    };
  }
}
