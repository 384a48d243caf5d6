import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, finish, redFrom, row, timeSeries } from '../panels.js';

/** Node.js runtime of each process: event loop, memory, GC, CPU and database connections. */
export function runtimeDashboard(): Dashboard {
  return finish(
    dashboard(
      'whiskey-runtime',
      'Whiskey Tracker / Runtime',
      'Per process (api and worker): event-loop lag, heap, resident memory, garbage collection, CPU and the database connection pool.',
    )
      .withRow(row('Node.js'))
      .withPanel(
        timeSeries({
          title: 'Event-loop lag p99',
          description:
            '99th percentile delay of the event loop per process. Over 100 ms, requests queue behind blocking work (a large export, a slow synchronous call).',
          unit: 's',
          min: 0,
          thresholds: redFrom(0.1),
          queries: [{ expr: 'whiskey_nodejs_eventloop_lag_p99_seconds', legend: '{{instance}}' }],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'CPU',
          description: 'CPU time used per second of wall time, per process (1 = one core fully busy).',
          unit: 'percentunit',
          min: 0,
          queries: [
            { expr: 'rate(whiskey_process_cpu_seconds_total[$__rate_interval])', legend: '{{instance}}' },
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Heap',
          description:
            'V8 heap used and allocated per process. Used heap that keeps growing across GCs is a leak.',
          unit: 'bytes',
          min: 0,
          queries: [
            { expr: 'whiskey_nodejs_heap_size_used_bytes', legend: 'used {{instance}}' },
            { expr: 'whiskey_nodejs_heap_size_total_bytes', legend: 'allocated {{instance}}' },
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Resident memory (RSS)',
          description:
            'Memory the operating system holds for each process, heap and native buffers included (sharp, streams). Compare with the container or Raspberry Pi memory limit.',
          unit: 'bytes',
          min: 0,
          queries: [{ expr: 'whiskey_process_resident_memory_bytes', legend: '{{instance}}' }],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Time in garbage collection',
          description: 'Share of wall time spent in garbage collection per process, by GC kind.',
          unit: 'percentunit',
          min: 0,
          queries: [
            {
              expr: 'sum by (instance, kind) (rate(whiskey_nodejs_gc_duration_seconds_sum[$__rate_interval]))',
              legend: '{{kind}} {{instance}}',
            },
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Database pool',
          description:
            'PostgreSQL connections of each process by state: used, free (open and idle) and pending (requests waiting for a connection). Pending above zero means the pool is too small or queries are slow.',
          unit: 'short',
          min: 0,
          queries: [
            {
              expr: 'sum by (instance, state) (whiskey_db_pool_connections)',
              legend: '{{state}} {{instance}}',
            },
          ],
        }),
      ),
  );
}
