import { Injectable } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service.js';
import { DependencyIndicators, READINESS_CHECKS } from './health.indicators.js';

/**
 * A probe younger than this is reused at scrape: an orchestrator probing /health/ready every few
 * seconds then costs the scrape nothing, and without one the scrape probes by itself.
 */
export const READINESS_REUSE_MS = 15_000;

/**
 * Exposes `whiskey_readiness_status{check}`: 1 while the dependency answers the /health/ready probe
 * (PostgreSQL `select 1`, Redis PING, each within its 1 s timeout), 0 while it does not. Evaluated at
 * scrape, so Prometheus sees 0 as long as this process is up and the dependency is not, whether or
 * not anything else probes /health/ready.
 */
@Injectable()
export class ReadinessMetricsCollector {
  constructor(metrics: MetricsService, dependencies: DependencyIndicators) {
    const gauge = metrics.gauge({
      name: 'whiskey_readiness_status',
      help: 'Whether a dependency passes the readiness probe of /health/ready (1) or fails it (0), by check (database, redis).',
      labelNames: ['check'] as const,
      collect: async () => {
        const results = await Promise.all(
          READINESS_CHECKS.map(
            async (check) => [check, await dependencies.isUp(check, READINESS_REUSE_MS)] as const,
          ),
        );
        for (const [check, up] of results) gauge.set({ check }, up ? 1 : 0);
      },
    });
  }
}
