import { Module } from '@nestjs/common';
import { CoverPhotos } from '../photos/cover-photos.js';
import { PourLedger } from '../pours/pour-ledger.service.js';
import { PoursController } from '../pours/pours.controller.js';
import { PoursService } from '../pours/pours.service.js';
import { BottlesController } from './bottles.controller.js';
import { BottlesService } from './bottles.service.js';

/**
 * Bottles and their pour ledger. Exports the ledger (the only way to change a bottle's volume) and the
 * bottles service for the infinity bottle and tastings.
 */
@Module({
  controllers: [BottlesController, PoursController],
  providers: [BottlesService, PoursService, PourLedger, CoverPhotos],
  exports: [BottlesService, PourLedger],
})
export class BottlesModule {}
