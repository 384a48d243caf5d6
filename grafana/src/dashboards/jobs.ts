import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, eventsWithin, finish, redFrom, row, stat, timeSeries } from '../panels.js';

/** Bull job states the queue gauge reports, with what each means to an operator. */
const STATES = [
  [
    'waiting',
    'Jobs queued and not yet picked up by a worker; a steady climb means the workers cannot keep up or none runs.',
  ],
  ['active', 'Jobs a worker is processing right now.'],
  [
    'failed',
    'Jobs that used up their retries or were discarded as permanent failures, kept for inspection on the job board.',
  ],
  ['delayed', 'Jobs waiting for their retry backoff or a scheduled time.'],
] as const;

/** A job active longer than this is probably stuck (the alert's threshold). */
const STUCK_AFTER_SECONDS = 30 * 60;

/** Queues and workers: backlog per state, durations and failures. */
export function jobsDashboard(): Dashboard {
  let builder = dashboard(
    'whiskey-jobs',
    'Whiskey Tracker / Jobs',
    'Bull queues (system, photos, backups): backlog per state, how long jobs take, which fail, and whether a worker is alive.',
  ).withRow(row('Queues'));
  for (const [state, description] of STATES) {
    builder = builder.withPanel(
      timeSeries({
        title: `Jobs ${state}`,
        description: `${description} Per queue, read from Redis at each scrape (every process reports the same counts).`,
        unit: 'short',
        width: 6,
        min: 0,
        queries: [{ expr: `max by (queue) (whiskey_queue_jobs{state="${state}"})`, legend: '{{queue}}' }],
      }),
    );
  }
  return finish(
    builder
      .withPanel(
        timeSeries({
          title: 'Oldest active job',
          description:
            'How long the longest-running active job of each queue has been running (0: none active). Over 30 minutes (red line) it is probably stuck; a backup may take up to 4 hours (a first run copies every photo).',
          unit: 's',
          width: 12,
          min: 0,
          thresholds: redFrom(STUCK_AFTER_SECONDS),
          queries: [
            { expr: 'max by (queue) (whiskey_queue_oldest_active_job_age_seconds)', legend: '{{queue}}' },
          ],
        }),
      )
      .withPanel(
        stat({
          title: 'Worker heartbeat age',
          description:
            'Time since a worker last ran the heartbeat job. It runs every minute, so more than a few minutes means no worker consumes the queues.',
          unit: 's',
          width: 12,
          height: 8,
          thresholds: redFrom(300),
          queries: [{ expr: 'time() - max(whiskey_worker_last_heartbeat_timestamp_seconds)' }],
        }),
      )
      .withRow(row('Processing'))
      .withPanel(
        timeSeries({
          title: 'Jobs finished',
          description: 'Jobs finished per second by queue and result (completed, failed attempt, discarded).',
          unit: 'ops',
          queries: [
            {
              expr: 'sum by (queue, result) (rate(whiskey_job_duration_seconds_count[$__rate_interval]))',
              legend: '{{queue}} {{result}}',
            },
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Job duration percentiles',
          description:
            'Median, 95th and 99th percentile of job duration per queue, over jobs of every result.',
          unit: 's',
          queries: [0.5, 0.95, 0.99].map((quantile) => ({
            expr: `histogram_quantile(${quantile}, sum by (le, queue) (rate(whiskey_job_duration_seconds_bucket[$__rate_interval])))`,
            legend: `p${Math.round(quantile * 100)} {{queue}}`,
          })),
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Failures by queue',
          description:
            'Failed attempts and discarded jobs per queue in the preceding hour. Failed attempts are retried; discarded jobs are permanent failures.',
          unit: 'short',
          width: 24,
          min: 0,
          queries: [
            {
              expr: eventsWithin(
                'whiskey_job_duration_seconds_count{result=~"failed|discarded"}',
                ['queue', 'result'],
                '1h',
              ),
              legend: '{{queue}} {{result}}',
            },
          ],
        }),
      ),
  );
}
