import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { withTimeout } from '../common/with-timeout.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { sharedRead } from '../metrics/shared-read.js';
import type { VerifyLevel } from './backup-run.entity.js';
import { longestIntervalSeconds } from './policy/schedule.js';

/** A scrape must not hang when the database does; a slow query leaves the gauges empty for that scrape. */
const QUERY_TIMEOUT_MS = 1000;

interface PolicyRow {
  name: string;
  schedule: string;
  time_zone: string;
  /** Unix seconds of the newest complete run's end. */
  last_success: string | null;
  last_size: string | null;
  /** Whether the newest complete run was flagged for its size; null without a complete run. */
  last_size_anomaly: boolean | null;
}

/**
 * The backup metrics. Counters and durations count what this process did; the age, size and size
 * anomaly of the newest good backup per policy, and each policy's scheduled interval, are read
 * from the database at scrape time, so they are right whichever process made the backup and survive
 * restarts (the no-recent-backup alert compares the two).
 */
@Injectable()
export class BackupMetrics {
  private readonly runs: Counter<'policy' | 'result'>;
  private readonly verifies: Counter<'level' | 'result'>;
  private readonly duration: Histogram<'policy'>;

  constructor(metrics: MetricsService, em: EntityManager) {
    this.runs = new Counter({
      name: 'whiskey_backup_runs_total',
      help: 'Backup runs finished by this process, by policy name and result (succeeded, failed).',
      labelNames: ['policy', 'result'],
      registers: [metrics.registry],
    });
    this.verifies = new Counter({
      name: 'whiskey_backup_verify_total',
      help: 'Backup verifications finished by this process, by level (quick, full, drill) and result (ok, failed).',
      labelNames: ['level', 'result'],
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'whiskey_backup_duration_seconds',
      help: 'Duration of backup runs in seconds, by policy name.',
      labelNames: ['policy'],
      buckets: [1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 14400],
      registers: [metrics.registry],
    });
    // prom-client collects the gauges at once: they share the one policy query of the scrape.
    const policies = sharedRead(() => policyRows(em));
    const lastSuccess = metrics.gauge({
      name: 'whiskey_backup_last_success_timestamp_seconds',
      help: 'Unix time at which the newest complete backup of each policy finished (absent: none yet).',
      labelNames: ['policy'],
      collect: async () => {
        const rows = await policies();
        lastSuccess.reset();
        for (const row of rows) {
          if (row.last_success !== null) lastSuccess.set({ policy: row.name }, Number(row.last_success));
        }
      },
    });
    const interval = metrics.gauge({
      name: 'whiskey_backup_schedule_interval_seconds',
      help: 'Longest time between two scheduled runs of each policy, disabled ones included: how old its newest backup normally gets. The no-recent-backup alert allows this plus two hours.',
      labelNames: ['policy'],
      collect: async () => {
        const rows = await policies();
        interval.reset();
        for (const row of rows) {
          try {
            interval.set({ policy: row.name }, longestIntervalSeconds(row.schedule, row.time_zone));
          } catch {
            // A schedule stored before its rules tightened: the policy's own runs report it.
          }
        }
      },
    });
    const size = metrics.gauge({
      name: 'whiskey_backup_size_bytes',
      help: 'Encrypted size in bytes of the newest complete backup of each policy.',
      labelNames: ['policy'],
      collect: async () => {
        const rows = await policies();
        size.reset();
        for (const row of rows) {
          if (row.last_size !== null) size.set({ policy: row.name }, Number(row.last_size));
        }
      },
    });
    const sizeAnomaly = metrics.gauge({
      name: 'whiskey_backup_size_anomaly',
      help: "Whether the newest complete backup of each policy is more than 50 % off the median size of the policy's last 7 good runs (1) or not (0).",
      labelNames: ['policy'],
      collect: async () => {
        const rows = await policies();
        sizeAnomaly.reset();
        for (const row of rows) sizeAnomaly.set({ policy: row.name }, row.last_size_anomaly ? 1 : 0);
      },
    });
  }

  runFinished(policy: string, result: 'succeeded' | 'failed', seconds: number): void {
    this.runs.inc({ policy, result });
    this.duration.observe({ policy }, seconds);
  }

  verified(level: VerifyLevel, ok: boolean): void {
    this.verifies.inc({ level, result: ok ? 'ok' : 'failed' });
  }
}

/** Every policy with its newest complete run (one query; a database outage leaves the gauges empty). */
async function policyRows(em: EntityManager): Promise<PolicyRow[]> {
  const query = em
    .fork()
    .getConnection()
    .execute<PolicyRow[]>(
      `select p.name, p.schedule, p.time_zone, extract(epoch from r.finished_at)::text as last_success, r.size_bytes::text as last_size,
              r.size_anomaly as last_size_anomaly
         from backup_policy p
         left join lateral (
           select finished_at, size_bytes, size_anomaly from backup_run
            where policy_id = p.id and status in ('succeeded', 'verified')
            order by finished_at desc limit 1
         ) r on true`,
    );
  return withTimeout(query, QUERY_TIMEOUT_MS, 'backup policy query').catch(() => []);
}
