import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Global, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { createOrmOptions } from '../mikro-orm.config.js';
import { SchemaStatus } from './schema-status.js';

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
  providers: [SchemaStatus],
  exports: [SchemaStatus],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(private readonly schema: SchemaStatus) {}

  async onModuleInit(): Promise<void> {
    const executed = await this.schema.migrate();
    if (executed.length > 0) this.logger.log(`Applied migrations: ${executed.join(', ')}`);
  }
}
