import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  BACKUP_MAX_AGE_SECONDS,
  dashboard,
  eventsWithin,
  finish,
  greenFrom,
  redFrom,
  row,
  stat,
  timeSeries,
} from '../panels.js';

/**
 * Age of the newest complete backup per policy. Every process reads it from the database at scrape
 * time, hence one series per policy through max().
 */
const BACKUP_AGE = 'time() - max by (policy) (whiskey_backup_last_success_timestamp_seconds)';
/** How old each policy's newest backup may get before the alert fires: its longest scheduled gap + 2 h. */
const BACKUP_ALLOWED_AGE = 'max by (policy) (whiskey_backup_schedule_interval_seconds) + 2 * 3600';

/** Backups: is there a recent good one per policy, how big and slow they are, do they verify. */
export function backupsDashboard(): Dashboard {
  return finish(
    dashboard(
      'whiskey-backups',
      'Whiskey Tracker / Backups',
      'Per backup policy: age of the newest good backup against its schedule, sizes, durations, verification results and storage errors.',
    )
      .withRow(row('Freshness'))
      .withPanel(
        timeSeries({
          title: 'Newest good backup age',
          description:
            "Time since the newest complete backup of each policy finished. Over 26 hours (red line) a daily policy missed its run; the alert allows each policy its own schedule's longest gap plus two hours.",
          unit: 's',
          width: 16,
          min: 0,
          thresholds: redFrom(BACKUP_MAX_AGE_SECONDS),
          queries: [{ expr: BACKUP_AGE, legend: '{{policy}}' }],
        }),
      )
      .withPanel(
        stat({
          title: 'Overdue policies',
          description:
            'Policies whose newest complete backup is older than their schedule allows (its longest gap between runs plus two hours), as the no-recent-backup alert sees them. Policies that never completed a backup do not appear in the age metric: check the Backups page for them.',
          unit: 'short',
          width: 8,
          height: 8,
          thresholds: redFrom(1),
          queries: [{ expr: `count(${BACKUP_AGE} > on (policy) (${BACKUP_ALLOWED_AGE})) or vector(0)` }],
        }),
      )
      .withPanel(
        stat({
          title: 'Backup success (1 day)',
          description:
            'Share of backup runs that finished in the last day and succeeded; the objective is 100 %.',
          unit: 'percentunit',
          width: 8,
          thresholds: greenFrom(1),
          queries: [{ expr: 'whiskey:slo_backup_success:ratio_rate1d' }],
        }),
      )
      .withPanel(
        stat({
          title: 'Size anomaly',
          description:
            'Per policy, 1 when the newest complete backup is more than 50 % smaller or larger than the median of the runs before it: an empty dump, missing photos or a mass deletion.',
          unit: 'short',
          width: 16,
          thresholds: redFrom(1),
          queries: [{ expr: 'max by (policy) (whiskey_backup_size_anomaly)', legend: '{{policy}}' }],
        }),
      )
      .withRow(row('Runs'))
      .withPanel(
        timeSeries({
          title: 'Backup size',
          description: 'Encrypted size of the newest complete backup of each policy, over time.',
          unit: 'bytes',
          min: 0,
          queries: [{ expr: 'max by (policy) (whiskey_backup_size_bytes)', legend: '{{policy}}' }],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Backup duration',
          description: 'Mean duration of the backup runs each policy finished in the preceding 24 hours.',
          unit: 's',
          min: 0,
          queries: [
            {
              expr: `${eventsWithin('whiskey_backup_duration_seconds_sum', ['policy'], '1d')} / ${eventsWithin('whiskey_backup_duration_seconds_count', ['policy'], '1d')}`,
              legend: '{{policy}}',
            },
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Backup runs',
          description:
            'Backup runs finished in the preceding 24 hours, by policy and result (succeeded, failed).',
          unit: 'short',
          min: 0,
          queries: [
            {
              expr: 'sum by (policy, result) (whiskey:backup_runs:increase1d)',
              legend: '{{policy}} {{result}}',
            },
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Verification results',
          description:
            'Backup verifications in the preceding 24 hours by level (quick: objects listed, full: every byte read back and the dump read by pg_restore, drill: restored into a scratch database) and result.',
          unit: 'short',
          min: 0,
          queries: [
            {
              expr: eventsWithin('whiskey_backup_verify_total', ['level', 'result'], '1d'),
              legend: '{{level}} {{result}}',
            },
          ],
        }),
      )
      .withRow(row('Storage targets'))
      .withPanel(
        timeSeries({
          title: 'Storage errors by provider type',
          description:
            'Storage operations that failed because of the back end (unreachable, refused, out of space) in the preceding 30 minutes, by provider type and operation; the storage alert fires above zero.',
          unit: 'short',
          min: 0,
          queries: [
            {
              expr: 'sum by (provider_type, op) (whiskey:storage_errors:increase30m)',
              legend: '{{provider_type}} {{op}}',
            },
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Storage operation p95',
          description:
            '95th percentile duration of storage operations by provider type and operation (get and list until fully read).',
          unit: 's',
          queries: [
            {
              expr: 'histogram_quantile(0.95, sum by (le, provider_type, op) (rate(whiskey_storage_operation_duration_seconds_bucket[$__rate_interval])))',
              legend: '{{provider_type}} {{op}}',
            },
          ],
        }),
      ),
  );
}
