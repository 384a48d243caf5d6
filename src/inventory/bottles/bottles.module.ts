import { Module } from '@nestjs/common';

/** Bottles of the collection (being built). */
@Module({})
export class BottlesModule {}
