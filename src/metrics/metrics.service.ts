import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
} from 'prom-client';

/** Prefix of every metric the application exposes. */
export const METRIC_PREFIX = 'whiskey_';

/**
 * The process's Prometheus registry and the metrics shared across modules. Feature modules add their
 * own metrics to {@link registry}; names follow `whiskey_<subsystem>_<name>_<unit>`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** Duration of HTTP requests by route template (never raw URLs: bounded cardinality). */
  readonly httpRequestDuration = new Histogram({
    name: 'whiskey_http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });

  /** Duration of queue jobs by queue, job name and outcome. */
  readonly jobDuration = new Histogram({
    name: 'whiskey_job_duration_seconds',
    help: 'Duration of queue jobs in seconds, by queue, job name and result (completed, failed, discarded).',
    labelNames: ['queue', 'job', 'result'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    // These three are gauges named like counters, which `promtool check metrics` rejects; the
    // per-type `whiskey_nodejs_active_{handles,requests,resources}` gauges carry the same data.
    for (const kind of ['handles', 'requests', 'resources']) {
      this.registry.removeSingleMetric(`${METRIC_PREFIX}nodejs_active_${kind}_total`);
    }
  }

  /** Creates a gauge in this registry whose value is computed by `collect` at scrape time. */
  gauge<L extends string>(configuration: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...configuration, registers: [this.registry] });
  }

  /** Creates a counter in this registry; with `collect`, its value is computed at scrape time. */
  counter<L extends string>(configuration: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...configuration, registers: [this.registry] });
  }

  /** The registry in Prometheus text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
