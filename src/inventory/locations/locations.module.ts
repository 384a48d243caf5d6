import { Module } from '@nestjs/common';

/** Locations of the collection (being built). */
@Module({})
export class LocationsModule {}
