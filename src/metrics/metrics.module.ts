import { Global, Module } from '@nestjs/common';
import { BuildInfoMetric } from './build-info.metric.js';
import { DatabasePoolCollector } from './database-pool.collector.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** The process's Prometheus registry, the `/metrics` endpoint, and the metrics of the process itself. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, BuildInfoMetric, DatabasePoolCollector],
  exports: [MetricsService],
})
export class MetricsModule {}
