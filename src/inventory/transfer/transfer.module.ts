import { Module } from '@nestjs/common';

/** Transfer of the collection (being built). */
@Module({})
export class TransferModule {}
