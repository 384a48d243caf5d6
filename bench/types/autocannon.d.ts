// autocannon ships no type declarations; this covers the part of its programmatic API the benchmarks use.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Options {
      url: string;
      method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
      headers?: Record<string, string>;
      body?: string | Buffer;
      /** Concurrent connections. */
      connections?: number;
      /** Seconds to run. */
      duration?: number;
      /** Seconds to wait for a response before counting a timeout. */
      timeout?: number;
      pipelining?: number;
      title?: string;
      /** A run before the measured one whose results are reported apart, under `warmup`. */
      warmup?: { connections?: number; duration?: number };
    }

    /** Statistics of one histogram: latencies in ms, requests and bytes per one-second sample. */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total?: number;
      p1: number;
      p2_5: number;
      p10: number;
      p25: number;
      p50: number;
      p75: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
      p99_99: number;
      p99_999: number;
    }

    interface Result {
      title?: string;
      url: string;
      connections: number;
      pipelining: number;
      /** Seconds the run lasted. */
      duration: number;
      samples: number;
      start: Date;
      finish: Date;
      /** Socket errors, timeouts included. */
      errors: number;
      timeouts: number;
      mismatches: number;
      /** Responses outside 2xx. */
      non2xx: number;
      resets: number;
      '1xx': number;
      '2xx': number;
      '3xx': number;
      '4xx': number;
      '5xx': number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram & { totalCount: number };
      requests: Histogram & { total: number; sent: number };
      throughput: Histogram & { total: number };
      warmup?: Result;
    }

    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;

  export = autocannon;
}
