import { Module } from '@nestjs/common';
import { WhiskiesController } from './whiskies.controller.js';
import { WhiskiesService } from './whiskies.service.js';

/** Whiskies of the collection: expressions with their barcodes. */
@Module({
  controllers: [WhiskiesController],
  providers: [WhiskiesService],
  exports: [WhiskiesService],
})
export class WhiskiesModule {}
