import autocannon from 'autocannon';

/** How hard and how long one target is loaded. */
export interface LoadOptions {
  connections: number;
  /** Seconds of load before measuring, reported apart and not counted. */
  warmupSeconds: number;
  /** Seconds measured. */
  durationSeconds: number;
}

/** The measured part of one autocannon run against one URL. */
export interface LoadMeasurement {
  url: string;
  /** Mean of the one-second samples of completed requests. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP90Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  requests: number;
  /** Socket errors and timeouts. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses by HTTP status code. */
  statusCodes: Record<string, number>;
  durationSeconds: number;
}

/**
 * Loads `url` with autocannon (a warm-up, then the measured run) and summarises the measured run.
 * When `stop` is aborted, the measured run ends early, at its next one-second sample; such a run
 * cannot have a warm-up (autocannon cannot stop one), so `warmupSeconds` must then be 0.
 */
export async function measure(
  url: string,
  headers: Record<string, string>,
  options: LoadOptions,
  stop?: AbortSignal,
): Promise<LoadMeasurement> {
  if (stop && options.warmupSeconds > 0) throw new Error('a run that can be stopped early has no warm-up');
  const run = autocannon({
    url,
    headers,
    connections: options.connections,
    duration: options.durationSeconds,
    warmup:
      options.warmupSeconds > 0
        ? { connections: options.connections, duration: options.warmupSeconds }
        : undefined,
  });
  if (stop?.aborted) run.stop();
  stop?.addEventListener('abort', () => run.stop(), { once: true });
  const result = await run;
  return {
    url,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP90Ms: result.latency.p90,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([status, stats]) => [status, stats.count]),
    ),
    durationSeconds: result.duration,
  };
}

/** The median of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
