import { Module } from '@nestjs/common';
import { BottlesModule } from '../bottles/bottles.module.js';
import { InfinityController } from './infinity.controller.js';
import { InfinityService } from './infinity.service.js';

/** Infinity bottles: vessels fed from the collection's bottles through the pour ledger of BottlesModule. */
@Module({
  imports: [BottlesModule],
  controllers: [InfinityController],
  providers: [InfinityService],
})
export class InfinityModule {}
