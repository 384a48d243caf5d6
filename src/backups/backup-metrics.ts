import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service.js';
import type { VerifyLevel } from './backup-run.entity.js';

interface PolicyRow {
  name: string;
  /** Unix seconds of the newest complete run's end. */
  last_success: string | null;
  last_size: string | null;
}

/**
 * The backup metrics. Counters and durations count what this process did; the age and size of the
 * newest good backup per policy are read from the database at scrape time, so they are right
 * whichever process made the backup and survive restarts (the 26-hour alert relies on them).
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
    // prom-client collects gauges concurrently: each reads the policies itself (one small query).
    const lastSuccess = metrics.gauge({
      name: 'whiskey_backup_last_success_timestamp_seconds',
      help: 'Unix time at which the newest complete backup of each policy finished (absent: none yet).',
      labelNames: ['policy'],
      collect: async () => {
        const rows = await policyRows(em);
        lastSuccess.reset();
        for (const row of rows) {
          if (row.last_success !== null) lastSuccess.set({ policy: row.name }, Number(row.last_success));
        }
      },
    });
    const size = metrics.gauge({
      name: 'whiskey_backup_size_bytes',
      help: 'Encrypted size in bytes of the newest complete backup of each policy.',
      labelNames: ['policy'],
      collect: async () => {
        const rows = await policyRows(em);
        size.reset();
        for (const row of rows) {
          if (row.last_size !== null) size.set({ policy: row.name }, Number(row.last_size));
        }
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
  return em
    .fork()
    .getConnection()
    .execute<PolicyRow[]>(
      `select p.name, extract(epoch from r.finished_at)::text as last_success, r.size_bytes::text as last_size
         from backup_policy p
         left join lateral (
           select finished_at, size_bytes from backup_run
            where policy_id = p.id and status in ('succeeded', 'verified')
            order by finished_at desc limit 1
         ) r on true`,
    )
    .catch(() => []);
}
