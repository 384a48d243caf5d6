import { jest } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '../../test/setup/databases.js';
import { testEnvironment } from '../../test/setup/test-app.js';
import { loadConfig } from '../config/load-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { createOrmOptions } from '../mikro-orm.config.js';
import { BackupMetrics } from './backup-metrics.js';
import { BackupPolicy } from './backup-policy.entity.js';
import { BackupRun } from './backup-run.entity.js';

describe('BackupMetrics at scrape', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  let metrics: MetricsService;

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await MikroORM.init(
      createOrmOptions(loadConfig(testEnvironment({ DATABASE_URL: database.url })), {
        logger: () => undefined,
      }),
    );
    metrics = new MetricsService();
    new BackupMetrics(metrics, orm.em);

    const em = orm.em.fork();
    const policy = (name: string, schedule = '0 3 * * *', enabled = true) =>
      em.create(BackupPolicy, {
        name,
        schedule,
        enabled,
        timeZone: 'UTC',
        targetIds: [],
        recipients: [],
        retention: { last: 7 },
      });
    const run = (of: BackupPolicy, status: BackupRun['status'], hoursAgo: number, sizeAnomaly: boolean) =>
      em.create(BackupRun, {
        policy: of,
        policyName: of.name,
        trigger: 'schedule',
        status,
        keyPrefix: `backups/${of.name}/${hoursAgo}/`,
        finishedAt: new Date(Date.now() - hoursAgo * 3_600_000),
        sizeBytes: 1000 + hoursAgo,
        sizeAnomaly,
        targets: [],
        verifications: [],
      });
    const nightly = policy('nightly');
    run(nightly, 'verified', 48, false);
    run(nightly, 'succeeded', 24, true);
    // A failed run is not a backup: the newest complete one stays the flagged one.
    run(nightly, 'failed', 1, false);
    const weekly = policy('weekly', '0 3 * * 1');
    run(weekly, 'succeeded', 30, true);
    run(weekly, 'verified', 2, false);
    policy('fresh');
    policy('weekdays', '30 1 * * 1-5');
    policy('paused', '0 3 * * *', false);
    await em.flush();
  });
  afterAll(async () => {
    await orm.close();
    await database.drop();
  });

  it('flags a policy whose newest complete backup has an anomalous size, 0 otherwise', async () => {
    const body = await metrics.registry.metrics();
    expect(body).toContain('whiskey_backup_size_anomaly{policy="nightly"} 1');
    expect(body).toContain('whiskey_backup_size_anomaly{policy="weekly"} 0');
    expect(body).toContain('whiskey_backup_size_anomaly{policy="fresh"} 0');
    expect(body).toContain('whiskey_backup_size_bytes{policy="nightly"} 1024');
    expect(body).not.toContain('whiskey_backup_size_bytes{policy="fresh"}');
  });

  it('tells how old each policy’s newest backup may normally get, from its schedule', async () => {
    const body = await metrics.registry.metrics();
    const day = 24 * 3600;
    expect(body).toContain(`whiskey_backup_schedule_interval_seconds{policy="nightly"} ${day}`);
    expect(body).toContain(`whiskey_backup_schedule_interval_seconds{policy="weekly"} ${7 * day}`);
    // Friday night to Monday night is the longest wait of a weekdays-only schedule.
    expect(body).toContain(`whiskey_backup_schedule_interval_seconds{policy="weekdays"} ${3 * day}`);
    // Disabling a policy does not silence the alert: nothing backs its data up any more.
    expect(body).toContain(`whiskey_backup_schedule_interval_seconds{policy="paused"} ${day}`);
  });

  it('reads the policies with one query per scrape, whatever the number of gauges', async () => {
    const execute = jest.spyOn(orm.em.getConnection(), 'execute');
    try {
      await metrics.registry.metrics();
      expect(execute).toHaveBeenCalledTimes(1);
      await metrics.registry.metrics();
      expect(execute).toHaveBeenCalledTimes(2);
    } finally {
      execute.mockRestore();
    }
  });
});
