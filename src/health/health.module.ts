import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { DependencyIndicators } from './health.indicators.js';
import { ReadinessMetricsCollector } from './readiness-metrics.collector.js';

/** `/health/live` and `/health/ready`, and the readiness of the dependencies as a metric. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DependencyIndicators, ReadinessMetricsCollector],
})
export class HealthModule {}
