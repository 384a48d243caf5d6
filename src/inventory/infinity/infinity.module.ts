import { Module } from '@nestjs/common';

/** Infinity of the collection (being built). */
@Module({})
export class InfinityModule {}
