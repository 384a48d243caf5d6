import { Module } from '@nestjs/common';
import { CollectionMetricsCollector } from './collection-metrics.collector.js';
import { CollectionMetricsService } from './collection-metrics.service.js';

/**
 * The collection totals of the instance as metrics: the service that computes and stores them (run by
 * the `system` queue's job) and the collector that exposes the stored snapshot on every process.
 */
@Module({
  providers: [CollectionMetricsService, CollectionMetricsCollector],
  exports: [CollectionMetricsService],
})
export class CollectionMetricsModule {}
