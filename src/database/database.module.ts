import { MikroORM } from '@mikro-orm/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Global, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { createOrmOptions } from '../mikro-orm.config.js';
import { migrateUnderLock } from './migrations.js';

/** Connects MikroORM and brings the schema up to date before the application starts serving. */
@Global()
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      inject: [AppConfig],
      driver: PostgreSqlDriver,
      useFactory: (config: AppConfig) => ({ ...createOrmOptions(config), registerRequestContext: true }),
    }),
  ],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(
    @Inject(MikroORM) private readonly orm: MikroORM,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const executed = await migrateUnderLock(this.orm, this.config.databaseUrl);
    if (executed.length > 0) this.logger.log(`Applied migrations: ${executed.join(', ')}`);
  }
}
