import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { BackupsModule } from './backups/backups.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ConsoleModule } from './console/console.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { PhotosModule } from './inventory/photos/photos.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { SystemJobsModule } from './jobs/system/system-jobs.module.js';
import { MailModule } from './mail/mail.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RedisModule } from './redis/redis.module.js';
import { BlindPoursModule } from './sessions/blind-pours.module.js';
import { NotesModule } from './sessions/notes/notes.module.js';
import { ResultsModule } from './sessions/results/results.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { SettingsModule } from './settings/settings.module.js';
import { StorageModule } from './storage/storage.module.js';
import { UsersModule } from './users/users.module.js';

/** Extra modules to import, e.g. probes that tests mount to exercise cross-cutting contracts. */
export type ModuleImports = NonNullable<ModuleMetadata['imports']>;

/** The application: infrastructure and feature modules, with queue processors only where the role runs them. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, extra: ModuleImports = []): DynamicModule {
    const worker = config.runsWorker;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        RedisModule,
        JobsModule,
        HealthModule,
        SettingsModule,
        MailModule,
        AuditModule,
        StorageModule,
        UsersModule,
        InventoryModule,
        PhotosModule.register({ worker }),
        BackupsModule.register({ worker }),
        SessionsModule,
        BlindPoursModule,
        NotesModule,
        ResultsModule,
        ConsoleModule,
        SystemJobsModule.register({ worker }),
        ...extra,
      ],
    };
  }
}
