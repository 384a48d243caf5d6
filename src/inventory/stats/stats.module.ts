import { Module } from '@nestjs/common';

/** Stats of the collection (being built). */
@Module({})
export class StatsModule {}
