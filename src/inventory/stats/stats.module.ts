import { Module } from '@nestjs/common';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';

/** The collection in numbers, aggregated by the database. */
@Module({
  controllers: [StatsController],
  providers: [StatsService],
})
export class StatsModule {}
