import { Module } from '@nestjs/common';
import { ResultsController } from './results.controller.js';
import { ResultsService } from './results.service.js';
import { SharedResultsController } from './shared-results.controller.js';

/**
 * Results of tasting sessions and their public share links.
 * Exports the results service so guests' pages can show results through their link.
 */
@Module({
  controllers: [ResultsController, SharedResultsController],
  providers: [ResultsService],
  exports: [ResultsService],
})
export class ResultsModule {}
