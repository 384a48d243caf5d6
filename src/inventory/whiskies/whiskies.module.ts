import { Module } from '@nestjs/common';

/** Whiskies of the collection (being built). */
@Module({})
export class WhiskiesModule {}
