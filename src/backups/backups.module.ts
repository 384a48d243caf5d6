import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { StorageModule } from '../storage/storage.module.js';
import { UsersModule } from '../users/users.module.js';
import { BackupMetrics } from './backup-metrics.js';
import { BackupNotifier } from './backup-notifier.js';
import { BackupOperations, InterruptedRuns } from './backup-operations.service.js';
import { BackupsProcessor } from './backups.processor.js';
import { PgTools } from './database/pg-tools.js';
import { BackupIdentityController } from './identity/backup-identity.controller.js';
import { BackupIdentityService } from './identity/backup-identity.service.js';
import { BackupRunner } from './pipeline/backup-runner.service.js';
import { BackupTargets } from './pipeline/backup-targets.js';
import { BackupPoliciesController } from './policies/backup-policies.controller.js';
import { BackupPoliciesService } from './policies/backup-policies.service.js';
import { BackupSchedule } from './policies/backup-schedule.service.js';
import { BackupRestorer } from './restore/backup-restorer.service.js';
import { WritePause, WritePauseGuard } from './restore/write-pause.js';
import { BackupRunsController } from './runs/backup-runs.controller.js';
import { BackupHealthService } from './runs/backup-health.service.js';
import { BackupRunsService } from './runs/backup-runs.service.js';
import { BackupVerifier } from './verify/backup-verifier.service.js';

/**
 * pg_dump and pg_restore for the application's database: dumps read as the runtime role, restores
 * and drills run as the schema's owner (DATABASE_MIGRATION_URL when set).
 */
const pgToolsProvider = {
  provide: PgTools,
  inject: [AppConfig],
  useFactory: (config: AppConfig) =>
    new PgTools({
      databaseUrl: config.databaseUrl,
      ownerUrl: config.migrationDatabaseUrl,
      binDir: config.backups.pgBinDir,
    }),
};

/**
 * Encrypted, scheduled, verified backups of the database and the photos to the storage providers
 * admins choose, and their restore. The `backups` queue's processor runs only in worker processes;
 * the services are exported for the command line (`npm run backup`).
 */
@Module({})
export class BackupsModule implements OnApplicationBootstrap {
  constructor(private readonly policies: BackupPoliciesService) {}

  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: BackupsModule,
      imports: [StorageModule, UsersModule],
      controllers: [BackupPoliciesController, BackupRunsController, BackupIdentityController],
      providers: [
        pgToolsProvider,
        BackupMetrics,
        BackupNotifier,
        BackupIdentityService,
        BackupTargets,
        BackupRunner,
        BackupVerifier,
        BackupRestorer,
        WritePause,
        { provide: APP_GUARD, useClass: WritePauseGuard },
        BackupSchedule,
        BackupPoliciesService,
        BackupRunsService,
        BackupHealthService,
        BackupOperations,
        ...(options.worker ? [BackupsProcessor, InterruptedRuns] : []),
      ],
      exports: [BackupPoliciesService, BackupRunsService, BackupOperations, BackupIdentityService],
    };
  }

  /** The default policy exists from the first start on. */
  async onApplicationBootstrap(): Promise<void> {
    await this.policies.ensureDefault();
  }
}
